"""Associations as a user may see them: lists, history, what awaits verification."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from accounts.work import FIRST_ITEMS, Window, WorkItem, action_anchor
from audit.labels import describe
from audit.models import HistoryEntry
from audit.security import get_visible_or_404
from processes.filters import filter_by, searched
from processes.pages import Page, keyset_page, url_for_each
from processes.timeline import TimelineRow, timeline_row
from registry import access
from registry.models import Association, AssociationStatus, Membership, SectorChoice

User = AnyUser


ASSOCIATION_ORDER = ("name", "id")


def association_rows(user: User) -> QuerySet[Association]:
    """What a table of associations shows, for the associations `user` may see."""
    return (
        access.associations_visible_to(user)
        .select_related("embassy", "home_region", "home_prefecture")
        .prefetch_related("sectors")
    )


def association_for_page(user: User, pk: int) -> Association:
    """The association `pk` with what its page shows; 404 when `user` may not see it."""
    return get_visible_or_404(
        access.associations_visible_to(user).select_related(
            "embassy", "home_region", "home_prefecture"
        ),
        pk=pk,
    )


# What each filter of the list sets.
ASSOCIATION_FILTERS = {
    "status": "status",
    "country": "country",
    "embassy": "embassy",
    "home_region": "home_region",
    "sector": "sectors__code",
}


def filter_associations(
    queryset: QuerySet[Association], filters: Mapping[str, Any]
) -> QuerySet[Association]:
    queryset = filter_by(queryset, filters, ASSOCIATION_FILTERS)
    return searched(queryset, filters, "name", "acronym", "city")


def association_page(
    user: User, filters: Mapping[str, Any], *, after: str = "", before: str = ""
) -> Page[Association]:
    queryset = filter_associations(association_rows(user), filters)
    return keyset_page(queryset, ASSOCIATION_ORDER, after=after, before=before)


ACTION_LABELS = {
    "create": gettext_lazy("Inscription"),
    "update": gettext_lazy("Modification"),
    "verify": gettext_lazy("Vérification"),
    "reject": gettext_lazy("Rejet"),
    "reopen_verification": gettext_lazy("Renvoi en vérification"),
    "add_member": gettext_lazy("Ajout d'un membre"),
    "import": gettext_lazy("Import CSV"),
}


def association_timeline(association: Association) -> list[TimelineRow]:
    """The association's history, oldest first, refused attempts included."""
    entries = HistoryEntry.objects.for_object(association).select_related("by")
    return [
        timeline_row(
            entry,
            ACTION_LABELS.get(entry.action, entry.action),
            AssociationStatus,
            comment=describe(entry),
        )
        for entry in entries
    ]


@dataclass
class AssociationDetail:
    """What the association page shows besides the association itself."""

    sectors: list[SectorChoice]
    memberships: list[Membership]
    timeline: list[TimelineRow]


def association_detail(association: Association, *, with_members: bool) -> AssociationDetail:
    """The association's sectors, history and (for those who may edit it) its members."""
    memberships = (
        list(association.memberships.select_related("user").order_by("user__last_name", "id"))
        if with_members
        else []
    )
    return AssociationDetail(
        sectors=list(association.sectors.all()),
        memberships=memberships,
        timeline=association_timeline(association),
    )


def associations_to_verify(user: User) -> QuerySet[Association]:
    """Registrations `user` is the one to verify: those of its embassies for a focal
    point; for the superuser, those of embassies that have no focal point."""
    embassies = (
        access.embassies_without_focal_point()
        if access.is_superuser(user)
        else access.focal_embassies(user)
    )
    return (
        access.associations_visible_to(user)
        .filter(status=AssociationStatus.PENDING, embassy__in=embassies)
        .select_related("embassy")
    )


def work_items(user: User, window: Window = FIRST_ITEMS) -> list[WorkItem]:
    """The associations `user` is the one to verify (see `associations_to_verify`), in
    `window` of the inbox's order."""
    if not (has_role(user, Role.EMBASSY_FOCAL_POINT) or access.is_superuser(user)):
        return []
    detail = url_for_each("registry:association_detail")
    label = _("Vérifier l'association")
    return window.cut(
        WorkItem(
            process="association",
            object_id=association.pk,
            task="verify",
            label=label,
            since=association.created_at,
            url=f"{detail(association.pk)}#{action_anchor('verify')}",
            reference=association.acronym or association.name,
            title=association.name,
            source="association",
            source_id=association.pk,
        )
        for association in window.rows(associations_to_verify(user), "created_at", "association")
    )
