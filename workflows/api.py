"""Co-realisation API: calls, proposals, reviews, tranches, attachments and the
inbox (README.md, « The API »; the lifecycle: docs/workflows.md).

Serializers check the shape of a request, `workflows.access` decides who sees
and does what, `workflows.services` does every write (and records every
refused attempt). An object the caller may not see answers 404 before anything
else is looked at; one it sees but may not act on answers 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import FileResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from audit.models import Source
from documents.api import AttachmentSerializer, StoredDocumentSerializer
from documents.attachments import attach, attachment_response, check_may_attach
from documents.models import Attachment, AttachmentKind, attachment_kind_choices
from documents.services import documents_of
from documents.uploads import attachments_of
from processes.api.schema import (
    AnyAccept,
    HistoryRowSerializer,
    error_responses,
)
from processes.api.transitions import (
    StateField,
    TransitionOptionWithInputsSerializer,
    fire_from_request,
    transition_name_parameter,
    transition_options,
    transition_request_serializer,
)
from processes.table import MAX_AMOUNT
from processes.transitions import Decision, NotAllowed
from registry import access as registry_access
from registry.models import Association, Prefecture, Region, Sector
from workflows import access, selectors, services
from workflows.models import (
    Call,
    ContributionKind,
    ContributionSource,
    Criterion,
    Proposal,
    ProposalStatus,
    Recommendation,
    Review,
    Tranche,
    TrancheStatus,
)
from workflows.rules import Figures, budget_verdicts, grant_headroom
from workflows.transitions import PROPOSAL_TABLE, TRANCHE_TABLE


def _refuse_unless(decision: Decision) -> None:
    if not decision:
        raise NotAllowed(decision.reason)


def _given(request: Request) -> dict[str, str]:
    """The query parameters that hold a value: an empty search box filters nothing."""
    given = {key: str(value) for key, value in request.query_params.items()}
    return {key: value for key, value in given.items() if value.strip()}


@extend_schema_field(
    {
        "type": "string",
        "example": "water",
        "description": "Sector code: " + ", ".join(f"`{code}`" for code in Sector.values) + ".",
    }
)
class SectorField(serializers.ChoiceField):
    """A sector code, documented as a plain string: the registry's `SectorsEnum` already
    names these choices, and one choice set must not get two names in the schema."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Sector.choices, **kwargs)


class ServiceWrittenSerializer(serializers.ModelSerializer):
    """Validates a payload; the view hands `validated_data` to a service."""

    def create(self, validated_data: Any) -> Any:
        raise NotImplementedError("Writes go through workflows.services.")

    def update(self, instance: Any, validated_data: Any) -> Any:
        raise NotImplementedError("Writes go through workflows.services.")


# --- Calls --------------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["code", "label", "weight"]
        read_only_fields = fields


class CallSerializer(serializers.ModelSerializer):
    """A call for proposals and its funding rules: envelope, ceiling per project, matching
    ratio, largest grant share, smallest community share, required reviews, tranche plan
    and review criteria (see docs/workflows.md, « The rules of the call »)."""

    envelope_left = serializers.IntegerField(
        read_only=True, help_text="Envelope minus what is committed (FCFA)."
    )
    tranche_plan = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Percentages of the grant, one per tranche.",
    )
    is_open = serializers.BooleanField(read_only=True, help_text="Submissions accepted now.")
    criteria = CriterionSerializer(many=True, read_only=True, help_text="The review grid.")

    class Meta:
        model = Call
        fields = [
            "id",
            "title",
            "year",
            "description",
            "opens_at",
            "closes_at",
            "is_open",
            "envelope",
            "committed",
            "envelope_left",
            "max_grant",
            "matching_ratio",
            "max_grant_share",
            "min_community_share",
            "required_reviews",
            "tranche_plan",
            "criteria",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="Calls for proposals with their rules",
        responses={200: CallSerializer(many=True), **error_responses(401)},
    ),
    retrieve=extend_schema(responses={200: CallSerializer, **error_responses(401, 404)}),
)
class CallViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CallSerializer
    queryset = Call.objects.none()  # the model, for the schema; rows come from access

    def get_queryset(self) -> QuerySet[Call]:
        if getattr(self, "swagger_fake_view", False):
            return Call.objects.none()
        return access.calls_visible_to(self.request.user).prefetch_related("criteria")


