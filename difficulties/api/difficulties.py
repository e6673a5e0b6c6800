"""`/api/v1/difficulties/`: the register as the staff read it (scoped like the pages),
a report recorded on someone's behalf, its transitions, history and attachments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from audit.models import Source
from difficulties import access, services
from difficulties.api.serializers import (
    DifficultyAttachmentUpload,
    DifficultyFilters,
    DifficultyRecordRequest,
    DifficultySerializer,
    DifficultyTransitionOptionSerializer,
    DifficultyTransitionRequest,
)
from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty, DifficultyAnswer
from difficulties.transitions import DIFFICULTY_TRANSITIONS
from documents.api_attachments import AttachmentActions
from processes.api.requests import deny_unless
from processes.api.schema import error_responses
from processes.api.viewsets import EditableViewSet, HistoryAction, TransitionActions


def overdue_referrals() -> Q:
    """Referred and past the due date (`Difficulty.overdue`, in a query)."""
    return Q(status=DifficultyStatus.REFERRED, due_date__lt=timezone.localdate())


@extend_schema_view(
    list=extend_schema(
        summary="Reports the caller may see, newest first",
        description=(
            "A focal point sees the reports of its embassies' jurisdiction, the programme "
            "officers and auditors every report: the registered ones, and the phone-only "
            "reports waiting for the embassy's call (`unconfirmed`). `email` and `phone` "
            "are left out for those who do not handle the report (the auditors)."
        ),
        parameters=[DifficultyFilters],
        responses={200: DifficultySerializer(many=True), **error_responses(400, 401)},
    ),
    retrieve=extend_schema(
        summary="One report, its answers and the reporter's word",
        responses={200: DifficultySerializer, **error_responses(401, 404)},
    ),
    create=extend_schema(
        summary="Record a report on someone's behalf (a focal point, an officer)",
        description=(
            "At the embassy or by phone: registered at once (`reported`). A focal point "
            "records the reports of its own jurisdiction's countries; 400 names what is "
            "missing (a contact, the consent) and what is not right."
        ),
        request=DifficultyRecordRequest,
        responses={201: DifficultySerializer, **error_responses(400, 401, 403)},
    ),
)
class DifficultyViewSet(AttachmentActions, TransitionActions, HistoryAction, EditableViewSet):
    # Listed, read and created: a report is never edited (no PATCH), only moved along.
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = DifficultySerializer
    queryset = Difficulty.objects.none()  # the model, for the schema; rows come from access
    list_filters = DifficultyFilters
    filter_fields = ("category", "country", "status")
    filter_lookups = {"embassy": "embassy__code"}

    transition_table = DIFFICULTY_TRANSITIONS
    transition_request = DifficultyTransitionRequest
    transition_option_serializer = DifficultyTransitionOptionSerializer
    transition_answer_serializer = DifficultySerializer
    transitions_summary = "Transitions the caller may fire now, with the inputs each reads"
    fire_operation_id = "difficulties_transitions_fire"
    fire_description = (
        "Moves the report along (docs/difficulties.md): `confirm` (a phone-only report "
        "after calling its reporter), `qualify` (reported → qualified: `category`, "
        "`administration`, `urgency`), `refer` (qualified or unresolved → referred: "
        "`administration`, `due_date` after today and within a year), `answer` "
        "(qualified or referred → answered: `answer`, mailed to the reporter), `close` "
        "(answered, resolved or unresolved → closed), `merge` (reported, qualified or "
        "referred → duplicate: `into`, the tracking code of an open report the caller "
        "handles), `reject` (out of scope: `reason`). Only the focal point of the "
        "report's embassy and the officers fire them; `resolve` and `unresolve` follow "
        "the reporter's feedback and are not offered. 400 names every unmet condition "
        "(`reasons`, and `errors` per body field); 403 when the caller sees the report "
        "but does not handle it; 409 when the report is not in a state that allows it, "
        "or changed since `expected_state`."
    )
    history_summary = "Every change and refused attempt on the report, oldest first"

    attachment_upload = DifficultyAttachmentUpload
    attachments_operation_prefix = "difficulties"
    attachments_description = (
        "Those who handle the report attach evidence while it is open; the pieces sent "
        "with the public form are listed too."
    )

    def rows(self) -> QuerySet[Difficulty]:
        reports = access.in_register(access.difficulties_visible_to(self.request.user))
        reports = reports.select_related(
            "embassy", "administration", "referred_to", "recorded_by", "merged_into"
        )
        if self.action in ("list", "retrieve", "fire", "create"):
            answers = DifficultyAnswer.objects.select_related("administration", "by")
            return reports.prefetch_related(Prefetch("answers", queryset=answers))
        return reports

    def filter_rows(self, queryset: QuerySet[Any], wanted: Mapping[str, Any]) -> QuerySet[Any]:
        queryset = super().filter_rows(queryset, wanted)
        if wanted.get("overdue") is True:
            return queryset.filter(overdue_referrals())
        if wanted.get("overdue") is False:
            return queryset.exclude(overdue_referrals())
        return queryset

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Refuse by role before pointing out mistakes in a body the caller may not send.
        deny_unless(access.can_record(request.user))
        body = DifficultyRecordRequest(data=request.data)
        body.is_valid(raise_exception=True)
        difficulty = services.difficulty_record(
            fields=dict(body.validated_data), by=request.user, source=Source.API
        )
        shown = self.rows().get(pk=difficulty.pk)
        return Response(self.get_serializer(shown).data, status=status.HTTP_201_CREATED)
