"""Lists of returnee cases and referrals, for whoever asks: every one starts from
`cases.access`.

Lists are paged newest first with a cursor on the id (one query a page, no COUNT
of what the user may see); what a row shows (its next step, its overdue
referrals) is annotated on the same query, so a page of 5 or 50 cases costs the
same few queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from accounts.roles import Role
from accounts.types import AnyUser, AuthUser
from cases import access
from cases.choices import OPEN_CASE_STATUSES
from cases.flows import CaseFlow
from cases.models import (
    Case,
    CaseStatus,
    FollowUp,
    PlanItem,
    Referral,
    ReferralStatus,
)
from processes.filters import filter_by, searched
from processes.pages import PAGE_SIZE, Page, newest_first_page
from processes.routing import OPEN

User = AnyUser
C = CaseStatus
PENDING_REFERRAL = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
DECISION_STATUSES = (C.PLAN_SUBMITTED, C.CLOSURE_REQUESTED)


def _today() -> datetime.date:
    return timezone.localdate()


def overdue_referral_filter(prefix: str = "") -> Q:
    """Referrals still waiting on a provider after their due date."""
    return Q(**{f"{prefix}status__in": PENDING_REFERRAL, f"{prefix}due_date__lt": _today()})


# --- Next step ----------------------------------------------------------------


def next_step(case: Case, overdue: int = 0) -> str:
    """What should happen next on the case, in the words of the cell."""
    status = case.status
    if status == C.REGISTERED:
        if not case.consent_given:
            return _("Recueillir le consentement, puis commencer l'évaluation")
        return _("Commencer l'évaluation")
    if status == C.ASSESSMENT:
        return _("Compléter l'évaluation et construire le plan")
    if status == C.PLAN_SUBMITTED:
        return _("Décision du superviseur sur le plan")
    if status in (C.IN_SUPPORT, C.FOLLOW_UP) and overdue:
        return _("Relancer les orientations en retard")
    if status == C.IN_SUPPORT:
        return _("Orienter et accompagner, puis passer en suivi")
    if status == C.FOLLOW_UP:
        return _("Visites de suivi, puis demander la clôture")
    if status == C.CLOSURE_REQUESTED:
        return _("Décision du superviseur sur la clôture")
    return _("Aucune (dossier clôturé)")


def _open_tasks() -> QuerySet[Task]:
    return Task.objects.filter(process__caseprocess__case=OuterRef("pk"), status__in=OPEN).order_by(
        "-created"
    )


def _overdue_count() -> Coalesce:
    overdue = (
        Referral.objects.filter(overdue_referral_filter(), case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0))


# --- Lists --------------------------------------------------------------------


def case_rows(user: User) -> QuerySet[Case]:
    """What a table of cases shows, for the cases `user` may see: one query a page."""
    return (
        access.cases_visible_to(user)
        .select_related("region", "prefecture", "caseworker")
        .annotate(
            overdue_referrals=_overdue_count(),
            waiting_since=Subquery(_open_tasks().values("created")[:1]),
        )
    )


def filter_cases(queryset: QuerySet[Case], filters: Mapping[str, Any]) -> QuerySet[Case]:
    queryset = filter_by(queryset, filters, {"status": "status", "region": "region"})
    caseworker = filters.get("caseworker")
    if caseworker == "none":
        queryset = queryset.filter(caseworker__isnull=True)
    elif caseworker:
        queryset = queryset.filter(caseworker__username=caseworker)
    if filters.get("overdue"):
        # `overdue_referrals` is annotated by `case_rows`.
        queryset = queryset.filter(**{"overdue_referrals__gt": 0})
    if filters.get("open_only"):
        queryset = queryset.filter(status__in=OPEN_CASE_STATUSES)
    return searched(queryset, filters, "reference", "first_name", "last_name", every_word=True)


def case_page(
    user: User,
    filters: Mapping[str, Any],
    *,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> Page[Case]:
    """A page of "Mes dossiers" (or of every case, for a supervisor)."""
    page = newest_first_page(
        filter_cases(case_rows(user), filters), after=after, before=before, size=size
    )
    for case in page.rows:
        case.next_step = next_step(case, case.overdue_referrals)  # type: ignore[attr-defined]
    return page


def caseworkers() -> list[AuthUser]:
    """Active caseworkers, for the assignment form and the list's filter."""
    return list(
        get_user_model()
        .objects.filter(groups__name=Role.CELL_CASEWORKER.value, is_active=True)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


# --- Decisions, caseload, overdue referrals -------------------------------------


def decision_queue(user: User, limit: int = 100, *, detailed: bool = True) -> list[Case]:
    """Plans and closures awaiting a supervisor, oldest request first; `detailed` brings
    each case's plan, follow-ups and referrals along (what the queue page shows)."""
    if not access.is_supervisor(user):
        return []
    decision_task = _open_tasks().filter(
        flow_task__in=[CaseFlow.plan_review, CaseFlow.closure_review]
    )
    cases = (
        access.cases_visible_to(user)
        .filter(status__in=DECISION_STATUSES)
        .select_related("region", "prefecture", "caseworker", "assessment")
        .annotate(
            waiting_since=Coalesce(Subquery(decision_task.values("created")[:1]), F("updated_at")),
            overdue_referrals=_overdue_count(),
        )
        .order_by("waiting_since", "id")
    )
    if detailed:
        cases = cases.prefetch_related(
            Prefetch("plan_items", queryset=PlanItem.objects.order_by("target_date", "id")),
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("visit_date", "id")),
            Prefetch("referrals", queryset=Referral.objects.order_by("due_date", "id")),
        )
    return list(cases[:limit])


