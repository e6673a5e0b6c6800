"""`/api/v1/mission-needs/`: the host institutions' needs, their transitions, history,
attachments and ranked candidates."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.roles import Role, has_role
from audit.models import HistoryEntry, Source
from documents.api_attachments import AttachmentActions
from missions import access, matching, services
from missions.api.need_serializers import (
    MissionCandidateSerializer,
    MissionNeedSerializer,
    NeedFilters,
)
from missions.api.serializers import (
    MissionNeedAttachmentUpload,
    MissionNeedTransitionOptionSerializer,
    MissionNeedTransitionRequest,
    with_contacts,
)
from missions.models import HostInstitution, MissionNeed
from missions.selectors import needs as selectors
from missions.transitions import NEED_TRANSITIONS
from processes.api.conventions import NextPagination
from processes.api.requests import deny_unless
from processes.api.schema import error_responses
from processes.api.viewsets import EditableViewSet, HistoryAction, TransitionActions
from processes.transitions import ConditionsUnmet

# How many candidates a need's ranking shows.
CANDIDATES_SHOWN = 50


class MatchingFirstPagination(NextPagination):
    """An expert's list: the needs asking for more of its domains first (then by start
    date); anyone else's newest first."""

    def get_ordering(self, request: Any, queryset: QuerySet[Any], view: Any) -> tuple[str, ...]:
        if "matching_domains" in queryset.query.annotations:
            return ("-matching_domains", "starts_on", "id")
        return tuple(super().get_ordering(request, queryset, view))


def _only_expert(user: Any) -> bool:
    """A user who sees the needs as an expert only (no wider view of them)."""
    return (
        access.expert_of(user) is not None
        and not access.reads_everything(user)
        and not access.host_ids(user)
        and not has_role(user, Role.EMBASSY_FOCAL_POINT)
    )


