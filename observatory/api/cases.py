"""`GET /api/v1/stats/cases/`: the reintegration figures of the caller's scope, every
small count masked (`processes.masking`)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from observatory.api.common import filter_parameters, observer_scope, stats_filters
from observatory.stats.cases import case_stats
from processes.api.schema import error_responses
from processes.masking import MASK, SMALL

MASKED_COUNT = {
    "oneOf": [
        {"type": "integer", "minimum": SMALL},
        {"type": "string", "enum": [MASK]},
    ],
    "description": (
        f'A count, or "{MASK}": under {SMALL}, or hidden so that a count under {SMALL} '
        "cannot be recomputed from the others."
    ),
}


@extend_schema_field(MASKED_COUNT)
class MaskedCountField(serializers.Field):
    """An integer of at least 5, or the string "<5" (documentation only)."""

    def to_representation(self, value: Any) -> Any:
        return value


def _counts(help_text: str) -> serializers.DictField:
    return serializers.DictField(child=MaskedCountField(), help_text=help_text)


def _mean(help_text: str) -> serializers.FloatField:
    return serializers.FloatField(
        allow_null=True, help_text=f"{help_text}; null over fewer than {SMALL} cases."
    )


class ReferralFiguresSerializer(serializers.Serializer):
    total = MaskedCountField(help_text="Referrals to the service.")
    completed = MaskedCountField(help_text="Of which completed.")
    completion_rate = serializers.FloatField(
        allow_null=True,
        help_text=f"completed / total (0 to 1); null unless both are shown (at least {SMALL}).",
    )
    overdue = MaskedCountField(help_text="Of which overdue: sent or accepted, their due date past.")


class MeanScoresSerializer(serializers.Serializer):
    economic = _mean("Mean economic score (0 to 1)")
    social = _mean("Mean social score (0 to 1)")
    psychosocial = _mean("Mean psychosocial score (0 to 1)")
    composite = _mean("Mean composite score (0 to 1)")


class RoundMeanScoresSerializer(MeanScoresSerializer):
    round = serializers.IntegerField(help_text="1, 2 or 3: the case's n-th follow-up visit.")
    count = MaskedCountField(help_text="Cases with an n-th follow-up.")


class CaseStatsSerializer(serializers.Serializer):
    """The reintegration figures (documentation of the answer)."""

    total = MaskedCountField(help_text="Cases counted.")
    by_status = _counts("Status code -> cases; every status, the counts add up to `total`.")
    by_region = _counts("Region code -> cases (region of settlement); they add up to `total`.")
    by_return_type = _counts("Return type code -> cases; they add up to `total`.")
    by_host_country = _counts(
        "ISO 3166 code of the country returned from -> cases: every country of an "
        "embassy's jurisdiction (a focal point: of its own), and over the whole programme "
        "every country at least 5 of all cases returned from, the rest under `other`; "
        "they add up to `total`. See docs/observatory.md."
    )
    by_vulnerability = _counts(
        "Vulnerability code -> cases with it. A case may have several, or none: these "
        "do not add up to `total`."
    )
    by_prefecture = _counts(
        "Prefecture code -> cases (`unknown`: none recorded); they add up to `total`. "
        "Absent for focal points and auditors, who see cases at region level only."
    )
    by_prefecture.required = False
    referrals = serializers.DictField(
        child=ReferralFiguresSerializer(), help_text="Assistance service code -> its referrals."
    )
    scores = MeanScoresSerializer(help_text="Mean scores of each case's latest follow-up visit.")
    scores_by_round = RoundMeanScoresSerializer(
        many=True, help_text="Mean scores of the first, second and third follow-up visits."
    )


EMBASSY = OpenApiParameter(
    "embassy",
    OpenApiTypes.STR,
    description=(
        "An embassy, by its code (`paris`): the cases returned from its jurisdiction's countries."
    ),
)
YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="The year of return (2000 to 2100).")


class CaseStatsView(APIView):
    @extend_schema(
        operation_id="stats_cases",
        summary="Reintegration figures",
        description=(
            "Over every returnee case (a focal point: those returned from its "
            "jurisdiction's countries), narrowed by the filters. Aggregates only, nothing "
            f'that identifies a returnee: every count under {SMALL} reads "{MASK}", and '
            "so does any count that would let one be recomputed. For the observatory's "
            "roles: programme officers, committee members, finance officers, cell "
            "supervisors, auditors and focal points."
        ),
        parameters=[YEAR, *filter_parameters("region"), EMBASSY],
        responses={200: CaseStatsSerializer, **error_responses(400, 401, 403)},
        tags=["stats"],
    )
    def get(self, request: Request) -> Response:
        scope = observer_scope(request)
        return Response(case_stats(scope, stats_filters(request)))
