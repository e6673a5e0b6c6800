"""`/api/v1/missions/`: the candidacies and missions, their transitions, history,
documents and attachments."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from audit.models import Source
from documents.api import OWNER_DOCUMENTS, owner_documents
from documents.api_attachments import AttachmentActions
from missions import access, services
from missions.api.mission_serializers import (
    MissionCreateRequest,
    MissionFilters,
    MissionSerializer,
)
from missions.api.serializers import (
    MissionAttachmentUpload,
    MissionTransitionOptionSerializer,
    MissionTransitionRequest,
    with_contacts,
)
from missions.documents import documents_of_mission
from missions.models import Mission
from missions.transitions import MISSION_TRANSITIONS
from processes.api.requests import deny_unless
from processes.api.schema import error_responses
from processes.api.viewsets import HistoryAction, ScopedViewSet, TransitionActions
from processes.transitions import ConditionsUnmet, Decision


def may_create(user: Any) -> Decision:
    """An expert applies, an officer invites: anyone else is told so."""
    if access.is_officer(user) or access.expert_of(user) is not None:
        return Decision.allow()
    return Decision.deny(
        gettext(
            "Seul un expert dont le compte est vérifié candidate, et seul un chargé de "
            "programme invite un expert."
        )
    )


@extend_schema_view(
    list=extend_schema(
        summary="Missions the caller may see, newest first",
        description=(
            "An expert sees its own missions, a host's users those on their institution's "
            "needs, a focal point those of its jurisdiction's experts, the programme "
            "officers and auditors every mission."
        ),
        parameters=[MissionFilters],
        responses={200: MissionSerializer(many=True), **error_responses(400, 401)},
    ),
    retrieve=extend_schema(responses={200: MissionSerializer, **error_responses(401, 404)}),
    create=extend_schema(
        summary="Apply to a need (an expert), or invite an expert to it (an officer)",
        description=(
            '`{"need"}` by a verified expert applies; `{"need", "expert"}` by a '
            "programme officer invites that expert. The need must be published, the expert "
            "must have consented to be listed and hold one of the need's competence "
            "domains, and have no candidacy on it yet: 400 names what is missing."
        ),
        request=MissionCreateRequest,
        responses={201: MissionSerializer, **error_responses(400, 401, 403)},
    ),
)
class MissionViewSet(
    AttachmentActions,
    TransitionActions,
    HistoryAction,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedViewSet,
):
    serializer_class = MissionSerializer
    queryset = Mission.objects.none()  # the model, for the schema; rows come from access
    list_filters = MissionFilters
    filter_fields = ("status", "need")

    transition_table = MISSION_TRANSITIONS
    transition_request = MissionTransitionRequest
    transition_option_serializer = MissionTransitionOptionSerializer
    transition_answer_serializer = MissionSerializer
    transitions_summary = "Transitions the caller may fire now, with the inputs each reads"
    fire_operation_id = "missions_transitions_fire"
    fire_description = (
        "Moves the mission along its lifecycle: `accept` (invited → applied, the invited "
        "expert), `shortlist` (applied → shortlisted, the host or the officer), `select` "
        "(applied or shortlisted → selected, the host), `approve` (selected → approved, "
        "the officer: issues the mission order), `start` (approved → in_progress, the host "
        "or the officer), `report` (in_progress or reported → reported, the expert and the "
        "host, once each, with `report`, `students`, `patients`, `difficulties` and "
        "`rating`), `certify` (reported → certified, the officer, once both reports are "
        "in: issues the attestation), `decline` (an invitation by its expert, an "
        "application by the host or the officer), `withdraw` (applied to approved, the "
        "expert), `cancel` (any open state, the officer, with a `comment`). 400 names "
        "every unmet condition (`reasons`, and `errors` per body field): approval is "
        "refused while the need's places are taken, while the expert holds another "
        "approved mission on overlapping dates, and, for a medical mission, until an "
        "officer checked the expert's professional licence; 403 when the caller sees the "
        "mission but may not fire it; 409 when the mission is not in a state that allows "
        "it, or changed since `expected_state`."
    )
    history_summary = "Every change and refused attempt on the mission, oldest first"

    attachment_upload = MissionAttachmentUpload
    attachments_operation_prefix = "missions"
    attachments_description = "The expert and the host attach pieces (lists, photos, others)."

    def rows(self) -> QuerySet[Mission]:
        missions = access.missions_visible_to(self.request.user).select_related("need", "expert")
        if self.action in ("list", "retrieve", "fire", "create"):
            return missions.prefetch_related("reports__filed_by")
        return missions

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        # The experts' contact details of a whole answer are read at once.
        if args and "context" not in kwargs:
            shown = args[0] if isinstance(args[0], list | QuerySet) else [args[0]]
            experts = [mission.expert for mission in shown]
            context = self.get_serializer_context()
            kwargs["context"] = with_contacts(context, self.request.user, experts)
        return super().get_serializer(*args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request.user
        # Refuse by role before pointing out mistakes in a body the caller may not send.
        deny_unless(may_create(user))
        body = MissionCreateRequest(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        need = body.validated_data["need"]
        expert = body.validated_data.get("expert")
        motivation = body.validated_data["motivation"]
        if expert is not None or access.is_officer(user):
            deny_unless(access.can_invite(user, need))
            if expert is None:
                message = gettext("Indiquez l'expert à inviter.")
                raise ConditionsUnmet([message], fields={"expert": [message]})
            mission = services.mission_invite(
                need=need, expert=expert, by=user, source=Source.API, comment=motivation
            )
        else:
            mission = services.mission_apply(
                need=need, by=user, source=Source.API, motivation=motivation
            )
        shown = self.rows().get(pk=mission.pk)
        return Response(self.get_serializer(shown).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The mission's documents",
        description=(
            "First the documents the platform generated (the mission order once approved, "
            "the attestation once certified: kinds `mission_order` and "
            "`mission_certificate`, every version, newest first; `download` streams the "
            "PDF/A-3b; `category` `generated`), then the pieces attached to the mission "
            "(`category` `attachment`)."
        ),
        responses={200: OWNER_DOCUMENTS, **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def documents(self, request: Request, pk: str | None = None) -> Response:
        mission = self.get_object()
        return Response(owner_documents(mission, request, documents_of_mission(mission)))
