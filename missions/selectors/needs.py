"""What the needs' pages read: the lists (each role's), one need with what its page
shows, its history, its missions and its ranked candidates; the host institutions.
Every read goes through `missions.access`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from audit.models import HistoryEntry, Outcome
from missions import access
from missions.choices import NeedStatus
from missions.matching import Candidate, needs_for_expert, rank_candidates
from missions.models import HostInstitution, Mission, MissionNeed
from missions.transitions import NEED_TRANSITIONS
from missions.transitions import NeedTransition as N
from processes.filters import filter_by, searched
from processes.pages import Page, keyset_page
from processes.timeline import TimelineRow, history_timeline
from registry.models import Expert

# A list filter's name -> the lookup it sets.
NEED_FILTERS = {"status": "status", "kind": "kind", "region": "region", "host": "host"}
NEED_ORDER = ("-id",)
# The published needs an expert reads: those asking for more of its domains first.
PUBLISHED_ORDER = ("-matching_domains", "starts_on", "id")
INSTITUTION_FILTERS = {"kind": "kind", "region": "region"}
INSTITUTION_ORDER = ("name", "id")
# The needs an institution's page lists (the latest).
INSTITUTION_NEEDS = 25

HISTORY_LABELS: dict[str, Any] = {
    **NEED_TRANSITIONS.labels(),
    "create": gettext_lazy("Création du brouillon"),
    "update": gettext_lazy("Modification"),
    N.SUBMIT: gettext_lazy("Soumission"),
    N.SEND_BACK: gettext_lazy("Renvoi à l'établissement"),
    N.PUBLISH: gettext_lazy("Publication"),
    N.CLOSE: gettext_lazy("Clôture"),
    N.CANCEL: gettext_lazy("Annulation"),
    "apply": gettext_lazy("Candidature"),
    "invite": gettext_lazy("Invitation d'un expert"),
    "attach": gettext_lazy("Pièce jointe"),
}
INSTITUTION_LABELS: dict[str, Any] = {
    "create": gettext_lazy("Inscription"),
    "update": gettext_lazy("Modification"),
}


def uses_needs(user: AnyUser) -> bool:
    """Whether the needs' list is a page of `user`'s: the officers and auditors, the
    hosts, the experts and the focal points (who see what concerns them)."""
    return access.reads_everything(user) or has_role(
        user, Role.HOST_INSTITUTION, Role.DIASPORA_EXPERT, Role.EMBASSY_FOCAL_POINT
    )


def _shown(needs: QuerySet[MissionNeed]) -> QuerySet[MissionNeed]:
    return needs.select_related("host", "region", "prefecture")


def filter_needs(needs: QuerySet[MissionNeed], filters: Mapping[str, Any]) -> QuerySet[MissionNeed]:
    return searched(filter_by(needs, filters, NEED_FILTERS), filters, "title", "discipline")


def need_page(
    user: AnyUser, filters: Mapping[str, Any], *, after: str = "", before: str = ""
) -> Page[MissionNeed]:
    """The needs `user` sees, newest first (a host: its own; a focal point: those of
    its experts' missions; the officers and auditors: all), narrowed by `filters`."""
    needs = filter_needs(_shown(access.needs_visible_to(user)), filters)
    return keyset_page(needs, NEED_ORDER, after=after, before=before)


def published_page(
    expert: Expert, filters: Mapping[str, Any], *, after: str = "", before: str = ""
) -> Page[MissionNeed]:
    """The published needs an expert may apply to, those asking for more of its domains
    first, then the soonest (`missions.matching.needs_for_expert`), narrowed by
    `filters`; each marked `matches` when it asks for one of the expert's domains."""
    needs = needs_for_expert(expert, filter_needs(_shown(MissionNeed.objects.all()), filters))
    page = keyset_page(needs, PUBLISHED_ORDER, after=after, before=before)
    for need in page.rows:
        need.matches = need.matching_domains > 0  # type: ignore[attr-defined]
    return page


def need_for_page(user: AnyUser, pk: int) -> MissionNeed | None:
    """The need `pk` if `user` sees it, with its host, place and domains."""
    return _shown(access.needs_visible_to(user)).prefetch_related("domains").filter(pk=pk).first()


def need_to_act_on(user: AnyUser, pk: int) -> MissionNeed | None:
    """The need `pk` if `user` sees it, with its host (for a write)."""
    return access.needs_visible_to(user).select_related("host").filter(pk=pk).first()


def need_history_entries(user: AnyUser, need: MissionNeed) -> QuerySet[HistoryEntry]:
    """The need's history rows `user` reads (`/history/`), oldest first: refused
    attempts only for those `access.sees_refused_attempts` allows."""
    entries = HistoryEntry.objects.for_object(need).select_related("by").order_by("at", "id")
    if access.sees_refused_attempts(user, need):
        return entries
    return entries.exclude(outcome=Outcome.REFUSED)


def need_timeline(user: AnyUser, need: MissionNeed) -> list[TimelineRow]:
    """The need's history as its page shows it to `user`, oldest first (refused attempts
    as `need_history_entries` allows)."""
    rows = history_timeline(need, HISTORY_LABELS, NeedStatus, NEED_TRANSITIONS.labels())
    if access.sees_refused_attempts(user, need):
        return rows
    return [row for row in rows if not row.refused]


def missions_of_need(user: AnyUser, need: MissionNeed) -> list[Mission]:
    """The missions on `need` that `user` sees (a host and an officer: every candidate;
    an expert: its own; a focal point: its experts'), the newest first."""
    return list(
        access.missions_visible_to(user)
        .filter(need=need)
        .select_related("expert")
        .order_by("-created_at", "-id")
    )


def ranked_candidates(need: MissionNeed, limit: int = 50) -> list[Candidate]:
    """The `limit` best candidates of `need`, as its page and the API show them: none
    unless it is published (a need not yet, or no longer, taking candidates has none)."""
    if need.status != NeedStatus.PUBLISHED:
        return []
    return rank_candidates(need, limit=limit)


def own_mission(user: AnyUser, need: MissionNeed) -> Mission | None:
    """The signed-in expert's candidacy on `need`, if any."""
    expert = access.expert_of(user)
    if expert is None:
        return None
    return Mission.objects.filter(need=need, expert=expert).first()


# --- Host institutions -----------------------------------------------------------------


def institution_page(
    user: AnyUser, filters: Mapping[str, Any], *, after: str = "", before: str = ""
) -> Page[HostInstitution]:
    institutions = access.institutions_visible_to(user).select_related("region", "prefecture")
    institutions = searched(
        filter_by(institutions, filters, INSTITUTION_FILTERS), filters, "name", "city"
    )
    return keyset_page(institutions, INSTITUTION_ORDER, after=after, before=before)


def institution_for_page(user: AnyUser, pk: int) -> HostInstitution | None:
    return (
        access.institutions_visible_to(user)
        .select_related("region", "prefecture", "verified_by")
        .prefetch_related(Prefetch("members", to_attr="member_list"))
        .filter(pk=pk)
        .first()
    )


@dataclass
class InstitutionDetail:
    needs: list[MissionNeed]
    timeline: list[TimelineRow]


def institution_detail(user: AnyUser, institution: HostInstitution) -> InstitutionDetail:
    """The institution's latest needs (those `user` sees, newest first; the needs' list
    filtered on it shows them all) and its history."""
    needs = access.needs_visible_to(user).filter(host=institution).order_by(*NEED_ORDER)
    return InstitutionDetail(
        needs=list(needs[:INSTITUTION_NEEDS]),
        timeline=history_timeline(institution, INSTITUTION_LABELS, NeedStatus),
    )
