"""The solidarity volunteering missions (VSD) in figures: the needs by kind and status,
the missions by status and kind, the experts sent by country of residence, what the
hosts' reports count (students taught, patients treated), the mean ratings, and the
median time from the candidacy to the approval.

Counted in SQL over `observatory.access.needs_in(scope)` and `missions_in(scope)`,
narrowed by the filters (year and region: the need's; embassy: the expert's), in six
queries whatever the number of missions: the needs in one aggregate, the missions in
one, the experts sent grouped by country, the jurisdictions' countries, the reports in
one aggregate, the approval delays grouped by day.

Missions are people: an expert sent from a small country, or on a rare kind of
mission, is identifiable. So every count of missions or experts is masked as the
cases' are (`processes.masking`: under 5, "<5", with complementary suppression),
and a sum, a mean or a median over fewer than 5 missions is not shown (None). The
needs are not masked (a need is an institution's request, published to every
expert), unless an embassy narrows them (its filter, a focal point's scope): they are
then the needs its experts are on, and masked as the missions are.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate

from missions.choices import HOLDING_STATES, MissionKind, MissionStatus, NeedStatus, ReportAuthor
from missions.models import Mission, MissionNeed, MissionReport
from observatory.access import Scope, missions_in, needs_in
from observatory.filters import StatsFilters
from observatory.stages import TENTHS_PER_DAY, DaysBetween, summary
from processes.masking import SMALL, mask_counts, mask_partitions, masked_count, masked_mean
from registry.models import Jurisdiction

# The experts sent from a country neither of an embassy's jurisdiction nor sent at
# least SMALL times.
OTHER_COUNTRIES = "other"
# The states a need is counted in (never a draft).
NEED_STATES = [status for status in NeedStatus.values if status != NeedStatus.DRAFT]


def _counts(field: str, codes: list[str]) -> dict[str, Count]:
    """A filtered count per code of `field`, named `field__code`."""
    return {f"{field}__{code}": Count("pk", filter=Q(**{field: code})) for code in codes}


def _read(field: str, codes: list[str], figures: dict[str, int]) -> dict[str, int]:
    return {code: figures[f"{field}__{code}"] for code in codes}


def _needs(needs: QuerySet[MissionNeed], *, of_experts: bool) -> dict[str, Any]:
    """The needs by kind and by status, every code listed (one query); masked as the
    missions are when `of_experts`: the needs some embassy's experts are on."""
    figures = needs.order_by().aggregate(
        total=Count("pk"),
        **_counts("kind", MissionKind.values),
        **_counts("status", NEED_STATES),
    )
    partitions = {
        "by_kind": _read("kind", MissionKind.values, figures),
        "by_status": _read("status", NEED_STATES, figures),
    }
    if not of_experts:
        return {"total": figures["total"], **partitions}
    total, masked = mask_partitions(partitions, figures["total"])
    return {"total": total, **masked}


def _missions(missions: QuerySet[Mission]) -> dict[str, Any]:
    """The missions by status and by their need's kind, masked together (one query)."""
    figures = missions.order_by().aggregate(
        total=Count("pk"),
        **_counts("status", MissionStatus.values),
        **_counts("need__kind", MissionKind.values),
    )
    total, masked = mask_partitions(
        {
            "by_status": _read("status", MissionStatus.values, figures),
            "by_kind": _read("need__kind", MissionKind.values, figures),
        },
        figures["total"],
    )
    return {"total": total, **masked}


def _sent(scope: Scope, filters: StatsFilters, missions: QuerySet[Mission]) -> dict[str, Any]:
    """The experts sent (holding an approved mission, or one under way, reported or
    certified), each once, by country of residence: the countries of the embassies'
    jurisdictions (the scope's, the filter's) always listed, and those at least SMALL
    experts were sent from; the others together under OTHER_COUNTRIES."""
    rows = (
        missions.filter(status__in=HOLDING_STATES)
        .order_by()
        .values_list("expert__country")
        .annotate(n=Count("expert_id", distinct=True))
    )
    jurisdictions = Jurisdiction.objects.all()
    if scope.embassy_ids is not None:
        jurisdictions = jurisdictions.filter(embassy_id__in=scope.embassy_ids)
    if filters.embassy is not None:
        jurisdictions = jurisdictions.filter(embassy_id=filters.embassy.pk)
    by_country = dict.fromkeys(
        sorted({str(country) for country in jurisdictions.values_list("country", flat=True)}), 0
    )
    by_country[OTHER_COUNTRIES] = 0
    total = 0
    for country, n in rows:
        total += n
        code = str(country)
        if code in by_country or n >= SMALL:
            by_country[code] = n
        else:
            by_country[OTHER_COUNTRIES] += n
    masked = mask_counts(by_country, total)
    shown_total = masked.pop("total")
    return {"total": shown_total, "by_country": masked}


def _reports(missions: QuerySet[Mission]) -> dict[str, Any]:
    """What the reports tell (one query): the students taught and patients treated as
    the hosts count them, and the mean rating each side gave."""
    host = Q(author=ReportAuthor.HOST)
    expert = Q(author=ReportAuthor.EXPERT)
    figures = MissionReport.objects.filter(mission__in=missions).aggregate(
        host_reports=Count("pk", filter=host),
        students=Sum("students", filter=host),
        patients=Sum("patients", filter=host),
        host_rating=Sum("rating", filter=host),
        expert_reports=Count("pk", filter=expert),
        expert_rating=Sum("rating", filter=expert),
    )
    enough = figures["host_reports"] >= SMALL
    return {
        "host_reports": masked_count(figures["host_reports"]),
        "students": (figures["students"] or 0) if enough else None,
        "patients": (figures["patients"] or 0) if enough else None,
        "rating_by_hosts": masked_mean(figures["host_rating"], figures["host_reports"]),
        "rating_by_experts": masked_mean(figures["expert_rating"], figures["expert_reports"]),
    }


def _approval_days(missions: QuerySet[Mission]) -> dict[str, Any]:
    """The median days from the candidacy (the application, or the invitation) to the
    approval, over the missions approved once; read off their counts per day."""
    grouped = (
        missions.filter(approved_at__isnull=False)
        .order_by()
        .values(days=DaysBetween(TruncDate("created_at"), TruncDate(F("approved_at"))))
        .annotate(n=Count("*"))
    )
    figures = summary({row["days"] * TENTHS_PER_DAY: row["n"] for row in grouped})
    return {
        "median": figures["median"] if figures["count"] >= SMALL else None,
        "count": masked_count(figures["count"]),
    }


def mission_stats(scope: Scope, filters: StatsFilters) -> dict[str, Any]:
    """The figures of the needs and missions `scope` counts, narrowed by `filters` (see
    the module's docstring and docs/observatory.md, « Missions figures »)."""
    needs = needs_in(scope).filter(filters.for_needs())
    missions = missions_in(scope).filter(filters.for_missions())
    # Narrowed to an embassy (the filter's, a focal point's scope), the needs counted are
    # those its experts are on: a count of people, masked as theirs.
    of_experts = scope.embassy_ids is not None or filters.embassy is not None
    return {
        "needs": _needs(needs, of_experts=of_experts),
        "missions": _missions(missions),
        "experts_sent": _sent(scope, filters, missions),
        "reports": _reports(missions),
        "approval_days": _approval_days(missions),
    }