@extend_schema_view(
    list=extend_schema(
        summary="Mission needs the caller may see",
        description=(
            "A host's users see their institution's needs, the programme officers and "
            "auditors every need, a focal point the needs of its experts' missions (newest "
            "first); a verified expert the published needs, those asking for more of its "
            "competence domains first, then by start date."
        ),
        parameters=[NeedFilters],
        responses={200: MissionNeedSerializer(many=True), **error_responses(400, 401)},
    ),
    retrieve=extend_schema(responses={200: MissionNeedSerializer, **error_responses(401, 404)}),
    create=extend_schema(
        summary="Draft a need for the caller's host institution",
        description=(
            "Only a user of a verified host institution; one who acts for several names `host`."
        ),
        responses={201: MissionNeedSerializer, **error_responses(400, 401, 403)},
    ),
    partial_update=extend_schema(
        summary="Edit a draft need (its host)",
        responses={200: MissionNeedSerializer, **error_responses(400, 401, 403, 404, 409)},
    ),
)
class MissionNeedViewSet(AttachmentActions, TransitionActions, HistoryAction, EditableViewSet):
    serializer_class = MissionNeedSerializer
    queryset = MissionNeed.objects.none()  # the model, for the schema; rows come from access
    pagination_class = MatchingFirstPagination
    list_filters = NeedFilters
    filter_fields = ("status", "kind")

    transition_table = NEED_TRANSITIONS
    transition_request = MissionNeedTransitionRequest
    transition_option_serializer = MissionNeedTransitionOptionSerializer
    transition_answer_serializer = MissionNeedSerializer
    transitions_summary = "Transitions the caller may fire now, with the inputs each reads"
    fire_operation_id = "mission_needs_transitions_fire"
    fire_description = (
        "Moves the need along its lifecycle: `submit` (draft → submitted, its host), "
        "`send_back` (submitted → draft, with a `comment`), `publish` (submitted → "
        "published), `close` (published or staffed → closed), `cancel` (any open state → "
        "cancelled, with a `comment`: the host before any mission is approved, the "
        "officer always). `staff` and `reopen` follow from the missions' approvals and "
        "withdrawals and are not offered. Who may fire each is in the project's "
        "documentation (docs/missions.md). 400 names every unmet condition (`reasons`, "
        "and `errors` per body field); 403 when the caller sees the need but may not "
        "fire it; 409 when the need is not in a state that allows it, or changed since "
        "`expected_state`."
    )
    history_summary = (
        "Every change on the need, oldest first; the refused attempts too for the "
        "programme officers, the auditors and the need's host"
    )

    attachment_upload = MissionNeedAttachmentUpload
    attachments_operation_prefix = "mission_needs"
    attachments_description = (
        "The host attaches the syllabus, the equipment list and other pieces while the "
        "need is a draft, submitted or published; a programme officer at any time."
    )

    def rows(self) -> QuerySet[MissionNeed]:
        user = self.request.user
        needs = access.needs_visible_to(user)
        if self.action == "list":
            expert = access.expert_of(user)
            if expert is not None and _only_expert(user):
                needs = matching.needs_for_expert(expert, needs)
        return needs.select_related("host", "region", "prefecture").prefetch_related("domains")

    def history_rows(self, obj: MissionNeed) -> QuerySet[HistoryEntry]:
        return selectors.need_history_entries(self.request.user, obj)

    def _shown(self, need: MissionNeed, code: int = status.HTTP_200_OK) -> Response:
        """The need as the caller's own write left it (read back unscoped)."""
        fresh = (
            MissionNeed.objects.select_related("host", "region", "prefecture")
            .prefetch_related("domains")
            .get(pk=need.pk)
        )
        return Response(self.get_serializer(fresh).data, status=code)

    def _host_for(self, given: HostInstitution | None) -> HostInstitution:
        """The institution a new need is for: the one named, or the caller's only one."""
        if given is not None:
            return given
        hosts = access.host_ids(self.request.user)
        if len(hosts) > 1:
            message = gettext("Vous agissez pour plusieurs établissements : précisez lequel.")
            raise ConditionsUnmet([message], fields={"host": [message]})
        return HostInstitution.objects.get(pk=next(iter(hosts)))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Refuse by role before pointing out mistakes in a form the caller may not send.
        deny_unless(access.can_create_need(request.user))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        host = self._host_for(fields.pop("host", None))
        domains = fields.pop("domains")
        need = services.need_create(
            host=host, fields=fields, domains=domains, by=request.user, source=Source.API
        )
        return self._shown(need, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        need = self.get_object()
        if not access.can_edit_need(request.user, need):
            # The service refuses and records the attempt; the body is not worth checking.
            services.need_update(
                need=need, fields={}, domains=None, by=request.user, source=Source.API
            )
        fields = self.edited_fields(need)
        fields.pop("host", None)
        domains = fields.pop("domains", None)
        updated = services.need_update(
            need=need, fields=fields, domains=domains, by=request.user, source=Source.API
        )
        return self._shown(updated)

    @extend_schema(
        summary="The need's candidates, best first",
        description=(
            "The experts who consented to be listed and hold one of the need's competence "
            "domains, ranked by the domains they hold, an availability covering the dates, "
            "the languages they share, their certified missions and ratings, and their "
            "country (travel cost); each with its reasons. For the programme officers and "
            "the need's host; contact details as `sees_contact` allows. An empty list "
            "unless the need is published."
        ),
        responses={200: MissionCandidateSerializer(many=True), **error_responses(401, 403, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def candidates(self, request: Request, pk: str | None = None) -> Response:
        need = self.get_object()
        deny_unless(access.can_see_candidates(request.user, need))
        ranked = selectors.ranked_candidates(need, limit=CANDIDATES_SHOWN)
        experts = [candidate.expert for candidate in ranked]
        context = with_contacts(self.get_serializer_context(), request.user, experts)
        return Response(MissionCandidateSerializer(ranked, many=True, context=context).data)
