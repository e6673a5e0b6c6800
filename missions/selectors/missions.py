"""The missions, licences, availability and expert accounts a user sees, as the mission
pages list them: every read starts from `missions.access`.

Lists are paged newest first with a cursor on the id (one query a page, no COUNT of
what the user may see); a row's need, host and expert are read on the same query.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy

from accounts.types import AnyUser
from missions import access
from missions.choices import LicenceStatus, MissionKind, MissionStatus
from missions.models import Availability, Mission, MissionReport, ProfessionalLicence
from missions.transitions import LICENCE_TRANSITIONS, MISSION_TRANSITIONS
from processes.filters import filter_by, searched
from processes.pages import PAGE_SIZE, Page, newest_first_page
from processes.timeline import TimelineRow, history_timeline
from registry.access import embassies_without_focal_point, focal_embassies, is_superuser
from registry.models import Expert

User = AnyUser
M = MissionStatus

# How an expert's « Mes missions » groups its missions, in this order.
EXPERT_GROUPS: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (gettext_lazy("Invitations à accepter ou décliner"), (M.INVITED,)),
    (gettext_lazy("Candidatures en cours"), (M.APPLIED, M.SHORTLISTED, M.SELECTED)),
    (gettext_lazy("Missions approuvées ou en cours"), (M.APPROVED, M.IN_PROGRESS, M.REPORTED)),
    (gettext_lazy("Missions attestées"), (M.CERTIFIED,)),
    (gettext_lazy("Candidatures closes"), (M.DECLINED, M.WITHDRAWN, M.CANCELLED)),
)

MISSION_HISTORY_LABELS: dict[str, Any] = {
    **MISSION_TRANSITIONS.labels(),
    "apply": gettext_lazy("Candidature"),
    "invite": gettext_lazy("Invitation"),
    "attach": gettext_lazy("Pièce jointe"),
    "document": gettext_lazy("Document généré"),
    "document_failed": gettext_lazy("Échec de la génération d'un document"),
    "regenerate_document": gettext_lazy("Nouvelle version d'un document"),
}
LICENCE_HISTORY_LABELS: dict[str, Any] = {
    **LICENCE_TRANSITIONS.labels(),
    "create": gettext_lazy("Dépôt de l'autorisation"),
    "attach": gettext_lazy("Pièce jointe"),
}

# The list's filters, each the lookup it sets.
MISSION_LOOKUPS = {"status": "status", "kind": "need__kind", "host": "need__host_id"}


# --- Missions ----------------------------------------------------------------------


def mission_rows(user: User) -> QuerySet[Mission]:
    """The missions `user` sees, with what a list row shows."""
    return access.missions_visible_to(user).select_related("need", "need__host", "expert")


def mission_page(
    user: User,
    filters: Mapping[str, Any],
    *,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> Page[Mission]:
    """A page of the missions `user` sees, narrowed by the list's filters (the search box
    looks for the expert's name)."""
    rows = searched(
        filter_by(mission_rows(user), filters, MISSION_LOOKUPS),
        filters,
        "expert__first_name",
        "expert__last_name",
        every_word=True,
    )
    return newest_first_page(rows, after=after, before=before, size=size)


def expert_groups(missions: list[Mission]) -> list[tuple[Any, list[Mission]]]:
    """The missions of an expert's page, grouped as « Mes missions » shows them."""
    groups = []
    for label, states in EXPERT_GROUPS:
        shown = [m for m in missions if m.status in states]
        if shown:
            groups.append((label, shown))
    return groups


def mission_for_page(user: User, pk: int) -> Mission | None:
    """The mission `pk` if `user` sees it, with its need, host, expert and reports."""
    return (
        access.missions_visible_to(user)
        .select_related("need", "need__host", "need__region", "expert", "expert__embassy")
        .prefetch_related(
            "need__domains",
            Prefetch(
                "reports", queryset=MissionReport.objects.select_related("filed_by").order_by("id")
            ),
        )
        .filter(pk=pk)
        .first()
    )


def mission_history(mission: Mission) -> list[TimelineRow]:
    """The mission's history, oldest first, refused attempts included."""
    return history_timeline(
        mission, MISSION_HISTORY_LABELS, MissionStatus, MISSION_TRANSITIONS.labels()
    )


def licence_history(licence: ProfessionalLicence) -> list[TimelineRow]:
    return history_timeline(
        licence, LICENCE_HISTORY_LABELS, LicenceStatus, LICENCE_TRANSITIONS.labels()
    )


def licence_status_of(expert: Expert) -> list[ProfessionalLicence]:
    """The expert's licences, checked ones first (what a medical mission's approval reads)."""
    order = {LicenceStatus.CHECKED: 0, LicenceStatus.PENDING: 1, LicenceStatus.REFUSED: 2}
    return sorted(expert.licences.all(), key=lambda licence: order.get(licence.status, 3))


def is_medical(mission: Mission) -> bool:
    return mission.need.kind == MissionKind.MEDICAL


# --- Licences ----------------------------------------------------------------------


def licences_to_check(user: User, limit: int = 100) -> list[ProfessionalLicence]:
    """The pending licences `user` sees, oldest first (an officer's work)."""
    return list(
        access.licences_visible_to(user)
        .filter(status=LicenceStatus.PENDING)
        .select_related("expert")
        .order_by("status_since", "id")[:limit]
    )


def licence_page(
    user: User, *, pending: bool, after: str = "", before: str = "", size: int = PAGE_SIZE
) -> Page[ProfessionalLicence]:
    """A page of the licences `user` sees, newest first; without the pending ones when
    `pending` is False (they are listed apart)."""
    rows = access.licences_visible_to(user).select_related("expert")
    if not pending:
        rows = rows.exclude(status=LicenceStatus.PENDING)
    return newest_first_page(rows, after=after, before=before, size=size)


def licence_for_page(user: User, pk: int) -> ProfessionalLicence | None:
    return (
        access.licences_visible_to(user)
        .select_related("expert", "expert__embassy", "checked_by")
        .filter(pk=pk)
        .first()
    )


# --- Availability and accounts -------------------------------------------------------


def availability_of(expert: Expert) -> list[Availability]:
    return list(Availability.objects.filter(expert=expert).order_by("starts_on", "id"))


def accounts_to_verify(user: User) -> QuerySet[Expert]:
    """The experts whose linked account waits on `user`: a focal point's jurisdiction's;
    for the superuser, those of the embassies no focal point serves."""
    experts = Expert.objects.filter(user__isnull=False, account_verified_at__isnull=True)
    embassies = embassies_without_focal_point() if is_superuser(user) else focal_embassies(user)
    return experts.filter(embassy__in=embassies).select_related("user", "embassy")


def account_to_verify(user: User, pk: int) -> Expert | None:
    return accounts_to_verify(user).filter(pk=pk).first()
