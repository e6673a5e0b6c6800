"""The reports the register's pages show: every read starts from `difficulties.access`.

The register lists the registered reports, and the phone-only ones still waiting for a
handler to call and confirm them (the « à confirmer » filter); a report whose e-mail
link was not followed yet is nobody's work and is not shown. Lists are paged newest
first with a cursor on the id (one query a page, no COUNT); a row's embassy and
administrations are read on the same query.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.types import AnyUser
from difficulties import access
from difficulties.choices import REGISTERED_STATES, DifficultyStatus
from difficulties.codes import normalise_code
from difficulties.models import Difficulty, DifficultyAnswer
from difficulties.transitions import DIFFICULTY_TRANSITIONS
from processes.filters import filter_by
from processes.pages import PAGE_SIZE, Page, newest_first_page
from processes.timeline import TimelineRow, history_timeline

S = DifficultyStatus

# The list's filters, each the lookup it sets (the state, « en retard » and the code
# are read apart).
LOOKUPS = {"category": "category", "country": "country", "embassy": "embassy_id"}

HISTORY_LABELS: dict[str, Any] = {
    **DIFFICULTY_TRANSITIONS.labels(),
    "create": gettext_lazy("Signalement"),
    "attach": gettext_lazy("Pièce jointe"),
    "escalate": gettext_lazy("Retard signalé au ministère"),
    "merged_in": gettext_lazy("Doublon fusionné ici"),
}


def _in_register() -> Q:
    """Registered, or phone-only and waiting for a handler's call."""
    return Q(status__in=REGISTERED_STATES) | Q(status=S.UNCONFIRMED, email="")


def register_reports(user: AnyUser) -> QuerySet[Difficulty]:
    """The reports of the register `user` sees."""
    return access.difficulties_visible_to(user).filter(_in_register())


def overdue() -> Q:
    """Referred and past the due date (`Difficulty.overdue`, as a query)."""
    return Q(status=S.REFERRED, due_date__lt=timezone.localdate())


def filtered(user: AnyUser, filters: Mapping[str, Any]) -> QuerySet[Difficulty]:
    """The reports `user` sees, narrowed by the list's filters: without a state, the
    registered ones; « à confirmer » (`unconfirmed`), the phone-only ones to call."""
    reports = filter_by(register_reports(user), filters, LOOKUPS)
    status = filters.get("status")
    reports = reports.filter(status=status) if status else access.registered(reports)
    if filters.get("overdue"):
        reports = reports.filter(overdue())
    text = (filters.get("q") or "").strip()
    if text:
        code = normalise_code(text)
        if code:
            reports = reports.filter(tracking_code=code)
        else:
            reports = reports.filter(tracking_code__icontains=text[:40])
    return reports


def register_page(
    user: AnyUser,
    filters: Mapping[str, Any],
    *,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> Page[Difficulty]:
    """A page of the register, newest first, with what a row shows."""
    rows = filtered(user, filters).select_related("embassy", "administration", "referred_to")
    return newest_first_page(rows, after=after, before=before, size=size)


def difficulty_for_page(user: AnyUser, pk: int) -> Difficulty | None:
    """The report `pk` if `user` sees it in the register, with what its page shows."""
    return (
        register_reports(user)
        .select_related("embassy", "administration", "referred_to", "recorded_by", "merged_into")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=DifficultyAnswer.objects.select_related("by", "administration"),
            ),
            Prefetch("duplicates", queryset=Difficulty.objects.order_by("created_at", "id")),
        )
        .filter(pk=pk)
        .first()
    )


def difficulty_history(difficulty: Difficulty) -> list[TimelineRow]:
    """The report's history, oldest first, refused attempts included."""
    return history_timeline(
        difficulty, HISTORY_LABELS, DifficultyStatus, DIFFICULTY_TRANSITIONS.labels()
    )
