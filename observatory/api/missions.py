"""`GET /api/v1/stats/missions/`: the volunteering missions' figures of the caller's
scope, every small count of missions or experts masked (`processes.masking`)."""

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
from observatory.stats.missions import mission_stats
from processes.api.schema import error_responses
from processes.masking import MASK, SMALL
from processes.transitions import NotAllowed


def _masked_counts(help_text: str) -> serializers.DictField:
    return serializers.DictField(child=MaskedCountField(), help_text=help_text)


def _few(help_text: str) -> str:
    return f"{help_text}; null over fewer than {SMALL} missions."


class NeedFiguresSerializer(serializers.Serializer):
    total = MaskedCountField(
        help_text=(
            "Needs counted: never a draft, nor one cancelled before it was submitted. "
            'Masked ("<5") as the missions are when an embassy narrows them (the '
            "filter, a focal point's scope): they are then the needs its experts are on."
        )
    )
    by_kind = _masked_counts(
        "Kind code (`teaching`, `medical`, `technical`) -> needs; every kind (masked with `total`)."
    )
    by_status = _masked_counts(
        "Status code -> needs; every status but `draft` (masked with `total`)."
    )


class MissionFiguresSerializer(serializers.Serializer):
    total = MaskedCountField(help_text="Missions counted, whatever their state.")
    by_status = _masked_counts("Status code -> missions; every status, adding up to `total`.")
    by_kind = _masked_counts("Their need's kind -> missions; every kind, adding up to `total`.")


class SentFiguresSerializer(serializers.Serializer):
    total = MaskedCountField(
        help_text="Experts sent: holding a mission approved, under way, reported or certified."
    )
    by_country = _masked_counts(
        "Country of residence (ISO 3166-1 alpha-2) -> experts sent: every country of an "
        "embassy's jurisdiction (a focal point: of its own), and every country at least "
        f"{SMALL} experts were sent from; the others under `other`. They add up to `total`."
    )


class ReportFiguresSerializer(serializers.Serializer):
    host_reports = MaskedCountField(help_text="The hosts' reports filed.")
    students = serializers.IntegerField(
        allow_null=True, help_text=_few("Students taught, summed from the hosts' reports")
    )
    patients = serializers.IntegerField(
        allow_null=True, help_text=_few("Patients treated, summed from the hosts' reports")
    )
    rating_by_hosts = serializers.FloatField(
        allow_null=True, help_text=_few("The hosts' mean rating (1 to 5)")
    )
    rating_by_experts = serializers.FloatField(
        allow_null=True, help_text=_few("The experts' mean rating (1 to 5)")
    )


class ApprovalFiguresSerializer(serializers.Serializer):
    median = serializers.FloatField(
        allow_null=True,
        help_text=_few("Median days from the application (or invitation) to the approval"),
    )
    count = MaskedCountField(help_text="Missions approved once.")


class MissionStatsSerializer(serializers.Serializer):
    """The volunteering missions' figures (documentation of the answer)."""

    needs = NeedFiguresSerializer()
    missions = MissionFiguresSerializer()
    experts_sent = SentFiguresSerializer()
    reports = ReportFiguresSerializer()
    approval_days = ApprovalFiguresSerializer()


YEAR = OpenApiParameter(
    "year", OpenApiTypes.INT, description="The year the missions start (2000 to 2100)."
)
REGION = OpenApiParameter(
    "region",
    OpenApiTypes.STR,
    description="A region of Togo, by its code (`plateaux`): where the missions take place.",
)
EMBASSY = OpenApiParameter(
    "embassy",
    OpenApiTypes.STR,
    description="An embassy, by its code (`paris`): the missions of its experts.",
)


def missions_scope(request: Request) -> Scope:
    """The caller's scope; 403 in words for an observer who sees no mission (a cell
    supervisor), as for a signed-in user the observatory is not for."""
    scope = observer_scope(request)
    if not scope.sees_missions:
        raise NotAllowed(
            _(
                "Les chiffres du volontariat solidaire sont réservés aux chargés de "
                "programme, aux membres du comité, aux agents financiers, aux auditeurs et "
                "aux points focaux des ambassades."
            )
        )
    return scope


class MissionStatsView(APIView):
    @extend_schema(
        operation_id="stats_missions",
        summary="Volunteering missions figures",
        description=(
            "Over the mission needs (drafts excluded) and the missions the caller's scope "
            "counts (a focal point: its jurisdiction's experts'), narrowed by the filters. "
            f'Aggregates only: every count of missions or experts under {SMALL} reads "{MASK}", '
            "and so does any count that would let one be recomputed. For programme "
            "officers, committee members, finance officers, auditors and focal points (a "
            "cell supervisor is refused)."
        ),
        parameters=[YEAR, REGION, EMBASSY],
        responses={200: MissionStatsSerializer, **error_responses(400, 401, 403)},
        tags=["stats"],
    )
    def get(self, request: Request) -> Response:
        return Response(mission_stats(missions_scope(request), stats_filters(request)))
