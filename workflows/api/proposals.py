"""`/api/v1/proposals/`: the proposals, their transitions, reviews, history, documents,
tranches and attachments."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from audit.models import HistoryEntry, Source
from documents.api import OWNER_DOCUMENTS, AttachmentSerializer, owner_documents
from documents.attaching import attach_from_request
from processes.api.parsers import MultiPartParser
from processes.api.requests import deny_unless
from processes.api.schema import error_responses
from processes.api.viewsets import EditableViewSet, HistoryAction, TransitionActions
from processes.transitions import refuse_unless
from workflows import access, selectors, services
from workflows.api.proposal_serializers import (
    ProposalFilters,
    ProposalSerializer,
    service_fields,
)
from workflows.api.serializers import (
    AttachmentUpload,
    ProposalHistoryRowSerializer,
    ProposalTransitionOptionSerializer,
    ProposalTransitionRequest,
    ReviewRequest,
    ReviewSerializer,
    TrancheSerializer,
)
from workflows.models import (
    Proposal,
    Tranche,
)
from workflows.transitions import PROPOSAL_TABLE


@extend_schema_view(
    list=extend_schema(
        summary="Proposals the caller may see, newest first",
        parameters=[ProposalFilters],
        responses={200: ProposalSerializer(many=True), **error_responses(400, 401)},
    ),
    retrieve=extend_schema(responses={200: ProposalSerializer, **error_responses(401, 404)}),
    create=extend_schema(
        summary="Draft a proposal for one of the caller's associations",
        responses={201: ProposalSerializer, **error_responses(400, 401, 403)},
    ),
    partial_update=extend_schema(
        summary="Edit a draft, or a proposal returned for completion",
        responses={200: ProposalSerializer, **error_responses(400, 401, 403, 404, 409)},
    ),
)
class ProposalViewSet(TransitionActions, HistoryAction, EditableViewSet):
    serializer_class = ProposalSerializer
    queryset = Proposal.objects.none()  # the model, for the schema; rows come from access
    list_filters = ProposalFilters
    filter_fields = ("status", "call", "sector", "association")
    filter_lookups = {"region": "region__code"}

    transition_table = PROPOSAL_TABLE
    transition_request = ProposalTransitionRequest
    transition_option_serializer = ProposalTransitionOptionSerializer
    transition_answer_serializer = ProposalSerializer
    transitions_summary = "Transitions the caller may fire now, with the inputs each reads"
    fire_operation_id = "proposals_transitions_fire"
    fire_description = (
        "Moves the proposal along its lifecycle: `submit` (draft → submitted), "
        "`withdraw` (draft, submitted or returned → withdrawn), `return_for_completion` "
        "(submitted → returned), `resubmit` (returned → submitted), "
        "`declare_admissible` (submitted → under_review, with `evaluators`), "
        "`request_revision` (in_committee → returned), `approve` (in_committee → "
        "approved, with `grant_amount`), `reject` (in_committee → rejected), "
        "`sign_agreement` (approved → in_execution), `suspend` (in_execution → "
        "suspended), `resume` (suspended → in_execution), `terminate` (suspended → "
        "terminated), `complete` (in_execution → completed), `close` (completed → "
        "closed). Who may fire each is in the lifecycle of the project's documentation "
        "(docs/workflows.md). 400 names every unmet condition "
        "(`reasons`, and `errors` per body field); 403 when the caller sees the "
        "proposal but may not fire it; 409 when the proposal is not in a state "
        "that allows it, or changed since `expected_state`. `send_to_committee` "
        "is not offered: it fires when the last required review is filed."
    )
    history_serializer = ProposalHistoryRowSerializer
    history_summary = (
        "Every change and refused attempt on the proposal and its tranches, oldest first"
    )

    def rows(self) -> QuerySet[Proposal]:
        return selectors.proposals_for_list(self.request.user).prefetch_related(
            "budget_lines", "contributions"
        )

    def _shown(self, proposal: Proposal) -> dict[str, Any]:
        """The proposal as the caller's own write left it.

        Read back unscoped: a transition may take the proposal out of the caller's
        sight (the committee no longer sees a proposal it returned for revision),
        yet the answer to that very request is the proposal it changed.
        """
        fresh = (
            Proposal.objects.select_related("call", "association", "region", "prefecture")
            .prefetch_related("budget_lines", "contributions")
            .get(pk=proposal.pk)
        )
        return dict(self.get_serializer(fresh).data)

    def history_rows(self, obj: Proposal) -> list[HistoryEntry]:
        return list(selectors.history_of(obj))

    def history_data(self, obj: Proposal) -> Any:
        rows = self.history_rows(obj)
        data = self.history_serializer(rows, many=True).data
        # Reviews stay independent and the association does not learn who reviewed.
        view = access.review_view(self.request.user, obj)
        for entry, row in zip(rows, data, strict=True):
            show_who, show_comment = access.history_masking(entry, view, self.request.user)
            if not show_who:
                row["by"] = None
            if not show_comment:
                row["comment"] = ""
        return data

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Refuse by role before pointing out mistakes in a form the caller may not send.
        deny_unless(access.can_create_proposal(request.user))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = service_fields(serializer.validated_data)
        fields.pop("expected_state", None)
        proposal = services.proposal_create(by=request.user, source=Source.API, **fields)
        return Response(self._shown(proposal), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        proposal = self.get_object()
        if not access.as_member(request.user, proposal):
            # The service refuses and records the attempt; the body is not worth checking.
            services.proposal_update(proposal=proposal, by=request.user, source=Source.API)
        fields = service_fields(self.edited_fields(proposal))
        updated = services.proposal_update(
            proposal=proposal, by=request.user, source=Source.API, **fields
        )
        return Response(self._shown(updated))

    @extend_schema(
        summary="File the caller's technical review",
        description=(
            "Only an evaluator assigned to the proposal, while it is under review. "
            "The last required review moves the proposal to the committee."
        ),
        request=ReviewRequest,
        responses={201: ReviewSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def reviews(self, request: Request, pk: str | None = None) -> Response:
        proposal = self.get_object()
        # Whoever may not review is told so (and recorded) before the body is read.
        refuse_unless(
            access.can_review(request.user, proposal),
            obj=proposal,
            action="review",
            by=request.user,
            source=Source.API,
        )
        body = ReviewRequest(data=request.data)
        body.is_valid(raise_exception=True)
        review = services.review_file(
            proposal=proposal, by=request.user, source=Source.API, **body.validated_data
        )
        now = Proposal.objects.values_list("status", flat=True).get(pk=proposal.pk)
        data = ReviewSerializer(review, context={"proposal_status": now}).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The proposal's documents",
        description=(
            "First the documents the platform generated (the co-funding agreement, every "
            "version, newest first; `download` streams the PDF/A-3b; `category` "
            "`generated`), then the pieces uploaded to the proposal (reports, receipts, "
            "signed agreement; `category` `attachment`), each as version 1: an uploaded "
            "piece is never replaced."
        ),
        responses={200: OWNER_DOCUMENTS, **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def documents(self, request: Request, pk: str | None = None) -> Response:
        return Response(owner_documents(self.get_object(), request))

    @extend_schema(
        summary="The grant's tranches, in order",
        responses={200: TrancheSerializer(many=True), **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def tranches(self, request: Request, pk: str | None = None) -> Response:
        proposal = self.get_object()
        rows = Tranche.objects.filter(proposal=proposal).order_by("number")
        return Response(TrancheSerializer(rows, many=True).data)

    @extend_schema(
        summary="Attach a file to the proposal",
        description=(
            "Members of the association attach progress and final reports, receipts and "
            "other pieces; programme officers the signed agreement and other pieces. "
            "The type is read from the content (PDF, JPEG, PNG); empty, oversized or "
            "other files are refused with the reason on `file`. A rejected, withdrawn "
            "or closed proposal takes no more pieces (409)."
        ),
        request={"multipart/form-data": AttachmentUpload},
        responses={201: AttachmentSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        # Who and when first, then the form, then what this caller may attach.
        return attach_from_request(request, self.get_object(), AttachmentUpload)
