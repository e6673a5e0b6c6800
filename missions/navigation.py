"""The volunteering missions' pages a user can use: one « Missions » entry of the main
navigation, named for the user's role, and the pages under it (the home page may list
them too)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from missions import access
from registry.access import is_superuser
from registry.selectors.home import HomeItem


def menu_label(user: AnyUser) -> str:
    """What the navigation's entry says to `user`."""
    if access.reads_everything(user):
        return _("Missions")
    if access.host_ids(user):
        return _("Nos demandes")
    if access.expert_of(user) is not None:
        return _("Mes missions")
    return _("Missions")


def mission_links(user: AnyUser) -> list[HomeItem]:
    """The mission pages `user` can use, the needs first; none for whoever has none."""
    if not user.is_authenticated:
        return []
    everything = access.reads_everything(user)
    host = bool(access.host_ids(user))
    expert = access.expert_of(user) is not None
    focal = has_role(user, Role.EMBASSY_FOCAL_POINT)
    links = []
    if everything or host or expert or focal:
        needs = (
            _("Nos demandes")
            if host
            else _("Missions proposées")
            if expert and not everything
            else _("Demandes de mission")
        )
        missions = (
            _("Mes missions")
            if expert and not everything
            else _("Missions sur nos demandes")
            if host and not everything
            else _("Missions de nos experts")
            if focal and not everything
            else _("Toutes les missions")
        )
        links += [
            HomeItem(label=needs, url=reverse("missions:need_list")),
            HomeItem(label=missions, url=reverse("missions:mission_list")),
        ]
    if host and not everything:
        links += [
            HomeItem(
                label=_("Notre établissement"),
                url=reverse("missions:institution_detail", args=[pk]),
            )
            for pk in sorted(access.host_ids(user))
        ]
    if expert:
        links += [
            HomeItem(label=_("Mes disponibilités"), url=reverse("missions:availability")),
            HomeItem(label=_("Mes autorisations d'exercer"), url=reverse("missions:licence_list")),
        ]
    elif everything:
        links.append(
            HomeItem(label=_("Autorisations d'exercer"), url=reverse("missions:licence_list"))
        )
    if focal or is_superuser(user):
        links.append(
            HomeItem(
                label=_("Comptes d'experts à vérifier"), url=reverse("missions:expert_accounts")
            )
        )
    return links
