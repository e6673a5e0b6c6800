"""Who may fire each transition, persona by persona (docs/roles.md; docs/workflows.md,
« Proposal transitions » and « Tranche transitions »).

Each transition is tried at a state where the FSM allows it, by every persona of
the demo cast, through the dispatcher the pages and the API use. The persona the
table names moves the proposal on (and whoever must act next is mailed); every
other persona is refused with 403, leaves a refused history row, and changes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django_fsm import get_all_FIELD_transitions, get_available_FIELD_transitions
from viewflow.workflow.models import Task

from audit.models import HistoryEntry, Outcome, Source
from processes.transitions import NotAllowed
from tests.workflows.conftest import SCORES, attach_final_report, pay_all_tranches
from workflows import services
from workflows.models import (
    Call,
    Proposal,
    ProposalStatus,
    Review,
    Tranche,
    TrancheStatus,
)
from workflows.transitions import PROPOSAL_TABLE, TRANCHE_TABLE

S = ProposalStatus
T = TrancheStatus

PERSONAS = [
    "assoc_paris",
    "assoc_brussels",
    "officer",
    "evaluator1",
    "evaluator2",
    "evaluator3",
    "committee",
    "finance",
    "caseworker1",
    "caseworker2",
    "supervisor",
    "focal_paris",
    "auditor",
    "admin",
]

# docs/workflows.md, « Proposal transitions », column "who": the proposal belongs to
# assoc_paris's association.
ACTORS = {
    "submit": "assoc_paris",
    "withdraw": "assoc_paris",
    "resubmit": "assoc_paris",
    "return_for_completion": "officer",
    "declare_admissible": "officer",
    "request_revision": "committee",
    "approve": "committee",
    "reject": "committee",
    "sign_agreement": "officer",
    "suspend": "officer",
    "resume": "officer",
    "terminate": "officer",
    "complete": "officer",
    "close": "finance",
}
TRANCHE_ACTORS = {
    "request": "assoc_paris",
    "approve": "officer",
    "return_request": "officer",
    "pay": "finance",
    "cancel": "officer",
}
# What a refused persona reads, by the role the transition needs.
REFUSALS = {
    "assoc_paris": "Seuls les membres de l'association porteuse peuvent faire cela.",
    "officer": "Seul un chargé de programme peut faire cela.",
    "committee": "Seul un membre du comité peut faire cela.",
    "finance": "Seul un agent financier peut faire cela.",
}

ASSOCIATION = "association"  # the association's contact address and its members
OFFICERS = {"officer@example.org"}
COMMITTEE = {"committee@example.org"}
FINANCE = {"finance@example.org"}
EVALUATORS = {"evaluator1@example.org", "evaluator2@example.org"}

# (transition, fixture giving a proposal where the FSM allows it, inputs, new status,
#  who must be told)
PROPOSAL_CASES: list[tuple[str, str, dict[str, Any], str, set[str] | str]] = [
    ("submit", "draft", {}, S.SUBMITTED, OFFICERS),
    ("withdraw", "draft", {"comment": "Projet abandonné."}, S.WITHDRAWN, set()),
    ("withdraw", "submitted", {"comment": "Projet abandonné."}, S.WITHDRAWN, set()),
    ("withdraw", "returned", {"comment": "Projet abandonné."}, S.WITHDRAWN, set()),
    (
        "return_for_completion",
        "submitted",
        {"comment": "Ajoutez le devis du forage."},
        S.RETURNED,
        ASSOCIATION,
    ),
    ("resubmit", "returned", {}, S.SUBMITTED, OFFICERS),
    (
        "declare_admissible",
        "submitted",
        {"evaluators": ["evaluator1", "evaluator2"]},
        S.UNDER_REVIEW,
        EVALUATORS,
    ),
    (
        "request_revision",
        "in_committee",
        {"comment": "Précisez l'entretien."},
        S.RETURNED,
        ASSOCIATION,
    ),
    ("approve", "in_committee", {"grant_amount": 8_000_000}, S.APPROVED, ASSOCIATION),
    ("reject", "in_committee", {"comment": "Hors des priorités."}, S.REJECTED, ASSOCIATION),
    ("sign_agreement", "approved", {}, S.IN_EXECUTION, ASSOCIATION),
    ("suspend", "in_execution", {"comment": "Audit en cours."}, S.SUSPENDED, ASSOCIATION),
    ("resume", "suspended", {}, S.IN_EXECUTION, ASSOCIATION),
    ("terminate", "suspended", {"comment": "Fraude avérée."}, S.TERMINATED, ASSOCIATION),
    ("complete", "ready_to_complete", {}, S.COMPLETED, FINANCE),
    ("close", "completed", {}, S.CLOSED, ASSOCIATION),
]
TRANCHE_CASES: list[tuple[str, str, dict[str, Any], str, set[str] | str]] = [
    ("request", "planned_tranche", {"report": "Forage réalisé."}, T.REQUESTED, OFFICERS),
    ("approve", "requested_tranche", {}, T.APPROVED, FINANCE),
    (
        "return_request",
        "requested_tranche",
        {"comment": "Joignez les factures."},
        T.PLANNED,
        ASSOCIATION,
    ),
    ("pay", "approved_tranche", {"payment_reference": "VIR-2026-001"}, T.PAID, ASSOCIATION),
    ("cancel", "planned_tranche", {"comment": "Phase abandonnée."}, T.CANCELLED, set()),
]


def cases(table: list[tuple[str, str, dict[str, Any], str, Any]]) -> list[Any]:
    return [pytest.param(*case, id=f"{case[0]}@{case[1]}") for case in table]


def fsm_allows(obj: Proposal | Tranche) -> list[str]:
    """The transitions the FSM allows from the object's current state, whoever fires them."""
    field = type(obj)._meta.get_field("status")
    return [t.name for t in get_available_FIELD_transitions(obj, field)]