# --- Proposals ----------------------------------------------------------------


class BudgetLineSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)  # type: ignore[assignment]
    amount = serializers.IntegerField(min_value=0, max_value=MAX_AMOUNT, help_text="FCFA.")


class ContributionSerializer(serializers.Serializer):
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=ContributionSource.choices,
        help_text="`state` is the matching grant requested.",
    )
    kind = serializers.ChoiceField(choices=ContributionKind.choices)
    amount = serializers.IntegerField(min_value=0, max_value=MAX_AMOUNT, help_text="FCFA.")


class FiguresSerializer(serializers.Serializer):
    budget_total = serializers.IntegerField()
    contributions_total = serializers.IntegerField()
    association_cash = serializers.IntegerField(
        help_text="The association's cash contribution (the matching ratio applies to it)."
    )
    community_total = serializers.IntegerField()
    state_requested = serializers.IntegerField(help_text="The grant requested.")


class VerdictSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    ok = serializers.BooleanField()
    message = serializers.CharField(help_text="The rule and the figures, in words.")


def _code_of(model: type[Region] | type[Prefecture], unknown: Any, **kwargs: Any) -> Any:
    """A related object named by its `code`; `unknown` is the message for a code that names none."""
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=model._default_manager.all(),
        error_messages={"does_not_exist": unknown},
        **kwargs,
    )


