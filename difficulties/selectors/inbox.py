"""The register's work waiting on people, as the inbox shows it (`config.work`): read
from the states (`status`, `status_since`, indexed), one query whatever the rows, with
no task rows kept beside them (docs/difficulties.md « Work waiting on people »).

- the focal point of an embassy: the phone-only reports of its jurisdiction to confirm
  (a call), the reported ones to qualify, the qualified and unresolved ones to refer
  (or answer), the referred ones whose answer is to be written, the resolved ones to
  close;
- a programme officer: the same for the reports no embassy covers (the ministry's
  desk), and every overdue referral, whichever the embassy (escalated to it);
- nobody else (auditors read, never act)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from accounts.work import FIRST_ITEMS, Window, WorkItem, action_anchor
from difficulties import access
from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty
from difficulties.transitions import DifficultyTransition as D
from processes.pages import url_for_each
from registry.access import focal_embassies

S = DifficultyStatus
SOURCE = "difficulty"


def _handled_work() -> Q:
    """The states where a report waits on those who handle it."""
    return Q(status=S.UNCONFIRMED, email="") | Q(
        status__in=[S.REPORTED, S.QUALIFIED, S.REFERRED, S.UNRESOLVED, S.RESOLVED]
    )


def overdue() -> Q:
    """Referred, and past the due date."""
    return Q(status=S.REFERRED, due_date__lt=timezone.localdate())


def difficulties_waiting_on(user: AnyUser) -> QuerySet[Difficulty]:
    """The reports whose next step is `user`'s (none for whoever handles none)."""
    scope = Q(pk__in=[])
    if access.is_officer(user):
        scope |= (Q(embassy__isnull=True) & _handled_work()) | overdue()
    if access.is_focal_point(user):
        scope |= Q(embassy__in=focal_embassies(user)) & _handled_work()
    return Difficulty.objects.filter(scope)


def task_of(difficulty: Difficulty) -> tuple[str, str]:
    """What comes next on `difficulty` (one of `difficulties_waiting_on`): the transition
    (the anchor of its form on the report's page) and its label."""
    status = difficulty.status
    if status == S.UNCONFIRMED:
        return D.CONFIRM, _("Appeler le déclarant et confirmer le signalement")
    if status == S.REPORTED:
        return D.QUALIFY, _("Qualifier le signalement")
    if status == S.QUALIFIED:
        return D.REFER, _("Transmettre à l'administration ou répondre")
    if status == S.UNRESOLVED:
        return D.REFER, _("Non résolue : transmettre à nouveau ou clôturer")
    if status == S.RESOLVED:
        return D.CLOSE, _("Clôturer le signalement résolu")
    if difficulty.overdue:
        return D.ANSWER, _("Transmission en retard : relancer l'administration")
    return D.ANSWER, _("Enregistrer la réponse de l'administration")


def work_items(user: AnyUser, window: Window = FIRST_ITEMS) -> list[WorkItem]:
    """`user`'s waiting work on the register in `window` of the inbox's order: one query
    at most."""
    if not user.is_authenticated or not (access.is_officer(user) or access.is_focal_point(user)):
        return []
    detail = url_for_each("difficulties:detail")
    items = []
    for difficulty in window.rows(difficulties_waiting_on(user), "status_since", SOURCE):
        task, label = task_of(difficulty)
        since = difficulty.status_since
        assert since is not None  # set at creation
        items.append(
            WorkItem(
                process=SOURCE,
                object_id=difficulty.pk,
                task=str(task),
                label=label,
                since=since,
                url=f"{detail(difficulty.pk)}#{action_anchor(task)}",
                reference=difficulty.tracking_code,
                title=str(difficulty.get_category_display()),
                source=SOURCE,
                source_id=difficulty.pk,
            )
        )
    return window.cut(items)
