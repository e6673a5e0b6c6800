"""Proposals and tranches brought to any state of their lifecycle through the services.

Plain functions (not fixtures), so every test builds its proposals the way a user
would move them: `make_proposal(in_state=ProposalStatus.APPROVED)`,
`make_tranche(in_state=TrancheStatus.REQUESTED)`. Each step is the real service of
the transition, so history rows, viewflow tasks and tranches exist as in real life.
The people acting are the demo cast: the association's member, `officer`,
`evaluator1` and `evaluator2`, `committee`, `finance`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import Source
from documents.uploads import store_attachment
from registry.models import Association, Prefecture, Region
from workflows import services
from workflows.demo import CALL_TITLE
from workflows.models import Call, Proposal, ProposalStatus, Tranche, TrancheStatus
from workflows.services import BudgetInput, ContributionInput

S = ProposalStatus
T = TrancheStatus
SOURCE = Source.WEB

BUDGET = [
    BudgetInput("Forage et pompe solaire", 12_000_000),
    BudgetInput("Château d'eau", 6_000_000),
    BudgetInput("Formation du comité de gestion", 2_000_000),
]
CONTRIBUTIONS = [
    ContributionInput("association", "cash", 8_000_000),
    ContributionInput("community", "in_kind", 2_000_000),
    ContributionInput("state", "cash", 8_000_000),
    ContributionInput("partner", "cash", 2_000_000),
]
GRANT = 8_000_000
EVALUATORS = ["evaluator1", "evaluator2"]
SCORES = {
    "relevance": 5,
    "community": 4,
    "feasibility": 4,
    "sustainability": 3,
    "budget": 4,
    "diaspora": 5,
}


def user(username: str) -> User:
    return User.objects.get(username=username)


def member_of(association: Association) -> User:
    """The association's first active member (assoc_paris for ARKF, assoc_brussels for DSSB)."""
    member = association.members.filter(is_active=True).order_by("pk").first()
    assert member is not None, f"{association} has no member to act for it"
    return member


def pdf_upload(name: str = "rapport.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf")


def new_proposal(
    by: User | None = None,
    association: Association | None = None,
    budget: list[BudgetInput] = BUDGET,
    contributions: list[ContributionInput] = CONTRIBUTIONS,
    call: Call | None = None,
    **fields: Any,
) -> Proposal:
    """A draft of the demo open call, filed by a member of `association` (default ARKF)."""
    association = association or Association.objects.get(acronym="ARKF")
    values = {
        "title": "Adduction d'eau potable à Kpalimé-Agou",
        "summary": "Un forage, un château d'eau et un comité de gestion.",
        "sector": "water",
        "region": Region.objects.get(code="plateaux"),
        "prefecture": Prefecture.objects.get(code="kloto"),
        "locality": "Kpalimé",
        "local_partner": "Commune de Kloto 1",
        **fields,
    }
    return services.proposal_create(
        by=by or member_of(association),
        source=SOURCE,
        call=call or Call.objects.get(title=CALL_TITLE),
        association=association,
        budget_lines=budget,
        contributions=contributions,
        **values,
    )


def pay_all_tranches(proposal: Proposal) -> None:
    """Request, approve and pay every tranche of a proposal in execution, in order."""
    for tranche in Tranche.objects.filter(proposal=proposal).order_by("number"):
        advance_tranche(tranche, T.PAID)


def attach_final_report(proposal: Proposal) -> None:
    store_attachment(
        owner=proposal,
        upload=pdf_upload("rapport-final.pdf"),
        kind="final_report",
        by=member_of(proposal.association),
        source=SOURCE,
    )


# --- One step per state: how it is reached from the state before it ----------------------


def _file_reviews(proposal: Proposal) -> Proposal:
    for name in EVALUATORS:
        services.review_file(
            proposal=proposal,
            by=user(name),
            source=SOURCE,
            scores=SCORES,
            recommendation="favourable",
        )
    return Proposal.objects.get(pk=proposal.pk)


def _complete(proposal: Proposal) -> Proposal:
    pay_all_tranches(proposal)
    attach_final_report(proposal)
    return services.proposal_complete(proposal=proposal, by=user("officer"), source=SOURCE)


def _officer(function: Callable[..., Proposal], **inputs: Any) -> Callable[[Proposal], Proposal]:
    return lambda p: function(proposal=p, by=user("officer"), source=SOURCE, **inputs)


def _committee(function: Callable[..., Proposal], **inputs: Any) -> Callable[[Proposal], Proposal]:
    return lambda p: function(proposal=p, by=user("committee"), source=SOURCE, **inputs)


def _member(function: Callable[..., Proposal], **inputs: Any) -> Callable[[Proposal], Proposal]:
    return lambda p: function(proposal=p, by=member_of(p.association), source=SOURCE, **inputs)