def _required_keys(items: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    """A partial update skips missing keys of nested items too: name them here, by
    position, in the shape DRF gives the errors of a list."""
    message = gettext("Ce champ est obligatoire.")
    errors = {
        str(index): {key: [message] for key in keys if key not in item}
        for index, item in enumerate(items)
    }
    return {index: missing for index, missing in errors.items() if missing}


class ProposalSerializer(ServiceWrittenSerializer):
    """A co-realisation proposal with its budget, and the call's rules applied to it.

    `status` changes only by transitions; `call` and `association` are fixed at creation.
    """

    call = serializers.PrimaryKeyRelatedField(
        queryset=Call.objects.all(),
        error_messages={"does_not_exist": _("Appel à projets inconnu : « {pk_value} ».")},
    )
    association = serializers.PrimaryKeyRelatedField(
        queryset=Association.objects.all(),
        error_messages={"does_not_exist": _("Association inconnue : « {pk_value} ».")},
        help_text="An association the caller is a member of.",
    )
    association_name = serializers.CharField(source="association.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    region = _code_of(
        Region, _("Région inconnue : « {value} »."), help_text="Region code, e.g. `plateaux`."
    )
    prefecture = _code_of(
        Prefecture,
        _("Préfecture inconnue : « {value} »."),
        required=False,
        allow_null=True,
        help_text="Prefecture code, e.g. `kloto`.",
    )
    sector = SectorField()
    budget_lines = BudgetLineSerializer(
        many=True, required=False, help_text="When given, replaces every line."
    )
    contributions = ContributionSerializer(
        many=True, required=False, help_text="When given, replaces every contribution."
    )
    figures = serializers.SerializerMethodField()
    rules = serializers.SerializerMethodField()
    grant_headroom = serializers.SerializerMethodField()
    expected_state = StateField(
        choices=ProposalStatus.choices,
        required=False,
        write_only=True,
        help_text=(
            "The status the caller saw; if it changed since, the answer is 409 "
            "and nothing is saved."
        ),
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "reference",
            "status",
            "status_label",
            "call",
            "association",
            "association_name",
            "title",
            "summary",
            "sector",
            "region",
            "prefecture",
            "locality",
            "local_partner",
            "budget_lines",
            "contributions",
            "figures",
            "rules",
            "grant_headroom",
            "grant_amount",
            "released",
            "review_round",
            "created_at",
            "updated_at",
            "submitted_at",
            "decided_at",
            "expected_state",
        ]
        read_only_fields = [
            "reference",
            "status",
            "grant_amount",
            "released",
            "review_round",
            "created_at",
            "updated_at",
            "submitted_at",
            "decided_at",
        ]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None:
            # Anything the caller cannot see is "unknown": its existence is not leaked.
            fields["call"].queryset = access.calls_visible_to(user)  # type: ignore[attr-defined]
            fields["association"].queryset = (  # type: ignore[attr-defined]
                registry_access.associations_visible_to(user)
            )
        return fields

    @extend_schema_field(FiguresSerializer)
    def get_figures(self, proposal: Proposal) -> dict[str, int]:
        figures = Figures.of(proposal)
        return FiguresSerializer(figures).data

    @extend_schema_field(VerdictSerializer(many=True))
    def get_rules(self, proposal: Proposal) -> list[dict[str, Any]]:
        verdicts = budget_verdicts(Figures.of(proposal), proposal.call)
        return [dict(VerdictSerializer(verdict).data) for verdict in verdicts]

    @extend_schema_field(
        {
            "type": "integer",
            "description": (
                "The largest grant the call's rules, the request and the envelope left allow."
            ),
        }
    )
    def get_grant_headroom(self, proposal: Proposal) -> int:
        return grant_headroom(Figures.of(proposal), proposal.call)

    def validate_budget_lines(self, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        errors = _required_keys(lines, ("label", "amount"))
        if errors:
            raise serializers.ValidationError(errors)
        return lines

    def validate_contributions(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        errors = _required_keys(rows, ("source", "kind", "amount"))
        if errors:
            raise serializers.ValidationError(errors)
        return rows

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        proposal: Proposal | None = self.instance
        if proposal is not None:
            fixed = {"call": proposal.call_id, "association": proposal.association_id}
            errors = {
                name: gettext("Ne se change pas après la création du projet.")
                for name, current in fixed.items()
                if name in attrs and attrs[name].pk != current
            }
            if errors:
                raise serializers.ValidationError(errors)
            for name in fixed:
                attrs.pop(name, None)
        return attrs


def _service_fields(validated: dict[str, Any]) -> dict[str, Any]:
    """`validated_data` as the keyword arguments of proposal_create / proposal_update."""
    fields = dict(validated)
    if "budget_lines" in fields:
        fields["budget_lines"] = [
            services.BudgetInput(line["label"], line["amount"]) for line in fields["budget_lines"]
        ]
    if "contributions" in fields:
        fields["contributions"] = [
            services.ContributionInput(row["source"], row["kind"], row["amount"])
            for row in fields["contributions"]
        ]
    return fields


class ProposalFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProposalStatus.choices, required=False)
    call = serializers.IntegerField(required=False, help_text="Call id.")
    region = serializers.CharField(required=False, help_text="Region code.")
    sector = SectorField(required=False)
    association = serializers.IntegerField(required=False, help_text="Association id.")


def _filter_proposals(proposals: QuerySet[Proposal], filters: dict[str, Any]) -> QuerySet[Proposal]:
    if "status" in filters:
        proposals = proposals.filter(status=filters["status"])
    if "call" in filters:
        proposals = proposals.filter(call_id=filters["call"])
    if "region" in filters:
        proposals = proposals.filter(region__code=filters["region"])
    if "sector" in filters:
        proposals = proposals.filter(sector=filters["sector"])
    if "association" in filters:
        proposals = proposals.filter(association_id=filters["association"])
    return proposals


# The schema's name for a transition option, a proposal's or a tranche's.
class ProposalTransitionOptionSerializer(TransitionOptionWithInputsSerializer):
    pass


ProposalTransitionRequest = transition_request_serializer(
    PROPOSAL_TABLE, name="ProposalTransitionRequest", states=ProposalStatus.choices
)


class ReviewRequest(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=5),
        help_text="Criterion code -> score from 0 to 5, for every criterion of the call.",
    )
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewSerializer(serializers.ModelSerializer):
    evaluator = serializers.CharField(source="evaluator.username", read_only=True)
    proposal_status = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "proposal",
            "evaluator",
            "round",
            "scores",
            "recommendation",
            "comment",
            "weighted_score",
            "submitted_at",
            "proposal_status",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "string",
            "description": "The proposal's status once the review is filed "
            "(`in_committee` after the last required review).",
        }
    )
    def get_proposal_status(self, review: Review) -> str:
        return str(self.context.get("proposal_status", ""))


