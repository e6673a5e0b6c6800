"""What the needs' and the missions' endpoints share: an expert as the caller may read
it, the transitions' bodies and options, and the uploads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rest_framework import serializers

from documents.models import AttachmentKind, attachment_kind_choices
from missions import access
from missions.transitions import MISSION_TRANSITIONS, NEED_TRANSITIONS
from processes.api.transitions import (
    TransitionOptionWithInputsSerializer,
    transition_request_serializer,
)
from registry.models import Expert


def with_contacts(
    context: Mapping[str, Any], user: Any, experts: Iterable[Expert]
) -> dict[str, Any]:
    """`context` naming, among `experts`, those whose contact details `user` reads (read
    once for a whole answer)."""
    return {**context, "contacts": access.contacts_seen(user, experts)}


def sees_contact(serializer: serializers.BaseSerializer, expert: Expert) -> bool:
    """From the answer's context (`with_contacts`), else asked for this one expert; without
    a request to say who asks, no contact goes out."""
    contacts = serializer.context.get("contacts")
    if contacts is not None:
        return expert.pk in contacts
    user = getattr(serializer.context.get("request"), "user", None)
    return user is not None and access.sees_contact(user, expert)


CONTACT_NOTE = (
    "Only for the officers, the focal point of the expert's embassy, the expert, and a "
    "host's users once the expert applied to one of their needs; left out otherwise."
)


class MissionExpertSerializer(serializers.Serializer):
    """An expert on a mission or among a need's candidates."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="full_name", read_only=True)
    profession = serializers.CharField(read_only=True)
    country = serializers.CharField(read_only=True, help_text="ISO 3166-1 alpha-2.")
    # Not read-only: a key the answer may leave out is not a required one in the schema.
    email = serializers.CharField(required=False, help_text=CONTACT_NOTE)
    phone = serializers.CharField(required=False, help_text=CONTACT_NOTE)

    def to_representation(self, expert: Expert) -> dict[str, Any]:
        shown = {
            "id": expert.pk,
            "name": expert.full_name,
            "profession": expert.profession,
            "country": str(expert.country),
        }
        if sees_contact(self, expert):
            shown.update(email=expert.email, phone=expert.phone)
        return shown


# The schema's names for a transition option of a need or of a mission.
class MissionNeedTransitionOptionSerializer(TransitionOptionWithInputsSerializer):
    pass


class MissionTransitionOptionSerializer(TransitionOptionWithInputsSerializer):
    pass


MissionNeedTransitionRequest = transition_request_serializer(NEED_TRANSITIONS)
MissionTransitionRequest = transition_request_serializer(MISSION_TRANSITIONS)


class MissionNeedAttachmentUpload(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG or PNG (the type is read from the content).")
    kind = serializers.ChoiceField(
        choices=attachment_kind_choices(access.NEED_ATTACHMENT_KINDS),
        default=AttachmentKind.OTHER,
        help_text="`syllabus`, `equipment_list` or `other`.",
    )


class MissionAttachmentUpload(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG or PNG (the type is read from the content).")
    kind = serializers.ChoiceField(
        choices=attachment_kind_choices(access.MISSION_ATTACHMENT_KINDS),
        default=AttachmentKind.OTHER,
    )