# --- Proposals in every state ----------------------------------------------------------


@pytest.fixture
def returned(submitted: Proposal, cast: dict[str, Any]) -> Proposal:
    return services.proposal_return_for_completion(
        proposal=submitted, by=cast["users"]["officer"], source=Source.WEB, comment="Devis ?"
    )


@pytest.fixture
def suspended(in_execution: Proposal, cast: dict[str, Any]) -> Proposal:
    return services.proposal_suspend(
        proposal=in_execution, by=cast["users"]["officer"], source=Source.WEB, comment="Audit"
    )


@pytest.fixture
def ready_to_complete(in_execution: Proposal, cast: dict[str, Any]) -> Proposal:
    """In execution with every tranche paid and the final report attached."""
    pay_all_tranches(in_execution, cast)
    attach_final_report(in_execution, cast)
    return Proposal.objects.get(pk=in_execution.pk)


@pytest.fixture
def completed(ready_to_complete: Proposal, cast: dict[str, Any]) -> Proposal:
    return services.proposal_complete(
        proposal=ready_to_complete, by=cast["users"]["officer"], source=Source.WEB
    )


@pytest.fixture
def withdrawn(draft: Proposal, cast: dict[str, Any]) -> Proposal:
    return services.proposal_withdraw(
        proposal=draft, by=cast["users"]["assoc_paris"], source=Source.WEB
    )


@pytest.fixture
def rejected(in_committee: Proposal, cast: dict[str, Any]) -> Proposal:
    return services.proposal_reject(
        proposal=in_committee, by=cast["users"]["committee"], source=Source.WEB, comment="Non"
    )


@pytest.fixture
def terminated(suspended: Proposal, cast: dict[str, Any]) -> Proposal:
    return services.proposal_terminate(
        proposal=suspended, by=cast["users"]["officer"], source=Source.WEB, comment="Fin"
    )


