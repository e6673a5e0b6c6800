"""The bodies and answers of the lifecycle's endpoints: transitions, reviews, history,
tranches and uploads."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from documents.models import Attachment, AttachmentKind, attachment_kind_choices
from processes.api.fields import BoundedDictField
from processes.api.schema import HistoryRowSerializer
from processes.api.transitions import (
    TransitionOptionWithInputsSerializer,
    transition_request_serializer,
)
from processes.table import text_limit
from workflows import access
from workflows.models import (
    Recommendation,
    Review,
    Tranche,
)
from workflows.transitions import PROPOSAL_TABLE, TRANCHE_TABLE


# The schema's name for a transition option, a proposal's or a tranche's.
class ProposalTransitionOptionSerializer(TransitionOptionWithInputsSerializer):
    pass


ProposalTransitionRequest = transition_request_serializer(PROPOSAL_TABLE)


class ReviewRequest(serializers.Serializer):
    scores = BoundedDictField(
        child=serializers.IntegerField(min_value=0, max_value=5),
        help_text="Criterion code -> score from 0 to 5, for every criterion of the call.",
    )
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=text_limit(Review, "comment")
    )


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
            allow_null=True,
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


TrancheTransitionRequest = transition_request_serializer(TRANCHE_TABLE, status_of="tranche")
