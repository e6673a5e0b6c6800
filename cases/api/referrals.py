"""Referrals and the survey's indicators through the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from cases import access, selectors
from cases.api.serializers import ReferralSerializer, SurveyIndicatorSerializer
from cases.models import (
    Dimension,
    Referral,
    ReferralStatus,
    SurveyIndicator,
)
from cases.transitions import REFERRAL_TRANSITIONS
from processes.api.fields import id_filter
from processes.api.requests import deny_unless
from processes.api.schema import error_responses
from processes.api.transitions import transition_request_serializer
from processes.api.viewsets import ScopedViewSet, TransitionActions

# --- Referrals ------------------------------------------------------------------


class ReferralFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReferralStatus.choices, required=False)
    overdue = serializers.BooleanField(
        required=False, help_text="`true`: only referrals still waiting after their due date."
    )
    case = id_filter("Case id.")


ReferralTransitionRequest = transition_request_serializer(
    REFERRAL_TRANSITIONS, status_of="referral"
)


@extend_schema_view(
    list=extend_schema(
        summary="Referrals of the cases the caller may see, by due date",
        parameters=[ReferralFilters],
        responses={200: ReferralSerializer(many=True), **error_responses(400, 401)},
    ),
    retrieve=extend_schema(responses={200: ReferralSerializer, **error_responses(401, 404)}),
)
class ReferralViewSet(
    TransitionActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    serializer_class = ReferralSerializer
    queryset = Referral.objects.none()  # the model, for the schema; rows come from access
    list_filters = ReferralFilters
    filter_fields = ("status", "case")

    transition_table = REFERRAL_TRANSITIONS
    transition_request = ReferralTransitionRequest
    transition_answer_serializer = ReferralSerializer
    transitions_summary = "Transitions the caller may fire now on the referral"
    fire_operation_id = "referrals_transitions_fire"
    fire_summary = "Fire a referral transition (the case's caseworker)"
    fire_description = (
        "`accept` and `decline` (with the provider's `note`) a sent referral; "
        "`complete` an accepted one with its `outcome` and `delivered_on`."
    )

    def rows(self) -> QuerySet[Referral]:
        return access.referrals_visible_to(self.request.user).select_related("case", "created_by")

    def filter_rows(
        self, queryset: QuerySet[Referral], wanted: Mapping[str, Any]
    ) -> QuerySet[Referral]:
        queryset = super().filter_rows(queryset, wanted)
        if wanted.get("overdue") is True:
            queryset = queryset.filter(selectors.overdue_referral_filter())
        elif wanted.get("overdue") is False:
            queryset = queryset.exclude(selectors.overdue_referral_filter())
        return queryset


# --- Survey ---------------------------------------------------------------------


class SurveyIndicatorViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = SurveyIndicatorSerializer
    queryset = SurveyIndicator.objects.none()  # the model, for the schema
    pagination_class = None

    def get_queryset(self) -> QuerySet[SurveyIndicator]:
        return SurveyIndicator.objects.filter(active=True).order_by("dimension", "position", "id")

    @extend_schema(
        summary="The active indicators of the sustainability survey",
        description=(
            "For the cell (caseworkers and supervisors). Grouped by dimension "
            f"({', '.join(f'`{d}`' for d in Dimension.values)}); `weight` counts in the "
            "scores; `label` is in the request's language."
        ),
        responses={
            200: SurveyIndicatorSerializer(many=True),
            **error_responses(401, 403),
        },
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        deny_unless(access.can_register(request.user))
        return super().list(request, *args, **kwargs)