@pytest.fixture
def closed(completed: Proposal, cast: dict[str, Any]) -> Proposal:
    return services.proposal_close(
        proposal=completed, by=cast["users"]["finance"], source=Source.WEB
    )


@pytest.fixture
def planned_tranche(in_execution: Proposal) -> Tranche:
    return Tranche.objects.get(proposal=in_execution, number=1)


@pytest.fixture
def requested_tranche(planned_tranche: Tranche, cast: dict[str, Any]) -> Tranche:
    return services.tranche_request(
        tranche=planned_tranche, by=cast["users"]["assoc_paris"], source=Source.WEB, report="Ok"
    )


@pytest.fixture
def approved_tranche(requested_tranche: Tranche, cast: dict[str, Any]) -> Tranche:
    return services.tranche_approve(
        tranche=requested_tranche, by=cast["users"]["officer"], source=Source.WEB
    )


# --- What "changes nothing" looks at ------------------------------------------------------


def snapshot(proposal: Proposal) -> dict[str, Any]:
    fresh = Proposal.objects.get(pk=proposal.pk)
    return {
        "proposal": (
            fresh.status,
            fresh.grant_amount,
            fresh.released,
            fresh.review_round,
            fresh.submitted_at,
            fresh.decided_at,
            fresh.updated_at,
        ),
        "committed": Call.objects.get(pk=fresh.call_id).committed,
        "tranches": list(
            Tranche.objects.filter(proposal=fresh).values_list(
                "number", "status", "amount", "report", "payment_reference", "comment"
            )
        ),
        "reviews": list(
            Review.objects.filter(proposal=fresh).values_list(
                "evaluator__username", "round", "submitted_at"
            )
        ),
        "tasks": sorted(
            (task.flow_task.name, task.status)
            for task in Task.objects.filter(process__proposalprocess__proposal=fresh)
        ),
        "history": list(
            HistoryEntry.objects.for_object(fresh)
            .filter(outcome=Outcome.DONE)
            .values_list("pk", flat=True)
        ),
    }


def recipients(mailbox: list[Any]) -> set[str]:
    return {address for message in mailbox for address in message.to}


def expected_recipients(told: set[str] | str, cast: dict[str, Any]) -> set[str]:
    if told == ASSOCIATION:
        return {cast["paris"].contact_email, "assoc_paris@example.org"}
    assert isinstance(told, set)
    return told


def assert_refused_and_unchanged(
    fire: Callable[[], Any],
    *,
    obj: Proposal | Tranche,
    proposal: Proposal,
    name: str,
    persona: str,
    user: Any,
    reason: str,
    capture: Any,
) -> None:
    before = snapshot(proposal)
    rows_before = set(HistoryEntry.objects.for_object(obj).values_list("pk", flat=True))
    with capture() as callbacks, pytest.raises(NotAllowed) as refused:
        fire()
    assert refused.value.status == 403, persona
    assert refused.value.messages == [reason], persona
    assert snapshot(proposal) == before, f"{persona} changed something"
    assert callbacks == [], f"{persona}: a refused transition must not mail anyone"
    new_rows = HistoryEntry.objects.for_object(obj).exclude(pk__in=rows_before)
    assert [(r.action, r.outcome, r.by, r.comment) for r in new_rows] == [
        (name, Outcome.REFUSED, user, reason)
    ], persona


# --- The matrices ----------------------------------------------------------------------------
# One test per transition; every persona but the one the table names is refused in
# turn on the same object (a refusal changes nothing), then that persona fires it.


