"""The dashboard's reintegration section: the returnees' cases counted by status, place,
return type, host country and vulnerability, the referrals by service, and the mean
sustainability scores, overall and by follow-up round (a trend).

Every count under 5 arrives masked ("<5", `processes.masking`) and every mean over
fewer than 5 cases arrives as None: the section writes them as they are. The
prefectures are shown only to the scopes that see the cases in detail: for the others
`case_stats` does not count them at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.charts import Visit, score_trend
from cases.choices import AssistanceKind, CaseStatus, Dimension, ReturnType, Vulnerability
from observatory.access import Scope
from observatory.charts import bar_chart, count_text, grouped_chart, score_text, share_text
from observatory.filters import StatsFilters
from observatory.sections.base import (
    Breakdown,
    Figure,
    Names,
    Section,
    breakdown_charts,
    labels_of,
    regions,
)
from observatory.stats.cases import NO_PREFECTURE, OTHER_COUNTRIES, case_stats

COMPOSITE = "composite"


def dimension_label(code: str) -> str:
    return _("Composite") if code == COMPOSITE else Names.choice(Dimension)(code)


def country_labels(_names: Names) -> Callable[[str], str]:
    return lambda code: _("Autres pays") if code == OTHER_COUNTRIES else Names.country(code)


def prefecture_labels(names: Names) -> Callable[[str], str]:
    return lambda code: (
        _("Préfecture non précisée") if code == NO_PREFECTURE else names.prefecture(code)
    )


BREAKDOWNS = (
    Breakdown(
        "by_status",
        "cases-status",
        gettext_lazy("Dossiers par statut"),
        gettext_lazy("Statut"),
        labels_of(CaseStatus),
        CaseStatus,
    ),
    Breakdown(
        "by_region",
        "cases-region",
        gettext_lazy("Dossiers par région d'installation"),
        gettext_lazy("Région"),
        regions,
    ),
    # Only for the scopes that see the cases in detail (`case_stats` counts it for no other).
    Breakdown(
        "by_prefecture",
        "cases-prefecture",
        gettext_lazy("Dossiers par préfecture d'installation"),
        gettext_lazy("Préfecture"),
        prefecture_labels,
        long=True,
    ),
    Breakdown(
        "by_return_type",
        "cases-return-type",
        gettext_lazy("Dossiers par type de retour"),
        gettext_lazy("Type de retour"),
        labels_of(ReturnType),
        ReturnType,
    ),
    Breakdown(
        "by_host_country",
        "cases-host-country",
        gettext_lazy("Dossiers par pays de retour"),
        gettext_lazy("Pays"),
        country_labels,
        long=True,
    ),
    Breakdown(
        "by_vulnerability",
        "cases-vulnerability",
        gettext_lazy("Dossiers par vulnérabilité"),
        gettext_lazy("Vulnérabilité"),
        labels_of(Vulnerability),
    ),
)


def round_label(number: int) -> str:
    return {1: _("1re visite"), 2: _("2e visite"), 3: _("3e visite")}.get(
        number, _("Visite %(n)s") % {"n": number}
    )


def _trend(rounds: list[dict[str, Any]]) -> Any:
    return score_trend(
        [
            Visit(tick=round_label(row["round"]), title=round_label(row["round"]), scores=row)
            for row in rounds
        ],
        _("Scores moyens de durabilité par visite de suivi"),
        key="cases-score-trend",
    )


def present(stats: dict[str, Any], names: Names, *, in_detail: bool) -> Section:
    """The section drawn from `case_stats`' figures (already masked)."""
    referrals = stats.get("referrals", {})
    service = Names.choice(AssistanceKind)
    rounds = stats.get("scores_by_round", [])
    parts: dict[str, Any] = {
        **breakdown_charts(
            BREAKDOWNS,
            stats if in_detail else {k: v for k, v in stats.items() if k != "by_prefecture"},
            names,
            _("Dossiers"),
        ),
        "referrals": grouped_chart(
            "cases-referrals",
            _("Orientations par service"),
            [(service(code), figures) for code, figures in referrals.items()],
            [
                ("total", _("Orientations")),
                ("completed", _("Réalisées")),
                ("overdue", _("En retard")),
            ],
            heading=_("Service"),
            more=[
                (
                    _("Taux de réalisation"),
                    lambda figures: share_text(figures.get("completion_rate")),
                )
            ],
        ),
        "scores": bar_chart(
            "cases-scores",
            _("Score moyen de durabilité par dimension"),
            [(code, stats.get("scores", {}).get(code)) for code in [*Dimension.values, COMPOSITE]],
            heading=_("Dimension"),
            measure=_("Score moyen (0 à 1)"),
            label=dimension_label,
            fmt=score_text,
            ranked=False,
        ),
        "trend": _trend(rounds),
        "rounds": grouped_chart(
            "cases-rounds",
            _("Scores moyens par visite de suivi"),
            [(round_label(row["round"]), row) for row in rounds],
            [(code, dimension_label(code)) for code in [*Dimension.values, COMPOSITE]],
            heading=_("Visite"),
            fmt=score_text,
            more=[(_("Dossiers suivis"), lambda row: count_text(row.get("count")))],
        ),
    }
    return Section(
        key="reintegration",
        title=_("Réintégration"),
        template="observatory/sections/reintegration.html",
        intro=(
            _("Les dossiers des personnes de retour, en chiffres agrégés.")
            if in_detail
            else _(
                "Les dossiers des personnes de retour, en chiffres agrégés, au niveau des régions."
            )
        ),
        figures=[Figure(_("Dossiers"), count_text(stats.get("total", 0)))],
        parts=parts,
    )


def section(scope: Scope, filters: StatsFilters, names: Names) -> Section:
    return present(case_stats(scope, filters), names, in_detail=scope.cases_in_detail)
