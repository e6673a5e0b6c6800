"""The dashboard's diaspora section: the associations and the experts (those who
consented to be listed) by country of residence on a world map, by home region on a
map of Togo, and the experts' competence domains ranked."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from observatory.access import Scope
from observatory.charts import TOP, bar_chart, count_text
from observatory.filters import StatsFilters
from observatory.maps import togo_map, world_map
from observatory.sections.base import Figure, Names, Section
from observatory.stats.diaspora import diaspora_stats


def _competences(ranked: list[dict[str, Any]]) -> Any:
    """The domains held by at least one expert, most held first (the `TOP` first drawn,
    then the others as one bar; every domain in the table)."""
    english = (get_language() or "fr").startswith("en")
    labels = {row["code"]: row["label_en" if english else "label_fr"] for row in ranked}
    return bar_chart(
        "experts-competences",
        _("Domaines de compétence des experts"),
        [(row["code"], row["count"]) for row in ranked if row["count"]],
        heading=_("Domaine de compétence"),
        measure=_("Experts"),
        label=lambda code: labels.get(code) or code,
        top=TOP,
    )


def present(stats: dict[str, Any], names: Names) -> Section:
    """The section drawn from `diaspora_stats`' figures."""
    associations = stats.get("associations", {})
    experts = stats.get("experts", {})
    return Section(
        key="diaspora",
        title=_("Diaspora"),
        template="observatory/sections/diaspora.html",
        intro=_(
            "Les associations du registre et les experts qui ont accepté d'y figurer, "
            "par pays de résidence et par région d'origine."
        ),
        figures=[
            Figure(_("Associations"), count_text(associations.get("total", 0))),
            Figure(_("Experts"), count_text(experts.get("total", 0))),
        ],
        parts={
            "associations_world": world_map(associations.get("by_country", {})),
            "experts_world": world_map(experts.get("by_country", {})),
            "associations_togo": togo_map(associations.get("by_region", {})),
            "experts_togo": togo_map(experts.get("by_region", {})),
            "competences": _competences(experts.get("by_competence", [])),
        },
    )


def section(scope: Scope, filters: StatsFilters, names: Names) -> Section:
    return present(diaspora_stats(scope, filters), names)
