"""`/api/v1/tranches/`: a tranche and its transitions."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins

from processes.api.schema import error_responses
from processes.api.viewsets import ScopedViewSet, TransitionActions
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
class TrancheViewSet(TransitionActions, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = TrancheSerializer
    queryset = Tranche.objects.none()  # the model, for the schema; rows come from access

    transition_table = TRANCHE_TABLE
    transition_request = TrancheTransitionRequest
    transition_option_serializer = ProposalTransitionOptionSerializer
    transition_answer_serializer = TrancheSerializer
    transitions_summary = "Transitions the caller may fire now on the tranche"
    fire_operation_id = "tranches_transitions_fire"
    fire_summary = "Fire a tranche transition"
    fire_description = (
        "`request` (the association, with `report`; once the previous tranche is paid), "
        "`approve` and `return_request` (a programme officer; `comment` to return), "
        "`pay` (a finance officer, with `payment_reference`, optional `paid_on`), "
        "`cancel` (a programme officer, with `comment`)."
    )

    def rows(self) -> QuerySet[Tranche]:
        visible = access.proposals_visible_to(self.request.user)
        return Tranche.objects.filter(proposal__in=visible).select_related("proposal")
