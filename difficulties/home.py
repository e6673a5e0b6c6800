"""The register's part of the home page (« Mon espace »): for focal points, officers
and auditors, a section with the links to its pages (what waits on them is in « Mes
tâches », above; no query of its own)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from difficulties import access
from difficulties.navigation import public_links, staff_links
from registry.selectors import HomeSection


def home_sections(user: AnyUser) -> list[HomeSection]:
    """The register's section of `user`'s home page (none for whoever has no part)."""
    links = staff_links(user)
    if not links:
        return []
    handler = access.is_officer(user) or access.is_focal_point(user)
    return [
        HomeSection(
            title=_("Difficultés signalées"),
            intro=_(
                "Les signalements à confirmer, qualifier, transmettre, répondre ou clôturer "
                "attendent dans « Mes tâches »."
            )
            if handler
            else _("Le registre des difficultés consulaires et administratives, en lecture."),
            more_url=reverse("difficulties:list"),
            actions=[*links[1:], public_links()[-1]],
        )
    ]
