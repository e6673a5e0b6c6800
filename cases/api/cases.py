"""Returnee cases API: cases, assessment, plan, referrals, follow-ups, survey,
transfer, transitions, history and documents (README.md, « The API »; the
case lifecycle: docs/cases.md, « Lifecycle »).

Serializers check the shape of a request, `cases.access` decides who sees and
does what, `cases.services` does every write (and records every refused
attempt). A case the caller may not see answers 404 before anything else is
looked at; one it sees but may not act on answers 403. The sensitive parts
(vulnerabilities, health notes, psychosocial answers and notes) are left out
of an answer, not blanked, for anyone `access.sees_sensitive` turns down.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from audit.models import HistoryEntry, Source
from cases import access, selectors, services
from cases.api.documents import CaseDocumentActions
from cases.api.personal_data import CasePersonalDataActions
from cases.api.serializers import (
    CaseDetailSerializer,
    CaseFilters,
    CaseHistoryRowSerializer,
    CaseSerializer,
    CaseTransitionOptionSerializer,
    CaseTransitionRequest,
)
from cases.api.work import CaseWorkActions
from cases.models import (
    Case,
)
from cases.transitions import CASE_TRANSITIONS
from processes.api.requests import deny_unless
from processes.api.schema import (
    error_responses,
)
from processes.api.viewsets import EditableViewSet, HistoryAction, TransitionActions


@extend_schema_view(
    list=extend_schema(
        summary="Cases the caller may see, newest first",
        description=(
            "A caseworker sees the cases assigned to it, a supervisor every case; "
            "anyone else gets an empty list."
        ),
        parameters=[CaseFilters],
        responses={200: CaseSerializer(many=True), **error_responses(400, 401)},
    ),
    retrieve=extend_schema(
        summary="One case, with its assessment, plan, referrals and follow-ups",
        description="Each reading is recorded (who, when).",
        responses={200: CaseDetailSerializer, **error_responses(401, 404)},
    ),
    create=extend_schema(
        summary="Register a returnee (intake)",
        request=CaseSerializer,
        responses={201: CaseDetailSerializer, **error_responses(400, 401, 403)},
    ),
    partial_update=extend_schema(
        summary="Correct the intake (the case's caseworker)",
        description=(
            "Consent, once given, keeps who recorded it and when, and is not withdrawn here."
        ),
        request=CaseSerializer,
        responses={200: CaseDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    ),
)
class CaseViewSet(
    TransitionActions,
    HistoryAction,
    CaseWorkActions,
    CaseDocumentActions,
    CasePersonalDataActions,
    EditableViewSet,
):
    serializer_class = CaseSerializer
    queryset = Case.objects.none()  # the model, for the schema; rows come from access
    # The work on a case also replaces its assessment and removes plan items.
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    list_filters = CaseFilters

    transition_table = CASE_TRANSITIONS
    transition_request = CaseTransitionRequest
    transition_option_serializer = CaseTransitionOptionSerializer
    transition_answer_serializer = CaseDetailSerializer
    transitions_summary = "Transitions the caller may fire now, with the inputs each reads"
    fire_operation_id = "cases_transitions_fire"
    fire_description = (
        "Moves the case along its lifecycle: `start_assessment` (registered → "
        "assessment), `submit_plan` (assessment → plan_submitted), `return_plan` "
        "(plan_submitted → assessment), `approve_plan` (plan_submitted → in_support), "
        "`start_follow_up` (in_support → follow_up), `request_closure` (in_support or "
        "follow_up → closure_requested), `approve_closure` (closure_requested → "
        "closed), `refuse_closure` (closure_requested → back to where the closure was "
        "requested from), `reopen` (closed → assessment). The assigned caseworker fires "
        "`start_assessment`, `submit_plan`, `start_follow_up` and `request_closure`; a "
        "cell supervisor the others (the lifecycle in the project's documentation: "
        "docs/cases.md). 400 names every unmet condition "
        "(`reasons`, and `errors` per body field: consent for `start_assessment`, a "
        "complete assessment and a plan item for `submit_plan`, no referral still sent "
        "or accepted for `start_follow_up`, a known `reason` for `request_closure`, a "
        "`comment` for `return_plan`, `refuse_closure` and `reopen`); 403 when the "
        "caller sees the case but may not fire it; 409 when the case is not in a state "
        "that allows it, or changed since `expected_state`."
    )
    history_serializer = CaseHistoryRowSerializer
    history_summary = "Every change and refused attempt on the case and its referrals, oldest first"

    def rows(self) -> QuerySet[Case]:
        user = self.request.user
        if self.action == "list":
            return selectors.case_rows(user).select_related("consent_recorded_by")
        if self.action in ("retrieve", "fire"):
            return selectors.with_detail(access.cases_visible_to(user))
        return access.cases_visible_to(user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "list":
            return CaseSerializer
        return CaseDetailSerializer

    def filter_rows(self, queryset: QuerySet[Case], wanted: Mapping[str, Any]) -> QuerySet[Case]:
        return selectors.filter_cases(queryset, wanted)

    def history_rows(self, obj: Case) -> Iterable[HistoryEntry]:
        return selectors.history_entries(obj)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        services.record_read(case=case, user=request.user, source=Source.API)
        return Response(self.get_serializer(case).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Refuse by role before pointing out mistakes in a form the caller may not send.
        deny_unless(access.can_register(request.user))
        serializer = CaseSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        fields.pop("expected_state", None)
        caseworker = fields.pop("caseworker", None) or None
        case = services.case_create(
            by=request.user, source=Source.API, caseworker=caseworker, **fields
        )
        return self._shown(case, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        self._refuse_unless_working(case, "update")
        fields = self.edited_fields(case, CaseSerializer)
        updated = services.case_update(case=case, by=request.user, source=Source.API, **fields)
        return self._shown(updated)
