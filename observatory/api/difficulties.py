"""`GET /api/v1/stats/difficulties/`: the figures of the consular and administrative
difficulties the caller's scope counts, every small count masked (`processes.masking`)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from observatory.access import Scope
from observatory.api.cases import MaskedCountField
from observatory.api.common import observer_scope, stats_filters
from observatory.stats.difficulties import NO_ADMINISTRATION, difficulty_stats
from processes.api.schema import error_responses
from processes.masking import MASK, SMALL
from processes.transitions import NotAllowed


def _masked_counts(help_text: str) -> serializers.DictField:
    return serializers.DictField(child=MaskedCountField(), help_text=help_text)


def _median(help_text: str) -> serializers.FloatField:
    return serializers.FloatField(
        allow_null=True, help_text=f"{help_text}; null over fewer than {SMALL} reports."
    )


class DifficultyReportFiguresSerializer(serializers.Serializer):
    total = MaskedCountField(help_text="Reports registered (never one awaiting confirmation).")
    by_category = _masked_counts("Category code -> reports; every category, adding up to `total`.")
    by_state = _masked_counts(
        "State code -> reports; every state but `unconfirmed`, adding up to `total`."
    )
    by_country = _masked_counts(
        "Country of residence (ISO 3166-1 alpha-2) -> reports: every country of an "
        "embassy's jurisdiction (a focal point: of its own), and every country at least "
        f"{SMALL} reports came from; the others under `other`. They add up to `total`."
    )
    by_administration = _masked_counts(
        "Administration code -> reports: the administration referred to, else the one "
        f"concerned; every administration listed, `{NO_ADMINISTRATION}` when none is named."
    )


class DifficultyMediansSerializer(serializers.Serializer):
    to_answer = _median("Median days from the registration to the first answer")
    to_resolve = _median("Median days from the registration to the reporter's word 'resolved'")


class DifficultyDelayFiguresSerializer(DifficultyMediansSerializer):
    by_category = serializers.DictField(
        child=DifficultyMediansSerializer(), help_text="Category code -> medians; every category."
    )
    by_administration = serializers.DictField(
        child=DifficultyMediansSerializer(),
        help_text="Administration code -> medians; the administrations handling a report.",
    )


class DifficultyFeedbackFiguresSerializer(serializers.Serializer):
    total = MaskedCountField(help_text="Reports whose reporter said whether it was resolved.")
    resolved = MaskedCountField(help_text="Of these, those the reporter said resolved.")
    share_resolved = serializers.FloatField(
        allow_null=True,
        help_text=f"`resolved / total` (0 to 1); null when either is masked or under {SMALL}.",
    )


class DifficultyStatsSerializer(serializers.Serializer):
    """The difficulties' figures (documentation of the answer)."""

    reports = DifficultyReportFiguresSerializer()
    open = MaskedCountField(help_text="Reports registered and not over (closed, merged, rejected).")
    overdue = MaskedCountField(help_text="Referrals past their due date, still unanswered.")
    feedback = DifficultyFeedbackFiguresSerializer()
    delays = DifficultyDelayFiguresSerializer()
    administrations = serializers.DictField(
        child=serializers.CharField(), help_text="Administration code -> its name."
    )


YEAR = OpenApiParameter(
    "year", OpenApiTypes.INT, description="The year the reports were registered (2000 to 2100)."
)
EMBASSY = OpenApiParameter(
    "embassy",
    OpenApiTypes.STR,
    description="An embassy, by its code (`paris`): the reports it is competent for.",
)


def difficulties_scope(request: Request) -> Scope:
    """The caller's scope; 403 in words for an observer who does not see the register
    (a committee member, a finance officer, a cell supervisor)."""
    scope = observer_scope(request)
    if not scope.sees_difficulties:
        raise NotAllowed(
            _(
                "Les chiffres des difficultés à l'étranger sont réservés aux chargés de "
                "programme, aux auditeurs et aux points focaux des ambassades."
            )
        )
    return scope


class DifficultyStatsView(APIView):
    @extend_schema(
        operation_id="stats_difficulties",
        summary="Difficulties met abroad figures",
        description=(
            "Over the consular and administrative difficulties registered that the "
            "caller's scope counts (a focal point: its jurisdiction's), narrowed by the "
            f'filters. Aggregates only: every count under {SMALL} reads "{MASK}", and so '
            "does any count that would let one be recomputed; no median over fewer than "
            f"{SMALL} reports. For programme officers, auditors and focal points (the "
            "other observers are refused)."
        ),
        parameters=[YEAR, EMBASSY],
        responses={200: DifficultyStatsSerializer, **error_responses(400, 401, 403)},
        tags=["stats"],
    )
    def get(self, request: Request) -> Response:
        return Response(difficulty_stats(difficulties_scope(request), stats_filters(request)))
