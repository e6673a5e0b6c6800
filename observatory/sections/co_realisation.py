"""The dashboard's co-realisation section: the proposals by status, place and sector,
the grant against each call's envelope, the time spent in each stage, who waits
longest, the evaluators' open reviews, and the diaspora's leverage."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.formatting import format_date, format_decimal, format_xof
from observatory.access import Scope
from observatory.charts import (
    bar_chart,
    count_text,
    days_text,
    grouped_chart,
    money_text,
)
from observatory.filters import StatsFilters
from observatory.sections.base import (
    Breakdown,
    Figure,
    Names,
    Section,
    breakdown_charts,
    labels_of,
    prefectures,
    regions,
)
from observatory.stats.proposals import proposal_stats
from registry.models.reference import Sector
from workflows.models import ProposalStatus

STAGES = {
    "screening": gettext_lazy("Recevabilité"),
    "review": gettext_lazy("Évaluation technique"),
    "committee": gettext_lazy("Comité de sélection"),
    "signature": gettext_lazy("Signature de la convention"),
}


BREAKDOWNS = (
    Breakdown(
        "by_status",
        "proposals-status",
        gettext_lazy("Projets par statut"),
        gettext_lazy("Statut"),
        labels_of(ProposalStatus),
        ProposalStatus,
    ),
    Breakdown(
        "by_region",
        "proposals-region",
        gettext_lazy("Projets par région"),
        gettext_lazy("Région"),
        regions,
    ),
    Breakdown(
        "by_prefecture",
        "proposals-prefecture",
        gettext_lazy("Projets par préfecture"),
        gettext_lazy("Préfecture"),
        prefectures,
        long=True,
    ),
    Breakdown(
        "by_sector",
        "proposals-sector",
        gettext_lazy("Projets par secteur"),
        gettext_lazy("Secteur"),
        labels_of(Sector),
    ),
)


def stage_label(code: str) -> str:
    """`screening` → "Recevabilité"; `tranche_2` → "Tranche 2 (de la demande au paiement)"."""
    if code in STAGES:
        return str(STAGES[code])
    number = code.removeprefix("tranche_")
    if number != code and number.isdigit():
        return _("Tranche %(number)s (de la demande au paiement)") % {"number": number}
    return code


def _leverage(leverage: dict[str, Any]) -> Figure:
    per_franc = leverage.get("per_franc")
    return Figure(
        label=_("Effet de levier de la diaspora"),
        value=(
            "—"
            if per_franc is None
            else _("%(n)s FCFA par franc de subvention")
            % {"n": format_decimal(round(per_franc, 2))}
        ),
        detail=_(
            "Apports en numéraire des associations : %(cash)s, pour %(grant)s de subvention "
            "engagée."
        )
        % {
            "cash": format_xof(leverage.get("cash", 0)),
            "grant": format_xof(leverage.get("grant", 0)),
        },
    )


def _waiting(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    status = Names.choice(ProposalStatus)
    return [
        {
            **row,
            "url": reverse("workflows:proposal_detail", args=[row["id"]]),
            "status_label": status(row["status"]),
            "since_text": format_date(
                timezone.localtime(datetime.datetime.fromisoformat(row["since"]))
            ),
            "days_text": days_text(row["days"]),
        }
        for row in rows
    ]


def present(stats: dict[str, Any], names: Names, *, whole_programme: bool = True) -> Section:
    """The section drawn from `proposal_stats`' figures. Who waits longest and the
    evaluators' open reviews are the whole programme's: a jurisdiction has neither."""
    calls = stats.get("calls", [])
    stage_days = stats.get("stage_days", {})
    reviews = stats.get("open_reviews", [])
    evaluators = {row["evaluator"]: row for row in reviews}
    return Section(
        key="co-realisation",
        title=_("Coréalisation"),
        template="observatory/sections/co_realisation.html",
        intro=_("Les projets déposés (brouillons exclus) et leur financement."),
        figures=[
            Figure(_("Projets"), count_text(stats.get("total", 0))),
            Figure(_("Subvention demandée"), money_text(stats.get("requested", 0))),
            Figure(_("Subvention engagée"), money_text(stats.get("committed", 0))),
            Figure(_("Subvention décaissée"), money_text(stats.get("disbursed", 0))),
            _leverage(stats.get("leverage", {})),
        ],
        parts={
            **breakdown_charts(BREAKDOWNS, stats, names, _("Projets")),
            "grant": grouped_chart(
                "proposals-grant",
                _("Subvention et enveloppe de chaque appel"),
                [
                    (
                        _("%(title)s (%(year)s)") % {"title": call["title"], "year": call["year"]},
                        call,
                    )
                    for call in calls
                ],
                [
                    ("envelope", _("Enveloppe")),
                    ("committed", _("Engagé")),
                    ("disbursed", _("Décaissé")),
                    ("left", _("Reste à engager")),
                ],
                heading=_("Appel"),
                fmt=money_text,
            ),
            "stage_days": grouped_chart(
                "proposals-stages",
                _("Jours passés dans chaque étape"),
                [(stage_label(code), days) for code, days in stage_days.items()],
                [("median", _("Médiane")), ("p90", _("90e centile"))],
                heading=_("Étape"),
                fmt=days_text,
                # The number of stays in the table only: the drawing's titles stay short.
                more=[(_("Passages"), lambda days: count_text(days.get("count", 0)))],
            ),
            "waiting": _waiting(stats.get("waiting_longest", [])) if whole_programme else None,
            "reviews": None
            if not whole_programme
            else bar_chart(
                "proposals-reviews",
                _("Évaluations ouvertes par évaluateur"),
                [(row["evaluator"], row["open"]) for row in reviews],
                heading=_("Évaluateur"),
                measure=_("Évaluations ouvertes"),
                label=lambda code: evaluators[code]["name"] or code,
                more=[
                    (_("La plus ancienne"), lambda code: days_text(evaluators[code]["oldest_days"]))
                ],
            ),
        },
    )


def section(scope: Scope, filters: StatsFilters, names: Names) -> Section | None:
    if not scope.sees_programme:
        return None
    return present(proposal_stats(scope, filters), names, whole_programme=scope.whole_programme)
