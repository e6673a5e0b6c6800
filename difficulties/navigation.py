"""The register's pages a user can use: the staff's « Difficultés signalées » entry of
the main navigation and the pages under it, and the public pages everyone reaches,
without an account too (the home page lists them as well)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from difficulties import access
from registry.selectors.home import HomeItem


def public_links() -> list[HomeItem]:
    """Report a difficulty, follow a report, the online services: for everyone."""
    return [
        HomeItem(label=_("Signaler une difficulté"), url=reverse("difficulties:report")),
        HomeItem(label=_("Suivre un signalement"), url=reverse("difficulties:tracking_lookup")),
        HomeItem(label=_("Démarches en ligne"), url=reverse("difficulties:online_services")),
    ]


def staff_links(user: AnyUser) -> list[HomeItem]:
    """The register's pages of focal points, officers and auditors (none for others)."""
    if not user.is_authenticated:
        return []
    officer = access.is_officer(user)
    handler = officer or access.is_focal_point(user)
    if not (handler or access.reads_everything(user)):
        return []
    links = [HomeItem(label=_("Difficultés signalées"), url=reverse("difficulties:list"))]
    if handler:
        links.append(
            HomeItem(label=_("Enregistrer un signalement"), url=reverse("difficulties:create"))
        )
    if access.reads_everything(user):
        links.append(
            HomeItem(label=_("Rapports trimestriels"), url=reverse("difficulties:report_list"))
        )
    if officer:
        links.append(
            HomeItem(label=_("Administrations"), url=reverse("difficulties:administration_list"))
        )
    return links
