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


def _mission_item(mission: Mission, *, with_expert: bool) -> HomeItem:
    need = mission.need
    detail = f"{mission.expert.full_name} · {need.host.name}" if with_expert else need.host.name
    return status_item(
        mission,
        need.title,
        f"{detail} · {_dates(need)}",
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
        .select_related("need__host", "expert")
        .order_by("-status_since", "-pk")[:limit]
    )


def _needs_section(user: User, limit: int) -> HomeSection:
    """The officers' latest changed needs, or a host's latest needs."""
    everything = access.reads_everything(user)
    needs = MissionNeed.objects.select_related("host")
    if everything:
        needs = needs.order_by("-status_since", "-pk")
    else:
        needs = needs.filter(host_id__in=access.host_ids(user)).order_by("-created_at", "-pk")
    actions = _actions(user)
    if everything:
        actions.append(
            HomeItem(label=_("Établissements d'accueil"), url=reverse("missions:institution_list"))
        )
    return HomeSection(
        title=_("Missions de volontariat") if everything else _("Nos demandes de mission"),
        intro=_("Les demandes des établissements d'accueil, les dernières changées d'abord.")
        if everything
        else _("Les demandes de votre établissement, les plus récentes d'abord."),
        items=[_need_item(need) for need in needs[:limit]],
        empty=_("Aucune demande de mission.")
        if everything
        else _("Votre établissement n'a encore déposé aucune demande."),
        more_url=reverse("missions:need_list"),
        actions=actions,
    )


def _missions_section(user: User, limit: int, *, focal: bool) -> HomeSection:
    """The expert's own missions, or (`focal`) those of the focal point's experts."""
    return HomeSection(
        title=_("Missions de nos experts") if focal else _("Mes missions de volontariat"),
        intro=_("Les missions des experts de votre juridiction, les plus récentes d'abord.")
        if focal
        else _("Vos invitations, candidatures et missions, les plus récentes d'abord."),
        items=[_mission_item(m, with_expert=focal) for m in _newest_missions(user, limit)],
        empty=_("Aucun expert de votre juridiction n'est en mission.")
        if focal
        else _("Aucune mission pour le moment : consultez les missions proposées."),
        more_url=reverse("missions:mission_list"),
        actions=_actions(user),
    )


def home_sections(user: User, limit: int = 6) -> list[HomeSection]:
    """The missions' sections of `user`'s home page (none for whoever has no part)."""
    if not user.is_authenticated:
        return []
    if access.reads_everything(user):
        return [_needs_section(user, limit)]
    sections = []
    if access.host_ids(user):
        sections.append(_needs_section(user, limit))
    if access.expert_of(user) is not None:
        sections.append(_missions_section(user, limit, focal=False))
    if has_role(user, Role.EMBASSY_FOCAL_POINT):
        sections.append(_missions_section(user, limit, focal=True))
    return sections
