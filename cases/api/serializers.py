"""The serializers of the case API: the parts of a case, the case, its filters,
its transitions and its history."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from cases.api.fields import (
    SENSITIVE_NOTE,
    AnswersField,
    AssistanceKindField,
    CaseStatusField,
    SurveyAnswersField,
    UsernameField,
    VulnerabilitiesField,
    sees_sensitive,
    without,
)
from cases.models import (
    Assessment,
    Case,
    CaseStatus,
    ClosureReason,
    FollowUp,
    PlanItem,
    Referral,
    SurveyIndicator,
)
from cases.services import ASSESSMENT_FIELDS
from cases.transitions import CASE_TRANSITIONS
from processes.api.fields import (
    CountryCodeField,
    ServiceWrittenSerializer,
    edit_expected_state,
)
from processes.api.history import history_row_serializer
from processes.api.transitions import (
    TransitionOptionWithInputsSerializer,
    transition_request_serializer,
)
from processes.table import MAX_AMOUNT, text_limit
from registry.api.geography import prefecture_code, region_code

# --- Parts of a case ----------------------------------------------------------


class AssessmentSerializer(ServiceWrittenSerializer):
    """The three dimensions of sustainable reintegration. `PUT` changes the fields it
    sends and keeps the others."""

    SENSITIVE = ("psychosocial_answers", "psychosocial_notes")

    economic_answers = AnswersField(required=False)
    social_answers = AnswersField(required=False)
    psychosocial_answers = AnswersField(required=False, help_text=SENSITIVE_NOTE)
    psychosocial_notes = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=text_limit(Assessment, "psychosocial_notes"),
        help_text=SENSITIVE_NOTE,
    )
    updated_by = UsernameField(read_only=True, allow_null=True)

    class Meta:
        model = Assessment
        fields = [*ASSESSMENT_FIELDS, "updated_at", "updated_by"]
        read_only_fields = ["updated_at", "updated_by"]

    def to_representation(self, instance: Assessment) -> dict[str, Any]:
        data = super().to_representation(instance)
        if sees_sensitive(self, instance.case):
            return dict(data)
        return without(data, self.SENSITIVE)


class PlanItemSerializer(ServiceWrittenSerializer):
    kind = AssistanceKindField()
    budget = serializers.IntegerField(min_value=0, max_value=MAX_AMOUNT, help_text="FCFA.")

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
    region = region_code()
    prefecture = prefecture_code(
        help_text="Prefecture code, e.g. `kloto`; it must lie in the region."
    )
    vulnerabilities = VulnerabilitiesField(
        required=False, help_text="Vulnerability codes. " + SENSITIVE_NOTE
    )
    health_notes = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=text_limit(Case, "health_notes"),
        help_text=SENSITIVE_NOTE,
    )
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
    expected_state = edit_expected_state(CaseStatus.choices)

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
        if sees_sensitive(self, instance):
            return dict(data)
        return without(data, self.SENSITIVE)


class CaseDetailSerializer(CaseSerializer):
    """The case with its assessment, plan, referrals and follow-ups."""

    # Made at intake; null only for a case recorded without one.
    assessment = AssessmentSerializer(read_only=True, allow_null=True)
    plan_items = PlanItemSerializer(many=True, read_only=True)
    referrals = ReferralSerializer(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)
    anonymised_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When the returnee's identity was removed (retention or erasure); "
        "the case no longer changes.",
    )

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "assessment",
            "plan_items",
            "referrals",
            "follow_ups",
            "anonymised_at",
        ]


class CaseFilters(serializers.Serializer):
    status = CaseStatusField(required=False)
    region = region_code(required=False, help_text=None)
    caseworker = serializers.CharField(
        required=False, help_text="Username of the caseworker; `none` for unassigned cases."
    )
    overdue = serializers.BooleanField(
        required=False, help_text="`true`: only cases with an overdue referral."
    )


# Its own name keeps the schema's component `CaseTransitionOption`.
class CaseTransitionOptionSerializer(TransitionOptionWithInputsSerializer):
    pass


# The body every case transition reads, built from the table's inputs.
_CaseTransitionBody: Any = transition_request_serializer(CASE_TRANSITIONS)


class CaseTransitionRequest(_CaseTransitionBody):
    # Any text: the service names an unknown reason (and keeps a trace of the refusal).
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=text_limit(Case, "closure_reason"),
        help_text="`request_closure`: one of "
        + ", ".join(f"`{code}`" for code in ClosureReason.values)
        + ".",
    )


class TransferRequest(serializers.Serializer):
    caseworker = serializers.CharField(help_text="Username of the caseworker taking the case.")


CaseHistoryRowSerializer = history_row_serializer(
    "CaseHistoryRowSerializer",
    object_type="`case`, or `referral` for a referral's row.",
    object_id="Id of the case or of the referral.",
)
