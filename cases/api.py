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

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.types import AnyUser
from audit.models import HistoryEntry, Source
from audit.services import record_refusal
from cases import access, selectors, services
from cases.models import (
    Assessment,
    AssistanceKind,
    Case,
    CaseStatus,
    ClosureReason,
    Dimension,
    FollowUp,
    PlanItem,
    Referral,
    ReferralStatus,
    SurveyIndicator,
    Vulnerability,
    validate_vulnerabilities,
)
from documents.api import AttachmentSerializer, StoredDocumentSerializer
from documents.attachments import attach, attachment_response, check_may_attach
from documents.models import AttachmentKind, attachment_kind_choices
from documents.services import documents_of
from documents.uploads import attachments_of
from processes.api.fields import CountryCodeField, StateField
from processes.api.schema import (
    AnyAccept,
    HistoryRowSerializer,
    TransitionOptionSerializer,
    error_responses,
)
from processes.transitions import Decision, NotAllowed
from registry.models import Prefecture, Region

# Far above any budget of the cell; keeps a typo from overflowing the column.
MAX_BUDGET = 10**12
SENSITIVE_NOTE = (
    "Sensitive: present only for the case's caseworker and the supervisors, "
    "left out of the answer for anyone else."
)
REFERRAL_TRANSITIONS: dict[str, Any] = {
    "accept": _("Accepter"),
    "decline": _("Décliner"),
    "complete": _("Marquer réalisée"),
}


def _refuse_unless(decision: Decision) -> None:
    if not decision:
        raise NotAllowed(decision.reason)


def _given(request: Request) -> dict[str, str]:
    """The query parameters that hold a value: an empty search box filters nothing."""
    given = {key: str(value) for key, value in request.query_params.items()}
    return {key: value for key, value in given.items() if value.strip()}


def _transition_name_parameter(names: Iterable[str]) -> OpenApiParameter:
    return OpenApiParameter(
        "name",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        enum=list(names),
        description="Transition.",
    )


def _sees_sensitive(serializer: serializers.BaseSerializer, case: Case) -> bool:
    """Without a request to say who asks, nothing sensitive goes out."""
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    return user is not None and access.sees_sensitive(user, case)


def _without(data: Any, names: Iterable[str]) -> dict[str, Any]:
    shown = dict(data)
    for name in names:
        shown.pop(name, None)
    return shown


# --- Fields -------------------------------------------------------------------


@extend_schema_field({"type": "string", "nullable": True, "description": "Username."})
class UsernameField(serializers.CharField):
    """A user named by its username; the service checks the name."""

    def to_representation(self, value: Any) -> str:
        return str(value.get_username())


