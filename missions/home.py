"""The volunteering missions' part of the home page (« Mon espace »): a section per role
with its latest needs or missions and the links to its pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from documents.formatting import format_date
from missions import access
from missions.models import Mission, MissionNeed
from missions.navigation import mission_links
from missions.templatetags.missions_nav import MISSION_CSS
from registry.selectors import HomeItem, HomeSection, status_item

User = AnyUser

NEED_CSS = {
    "draft": "text-bg-light border",
    "submitted": "text-bg-warning",
    "published": "text-bg-success",
    "staffed": "text-bg-primary",
    "closed": "text-bg-secondary",
    "cancelled": "text-bg-danger",
}


def _dates(need: MissionNeed) -> str:
    return _("du %(start)s au %(end)s") % {
        "start": format_date(need.starts_on),
        "end": format_date(need.ends_on),
    }


def _need_item(need: MissionNeed) -> HomeItem:
    return status_item(
        need, need.title, f"{need.host.name} · {_dates(need)}", NEED_CSS.get(need.status, "")
    )


def _mission_item(mission: Mission) -> HomeItem:
    need = mission.need
    return status_item(
        mission,
        need.title,
        f"{need.host.name} · {_dates(need)}",
        MISSION_CSS.get(mission.status, ""),
    )


def _actions(user: User) -> list[HomeItem]:
    links = mission_links(user)
    if access.host_ids(user):
        links.insert(0, HomeItem(label=_("Nouvelle demande"), url=reverse("missions:need_create")))
    return links


def _newest_missions(user: User, limit: int) -> list[Mission]:
    return list(
        access.missions_visible_to(user)
        .select_related("need__host")
        .order_by("-status_since", "-pk")[:limit]
    )


def _host_section(user: User, limit: int) -> HomeSection:
    needs = (
        MissionNeed.objects.filter(host_id__in=access.host_ids(user))
        .select_related("host")
        .order_by("-created_at", "-pk")
    )
    return HomeSection(
        title=_("Nos demandes de mission"),
        intro=_("Les demandes de votre établissement, les plus récentes d'abord."),
        items=[_need_item(need) for need in needs[:limit]],
        empty=_("Votre établissement n'a encore déposé aucune demande."),
        more_url=reverse("missions:need_list"),
        actions=_actions(user),
    )


def _expert_section(user: User, limit: int) -> HomeSection:
    return HomeSection(
        title=_("Mes missions de volontariat"),
        intro=_("Vos invitations, candidatures et missions, les plus récentes d'abord."),
        items=[_mission_item(m) for m in _newest_missions(user, limit)],
        empty=_("Aucune mission pour le moment : consultez les missions proposées."),
        more_url=reverse("missions:mission_list"),
        actions=_actions(user),
    )


def _links_section(user: User, *, focal: bool) -> HomeSection:
    """The officers' and the focal points' section: the links to their pages (what
    waits on them is in « Mes tâches », above; no query of its own)."""
    actions = _actions(user)
    if not focal:
        actions.append(
            HomeItem(label=_("Établissements d'accueil"), url=reverse("missions:institution_list"))
        )
    return HomeSection(
        title=_("Missions de nos experts") if focal else _("Missions de volontariat"),
        intro=_("Les comptes d'experts à vérifier attendent dans « Mes tâches ».")
        if focal
        else _(
            "Les demandes à publier, les missions à approuver ou à attester et les "
            "autorisations d'exercer à vérifier attendent dans « Mes tâches »."
        ),
        more_url=reverse("missions:mission_list" if focal else "missions:need_list"),
        actions=actions,
    )


def home_sections(user: User, limit: int = 6) -> list[HomeSection]:
    """The missions' sections of `user`'s home page (none for whoever has no part)."""
    if not user.is_authenticated:
        return []
    if access.reads_everything(user):
        return [_links_section(user, focal=False)]
    sections = []
    if access.host_ids(user):
        sections.append(_host_section(user, limit))
    if access.expert_of(user) is not None:
        sections.append(_expert_section(user, limit))
    if has_role(user, Role.EMBASSY_FOCAL_POINT):
        sections.append(_links_section(user, focal=True))
    return sections
