"""`/api/v1/tranches/`: a tranche and its transitions."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from processes.api.schema import error_responses
from processes.api.transitions import (
    fire_from_request,
    transition_name_parameter,
    transition_options,
)
from workflows import access
from workflows.api.serializers import (
    ProposalTransitionOptionSerializer,
    TrancheSerializer,
    TrancheTransitionRequest,
)
from workflows.models import (
    Tranche,
)
from workflows.transitions import TRANCHE_TABLE


@extend_schema_view(
    retrieve=extend_schema(responses={200: TrancheSerializer, **error_responses(401, 404)}),
)
class TrancheViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TrancheSerializer
    queryset = Tranche.objects.none()  # the model, for the schema; rows come from access

    def get_queryset(self) -> QuerySet[Tranche]:
        if getattr(self, "swagger_fake_view", False):
            return Tranche.objects.none()
        visible = access.proposals_visible_to(self.request.user)
        return Tranche.objects.filter(proposal__in=visible).select_related("proposal")

    @extend_schema(
        summary="Transitions the caller may fire now on the tranche",
        responses={200: ProposalTransitionOptionSerializer(many=True), **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        tranche = self.get_object()
        options = transition_options(TRANCHE_TABLE, request.user, tranche)
        return Response(ProposalTransitionOptionSerializer(options, many=True).data)

    @extend_schema(
        operation_id="tranches_transitions_fire",
        summary="Fire a tranche transition",
        description=(
            "`request` (the association, with `report`; once the previous tranche is paid), "
            "`approve` and `return_request` (a programme officer; `comment` to return), "
            "`pay` (a finance officer, with `payment_reference`, optional `paid_on`), "
            "`cancel` (a programme officer, with `comment`)."
        ),
        parameters=[transition_name_parameter(TRANCHE_TABLE.offered_names)],
        request=TrancheTransitionRequest,
        responses={200: TrancheSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[^/]+)")
    def fire(self, request: Request, name: str, pk: str | None = None) -> Response:
        tranche = self.get_object()
        changed = fire_from_request(
            TRANCHE_TABLE, name, obj=tranche, request=request, body=TrancheTransitionRequest
        )
        return Response(TrancheSerializer(changed).data)
