"""Returnee cases and referrals brought to any step of their lifecycle through the services.

Plain functions (not fixtures) so the service tests and the API tests build their
cases the same way: `case_in("in_support", caseworker=..., supervisor=...)`, or with
the demo cast acting, `make_case(in_state=CaseStatus.FOLLOW_UP)` and
`make_referral(in_state=ReferralStatus.ACCEPTED)`. Each step is the real service, so
history rows and viewflow tasks exist as in real life.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.models import Source
from cases import services
from cases.models import Case, CaseStatus, Referral, ReferralStatus
from registry.models import Prefecture, Region

SOURCE = Source.WEB
OPEN_TASK = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)

# Every indicator of the demo survey answered; see cases/fixtures/survey_indicators.json.
FULL_ANSWERS = {
    "income": "0.5",
    "employment": "1",
    "debt": "0.5",
    "food_security": "1",
    "housing": "1",
    "services_access": "0.5",
    "documents": "1",
    "network": "0.5",
    "wellbeing": "0.5",
    "belonging": "1",
    "no_remigration": "1",
    "safety": "1",
}


def days(n: int) -> datetime.date:
    """Today plus `n` days (negative: in the past)."""
    return timezone.localdate() + datetime.timedelta(days=n)


def intake(**overrides: Any) -> dict[str, Any]:
    """A valid intake, consent given, with a sensitive part to hide from others."""
    values: dict[str, Any] = {
        "first_name": "Kossi",
        "last_name": "Mensah",
        "sex": "M",
        "birth_year": 1990,
        "phone": "+228 90 11 22 33",
        "return_date": days(-30),
        "returned_from": "LY",
        "return_type": "assisted",
        "region": Region.objects.get(code="plateaux"),
        "prefecture": Prefecture.objects.get(code="kloto"),
        "consent_given": True,
        "vulnerabilities": ["medical"],
        "health_notes": "Blessure à la main mal soignée.",
        "immediate_needs": "Hébergement pour deux semaines.",
    }
    values.update(overrides)
    return values


def new_case(by: User, caseworker: str | None = None, **overrides: Any) -> Case:
    return services.case_create(by=by, source=SOURCE, caseworker=caseworker, **intake(**overrides))


def complete_assessment(case: Case, caseworker: User) -> None:
    services.assessment_save(
        case=case,
        by=caseworker,
        source=SOURCE,
        economic_notes="Ancien maçon ; veut reprendre un chantier.",
        social_notes="Vit chez sa sœur à Kpalimé.",
        psychosocial_notes="Cauchemars fréquents depuis la traversée.",
        psychosocial_answers={"sleep": "poor"},
        skills="Maçonnerie, carrelage.",
        complete=True,
    )


def add_plan_item(case: Case, caseworker: User, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "dimension": "economic",
        "kind": "business",
        "provider": "Chambre des métiers de Kloto",
        "budget": 300_000,
        "target_date": days(60),
        "description": "Outillage de maçon.",
    }
    fields.update(overrides)
    return services.plan_item_add(case=case, by=caseworker, source=SOURCE, **fields)


def add_referral(case: Case, caseworker: User, **overrides: Any) -> Referral:
    fields: dict[str, Any] = {
        "service": "health",
        "provider": "CHR de Kpalimé",
        "due_date": days(14),
        "note": "Consultation en orthopédie.",
    }
    fields.update(overrides)
    return services.referral_create(case=case, by=caseworker, source=SOURCE, **fields)


STEPS = [
    CaseStatus.REGISTERED,
    CaseStatus.ASSESSMENT,
    CaseStatus.PLAN_SUBMITTED,
    CaseStatus.IN_SUPPORT,
    CaseStatus.FOLLOW_UP,
    CaseStatus.CLOSURE_REQUESTED,
    CaseStatus.CLOSED,
]


def advance(case: Case, to: str, caseworker: User, supervisor: User) -> Case:
    """Move `case` forward along the main path until it reaches status `to`."""
    target = STEPS.index(CaseStatus(to))
    while STEPS.index(CaseStatus(case.status)) < target:
        status = case.status
        if status == CaseStatus.REGISTERED:
            case = services.case_start_assessment(case=case, by=caseworker, source=SOURCE)
        elif status == CaseStatus.ASSESSMENT:
            complete_assessment(case, caseworker)
            add_plan_item(case, caseworker)
            case = services.case_submit_plan(case=case, by=caseworker, source=SOURCE)
        elif status == CaseStatus.PLAN_SUBMITTED:
            case = services.case_approve_plan(case=case, by=supervisor, source=SOURCE)
        elif status == CaseStatus.IN_SUPPORT:
            case = services.case_start_follow_up(case=case, by=caseworker, source=SOURCE)
        elif status == CaseStatus.FOLLOW_UP:
            case = services.case_request_closure(
                case=case, by=caseworker, source=SOURCE, reason="plan_achieved"
            )
        elif status == CaseStatus.CLOSURE_REQUESTED:
            case = services.case_approve_closure(case=case, by=supervisor, source=SOURCE)
    return case


def case_in(status: str, *, caseworker: User, supervisor: User, **overrides: Any) -> Case:
    """A new case assigned to `caseworker`, brought to `status`."""
    case = new_case(supervisor, caseworker=caseworker.username, **overrides)
    return advance(case, status, caseworker, supervisor)


def open_tasks(case: Case) -> list[tuple[str, str | None]]:
    """The case's open viewflow tasks as (step name, owner's username)."""
    tasks = Task.objects.filter(process__caseprocess__case=case, status__in=OPEN_TASK)
    return sorted(
        (task.flow_task.name, task.owner.username if task.owner else None)
        for task in tasks.select_related("owner")
    )


def make_case(
    in_state: str = CaseStatus.REGISTERED, *, caseworker: str = "caseworker1", **overrides: Any
) -> Case:
    """A new case of the demo cast's `caseworker`, registered and moved on by the demo
    `supervisor`, brought to `in_state` along the main path."""
    return case_in(
        in_state,
        caseworker=User.objects.get(username=caseworker),
        supervisor=User.objects.get(username="supervisor"),
        **overrides,
    )


# Each referral state and how it is reached from the state before it.
REFERRAL_STEPS: dict[str, tuple[str, dict[str, Any]]] = {
    ReferralStatus.ACCEPTED: (ReferralStatus.SENT, {"name": "accept"}),
    ReferralStatus.DECLINED: (
        ReferralStatus.SENT,
        {"name": "decline", "note": "Le migrant préfère un autre centre."},
    ),
    ReferralStatus.COMPLETED: (
        ReferralStatus.ACCEPTED,
        {"name": "complete", "outcome": "Consultation faite, plâtre posé."},
    ),
}


def make_referral(
    in_state: str = ReferralStatus.SENT, *, case: Case | None = None, **overrides: Any
) -> Referral:
    """A referral of `case` (default: a new case of caseworker1 in support), sent by the
    case's caseworker, who then notes what the provider did until it is in `in_state`."""
    case = case or make_case(CaseStatus.IN_SUPPORT)
    assert case.caseworker is not None, "only an assigned case has referrals"
    referral = add_referral(case, case.caseworker, **overrides)
    steps: list[dict[str, Any]] = []
    state = in_state
    while state != ReferralStatus.SENT:
        state, step = REFERRAL_STEPS[state]
        steps.insert(0, step)
    for step in steps:
        referral = services.referral_transition(
            referral=referral, by=case.caseworker, source=SOURCE, **step
        )
    referral.refresh_from_db()
    return referral
