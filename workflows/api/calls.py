"""The calls for proposals, with their rules and review grid (read only)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers

from processes.api.schema import error_responses
from processes.api.viewsets import ScopedViewSet
from workflows import access
from workflows.models import (
    Call,
    Criterion,
)
from workflows.models.calls import RULE_FIELDS


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
            *RULE_FIELDS,
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
class CallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = CallSerializer
    queryset = Call.objects.none()  # the model, for the schema; rows come from access

    def rows(self) -> QuerySet[Call]:
        return access.calls_visible_to(self.request.user).prefetch_related("criteria")
