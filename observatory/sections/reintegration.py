"""The dashboard's reintegration section: the returnees' cases counted by status, place,
return type, host country and vulnerability, the referrals by service, and the mean
sustainability scores, overall and by follow-up round (a trend).

Every count under 5 arrives masked ("<5", `observatory.masking`) and every mean over
fewer than 5 cases arrives as None: the section writes them as they are. The
prefectures are shown only to the scopes that see the cases in detail: for the others
`case_stats` does not count them at all.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cases.charts import Visit, score_trend
from cases.choices import AssistanceKind, CaseStatus, Dimension, ReturnType, Vulnerability
from observatory.access import Scope
from observatory.charts import bar_chart, count_text, grouped_chart, score_text, share_text
from observatory.filters import StatsFilters
from observatory.sections.base import Figure, Names, Section
from observatory.stats.cases import NO_PREFECTURE, OTHER_COUNTRIES, case_stats

COMPOSITE = "composite"


def dimension_label(code: str) -> str:
    return _("Composite") if code == COMPOSITE else Names.choice(Dimension)(code)


def country_label(code: str) -> str:
    return _("Autres pays") if code == OTHER_COUNTRIES else Names.country(code)


def prefecture_label(names: Names) -> Any:
    return lambda code: (
        _("Préfecture non précisée") if code == NO_PREFECTURE else names.prefecture(code)
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
    count = _("Dossiers")
    referrals = stats.get("referrals", {})
    service = Names.choice(AssistanceKind)
    rounds = stats.get("scores_by_round", [])
    parts: dict[str, Any] = {
        "by_status": bar_chart(
            "cases-status",
            _("Dossiers par statut"),
            Names.order(CaseStatus, stats.get("by_status", {})),
            heading=_("Statut"),
            measure=count,
            label=Names.choice(CaseStatus),
            ranked=False,
        ),
        "by_region": bar_chart(
            "cases-region",
            _("Dossiers par région d'installation"),
            stats.get("by_region", {}),
            heading=_("Région"),
            measure=count,
            label=names.region,
        ),
        "by_return_type": bar_chart(
            "cases-return-type",
            _("Dossiers par type de retour"),
            Names.order(ReturnType, stats.get("by_return_type", {})),
            heading=_("Type de retour"),
            measure=count,
            label=Names.choice(ReturnType),
            ranked=False,
        ),
        "by_host_country": bar_chart(
            "cases-host-country",
            _("Dossiers par pays de retour"),
            stats.get("by_host_country", {}),
            heading=_("Pays"),
            measure=count,
            label=country_label,
        ),
        "by_vulnerability": bar_chart(
            "cases-vulnerability",
            _("Dossiers par vulnérabilité"),
            stats.get("by_vulnerability", {}),
            heading=_("Vulnérabilité"),
            measure=count,
            label=Names.choice(Vulnerability),
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
    if in_detail and "by_prefecture" in stats:
        parts["by_prefecture"] = bar_chart(
            "cases-prefecture",
            _("Dossiers par préfecture d'installation"),
            stats["by_prefecture"],
            heading=_("Préfecture"),
            measure=count,
            label=prefecture_label(names),
        )
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
