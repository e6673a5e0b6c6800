"""The dashboard's « Difficultés à l'étranger » section: the consular and administrative
difficulties registered by category, state, country of residence and administration,
the open ones and the overdue referrals, the median delays to answer and to resolve,
and the share the reporters said resolved.

Every count arrives masked ("<5", `processes.masking`) and every median over fewer
than 5 reports as None: the section writes them as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from difficulties.choices import Category, DifficultyStatus
from observatory.access import Scope
from observatory.charts import count_text, days_text, grouped_chart, share_text
from observatory.filters import StatsFilters
from observatory.sections.base import Breakdown, Figure, Names, Section, labels_of
from observatory.sections.missions import country_labels
from observatory.stats.difficulties import NO_ADMINISTRATION, difficulty_stats


def administration_labels(names: dict[str, str]) -> Callable[[Names], Callable[[str], str]]:
    def labels(_names: Names) -> Callable[[str], str]:
        return lambda code: (
            _("Administration non précisée") if code == NO_ADMINISTRATION else names.get(code, code)
        )

    return labels


BREAKDOWNS = (
    Breakdown(
        "by_category",
        "difficulties-category",
        gettext_lazy("Difficultés par catégorie"),
        gettext_lazy("Catégorie"),
        labels_of(Category),
    ),
    Breakdown(
        "by_state",
        "difficulties-state",
        gettext_lazy("Difficultés par état"),
        gettext_lazy("État"),
        labels_of(DifficultyStatus),
        DifficultyStatus,
    ),
    Breakdown(
        "by_country",
        "difficulties-country",
        gettext_lazy("Difficultés par pays de résidence"),
        gettext_lazy("Pays"),
        country_labels,
        long=True,
    ),
)


def _delays_chart(key: str, caption: str, heading: str, rows: list[tuple[str, Any]]) -> Any:
    return grouped_chart(
        key,
        caption,
        rows,
        [("to_answer", _("Jusqu'à la réponse")), ("to_resolve", _("Jusqu'à la résolution"))],
        heading=heading,
        fmt=days_text,
    )


def present(stats: dict[str, Any], names: Names) -> Section:
    """The section drawn from `difficulty_stats`' figures (already masked)."""
    reports, delays, feedback = stats["reports"], stats["delays"], stats["feedback"]
    administrations = stats["administrations"]
    by_administration = Breakdown(
        "by_administration",
        "difficulties-administration",
        _("Difficultés par administration"),
        _("Administration"),
        administration_labels(administrations),
        long=True,
    )
    parts: dict[str, Any] = {
        breakdown.figure: breakdown.chart(reports[breakdown.figure], names, _("Signalements"))
        for breakdown in (*BREAKDOWNS, by_administration)
    }
    category = Names.choice(Category)
    parts["delays_by_category"] = _delays_chart(
        "difficulties-delays-category",
        _("Délais médians par catégorie"),
        _("Catégorie"),
        [(category(code), medians) for code, medians in delays["by_category"].items()],
    )
    parts["delays_by_administration"] = _delays_chart(
        "difficulties-delays-administration",
        _("Délais médians par administration"),
        _("Administration"),
        [
            (administrations.get(code, code), medians)
            for code, medians in delays["by_administration"].items()
        ],
    )
    too_few = _("médiane sur 5 signalements au moins")
    return Section(
        key="difficulties",
        title=_("Difficultés à l'étranger"),
        template="observatory/sections/difficulties.html",
        intro=_(
            "Les difficultés consulaires et administratives signalées par les Togolais de "
            "l'étranger : leur nombre, ce qu'elles concernent, où elles en sont et le temps "
            "mis à y répondre. Les petits nombres sont masqués."
        ),
        figures=[
            Figure(_("Signalements"), count_text(reports["total"])),
            Figure(_("Ouverts"), count_text(stats["open"])),
            Figure(
                _("Transmissions en retard"),
                count_text(stats["overdue"]),
                _("échéance de réponse dépassée"),
            ),
            Figure(_("Jusqu'à la réponse"), days_text(delays["to_answer"]), too_few),
            Figure(_("Jusqu'à la résolution"), days_text(delays["to_resolve"]), too_few),
            Figure(
                _("Résolues selon les déclarants"),
                share_text(feedback["share_resolved"]),
                _("sur %(count)s avis reçus") % {"count": count_text(feedback["total"])},
            ),
        ],
        parts=parts,
    )


def section(scope: Scope, filters: StatsFilters, names: Names) -> Section | None:
    if not scope.sees_difficulties:
        return None
    return present(difficulty_stats(scope, filters), names)