def overdue_referrals(user: User, *, mine_only: bool = False, limit: int = 200) -> list[Referral]:
    """Referrals past their due date among the cases `user` sees, most late first."""
    referrals = access.referrals_visible_to(user).filter(overdue_referral_filter())
    if mine_only:
        referrals = referrals.filter(case__caseworker_id=user.pk)
    return list(
        referrals.select_related("case", "case__caseworker").order_by("due_date", "id")[:limit]
    )


@dataclass
class CaseloadRow:
    caseworker: AuthUser | None
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    overdue: int = 0

    def count_list(self) -> list[int]:
        return [self.counts.get(status, 0) for status in OPEN_CASE_STATUSES]

    def labelled_counts(self) -> list[tuple[str, int]]:
        """(status label, count) per open status: a cell that names its column."""
        return [(str(status.label), self.counts.get(status, 0)) for status in OPEN_CASE_STATUSES]


def caseload(user: User) -> list[CaseloadRow]:
    """Open cases per status and overdue referrals, per caseworker: three queries."""
    if not access.is_supervisor(user):
        return []
    open_cases = access.cases_visible_to(user).filter(status__in=OPEN_CASE_STATUSES)
    counted = (
        open_cases.order_by()
        .values("caseworker")
        .annotate(
            total=Count("pk"),
            **{str(status): Count("pk", filter=Q(status=status)) for status in OPEN_CASE_STATUSES},
        )
    )
    late = (
        access.referrals_visible_to(user)
        .filter(overdue_referral_filter(), case__status__in=OPEN_CASE_STATUSES)
        .order_by()
        .values("case__caseworker")
        .annotate(n=Count("pk"))
    )
    by_worker: dict[int | None, CaseloadRow] = {}
    for raw in counted:
        values = cast(dict[str, Any], raw)
        row = CaseloadRow(caseworker=None, total=values["total"])
        row.counts = {str(s): values[str(s)] for s in OPEN_CASE_STATUSES}
        by_worker[values["caseworker"]] = row
    late_by_worker: dict[int | None, int] = {
        values["case__caseworker"]: values["n"] for values in late
    }
    people = {u.pk: u for u in caseworkers()}
    missing = [pk for pk in by_worker if pk is not None and pk not in people]
    if missing:
        people.update({u.pk: u for u in get_user_model().objects.filter(pk__in=missing)})
    rows = []
    for pk, person in people.items():
        row = by_worker.get(pk) or CaseloadRow(caseworker=None)
        row.caseworker = person
        row.overdue = late_by_worker.get(pk, 0)
        rows.append(row)
    rows.sort(key=lambda r: (-r.total, str(r.caseworker.get_full_name() if r.caseworker else "")))
    if None in by_worker:
        unassigned = by_worker[None]
        unassigned.overdue = late_by_worker.get(None, 0)
        rows.append(unassigned)
    return rows
