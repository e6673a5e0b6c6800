"""The sections of the observatory's dashboard, in the order of the page.

Each section is a function `(scope, filters, names) -> Section | None` (None: nothing
to show this scope) that asks its statistics module for its figures and turns them
into charts, maps and key figures; its template under `templates/observatory/sections/`
draws them. A process that comes (the missions, the difficulties met abroad) adds its
own module here, its function to SECTIONS and its template: the page, its table of
contents and its filters follow.
"""

from __future__ import annotations

from collections.abc import Callable

from observatory.access import Scope
from observatory.filters import StatsFilters
from observatory.sections import co_realisation, diaspora, difficulties, missions, reintegration
from observatory.sections.base import Figure, Names, Section

SectionBuilder = Callable[[Scope, StatsFilters, Names], Section | None]

SECTIONS: tuple[SectionBuilder, ...] = (
    co_realisation.section,
    reintegration.section,
    diaspora.section,
    missions.section,
    difficulties.section,
)


def sections_for(scope: Scope, filters: StatsFilters) -> list[Section]:
    """The sections this scope sees, filtered."""
    names = Names()
    return [section for build in SECTIONS if (section := build(scope, filters, names)) is not None]


__all__ = ["SECTIONS", "Figure", "Names", "Section", "SectionBuilder", "sections_for"]
