"""The reintegration plan PDF of a case, issued when a supervisor approves the plan.

The PDF goes into the returnee's file and may be read by anyone who sees the
case, so it never carries the sensitive parts (vulnerabilities, health notes,
psychosocial answers and notes, survey scores): the simplest rule that cannot
leak. `CasesConfig.ready()` registers the producer and the access rules with
`documents`; `case_approve_plan` generates the plan on commit.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.types import AnyUser
from audit.labels import person_name
from audit.models import HistoryEntry, Outcome, Source
from cases import access
from cases.models import Case, CaseStatus, PlanItem
from cases.transitions import CaseTransition
from documents.formatting import format_date_fr
from documents.models import DocumentKind, StoredDocument
from documents.registry import DocumentSpec
from documents.services import generate_or_record_failure, request_document
from processes.transitions import Decision

KIND = DocumentKind.REINTEGRATION_PLAN
TEMPLATE = "documents/reintegration_plan.html"
# Change it whenever the plan's wording, layout or content rules change.
TEMPLATE_VERSION = "reintegration-plan-2026.2"
# Indicative follow-up visits, in months after the plan's approval.
FOLLOW_UP_MONTHS = (3, 6, 12)
PLAN_STATUSES = (
    CaseStatus.IN_SUPPORT,
    CaseStatus.FOLLOW_UP,
    CaseStatus.CLOSURE_REQUESTED,
    CaseStatus.CLOSED,
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def plan_item_data(item: PlanItem) -> dict[str, Any]:
    """A plan item as the plan's embedded JSON and the returnee's data export give it."""
    return {
        "dimension": item.dimension,
        "kind": item.kind,
        "provider": item.provider,
        "budget": item.budget,
        "target_date": item.target_date,
        "description": item.description,
    }


def _fresh(case: Case) -> Case:
    return (
        Case.objects.select_related("region", "prefecture", "caseworker", "consent_recorded_by")
        .prefetch_related("plan_items", "follow_ups")
        .get(pk=case.pk)
    )


def _approval(case: Case) -> HistoryEntry | None:
    return (
        HistoryEntry.objects.for_object(case)
        .filter(action=CaseTransition.APPROVE_PLAN, outcome=Outcome.DONE)
        .select_related("by")
        .order_by("-at", "-id")
        .first()
    )


def plan_spec(case: Case) -> DocumentSpec:
    case = _fresh(case)
    items = list(case.plan_items.all())
    approval = _approval(case)
    approved_at = timezone.localtime(approval.at) if approval else None
    approved_on = approved_at.date() if approved_at else timezone.localdate()
    schedule = [add_months(approved_on, months) for months in FOLLOW_UP_MONTHS]
    visits = [follow_up.visit_date for follow_up in case.follow_ups.all()]
    consent_at = timezone.localtime(case.consent_recorded_at) if case.consent_recorded_at else None
    returnee = {
        "first_name": case.first_name,
        "last_name": case.last_name,
        "sex": case.get_sex_display(),
        "birth_year": case.birth_year,
        "return_date": format_date_fr(case.return_date),
        "returned_from": countries.name(case.returned_from),
        "return_type": case.get_return_type_display(),
        "region": case.region.name,
        "prefecture": case.prefecture.name if case.prefecture else "",
    }
    context = {
        "reference": case.reference,
        "returnee": returnee,
        "caseworker": person_name(case.caseworker),
        "items": [
            {
                "dimension": item.get_dimension_display(),
                "kind": item.get_kind_display(),
                "provider": item.provider,
                "budget": item.budget,
                "target_date": format_date_fr(item.target_date),
                "description": item.description,
            }
            for item in items
        ],
        "budget_total": sum(item.budget for item in items),
        "schedule": [
            {"months": months, "date": format_date_fr(day)}
            for months, day in zip(FOLLOW_UP_MONTHS, schedule, strict=True)
        ],
        "visits": [format_date_fr(day) for day in visits],
        "consent_given": case.consent_given,
        "consent_on": format_date_fr(consent_at) if consent_at else "",
        "consent_by": person_name(case.consent_recorded_by),
        "approved_on": format_date_fr(approved_on),
        "approved_by": person_name(approval.by) if approval else "",
    }
    payload = {
        "schema": "plan-reintegration/1",
        "reference": case.reference,
        "currency": "XOF",
        "returnee": {
            "first_name": case.first_name,
            "last_name": case.last_name,
            "sex": case.sex,
            "birth_year": case.birth_year,
            "return_date": case.return_date,
            "returned_from": str(case.returned_from),
            "return_type": case.return_type,
            "region": case.region.code,
            "prefecture": case.prefecture.code if case.prefecture else None,
        },
        "caseworker": person_name(case.caseworker),
        "plan_items": [plan_item_data(item) for item in items],
        "budget_total": sum(item.budget for item in items),
        "follow_up_schedule": schedule,
        "follow_up_visits": visits,
        "consent": {"given": case.consent_given, "recorded_at": consent_at},
        "approved_at": approved_at,
        "approved_by": person_name(approval.by) if approval else "",
    }
    return DocumentSpec(
        template_name=TEMPLATE,
        template_version=TEMPLATE_VERSION,
        reference=case.reference,
        context=context,
        payload=payload,
    )


def cases_due_a_plan() -> QuerySet[Case]:
    # An anonymised case's plan was deleted with its identity: it is not issued again.
    return Case.objects.filter(status__in=PLAN_STATUSES, anonymised_at__isnull=True)


def request_reintegration_plan(case: Case, by: AnyUser, source: Source | str) -> None:
    """Inside `approve_plan`'s transaction: the plan is due, rendered once it commits."""
    request_document(owner=case, kind=KIND, by=by, source=source)


def generate_reintegration_plan(
    case: Case, by: AnyUser | None, source: Source | str = Source.SYSTEM
) -> StoredDocument | None:
    """Store the case's next plan version; a failure is recorded, never raised.

    The same as the retry button and the commands run (through
    `documents.services.generate_or_record_failure`), at once; `approve_plan` only makes the plan
    due (`request_reintegration_plan`), and `documents.tasks.render_pending` renders it.
    """
    return generate_or_record_failure(owner=case, kind=KIND, by=by, source=source)


def can_see_case(user: AnyUser, case: Case) -> bool:
    return access.cases_visible_to(user).filter(pk=case.pk).exists()


def can_regenerate_plan(user: AnyUser, case: Case) -> Decision:
    decision = access.can_supervise(user, case)
    if not decision:
        return decision
    if case.status not in PLAN_STATUSES:
        return Decision.deny(_("Le plan n'existe qu'une fois approuvé par un superviseur."))
    return Decision.allow()
