"""`GET /api/v1/stats/proposals/`: the co-realisation figures of the caller's scope."""

from __future__ import annotations

from django.utils.translation import gettext as _
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
from observatory.stats.proposals import proposal_stats
from processes.api.schema import error_responses
from processes.transitions import NotAllowed


def _francs(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(help_text=f"{help_text} (FCFA).")


class CallFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    envelope = _francs("The call's envelope")
    committed = _francs("Grant committed on the call, over the proposals counted")
    disbursed = _francs("Tranches paid, over the proposals counted")
    left = _francs(
        "The envelope less everything committed on the call, over every proposal "
        "(the envelope is the whole programme's)"
    )


class LeverageSerializer(serializers.Serializer):
    cash = _francs("The associations' cash contributions of the proposals whose grant is committed")
    grant = _francs("The grant committed")
    per_franc = serializers.FloatField(
        allow_null=True, help_text="Cash per franc of grant; null when nothing is committed."
    )


class StageSerializer(serializers.Serializer):
    median = serializers.FloatField(allow_null=True, help_text="Days (one decimal); null: none.")
    p90 = serializers.FloatField(allow_null=True, help_text="90th percentile, days; null: none.")
    count = serializers.IntegerField(help_text="The stays counted.")


class WaitingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField(help_text="Status code.")
    since = serializers.DateTimeField(help_text="When it entered its status.")
    days = serializers.FloatField(help_text="Days since then (one decimal).")


class OpenReviewsSerializer(serializers.Serializer):
    evaluator = serializers.CharField(help_text="Username.")
    name = serializers.CharField()
    open = serializers.IntegerField(help_text="Reviews assigned and not filed.")
    oldest_days = serializers.FloatField(help_text="Days since the oldest was assigned.")


class ProposalStatsSerializer(serializers.Serializer):
    """The co-realisation figures (documentation of the answer)."""

    total = serializers.IntegerField(help_text="Proposals counted (never a draft).")
    by_status = counts_field("Status code -> proposals, in the lifecycle's order.")
    by_region = counts_field("Region code -> proposals, most first.")
    by_prefecture = counts_field(
        "Prefecture code -> proposals, most first (those that name no prefecture are not in it)."
    )
    by_sector = counts_field("Sector code -> proposals, most first.")
    requested = _francs("The grant requested: the `state` contributions of the proposals")
    committed = _francs(
        "Of the proposals approved and after, the grant less what termination or closing released"
    )
    disbursed = _francs("The tranches paid")
    calls = CallFiguresSerializer(many=True, help_text="Every call the filters name, newest first.")
    stage_days = serializers.DictField(
        child=StageSerializer(),
        help_text=(
            "Stage -> days spent in it: `screening`, `review`, `committee`, `signature`, then "
            "`tranche_1`, `tranche_2`… (a tranche from its request to its payment)."
        ),
    )
    waiting_longest = WaitingSerializer(
        many=True,
        help_text=(
            "The open proposals waiting on the programme the longest in their status, "
            "longest first; empty for a focal point."
        ),
    )
    open_reviews = OpenReviewsSerializer(
        many=True,
        help_text="Per evaluator, the reviews not filed, most first; empty for a focal point.",
    )
    leverage = LeverageSerializer(help_text="The diaspora's cash mobilised per franc of grant.")


class ProposalStatsView(APIView):
    @extend_schema(
        operation_id="stats_proposals",
        summary="Co-realisation figures",
        description=(
            "Over the proposals the caller may see (a focal point: its jurisdiction's), "
            "drafts excluded, narrowed by the filters. For the observatory's roles: "
            "programme officers, committee members, finance officers, auditors and focal "
            "points (a cell supervisor, who sees no proposal, is refused)."
        ),
        parameters=filter_parameters("call", "year", "region", "embassy"),
        responses={200: ProposalStatsSerializer, **error_responses(400, 401, 403)},
        tags=["stats"],
    )
    def get(self, request: Request) -> Response:
        scope = observer_scope(request)
        if not scope.sees_programme:
            raise NotAllowed(
                _(
                    "Les chiffres de la coréalisation sont réservés aux chargés de programme, "
                    "aux membres du comité, aux agents financiers, aux auditeurs et aux points "
                    "focaux des ambassades."
                )
            )
        return Response(proposal_stats(scope, stats_filters(request)))
