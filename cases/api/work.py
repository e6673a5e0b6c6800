"""The work on a case through the API: assessment, plan, referrals, follow-ups, transfer."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from audit.models import Source
from cases import access, selectors, services
from cases.api.serializers import (
    AssessmentSerializer,
    CaseDetailSerializer,
    FollowUpSerializer,
    PlanItemSerializer,
    ReferralSerializer,
    TransferRequest,
)
from cases.models import (
    Case,
    PlanItem,
)
from processes.api.schema import (
    error_responses,
)
from processes.transitions import refuse_unless


# What every action on one case answers with (no docstring: the schema would read it as
# every operation's description).
class CaseActions(viewsets.GenericViewSet):
    def _shown(self, case: Case, code: int = status.HTTP_200_OK) -> Response:
        """The case as it is now, read back with everything its answer shows."""
        fresh = (
            selectors.with_detail(access.cases_visible_to(self.request.user))
            .filter(pk=case.pk)
            .first()
        )
        data = CaseDetailSerializer(fresh or case, context=self.get_serializer_context()).data
        return Response(data, status=code)

    def _refuse_unless_working(self, case: Case, action: str) -> None:
        """Refuse by role before pointing out mistakes in a body the caller may not send;
        the attempt is kept like the services keep theirs (same action names)."""
        refuse_unless(
            access.can_work(self.request.user, case),
            obj=case,
            action=action,
            by=self.request.user,
            source=Source.API,
        )


class CaseWorkActions(CaseActions):
    @extend_schema(
        summary="Write the assessment (the case's caseworker, during the assessment)",
        description="Fields left out keep their value.",
        request=AssessmentSerializer,
        responses={200: AssessmentSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["put"])
    def assessment(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        self._refuse_unless_working(case, "assessment")
        body = AssessmentSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        saved = services.assessment_save(
            case=case, by=request.user, source=Source.API, **body.validated_data
        )
        return Response(AssessmentSerializer(saved, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Add an item to the plan (the case's caseworker, during the assessment)",
        request=PlanItemSerializer,
        responses={201: PlanItemSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="plan-items")
    def plan_items(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        self._refuse_unless_working(case, "plan_item")
        body = PlanItemSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.plan_item_add(
            case=case, by=request.user, source=Source.API, **body.validated_data
        )
        return Response(PlanItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="cases_plan_items_destroy",
        summary="Remove an item from the plan (while the plan is drafted)",
        parameters=[OpenApiParameter("item", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=None,
        responses={204: None, **error_responses(401, 403, 404, 409)},
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"plan-items/(?P<item>[0-9]+)",
        url_name="plan-item",
    )
    def plan_item_remove(self, request: Request, item: str, pk: str | None = None) -> Response:
        case = self.get_object()
        plan_item = PlanItem.objects.filter(case=case, pk=item).select_related("case").first()
        if plan_item is None:
            raise Http404
        services.plan_item_remove(item=plan_item, by=request.user, source=Source.API)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Refer the returnee to a provider (once the plan is approved)",
        request=ReferralSerializer,
        responses={201: ReferralSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def referrals(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        self._refuse_unless_working(case, "referral")
        body = ReferralSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        referral = services.referral_create(
            case=case, by=request.user, source=Source.API, **body.validated_data
        )
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record a follow-up visit and its survey (once the plan is approved)",
        description=(
            "Answers go from 0 to 1; each unknown indicator and out-of-range answer is named "
            "under `errors.answers`. The answer carries the scores per dimension and the "
            "weighted composite."
        ),
        request=FollowUpSerializer,
        responses={201: FollowUpSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="follow-ups")
    def follow_ups(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        self._refuse_unless_working(case, "follow_up")
        body = FollowUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        follow_up = services.follow_up_record(
            case=case, by=request.user, source=Source.API, **body.validated_data
        )
        return Response(FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Assign or transfer the case to a caseworker (supervisors)",
        description="The caseworker's open step moves with the case.",
        request=TransferRequest,
        responses={200: CaseDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        refuse_unless(
            access.can_supervise(request.user, case),
            obj=case,
            action="assign",
            by=request.user,
            source=Source.API,
        )
        body = TransferRequest(data=request.data)
        body.is_valid(raise_exception=True)
        changed = services.case_assign(
            case=case,
            caseworker=body.validated_data["caseworker"],
            by=request.user,
            source=Source.API,
        )
        return self._shown(changed)
