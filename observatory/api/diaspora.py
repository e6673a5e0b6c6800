"""`GET /api/v1/stats/diaspora/`: the diaspora's figures of the caller's scope."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from observatory.api.common import (
    counts_field,
    filter_parameters,
    observer_scope,
    stats_filters,
)
from observatory.stats.diaspora import diaspora_stats
from processes.api.schema import error_responses


class AssociationFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Associations counted (never a rejected one).")
    by_country = counts_field(
        "Country of residence (ISO 3166-1 alpha-2) -> associations, most first."
    )
    by_region = counts_field("Home region code -> associations, most first.")
    by_prefecture = counts_field(
        "Home prefecture code -> associations, most first (those that name none are not in it)."
    )


class CompetenceFiguresSerializer(serializers.Serializer):
    code = serializers.CharField()
    label_fr = serializers.CharField()
    label_en = serializers.CharField()
    count = serializers.IntegerField()


class ExpertFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="Experts counted: those who consented to be listed.")
    by_country = counts_field("Country of residence (ISO 3166-1 alpha-2) -> experts, most first.")
    by_region = counts_field(
        "Home region code -> experts, most first (those that name none are not in it)."
    )
    by_competence = CompetenceFiguresSerializer(
        many=True, help_text="Every competence domain with its experts, most first."
    )


class DiasporaStatsSerializer(serializers.Serializer):
    """The diaspora's figures (documentation of the answer)."""

    associations = AssociationFiguresSerializer()
    experts = ExpertFiguresSerializer()


class DiasporaStatsView(APIView):
    @extend_schema(
        operation_id="stats_diaspora",
        summary="Diaspora figures",
        description=(
            "The associations (rejected ones excepted) and the experts who consented to be "
            "listed, over what the caller's scope counts (a focal point: its jurisdiction's), "
            "narrowed by the home region and the embassy. For the observatory's roles."
        ),
        parameters=filter_parameters("region", "embassy"),
        responses={200: DiasporaStatsSerializer, **error_responses(400, 401, 403)},
        tags=["stats"],
    )
    def get(self, request: Request) -> Response:
        scope = observer_scope(request)
        return Response(diaspora_stats(scope, stats_filters(request)))