PROPOSAL_STEPS: dict[str, tuple[str, Callable[[Proposal], Proposal]]] = {
    S.SUBMITTED: (S.DRAFT, _member(services.proposal_submit)),
    S.WITHDRAWN: (S.DRAFT, _member(services.proposal_withdraw, comment="Projet abandonné.")),
    S.RETURNED: (
        S.SUBMITTED,
        _officer(services.proposal_return_for_completion, comment="Joignez le devis du forage."),
    ),
    S.UNDER_REVIEW: (
        S.SUBMITTED,
        _officer(services.proposal_declare_admissible, evaluators=EVALUATORS),
    ),
    S.IN_COMMITTEE: (S.UNDER_REVIEW, _file_reviews),
    S.APPROVED: (S.IN_COMMITTEE, _committee(services.proposal_approve, grant_amount=GRANT)),
    S.REJECTED: (S.IN_COMMITTEE, _committee(services.proposal_reject, comment="Hors priorités.")),
    S.IN_EXECUTION: (S.APPROVED, _officer(services.proposal_sign_agreement)),
    S.SUSPENDED: (S.IN_EXECUTION, _officer(services.proposal_suspend, comment="Audit en cours.")),
    S.TERMINATED: (S.SUSPENDED, _officer(services.proposal_terminate, comment="Fraude avérée.")),
    S.COMPLETED: (S.IN_EXECUTION, _complete),
    S.CLOSED: (
        S.COMPLETED,
        lambda p: services.proposal_close(proposal=p, by=user("finance"), source=SOURCE),
    ),
}


def _path(steps: dict[str, tuple[str, Any]], start: str, to: str) -> list[str]:
    """The states from `start` (excluded) to `to` (included), following `steps` back."""
    states: list[str] = []
    state = to
    while state != start:
        if state not in steps:
            raise ValueError(f"no path from {start} to {to}")
        states.insert(0, state)
        state = steps[state][0]
    return states


def advance(proposal: Proposal, to: str) -> Proposal:
    """Move `proposal` on, through the services, until it is in state `to`."""
    for state in _path(PROPOSAL_STEPS, proposal.status, to):
        proposal = PROPOSAL_STEPS[state][1](proposal)
    proposal.refresh_from_db()
    return proposal


def make_proposal(in_state: str = S.DRAFT, **draft: Any) -> Proposal:
    """A new proposal (see `new_proposal` for `draft`'s keys) brought to state `in_state`."""
    return advance(new_proposal(**draft), in_state)


# --- Tranches ----------------------------------------------------------------------------

TRANCHE_STEPS: dict[str, tuple[str, Callable[[Tranche], Tranche]]] = {
    T.REQUESTED: (
        T.PLANNED,
        lambda t: services.tranche_request(
            tranche=t,
            by=member_of(t.proposal.association),
            source=SOURCE,
            report=f"Avancement de la tranche {t.number}",
        ),
    ),
    T.APPROVED: (
        T.REQUESTED,
        lambda t: services.tranche_approve(tranche=t, by=user("officer"), source=SOURCE),
    ),
    T.PAID: (
        T.APPROVED,
        lambda t: services.tranche_pay(
            tranche=t, by=user("finance"), source=SOURCE, payment_reference=f"VIR-{t.number}"
        ),
    ),
    T.CANCELLED: (
        T.PLANNED,
        lambda t: services.tranche_cancel(
            tranche=t, by=user("officer"), source=SOURCE, comment="Phase abandonnée."
        ),
    ),
}


def advance_tranche(tranche: Tranche, to: str) -> Tranche:
    """Move `tranche` on, through the services, until it is in state `to`."""
    for state in _path(TRANCHE_STEPS, tranche.status, to):
        tranche = TRANCHE_STEPS[state][1](tranche)
    tranche.refresh_from_db()
    return tranche


def make_tranche(in_state: str = T.PLANNED, proposal: Proposal | None = None) -> Tranche:
    """The first tranche of `proposal` (default: a new proposal in execution), in `in_state`."""
    proposal = proposal or make_proposal(S.IN_EXECUTION)
    return advance_tranche(Tranche.objects.get(proposal=proposal, number=1), in_state)


def approved_days_ago(tranche: Tranche, days: int) -> Tranche:
    """Date the grant's and the tranche's approvals `days` back, so that a payment may
    be recorded on a day before today (a payment never predates its approval)."""
    moment = timezone.now() - datetime.timedelta(days=days)
    Proposal.objects.filter(pk=tranche.proposal_id).update(decided_at=moment)
    Tranche.objects.filter(pk=tranche.pk).update(approved_at=moment)
    tranche.refresh_from_db()
    return tranche