@pytest.mark.parametrize(("name", "state", "data", "target", "told"), cases(PROPOSAL_CASES))
def test_only_the_role_the_table_names_fires_a_proposal_transition(
    request: pytest.FixtureRequest,
    cast: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
    name: str,
    state: str,
    data: dict[str, Any],
    target: str,
    told: set[str] | str,
) -> None:
    proposal: Proposal = request.getfixturevalue(state)
    source_state = proposal.status
    assert name in fsm_allows(proposal)

    def fire(user: Any) -> Callable[[], Proposal]:
        return lambda: PROPOSAL_TABLE.fire(
            name, obj=proposal, by=user, source=Source.WEB, data=dict(data)
        )

    offered_to = [
        persona
        for persona in PERSONAS
        if name in PROPOSAL_TABLE.available_names(cast["users"][persona], proposal)
    ]
    assert offered_to == [ACTORS[name]]
    for persona in PERSONAS:
        if persona != ACTORS[name]:
            assert_refused_and_unchanged(
                fire(cast["users"][persona]),
                obj=proposal,
                proposal=proposal,
                name=name,
                persona=persona,
                user=cast["users"][persona],
                reason=REFUSALS[ACTORS[name]],
                capture=django_capture_on_commit_callbacks,
            )

    actor = cast["users"][ACTORS[name]]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = fire(actor)()
    assert moved.status == target
    assert Proposal.objects.get(pk=proposal.pk).status == target
    row = HistoryEntry.objects.for_object(proposal).filter(action=name).latest("id")
    assert (row.outcome, row.by, row.source_state, row.target_state) == (
        Outcome.DONE,
        actor,
        source_state,
        target,
    )
    assert recipients(mailoutbox) >= expected_recipients(told, cast)


@pytest.mark.parametrize(("name", "state", "data", "target", "told"), cases(TRANCHE_CASES))
def test_only_the_role_the_table_names_fires_a_tranche_transition(
    request: pytest.FixtureRequest,
    cast: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
    name: str,
    state: str,
    data: dict[str, Any],
    target: str,
    told: set[str] | str,
) -> None:
    tranche: Tranche = request.getfixturevalue(state)
    source_state = tranche.status
    assert name in fsm_allows(tranche)

    def fire(user: Any) -> Callable[[], Tranche]:
        return lambda: TRANCHE_TABLE.fire(
            name, obj=tranche, by=user, source=Source.WEB, data=dict(data)
        )

    offered_to = [
        persona
        for persona in PERSONAS
        if name in TRANCHE_TABLE.available_names(cast["users"][persona], tranche)
    ]
    assert offered_to == [TRANCHE_ACTORS[name]]
    for persona in PERSONAS:
        if persona != TRANCHE_ACTORS[name]:
            assert_refused_and_unchanged(
                fire(cast["users"][persona]),
                obj=tranche,
                proposal=tranche.proposal,
                name=name,
                persona=persona,
                user=cast["users"][persona],
                reason=REFUSALS[TRANCHE_ACTORS[name]],
                capture=django_capture_on_commit_callbacks,
            )

    actor = cast["users"][TRANCHE_ACTORS[name]]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = fire(actor)()
    assert moved.status == target
    assert Tranche.objects.get(pk=tranche.pk).status == target
    row = HistoryEntry.objects.for_object(tranche).filter(action=name).latest("id")
    assert (row.outcome, row.by, row.source_state, row.target_state) == (
        Outcome.DONE,
        actor,
        source_state,
        target,
    )
    assert recipients(mailoutbox) >= expected_recipients(told, cast)


