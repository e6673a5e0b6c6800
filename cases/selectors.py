"""Reads of returnee cases that depend on who asks: every one starts from `cases.access`.

Lists are paged newest first with a cursor on the id (one query a page, no COUNT
of what the user may see); what a row shows (its next step, its overdue
referrals) is annotated on the same query, so a page of 5 or 50 cases costs the
same few queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.models import Task

from accounts.roles import Role, has_role
from accounts.types import AnyUser, AuthUser
from accounts.work import WorkItem, action_anchor
from audit.labels import describe
from audit.models import HistoryEntry, Outcome
from cases import access
from cases.flows import CaseFlow
from cases.models import (
    OPEN_CASE_STATUSES,
    Case,
    CaseStatus,
    ClosureReason,
    FollowUp,
    PlanItem,
    Referral,
    ReferralStatus,
)
from cases.routing import OPEN
from cases.services import CASE_TRANSITION_LABELS, REFERRAL_TRANSITION_LABELS
from processes.pages import PAGE_SIZE, Page, decode_cursor, encode_cursor
from registry.selectors import TimelineRow

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
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("region"):
        queryset = queryset.filter(region=filters["region"])
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
    text = (filters.get("q") or "").strip()
    if text:
        condition = Q()
        for word in text.split():
            condition &= (
                Q(reference__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
            )
        queryset = queryset.filter(condition)
    return queryset


def _cursor_id(cursor: str) -> int | None:
    values = decode_cursor(cursor, 1)
    if values is None or not isinstance(values[0], int):
        return None
    return values[0]


def newest_first_page(
    queryset: QuerySet[Case], *, after: str = "", before: str = "", size: int = PAGE_SIZE
) -> Page[Case]:
    """One page of `queryset`, newest first, after or before a cursor: no COUNT, one query."""
    before_id = _cursor_id(before)
    after_id = None if before_id is not None else _cursor_id(after)
    if before_id is not None:
        rows = list(queryset.filter(pk__gt=before_id).order_by("id")[: size + 1])
        has_previous = len(rows) > size
        rows = rows[:size][::-1]
        has_next = True
    else:
        if after_id is not None:
            queryset = queryset.filter(pk__lt=after_id)
        rows = list(queryset.order_by("-id")[: size + 1])
        has_next = len(rows) > size
        rows = rows[:size]
        has_previous = after_id is not None
    if not rows:
        return Page(rows=[])
    return Page(
        rows=rows,
        next_cursor=encode_cursor([rows[-1].pk]) if has_next else "",
        previous_cursor=encode_cursor([rows[0].pk]) if has_previous else "",
    )


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


# --- One case -------------------------------------------------------------------


def case_for_page(user: User, pk: int) -> Case | None:
    """The case with everything its page shows, or None when `user` may not see it."""
    return (
        access.cases_visible_to(user)
        .select_related(
            "region",
            "prefecture",
            "caseworker",
            "created_by",
            "consent_recorded_by",
            "assessment",
            "assessment__updated_by",
        )
        .prefetch_related(
            Prefetch("plan_items", queryset=PlanItem.objects.order_by("target_date", "id")),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("created_by").order_by("due_date", "id"),
            ),
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("visit_date", "id")),
        )
        .filter(pk=pk)
        .first()
    )


def visible_case(user: User, pk: int) -> Case | None:
    """The bare case, when the page only needs to know it is visible."""
    return (
        access.cases_visible_to(user)
        .select_related("region", "prefecture", "caseworker")
        .filter(pk=pk)
        .first()
    )


def open_task_of(case: Case) -> Task | None:
    return (
        Task.objects.filter(process__caseprocess__case=case, status__in=OPEN)
        .order_by("-created")
        .first()
    )


HISTORY_LABELS: dict[str, Any] = {
    **CASE_TRANSITION_LABELS,
    "create": gettext_lazy("Enregistrement du dossier"),
    "record_consent": gettext_lazy("Consentement recueilli"),
    "assign": gettext_lazy("Attribution à un travailleur social"),
    "transfer": gettext_lazy("Transfert à un autre travailleur social"),
    "update": gettext_lazy("Modification de l'accueil"),
    "assessment": gettext_lazy("Évaluation enregistrée"),
    "plan_item": gettext_lazy("Élément ajouté au plan"),
    "plan_item_remove": gettext_lazy("Élément retiré du plan"),
    "referral": gettext_lazy("Orientation envoyée"),
    "follow_up": gettext_lazy("Visite de suivi"),
    "attach": gettext_lazy("Pièce jointe"),
    "document": gettext_lazy("Document généré"),
    "document_failed": gettext_lazy("Échec de la génération d'un document"),
    "regenerate_document": gettext_lazy("Nouvelle version d'un document"),
}
REFERRAL_HISTORY_LABELS: dict[str, Any] = {
    "accept": gettext_lazy("Orientation acceptée"),
    "decline": gettext_lazy("Orientation déclinée"),
    "complete": gettext_lazy("Orientation réalisée"),
}


def _state_label(value: str, states: type[CaseStatus] | type[ReferralStatus]) -> str:
    return str(states(value).label) if value in states.values else value


# What older refusal rows quoted as codes: actions and closure reasons.
LEGACY_CODES: dict[str, Any] = {
    **CASE_TRANSITION_LABELS,
    **REFERRAL_TRANSITION_LABELS,
    **dict(ClosureReason.choices),
}


def case_history(case: Case, referrals: Iterable[Referral] | None = None) -> list[TimelineRow]:
    """The case's history and its referrals', oldest first, refused attempts included."""
    referral_list = list(referrals) if referrals is not None else list(case.referrals.all())
    named = {r.pk: str(r) for r in referral_list}
    case_type = ContentType.objects.get_for_model(Case)
    referral_type = ContentType.objects.get_for_model(Referral)
    entries = (
        HistoryEntry.objects.filter(
            Q(content_type=case_type, object_id=case.pk)
            | Q(content_type=referral_type, object_id__in=list(named))
        )
        .select_related("by")
        .order_by("at", "id")
    )
    rows = []
    for entry in entries:
        if entry.content_type_id == referral_type.pk:
            if entry.action == "send":
                continue  # the case's own "referral" row already says it
            label = REFERRAL_HISTORY_LABELS.get(entry.action, entry.action)
            action = f"{label} — {named.get(entry.object_id, '')}"
            states: Any = ReferralStatus
        else:
            action = str(HISTORY_LABELS.get(entry.action, entry.action))
            states = CaseStatus
        rows.append(
            TimelineRow(
                entry=entry,
                action=action,
                source_state=_state_label(entry.source_state, states),
                target_state=_state_label(entry.target_state, states),
                refused=entry.outcome == Outcome.REFUSED,
                comment=describe(entry, LEGACY_CODES),
            )
        )
    return rows


# --- The inbox ----------------------------------------------------------------

CASEWORKER_NODES = (CaseFlow.assess, CaseFlow.support)
SUPERVISOR_NODES = (CaseFlow.plan_review, CaseFlow.closure_review)


def case_tasks(user: User) -> QuerySet[Task]:
    """Open case-flow tasks this user works: its own steps, or the decisions if supervisor
    (and the caseworker's steps of a case nobody is assigned to: assigning it)."""
    scopes = []
    if has_role(user, Role.CELL_CASEWORKER):
        scopes.append(Q(flow_task__in=CASEWORKER_NODES, owner_id=user.pk))
    if access.is_supervisor(user):
        scopes.append(Q(flow_task__in=SUPERVISOR_NODES))
        scopes.append(Q(flow_task__in=CASEWORKER_NODES, owner__isnull=True))
    if not scopes:
        return Task.objects.none()
    scope = scopes[0]
    for other in scopes[1:]:
        scope |= other
    return (
        Task.objects.filter(
            scope,
            status__in=OPEN,
            process__caseprocess__case__in=access.cases_visible_to(user),
        )
        .select_related("process__caseprocess__case")
        .order_by("created")
    )


def _anchored(case: Case, action: str) -> str:
    return f"{case.get_absolute_url()}#{action_anchor(action)}"


def task_url(case: Case, node: str, unassigned: bool = False) -> str:
    """Where a case-flow task is done: the section of the case's page holding its action."""
    if unassigned:
        return _anchored(case, "assign")
    if node == "assess":
        if case.status == C.REGISTERED:
            if not case.consent_given:
                return reverse("cases:case_edit", args=[case.pk])
            return _anchored(case, "start_assessment")
        return _anchored(case, "assess")
    if node == "plan_review":
        return _anchored(case, "approve_plan")
    if node == "closure_review":
        return _anchored(case, "approve_closure")
    return f"{case.get_absolute_url()}#actions"


def work_items(user: User, limit: int = 200) -> list[WorkItem]:
    """The user's open work on cases, in the inbox's shape: two queries, whatever the rows."""
    items: list[WorkItem] = []
    for task in case_tasks(user)[:limit]:
        case = task.process.caseprocess.case
        node = task.flow_task
        unassigned = node in CASEWORKER_NODES and task.owner_id is None
        label = str(node.task_title)
        if unassigned:
            label = _("Confier le dossier à un travailleur social")
        elif node in CASEWORKER_NODES:
            label = next_step(case)
        items.append(
            WorkItem(
                process="case",
                object_id=case.pk,
                task="assign" if unassigned else node.name,
                label=label,
                since=task.created,
                url=task_url(case, node.name, unassigned),
                reference=case.reference,
                title=case.full_name,
            )
        )
    if has_role(user, Role.CELL_CASEWORKER):
        for referral in overdue_referrals(user, mine_only=True, limit=limit):
            due = datetime.datetime.combine(
                referral.due_date, datetime.time.min, tzinfo=timezone.get_current_timezone()
            )
            items.append(
                WorkItem(
                    process="case",
                    object_id=referral.case_id,
                    task="overdue_referral",
                    label=_("Relancer l'orientation en retard : %(referral)s")
                    % {"referral": referral},
                    since=due,
                    url=f"{referral.case.get_absolute_url()}#referral-{referral.pk}",
                    reference=referral.case.reference,
                    title=referral.case.full_name,
                )
            )
    items.sort(key=lambda item: item.since)
    return items
