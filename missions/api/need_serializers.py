"""A mission need as the API shows and takes it, its list's filters and its candidates."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from missions import access
from missions.api.serializers import MissionExpertSerializer
from missions.choices import HostProvision, MinistryCover, MissionKind, NeedStatus
from missions.models import HostInstitution, MissionNeed
from missions.services.needs import NEED_FIELDS
from processes.api.fields import (
    ChoiceLabelField,
    ServiceWrittenSerializer,
    StateField,
    code_of,
    edit_expected_state,
)
from registry.api.geography import region_code
from registry.models import CompetenceDomain, Prefecture, SpokenLanguage


def code_list(choices: type[Any], what: str) -> serializers.ListField:
    """A list of codes among `choices`, each at most once (the order kept)."""
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices.choices),
        required=False,
        max_length=len(choices.choices),
        help_text=what + ": " + ", ".join(f"`{code}`" for code in choices.values) + ".",
    )


@extend_schema_field(
    {
        "type": "string",
        "enum": list(MissionKind.values),
        "description": "`teaching`, `medical` or `technical`.",
    }
)
class MissionKindField(serializers.ChoiceField):
    """The kind of mission, documented inline: `kind` names other choices elsewhere."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=MissionKind.choices, **kwargs)


class MissionNeedSerializer(ServiceWrittenSerializer):
    """What a host institution asks for. `status` changes only by transitions; `host`
    is fixed at creation."""

    host = serializers.PrimaryKeyRelatedField(
        queryset=HostInstitution.objects.all(),
        required=False,
        error_messages={"does_not_exist": _("Établissement d'accueil inconnu : « {pk_value} ».")},
        help_text="Id of the host institution; needed only by a user who acts for several.",
    )
    host_name = serializers.CharField(source="host.name", read_only=True)
    status = StateField(choices=NeedStatus.choices, read_only=True)
    status_label = ChoiceLabelField(NeedStatus, source="status")
    kind = MissionKindField()
    domains = code_of(
        CompetenceDomain,
        _("Domaine de compétence inconnu : « {value} »."),
        many=True,
        allow_empty=False,
        help_text="Competence domain codes (at least one).",
    )
    region = region_code()
    prefecture = code_of(
        Prefecture, _("Préfecture inconnue : « {value} »."), help_text="Prefecture code."
    )
    languages = code_list(SpokenLanguage, "Working languages")
    host_provides = code_list(HostProvision, "What the host provides")
    ministry_covers = code_list(MinistryCover, "What the ministry covers")
    expected_state = edit_expected_state(NeedStatus.choices)

    class Meta:
        model = MissionNeed
        fields = [
            "id",
            "status",
            "status_label",
            "host",
            "host_name",
            *NEED_FIELDS,
            "domains",
            "created_at",
            "published_at",
            "expected_state",
        ]
        read_only_fields = ["created_at", "published_at"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None:
            # An institution the caller does not act for is "unknown".
            fields["host"].queryset = HostInstitution.objects.filter(  # type: ignore[attr-defined]
                pk__in=access.host_ids(user)
            )
        return fields

    def validate_languages(self, codes: list[str]) -> list[str]:
        return list(dict.fromkeys(codes))

    def validate_host_provides(self, codes: list[str]) -> list[str]:
        return list(dict.fromkeys(codes))

    def validate_ministry_covers(self, codes: list[str]) -> list[str]:
        return list(dict.fromkeys(codes))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        need: MissionNeed | None = self.instance
        host = attrs.get("host")
        if need is not None and host is not None and host.pk != need.host_id:
            raise serializers.ValidationError(
                {"host": gettext("Ne se change pas après la création de la demande.")}
            )
        attrs.pop("expected_state", None)
        return attrs


class NeedFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=NeedStatus.choices, required=False)
    kind = MissionKindField(required=False)


class MissionCandidateReasonsSerializer(serializers.Serializer):
    domains = serializers.ListField(
        child=serializers.CharField(), help_text="The need's domain codes the expert holds."
    )
    available = serializers.BooleanField(
        help_text="One of the expert's availability windows covers the need's dates."
    )
    languages = serializers.ListField(
        child=serializers.CharField(), help_text="The working languages they share."
    )
    certified_missions = serializers.IntegerField()
    mean_rating = serializers.FloatField(
        allow_null=True, help_text="The hosts' mean rating of those missions."
    )
    country = serializers.CharField(help_text="Country of residence (ISO 3166-1 alpha-2).")


class MissionCandidateSerializer(serializers.Serializer):
    expert = MissionExpertSerializer(read_only=True)
    score = serializers.IntegerField(read_only=True, help_text="Higher ranks first.")
    reasons = MissionCandidateReasonsSerializer(read_only=True)

    def to_representation(self, candidate: Any) -> dict[str, Any]:
        return {
            "expert": MissionExpertSerializer(candidate.expert, context=self.context).data,
            "score": int(candidate.score),
            "reasons": dict(candidate.reasons),
        }