def test_only_the_assigned_evaluators_file_a_review(
    under_review: Proposal, cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    def fire(user: Any) -> Callable[[], Review]:
        return lambda: services.review_file(
            proposal=under_review,
            by=user,
            source=Source.WEB,
            scores=SCORES,
            recommendation="favourable",
        )

    for persona in PERSONAS:
        if persona in {"evaluator1", "evaluator2"}:
            continue
        assert_refused_and_unchanged(
            fire(cast["users"][persona]),
            obj=under_review,
            proposal=under_review,
            name="review",
            persona=persona,
            user=cast["users"][persona],
            reason=(
                "Ce projet ne vous a pas été confié pour évaluation."
                if persona == "evaluator3"
                else "Seul un évaluateur technique dépose un avis."
            ),
            capture=django_capture_on_commit_callbacks,
        )
    review = fire(cast["users"]["evaluator1"])()
    assert review.is_filed and review.evaluator == cast["users"]["evaluator1"]
    # One review of the two required: the proposal waits for the other.
    assert Proposal.objects.get(pk=under_review.pk).status == S.UNDER_REVIEW


def test_the_last_required_review_sends_the_proposal_to_committee_and_tells_the_committee(
    under_review: Proposal,
    cast: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("evaluator1", "evaluator2"):
            services.review_file(
                proposal=under_review,
                by=cast["users"][name],
                source=Source.WEB,
                scores=SCORES,
                recommendation="favourable",
            )
    assert Proposal.objects.get(pk=under_review.pk).status == S.IN_COMMITTEE
    row = HistoryEntry.objects.for_object(under_review).get(action="send_to_committee")
    assert (row.by, row.source, row.outcome) == (None, Source.SYSTEM, Outcome.DONE)
    assert recipients(mailoutbox) >= COMMITTEE


# --- What each persona is offered, state by state -------------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        "draft",
        "submitted",
        "returned",
        "under_review",
        "in_committee",
        "approved",
        "in_execution",
        "suspended",
        "completed",
        "withdrawn",
        "rejected",
        "terminated",
        "closed",
    ],
)
def test_each_persona_is_offered_exactly_the_transitions_its_role_may_fire_now(
    request: pytest.FixtureRequest, cast: dict[str, Any], state: str
) -> None:
    proposal: Proposal = request.getfixturevalue(state)
    possible = fsm_allows(proposal)
    offered = {
        persona: PROPOSAL_TABLE.available_names(cast["users"][persona], proposal)
        for persona in PERSONAS
    }
    expected = {
        # In the table's (the lifecycle's) order.
        persona: [n for n in PROPOSAL_TABLE.names if n in possible and ACTORS.get(n) == persona]
        for persona in PERSONAS
    }
    assert offered == expected


def test_nobody_fires_send_to_committee_by_hand(
    under_review: Proposal, cast: dict[str, Any]
) -> None:
    for persona in PERSONAS:
        user = cast["users"][persona]
        assert not PROPOSAL_TABLE.decide(user, under_review, "send_to_committee"), persona
        assert "send_to_committee" not in PROPOSAL_TABLE.available_names(user, under_review)


def test_the_tables_cover_every_transition_from_every_source_state() -> None:
    def fsm_pairs(model: type[Proposal] | type[Tranche]) -> set[tuple[str, str]]:
        # django-fsm-2 keeps one transition object per source state.
        field = model._meta.get_field("status")
        return {(t.name, str(t.source)) for t in get_all_FIELD_transitions(model(), field)}

    proposal_states = {
        "draft": S.DRAFT,
        "submitted": S.SUBMITTED,
        "returned": S.RETURNED,
        "in_committee": S.IN_COMMITTEE,
        "approved": S.APPROVED,
        "in_execution": S.IN_EXECUTION,
        "suspended": S.SUSPENDED,
        "ready_to_complete": S.IN_EXECUTION,
        "completed": S.COMPLETED,
    }
    tranche_states = {
        "planned_tranche": T.PLANNED,
        "requested_tranche": T.REQUESTED,
        "approved_tranche": T.APPROVED,
    }
    covered = {(case[0], str(proposal_states[case[1]])) for case in PROPOSAL_CASES}
    automatic = {("send_to_committee", str(S.UNDER_REVIEW))}
    assert covered | automatic == fsm_pairs(Proposal)
    assert {(c[0], str(tranche_states[c[1]])) for c in TRANCHE_CASES} == fsm_pairs(Tranche)
    assert set(ACTORS) == set(PROPOSAL_TABLE.offered_names)
    assert set(TRANCHE_ACTORS) == set(TRANCHE_TABLE.offered_names)