class VulnerabilitiesField(serializers.ListField):
    """Vulnerability codes; an unknown one is named in the message."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.ChoiceField(choices=Vulnerability.choices), **kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        try:
            validate_vulnerabilities(data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return list(dict.fromkeys(super().to_internal_value(data)))


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
        "example": {"income": 0.5, "housing": 1},
        "description": "Indicator code -> answer from 0 to 1 (see `/survey-indicators/`).",
    }
)
class SurveyAnswersField(serializers.DictField):
    """Left to the service, which names each unknown code and out-of-range answer."""


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": True,
        "description": "Structured answers, question -> answer.",
    }
)
class AnswersField(serializers.DictField):
    pass


def _codes_schema(choices: type[Any], what: str) -> dict[str, Any]:
    # A plain string whose codes are listed: the same codes under two field names (a plan
    # item's `kind`, a referral's `service`), or a `status` shared by the list and the
    # detail answers, would otherwise get guessed enum names in the schema.
    codes = ", ".join(f"`{code}`" for code in choices.values)
    return {"type": "string", "description": f"{what}: {codes}."}


@extend_schema_field(_codes_schema(CaseStatus, "Status of the case"))
class CaseStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=CaseStatus.choices, **kwargs)


@extend_schema_field(_codes_schema(AssistanceKind, "Kind of assistance"))
class AssistanceKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=AssistanceKind.choices, **kwargs)


def _code_of(model: type[Region] | type[Prefecture], unknown: Any, **kwargs: Any) -> Any:
    """A related object named by its `code`; `unknown` is the message for a code that names none."""
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=model._default_manager.all(),
        error_messages={"does_not_exist": unknown},
        **kwargs,
    )


class ServiceWrittenSerializer(serializers.ModelSerializer):
    """Validates a payload; the view hands `validated_data` to a service."""

    def create(self, validated_data: Any) -> Any:
        raise NotImplementedError("Writes go through cases.services.")

    def update(self, instance: Any, validated_data: Any) -> Any:
        raise NotImplementedError("Writes go through cases.services.")


# --- Parts of a case ----------------------------------------------------------


class AssessmentSerializer(ServiceWrittenSerializer):
    """The three dimensions of sustainable reintegration. `PUT` changes the fields it
    sends and keeps the others."""

    SENSITIVE = ("psychosocial_answers", "psychosocial_notes")

    economic_answers = AnswersField(required=False)
    social_answers = AnswersField(required=False)
    psychosocial_answers = AnswersField(required=False, help_text=SENSITIVE_NOTE)
    psychosocial_notes = serializers.CharField(
        required=False, allow_blank=True, help_text=SENSITIVE_NOTE
    )
    updated_by = UsernameField(read_only=True, allow_null=True)

    class Meta:
        model = Assessment
        fields = [
            "economic_answers",
            "economic_notes",
            "social_answers",
            "social_notes",
            "psychosocial_answers",
            "psychosocial_notes",
            "skills",
            "complete",
            "updated_at",
            "updated_by",
        ]
        read_only_fields = ["updated_at", "updated_by"]

    def to_representation(self, instance: Assessment) -> dict[str, Any]:
        data = super().to_representation(instance)
        if _sees_sensitive(self, instance.case):
            return dict(data)
        return _without(data, self.SENSITIVE)


class PlanItemSerializer(ServiceWrittenSerializer):
    kind = AssistanceKindField()
    budget = serializers.IntegerField(min_value=0, max_value=MAX_BUDGET, help_text="FCFA.")

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "dimension",
            "kind",
            "provider",
            "budget",
            "target_date",
            "description",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class ReferralSerializer(ServiceWrittenSerializer):
    """A returnee sent to a provider; `status` changes only by its transitions."""

    service = AssistanceKindField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.BooleanField(
        source="is_overdue",
        read_only=True,
        help_text="Still sent or accepted after its due date.",
    )
    created_by = UsernameField(read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "service",
            "provider",
            "due_date",
            "note",
            "status",
            "status_label",
            "overdue",
            "outcome",
            "delivered_on",
            "created_by",
            "created_at",
        ]
        read_only_fields = [
            "case",
            "status",
            "outcome",
            "delivered_on",
            "created_by",
            "created_at",
        ]


class ScoresSerializer(serializers.Serializer):
    economic = serializers.DecimalField(max_digits=4, decimal_places=3, coerce_to_string=False)
    social = serializers.DecimalField(max_digits=4, decimal_places=3, coerce_to_string=False)
    psychosocial = serializers.DecimalField(max_digits=4, decimal_places=3, coerce_to_string=False)
    composite = serializers.DecimalField(
        max_digits=4,
        decimal_places=3,
        coerce_to_string=False,
        help_text="Weighted mean of every answer (weights are the indicators').",
    )


class FollowUpSerializer(ServiceWrittenSerializer):
    """A monitoring visit and its sustainability survey, scored from 0 to 1."""

    answers = SurveyAnswersField()
    scores = ScoresSerializer(read_only=True)
    created_by = UsernameField(read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "visit_date", "answers", "notes", "scores", "created_by", "created_at"]
        read_only_fields = ["created_by", "created_at"]


class SurveyIndicatorSerializer(serializers.ModelSerializer):
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    label = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text="In the request's language."
    )

    class Meta:
        model = SurveyIndicator
        fields = ["code", "dimension", "weight", "label", "position"]
        read_only_fields = fields


# --- Cases --------------------------------------------------------------------


class CaseSerializer(ServiceWrittenSerializer):
    """A returnee's reintegration case: the intake, and where the case stands.

    `status` changes only by transitions, `caseworker` by `/transfer/` after creation.
    """

    SENSITIVE = ("vulnerabilities", "health_notes")

    status = CaseStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    returned_from = CountryCodeField(help_text="Country returned from, ISO 3166-1 alpha-2.")
    region = _code_of(
        Region, _("Région inconnue : « {value} »."), help_text="Region code, e.g. `plateaux`."
    )
    prefecture = _code_of(
        Prefecture,
        _("Préfecture inconnue : « {value} »."),
        required=False,
        allow_null=True,
        help_text="Prefecture code, e.g. `kloto`; it must lie in the region.",
    )
    vulnerabilities = VulnerabilitiesField(
        required=False, help_text="Vulnerability codes. " + SENSITIVE_NOTE
    )
    health_notes = serializers.CharField(required=False, allow_blank=True, help_text=SENSITIVE_NOTE)
    caseworker = UsernameField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text=(
            "Username of the caseworker in charge. At creation a supervisor may name any "
            "caseworker; a caseworker's own registrations are its own. Afterwards: `/transfer/`."
        ),
    )
    consent_recorded_by = UsernameField(read_only=True, allow_null=True)
    overdue_referrals = serializers.SerializerMethodField()
    expected_state = StateField(
        choices=CaseStatus.choices,
        required=False,
        write_only=True,
        help_text=(
            "The status the caller saw; if it changed since, the answer is 409 and nothing "
            "is saved."
        ),
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "status",
            "status_label",
            "first_name",
            "last_name",
            "sex",
            "birth_year",
            "phone",
            "return_date",
            "returned_from",
            "return_type",
            "region",
            "prefecture",
            "consent_given",
            "consent_recorded_at",
            "consent_recorded_by",
            "vulnerabilities",
            "health_notes",
            "immediate_needs",
            "caseworker",
            "overdue_referrals",
            "closure_reason",
            "closed_at",
            "created_at",
            "updated_at",
            "expected_state",
        ]
        read_only_fields = [
            "reference",
            "status",
            "consent_recorded_at",
            "closure_reason",
            "closed_at",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(
        {"type": "integer", "description": "Referrals still sent or accepted after their due date."}
    )
    def get_overdue_referrals(self, case: Case) -> int:
        annotated = getattr(case, "overdue_referrals", None)
        if annotated is not None:
            return int(annotated)
        return sum(1 for referral in case.referrals.all() if referral.is_overdue)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and "caseworker" in attrs:
            raise serializers.ValidationError(
                {
                    "caseworker": gettext(
                        "Pour changer de travailleur social, utilisez le transfert."
                    )
                }
            )
        return attrs

    def to_representation(self, instance: Case) -> dict[str, Any]:
        data = super().to_representation(instance)
        if _sees_sensitive(self, instance):
            return dict(data)
        return _without(data, self.SENSITIVE)


class CaseDetailSerializer(CaseSerializer):
    """The case with its assessment, plan, referrals and follow-ups."""

    assessment = AssessmentSerializer(read_only=True)
    plan_items = PlanItemSerializer(many=True, read_only=True)
    referrals = ReferralSerializer(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "assessment",
            "plan_items",
            "referrals",
            "follow_ups",
        ]


class CaseFilters(serializers.Serializer):
    status = CaseStatusField(required=False)
    region = _code_of(Region, _("Région inconnue : « {value} »."), required=False)
    caseworker = serializers.CharField(
        required=False, help_text="Username of the caseworker; `none` for unassigned cases."
    )
    overdue = serializers.BooleanField(
        required=False, help_text="`true`: only cases with an overdue referral."
    )


class CaseTransitionOptionSerializer(TransitionOptionSerializer):
    inputs = serializers.ListField(
        child=serializers.CharField(),
        help_text="Body fields this transition reads (besides `expected_state`).",
    )


class CaseTransitionRequest(serializers.Serializer):
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required by `return_plan`, `refuse_closure` and `reopen`.",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="`request_closure`: one of "
        + ", ".join(f"`{code}`" for code in ClosureReason.values)
        + ".",
    )
    expected_state = StateField(
        choices=CaseStatus.choices,
        required=False,
        help_text=(
            "The status the caller saw; if it changed since, the answer is 409 and nothing happens."
        ),
    )


class TransferRequest(serializers.Serializer):
    caseworker = serializers.CharField(help_text="Username of the caseworker taking the case.")


class CaseHistoryRowSerializer(HistoryRowSerializer):
    object_type = serializers.CharField(
        source="content_type.model", help_text="`case`, or `referral` for a referral's row."
    )
    object_id = serializers.IntegerField(help_text="Id of the case or of the referral.")

    class Meta(HistoryRowSerializer.Meta):
        fields = [*HistoryRowSerializer.Meta.fields, "object_type", "object_id"]
        read_only_fields = fields


class CaseAttachmentUpload(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG or PNG (the type is read from the content).")
    kind = serializers.ChoiceField(
        choices=attachment_kind_choices(access.ATTACHMENT_KINDS), default=AttachmentKind.OTHER
    )


def _case_history(case: Case) -> QuerySet[HistoryEntry]:
    """The case's rows and its referrals', oldest first, refused attempts included."""
    referral_ids = list(Referral.objects.filter(case=case).values_list("pk", flat=True))
    return (
        HistoryEntry.objects.filter(
            Q(content_type=ContentType.objects.get_for_model(Case), object_id=case.pk)
            | Q(
                content_type=ContentType.objects.get_for_model(Referral),
                object_id__in=referral_ids,
            )
        )
        .select_related("by", "content_type")
        .order_by("at", "id")
    )


def _refuse_and_record_unless(decision: Decision, case: Case, user: AnyUser, action: str) -> None:
    """Refuse by role before pointing out mistakes in a body the caller may not send;
    the attempt is kept like the services keep theirs (same action names)."""
    if not decision:
        record_refusal(
            obj=case,
            action=action,
            by=user,
            source=Source.API,
            reason=decision.reason,
            state=case.status,
        )
        raise NotAllowed(decision.reason)


def _detail(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """What the detail answer reads, in a fixed number of queries."""
    return queryset.select_related(
        "region",
        "prefecture",
        "caseworker",
        "consent_recorded_by",
        "assessment",
        "assessment__updated_by",
    ).prefetch_related(
        Prefetch("plan_items", queryset=PlanItem.objects.order_by("target_date", "id")),
        Prefetch(
            "referrals",
            queryset=Referral.objects.select_related("created_by").order_by("due_date", "id"),
        ),
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.select_related("created_by").order_by("visit_date", "id"),
        ),
    )


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
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CaseSerializer
    queryset = Case.objects.none()  # the model, for the schema; rows come from access
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Case]:
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        user = self.request.user
        if self.action == "list":
            return selectors.case_rows(user).select_related("consent_recorded_by")
        if self.action == "retrieve":
            return _detail(access.cases_visible_to(user))
        return access.cases_visible_to(user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "list":
            return CaseSerializer
        return CaseDetailSerializer

    def filter_queryset(self, queryset: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
        if self.action != "list":
            return queryset
        filters = CaseFilters(data=_given(self.request))
        filters.is_valid(raise_exception=True)
        return selectors.filter_cases(queryset, filters.validated_data)

    def _shown(self, case: Case, code: int = status.HTTP_200_OK) -> Response:
        """The case as it is now, read back with everything its answer shows."""
        fresh = _detail(access.cases_visible_to(self.request.user)).filter(pk=case.pk).first()
        data = CaseDetailSerializer(fresh or case, context=self.get_serializer_context()).data
        return Response(data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        services.record_read(case=case, user=request.user, source=Source.API)
        return Response(self.get_serializer(case).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Refuse by role before pointing out mistakes in a form the caller may not send.
        _refuse_unless(access.can_register(request.user))
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
        _refuse_and_record_unless(access.can_work(request.user, case), case, request.user, "update")
        serializer = CaseSerializer(
            case, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        expected_state = fields.pop("expected_state", None)
        updated = services.case_update(
            case=case,
            by=request.user,
            source=Source.API,
            expected_state=expected_state,
            **fields,
        )
        return self._shown(updated)

    # --- Transitions, history, documents ---------------------------------------

    @extend_schema(
        summary="Transitions the caller may fire now, with the inputs each reads",
        responses={200: CaseTransitionOptionSerializer(many=True), **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        available = set(services.available_case_transitions(request.user, case))
        options = [
            {
                "name": name,
                "label": str(services.CASE_TRANSITION_LABELS[name]),
                "inputs": list(services.CASE_TRANSITION_INPUTS.get(name, ())),
            }
            # In the lifecycle's order, whatever order the state machine lists them in.
            for name in services.CASE_TRANSITIONS
            if name in available
        ]
        return Response(CaseTransitionOptionSerializer(options, many=True).data)

    @extend_schema(
        operation_id="cases_transitions_fire",
        summary="Fire a transition",
        description=(
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
        ),
        parameters=[_transition_name_parameter(services.CASE_TRANSITIONS)],
        request=CaseTransitionRequest,
        responses={200: CaseDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[^/]+)")
    def fire(self, request: Request, name: str, pk: str | None = None) -> Response:
        case = self.get_object()
        if name not in services.CASE_TRANSITIONS:
            raise NotFound(gettext("Action inconnue : « %(name)s ».") % {"name": name})
        body = CaseTransitionRequest(data=request.data)
        body.is_valid(raise_exception=True)
        changed = services.fire_case_transition(
            case=case,
            name=name,
            by=request.user,
            source=Source.API,
            data=dict(body.validated_data),
        )
        return self._shown(changed)

    @extend_schema(
        summary="Every change and refused attempt on the case and its referrals, oldest first",
        responses={200: CaseHistoryRowSerializer(many=True), **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        return Response(CaseHistoryRowSerializer(_case_history(case), many=True).data)

    @extend_schema(
        summary="The case's documents",
        description=(
            "The pieces attached to the case (identity scans and others), newest first, "
            "each as version 1: an uploaded piece is never replaced."
        ),
        responses={200: AttachmentSerializer(many=True), **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def documents(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        context = {"request": request}
        generated = StoredDocumentSerializer(documents_of(case), many=True, context=context)
        pieces = AttachmentSerializer(attachments_of(case), many=True, context=context)
        return Response([*generated.data, *pieces.data])

    @extend_schema(
        operation_id="cases_documents_download",
        summary="Download one of the case's documents",
        parameters=[
            OpenApiParameter("document", OpenApiTypes.INT, OpenApiParameter.PATH),
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY),
            **error_responses(401, 404),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document>[0-9]+)/download",
        url_name="document-download",
        content_negotiation_class=AnyAccept,
    )
    def document_download(
        self, request: Request, document: str, pk: str | None = None
    ) -> FileResponse:
        case = self.get_object()
        attachment = attachments_of(case).filter(pk=document).first()
        if attachment is None:
            raise Http404
        return attachment_response(attachment)

    @extend_schema(
        summary="Attach a file to the case (its caseworker)",
        description=(
            "Identity scans and other pieces. The type is read from the content (PDF, JPEG, "
            "PNG); empty, oversized or other files are refused with the reason on `file`."
        ),
        request={"multipart/form-data": CaseAttachmentUpload},
        responses={201: AttachmentSerializer, **error_responses(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        check_may_attach(owner=case, by=request.user, source=Source.API)
        body = CaseAttachmentUpload(data=request.data)
        body.is_valid(raise_exception=True)
        attachment = attach(
            owner=case,
            kind=body.validated_data["kind"],
            upload=body.validated_data["file"],
            by=request.user,
            source=Source.API,
        )
        data = AttachmentSerializer(attachment, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)

    # --- The work on the case --------------------------------------------------

    @extend_schema(
        summary="Write the assessment (the case's caseworker, during the assessment)",
        description="Fields left out keep their value.",
        request=AssessmentSerializer,
        responses={200: AssessmentSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["put"])
    def assessment(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        _refuse_and_record_unless(
            access.can_work(request.user, case), case, request.user, "assessment"
        )
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
        _refuse_and_record_unless(
            access.can_work(request.user, case), case, request.user, "plan_item"
        )
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
        _refuse_and_record_unless(
            access.can_work(request.user, case), case, request.user, "referral"
        )
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
        _refuse_and_record_unless(
            access.can_work(request.user, case), case, request.user, "follow_up"
        )
        body = FollowUpSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        follow_up = services.follow_up_record(
            case=case,
            by=request.user,
            source=Source.API,
            visit_date=body.validated_data["visit_date"],
            answers=body.validated_data["answers"],
            notes=body.validated_data.get("notes", ""),
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
        _refuse_and_record_unless(
            access.can_supervise(request.user, case), case, request.user, "assign"
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


# --- Referrals ------------------------------------------------------------------


class ReferralFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReferralStatus.choices, required=False)
    overdue = serializers.BooleanField(
        required=False, help_text="`true`: only referrals still waiting after their due date."
    )
    case = serializers.IntegerField(required=False, help_text="Case id.")


class ReferralTransitionRequest(serializers.Serializer):
    outcome = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="`complete`: what was delivered."
    )
    delivered_on = serializers.DateField(
        required=False, allow_null=True, help_text="`complete`: when (today by default)."
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="`decline`: the provider's reason."
    )
    expected_state = StateField(
        choices=ReferralStatus.choices,
        required=False,
        help_text=(
            "The referral status the caller saw; if it changed since, the answer is 409 and "
            "nothing happens."
        ),
    )


@extend_schema_view(
    list=extend_schema(
        summary="Referrals of the cases the caller may see, by due date",
        parameters=[ReferralFilters],
        responses={200: ReferralSerializer(many=True), **error_responses(400, 401)},
    ),
    retrieve=extend_schema(responses={200: ReferralSerializer, **error_responses(401, 404)}),
)
class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ReferralSerializer
    queryset = Referral.objects.none()  # the model, for the schema; rows come from access

    def get_queryset(self) -> QuerySet[Referral]:
        if getattr(self, "swagger_fake_view", False):
            return Referral.objects.none()
        return access.referrals_visible_to(self.request.user).select_related("case", "created_by")

    def filter_queryset(self, queryset: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
        if self.action != "list":
            return queryset
        filters = ReferralFilters(data=_given(self.request))
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        if "status" in wanted:
            queryset = queryset.filter(status=wanted["status"])
        if "case" in wanted:
            queryset = queryset.filter(case_id=wanted["case"])
        if wanted.get("overdue") is True:
            queryset = queryset.filter(selectors.overdue_referral_filter())
        elif wanted.get("overdue") is False:
            queryset = queryset.exclude(selectors.overdue_referral_filter())
        return queryset

    @extend_schema(
        summary="Transitions the caller may fire now on the referral",
        responses={200: TransitionOptionSerializer(many=True), **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        referral = self.get_object()
        options = [
            {"name": name, "label": str(label)}
            for name, label in REFERRAL_TRANSITIONS.items()
            if can_proceed(getattr(referral, name))
            and access.can_fire_referral(request.user, referral, name)
        ]
        return Response(TransitionOptionSerializer(options, many=True).data)

    @extend_schema(
        operation_id="referrals_transitions_fire",
        summary="Fire a referral transition (the case's caseworker)",
        description=(
            "`accept` and `decline` (with the provider's `note`) a sent referral; "
            "`complete` an accepted one with its `outcome` and `delivered_on`."
        ),
        parameters=[_transition_name_parameter(REFERRAL_TRANSITIONS)],
        request=ReferralTransitionRequest,
        responses={200: ReferralSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[^/]+)")
    def fire(self, request: Request, name: str, pk: str | None = None) -> Response:
        referral = self.get_object()
        if name not in REFERRAL_TRANSITIONS:
            raise NotFound(gettext("Action inconnue : « %(name)s ».") % {"name": name})
        body = ReferralTransitionRequest(data=request.data)
        body.is_valid(raise_exception=True)
        changed = services.referral_transition(
            referral=referral,
            name=name,
            by=request.user,
            source=Source.API,
            outcome=body.validated_data["outcome"],
            note=body.validated_data["note"],
            delivered_on=body.validated_data.get("delivered_on"),
            expected_state=body.validated_data.get("expected_state"),
        )
        return Response(ReferralSerializer(changed).data)


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
        _refuse_unless(access.can_register(request.user))
        return super().list(request, *args, **kwargs)