class ProposalHistoryRowSerializer(HistoryRowSerializer):
    object_type = serializers.CharField(
        source="content_type.model", help_text="`proposal`, or `tranche` for a tranche's row."
    )
    object_id = serializers.IntegerField(help_text="Id of the proposal or of the tranche.")

    class Meta(HistoryRowSerializer.Meta):
        fields = [*HistoryRowSerializer.Meta.fields, "object_type", "object_id"]
        read_only_fields = fields


class TrancheSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    report_file: serializers.PrimaryKeyRelatedField[Attachment] = (
        serializers.PrimaryKeyRelatedField(
            read_only=True,
            help_text="Id of the progress report's file sent with the request (an "
            "attachment of the proposal, `/api/v1/attachments/{id}/download/`), or null.",
        )
    )

    class Meta:
        model = Tranche
        fields = [
            "id",
            "proposal",
            "number",
            "percentage",
            "amount",
            "status",
            "status_label",
            "report",
            "report_file",
            "requested_at",
            "approved_at",
            "payment_reference",
            "paid_on",
            "comment",
        ]
        read_only_fields = fields


class AttachmentUpload(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG or PNG (the type is read from the content).")
    kind = serializers.ChoiceField(
        choices=attachment_kind_choices(access.ATTACHMENT_KINDS), default=AttachmentKind.OTHER
    )


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
class ProposalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProposalSerializer
    queryset = Proposal.objects.none()  # the model, for the schema; rows come from access
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Proposal]:
        if getattr(self, "swagger_fake_view", False):
            return Proposal.objects.none()
        return selectors.proposals_for_list(self.request.user).prefetch_related(
            "budget_lines", "contributions"
        )

    def filter_queryset(self, queryset: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
        if self.action != "list":
            return queryset
        filters = ProposalFilters(data=_given(self.request))
        filters.is_valid(raise_exception=True)
        return _filter_proposals(queryset, filters.validated_data)

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

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Refuse by role before pointing out mistakes in a form the caller may not send.
        _refuse_unless(access.can_create_proposal(request.user))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = _service_fields(serializer.validated_data)
        fields.pop("expected_state", None)
        proposal = services.proposal_create(by=request.user, source=Source.API, **fields)
        return Response(self._shown(proposal), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        proposal = self.get_object()
        if not access.as_member(request.user, proposal):
            # The service refuses and records the attempt; the body is not worth checking.
            services.proposal_update(proposal=proposal, by=request.user, source=Source.API)
        serializer = self.get_serializer(proposal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = services.proposal_update(
            proposal=proposal,
            by=request.user,
            source=Source.API,
            **_service_fields(serializer.validated_data),
        )
        return Response(self._shown(updated))

    @extend_schema(
        summary="Transitions the caller may fire now, with the inputs each reads",
        responses={200: ProposalTransitionOptionSerializer(many=True), **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        proposal = self.get_object()
        options = transition_options(PROPOSAL_TABLE, request.user, proposal)
        return Response(ProposalTransitionOptionSerializer(options, many=True).data)

    @extend_schema(
        operation_id="proposals_transitions_fire",
        summary="Fire a transition",
        description=(
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
        ),
        parameters=[transition_name_parameter(PROPOSAL_TABLE.offered_names)],
        request=ProposalTransitionRequest,
        responses={200: ProposalSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[^/]+)")
    def fire(self, request: Request, name: str, pk: str | None = None) -> Response:
        proposal = self.get_object()
        changed = fire_from_request(
            PROPOSAL_TABLE, name, obj=proposal, request=request, body=ProposalTransitionRequest
        )
        return Response(self._shown(changed))

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
        body = ReviewRequest(data=request.data)
        body.is_valid(raise_exception=True)
        review = services.review_file(
            proposal=proposal,
            by=request.user,
            source=Source.API,
            scores=body.validated_data["scores"],
            recommendation=body.validated_data["recommendation"],
            comment=body.validated_data["comment"],
        )
        now = Proposal.objects.values_list("status", flat=True).get(pk=proposal.pk)
        data = ReviewSerializer(review, context={"proposal_status": now}).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Every change and refused attempt on the proposal and its tranches, oldest first",
        responses={200: ProposalHistoryRowSerializer(many=True), **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        proposal = self.get_object()
        rows = list(selectors.history_of(proposal))
        data = ProposalHistoryRowSerializer(rows, many=True).data
        # Reviews stay independent and the association does not learn who reviewed.
        view = access.review_view(request.user, proposal)
        for entry, row in zip(rows, data, strict=True):
            show_who, show_comment = access.history_masking(entry, view, request.user)
            if not show_who:
                row["by"] = None
            if not show_comment:
                row["comment"] = ""
        return Response(data)

    @extend_schema(
        summary="The proposal's documents",
        description=(
            "First the documents the platform generated (the co-funding agreement, every "
            "version, newest first; `download` streams the PDF/A-3b), then the pieces "
            "uploaded to the proposal (reports, receipts, signed agreement), each as "
            "version 1: an uploaded piece is never replaced."
        ),
        responses={200: AttachmentSerializer(many=True), **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def documents(self, request: Request, pk: str | None = None) -> Response:
        proposal = self.get_object()
        context = {"request": request}
        generated = StoredDocumentSerializer(documents_of(proposal), many=True, context=context)
        pieces = AttachmentSerializer(attachments_of(proposal), many=True, context=context)
        return Response([*generated.data, *pieces.data])

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
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        proposal = self.get_object()
        # Who and when first, then the form, then what this caller may attach.
        check_may_attach(owner=proposal, by=request.user, source=Source.API)
        body = AttachmentUpload(data=request.data)
        body.is_valid(raise_exception=True)
        attachment = attach(
            owner=proposal,
            kind=body.validated_data["kind"],
            upload=body.validated_data["file"],
            by=request.user,
            source=Source.API,
        )
        data = AttachmentSerializer(attachment, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


# --- Tranches -----------------------------------------------------------------


TrancheTransitionRequest = transition_request_serializer(
    TRANCHE_TABLE,
    name="TrancheTransitionRequest",
    states=TrancheStatus.choices,
    expected_state_help=(
        "The tranche status the caller saw; if it changed since, the answer is 409 "
        "and nothing happens."
    ),
)


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


# --- Attachments --------------------------------------------------------------


@extend_schema_view(
    retrieve=extend_schema(responses={200: AttachmentSerializer, **error_responses(401, 404)}),
)
class AttachmentViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Files are never served from a public address: only here, to whoever sees the owner."""

    serializer_class = AttachmentSerializer
    queryset = Attachment.objects.none()  # the model, for the schema; rows come from access

    def get_queryset(self) -> QuerySet[Attachment]:
        if getattr(self, "swagger_fake_view", False):
            return Attachment.objects.none()
        visible = access.proposals_visible_to(self.request.user).values("pk")
        return Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(Proposal), object_id__in=visible
        ).select_related("uploaded_by")

    @extend_schema(
        summary="Download the file",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY),
            **error_responses(401, 404),
        },
    )
    @action(detail=True, methods=["get"], content_negotiation_class=AnyAccept)
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        return attachment_response(self.get_object())
