"""Who may fire each proposal and tranche transition, over HTTP (docs/workflows.md).

Every transition, from every state it leaves, is fired by every persona of the demo
cast at a proposal (or its first tranche) brought to that state through the services,
as tests/matrix.py describes: the Paris association's over the API, the Brussels
association's through the page, where the two associations' members swap columns;
nothing else depends on whose proposal it is. Once done, exactly the people who must
act next (or be told) are mailed.
"""

from __future__ import annotations

from typing import Any

import pytest
from django_fsm import get_all_FIELD_transitions
from viewflow.workflow.models import Task

from audit.models import HistoryEntry, Outcome, Source
from processes.transitions import NotAllowed
from registry.models import Association
from tests.matrix import (
    PERSONAS,
    Kind,
    Row,
    actor_of,
    codes,
    history,
    matrix_test,
    offers,
    recipients,
)
from tests.workflows.builders import (
    SCORES,
    attach_final_report,
    make_proposal,
    make_tranche,
    pay_all_tranches,
)
from workflows import services
from workflows.models import Call, Proposal, ProposalStatus, Review, Tranche, TrancheStatus
from workflows.transitions import PROPOSAL_TABLE, TRANCHE_TABLE

S = ProposalStatus
T = TrancheStatus

# Who is told, by role: the association is its contact address and its members.
ASSOCIATION = "association"
OFFICERS = ("officer@example.org",)
COMMITTEE = ("committee@example.org",)
FINANCE = ("finance@example.org",)
EVALUATORS = ("evaluator1@example.org", "evaluator2@example.org")
NOBODY: tuple[str, ...] = ()


# fmt: off
PROPOSAL_MATRIX = [
    #                                                par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm  # noqa: E501
    Row("submit", S.DRAFT,                          "200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 403", OFFICERS),  # noqa: E501
    Row("withdraw", S.DRAFT,                        "200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 403", NOBODY),  # noqa: E501
    Row("withdraw", S.SUBMITTED,                    "200 404 403 404 404 404 404 404 404 404 404 404 403 404 404 404 404 403", NOBODY),  # noqa: E501
    Row("withdraw", S.RETURNED,                     "200 404 403 404 404 404 404 404 404 404 404 404 403 404 404 404 404 403", NOBODY),  # noqa: E501
    Row("return_for_completion", S.SUBMITTED,       "403 404 200 404 404 404 404 404 404 404 404 404 403 404 404 404 404 403", (ASSOCIATION,)),  # noqa: E501
    Row("resubmit", S.RETURNED,                     "200 404 403 404 404 404 404 404 404 404 404 404 403 404 404 404 404 403", OFFICERS),  # noqa: E501
    Row("declare_admissible", S.SUBMITTED,          "403 404 200 404 404 404 404 404 404 404 404 404 403 404 404 404 404 403", EVALUATORS),  # noqa: E501
    Row("request_revision", S.IN_COMMITTEE,         "403 404 403 403 403 404 200 404 404 404 404 404 403 404 404 404 404 403", (ASSOCIATION,)),  # noqa: E501
    Row("approve", S.IN_COMMITTEE,                  "403 404 403 403 403 404 200 404 404 404 404 404 403 404 404 404 404 403", (ASSOCIATION, *OFFICERS)),  # noqa: E501
    Row("reject", S.IN_COMMITTEE,                   "403 404 403 403 403 404 200 404 404 404 404 404 403 404 404 404 404 403", (ASSOCIATION,)),  # noqa: E501
    Row("sign_agreement", S.APPROVED,               "403 404 200 403 403 404 403 403 404 404 404 404 403 404 404 404 404 403", (ASSOCIATION,)),  # noqa: E501
    Row("suspend", S.IN_EXECUTION,                  "403 404 200 403 403 404 403 403 404 404 404 404 403 404 404 404 404 403", (ASSOCIATION,)),  # noqa: E501
    Row("resume", S.SUSPENDED,                      "403 404 200 403 403 404 403 403 404 404 404 404 403 404 404 404 404 403", (ASSOCIATION,)),  # noqa: E501
    Row("terminate", S.SUSPENDED,                   "403 404 200 403 403 404 403 403 404 404 404 404 403 404 404 404 404 403", (ASSOCIATION,)),  # noqa: E501
    Row("complete", "ready_to_complete",            "403 404 200 403 403 404 403 403 404 404 404 404 403 404 404 404 404 403", FINANCE),  # noqa: E501
    Row("close", S.COMPLETED,                       "403 404 403 403 403 404 403 200 404 404 404 404 403 404 404 404 404 403", (ASSOCIATION,)),  # noqa: E501
]
TRANCHE_MATRIX = [
    #                                                par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm  # noqa: E501
    Row("request", T.PLANNED,                       "200 404 403 403 403 404 403 403 404 404 404 404 403 404 404 404 404 403", OFFICERS),  # noqa: E501
    Row("approve", T.REQUESTED,                     "403 404 200 403 403 404 403 403 404 404 404 404 403 404 404 404 404 403", FINANCE),  # noqa: E501
    Row("return_request", T.REQUESTED,              "403 404 200 403 403 404 403 403 404 404 404 404 403 404 404 404 404 403", (ASSOCIATION,)),  # noqa: E501
    Row("pay", T.APPROVED,                          "403 404 403 403 403 404 403 200 404 404 404 404 403 404 404 404 404 403", (ASSOCIATION,)),  # noqa: E501
    Row("cancel", T.PLANNED,                        "403 404 200 403 403 404 403 403 404 404 404 404 403 404 404 404 404 403", (ASSOCIATION,)),  # noqa: E501
]
# fmt: on

# What a refused persona reads, by the role the transition needs.
REFUSALS = {
    "assoc_paris": "Seuls les membres de l'association porteuse peuvent faire cela.",
    "officer": "Seul un chargé de programme peut faire cela.",
    "committee": "Seul un membre du comité peut faire cela.",
    "finance": "Seul un agent financier peut faire cela.",
}
TARGETS = {
    "submit": S.SUBMITTED,
    "withdraw": S.WITHDRAWN,
    "return_for_completion": S.RETURNED,
    "resubmit": S.SUBMITTED,
    "declare_admissible": S.UNDER_REVIEW,
    "request_revision": S.RETURNED,
    "approve": S.APPROVED,
    "reject": S.REJECTED,
    "sign_agreement": S.IN_EXECUTION,
    "suspend": S.SUSPENDED,
    "resume": S.IN_EXECUTION,
    "terminate": S.TERMINATED,
    "complete": S.COMPLETED,
    "close": S.CLOSED,
}
TRANCHE_TARGETS = {
    "request": T.REQUESTED,
    "approve": T.APPROVED,
    "return_request": T.PLANNED,
    "pay": T.PAID,
    "cancel": T.CANCELLED,
}


def proposal_of(obj: Proposal | Tranche) -> Proposal:
    if isinstance(obj, Tranche):
        return obj.proposal
    assert isinstance(obj, Proposal)
    return obj


def addresses(told: tuple[str, ...], obj: Proposal | Tranche) -> list[str]:
    """The addresses of `told`: the association is its contact address and its members."""
    association = proposal_of(obj).association
    members = [m.email for m in association.members.all()]
    return [
        address
        for who in told
        for address in ([association.contact_email, *members] if who == ASSOCIATION else [who])
    ]


def state_of(row: Row) -> str:
    return S.IN_EXECUTION if row.state == "ready_to_complete" else row.state


def proposal_in(state: str, acronym: str) -> Proposal:
    """A proposal of the association `acronym` in `state`; `ready_to_complete`: in
    execution, every tranche paid and the final report attached."""
    association = Association.objects.get(acronym=acronym)
    if state == "ready_to_complete":
        proposal = make_proposal(S.IN_EXECUTION, association=association)
        pay_all_tranches(proposal)
        attach_final_report(proposal)
        return proposal
    return make_proposal(state, association=association)


def snapshot(obj: Proposal | Tranche) -> dict[str, Any]:
    """Everything a transition could change: the proposal, its call's commitments, its
    tranches, reviews, viewflow tasks and the history of what was done."""
    fresh = Proposal.objects.get(pk=proposal_of(obj).pk)
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


PROPOSALS = Kind(
    route="workflows:proposal",
    build=proposal_in,
    inputs={
        "comment": "Motif de la décision.",
        "evaluators": ["evaluator1", "evaluator2"],
        "grant_amount": 8_000_000,
    },
    targets=TARGETS,
    owners={"ARKF": "assoc_paris", "DSSB": "assoc_brussels"},  # the association: its member
    refusals=REFUSALS,
    snapshot=snapshot,
    addresses=addresses,
)
TRANCHES = PROPOSALS.like(
    route="workflows:tranche",
    build=lambda state, acronym: make_tranche(state, proposal=proposal_in(S.IN_EXECUTION, acronym)),
    inputs={
        "report": "Forage réalisé à 60 m.",
        "payment_reference": "VIR-2026-001",
        "comment": "Motif de la décision.",
    },
    targets=TRANCHE_TARGETS,
)

test_who_fires_each_transition = matrix_test(
    proposal=(PROPOSALS, PROPOSAL_MATRIX), tranche=(TRANCHES, TRANCHE_MATRIX)
)


# --- Reviews: filed by the assigned evaluators, the last one moves the proposal on ----------


def test_only_the_assigned_evaluators_file_a_review(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    proposal = make_proposal(S.UNDER_REVIEW)
    before = snapshot(proposal)

    def fire(user: Any) -> Review:
        return services.review_file(
            proposal=proposal,
            by=user,
            source=Source.WEB,
            scores=SCORES,
            recommendation="favourable",
        )

    refused = [persona for persona in PERSONAS if persona not in {"evaluator1", "evaluator2"}]
    for persona in refused:
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(NotAllowed) as no:
            fire(cast["users"][persona])
        assert (no.value.status, callbacks) == (403, []), persona
    assert snapshot(proposal) == before
    assert [row[1:] for row in history(proposal)[-len(refused) :]] == [
        (
            "review",
            Outcome.REFUSED,
            persona,
            Source.WEB,
            "Ce projet ne vous a pas été confié pour évaluation."
            if persona == "evaluator3"
            else "Seul un évaluateur technique dépose un avis.",
        )
        for persona in refused
    ]
    review = fire(cast["users"]["evaluator1"])
    assert review.is_filed and review.evaluator == cast["users"]["evaluator1"]
    # One review of the two required: the proposal waits for the other.
    assert Proposal.objects.get(pk=proposal.pk).status == S.UNDER_REVIEW


def test_the_last_required_review_sends_the_proposal_to_committee_and_tells_the_committee(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    proposal = make_proposal(S.UNDER_REVIEW)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("evaluator1", "evaluator2"):
            services.review_file(
                proposal=proposal,
                by=cast["users"][name],
                source=Source.WEB,
                scores=SCORES,
                recommendation="favourable",
            )
    assert Proposal.objects.get(pk=proposal.pk).status == S.IN_COMMITTEE
    row = HistoryEntry.objects.for_object(proposal).get(action="send_to_committee")
    assert (row.by, row.source, row.outcome) == (None, Source.SYSTEM, Outcome.DONE)
    assert recipients(mailoutbox) == list(COMMITTEE)


# --- Who sees a proposal, stage by stage -------------------------------------------------

# fmt: off
VISIBILITY_MATRIX = [
    #                  par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm
    (S.DRAFT,        "200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 200"),
    (S.SUBMITTED,    "200 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 200"),
    (S.RETURNED,     "200 404 200 404 404 404 404 404 404 404 404 404 200 404 404 404 404 200"),
    (S.UNDER_REVIEW, "200 404 200 200 200 404 404 404 404 404 404 404 200 404 404 404 404 200"),
    (S.IN_COMMITTEE, "200 404 200 200 200 404 200 404 404 404 404 404 200 404 404 404 404 200"),
    (S.APPROVED,     "200 404 200 200 200 404 200 200 404 404 404 404 200 404 404 404 404 200"),
]
# fmt: on


@pytest.mark.parametrize(("state", "row"), VISIBILITY_MATRIX)
def test_who_sees_a_proposal_at_each_stage(
    cast: dict[str, Any], api_for: Any, state: str, row: str
) -> None:
    proposal = make_proposal(state)
    seen = {}
    for persona in PERSONAS:
        client = api_for(cast["users"][persona])
        answers = {
            path: client.get(f"/api/v1/proposals/{proposal.pk}/{path}").status_code
            for path in ("", "history/", "tranches/", "documents/", "transitions/")
        }
        assert len(set(answers.values())) == 1, (persona, answers)
        listed = {row["id"] for row in client.get("/api/v1/proposals/").json()["results"]}
        assert (proposal.pk in listed) is (answers[""] == 200), persona
        seen[persona] = answers[""]
    assert seen == codes(row)


# --- What each persona is offered, state by state -------------------------------------------

ACTORS = {row.name: actor_of(codes(row.codes)) for row in PROPOSAL_MATRIX}


@pytest.mark.parametrize("state", S.values)
def test_each_persona_is_offered_exactly_the_transitions_its_role_may_fire_now(
    cast: dict[str, Any], api_for: Any, state: str
) -> None:
    proposal = make_proposal(state)
    possible = [row.name for row in PROPOSAL_MATRIX if state_of(row) == state]
    offered = offers(f"/api/v1/proposals/{proposal.pk}/transitions/", cast["users"])
    expected = {
        persona: [name for name in possible if ACTORS[name] == persona] for persona in PERSONAS
    }
    assert offered == expected


def test_nobody_fires_send_to_committee_by_hand(cast: dict[str, Any], api_for: Any) -> None:
    proposal = make_proposal(S.UNDER_REVIEW)
    for persona in PERSONAS:
        user = cast["users"][persona]
        assert not PROPOSAL_TABLE.decide(user, proposal, "send_to_committee"), persona
        response = api_for(user).get(f"/api/v1/proposals/{proposal.pk}/transitions/")
        assert response.status_code == 404 or response.json() == [], persona
        response = api_for(user).post(
            f"/api/v1/proposals/{proposal.pk}/transitions/send_to_committee/", {}, format="json"
        )
        assert response.status_code == 404, persona
    assert Proposal.objects.get(pk=proposal.pk).status == S.UNDER_REVIEW


def test_the_tables_cover_every_transition_from_every_source_state() -> None:
    def fsm_pairs(model: type[Proposal] | type[Tranche]) -> set[tuple[str, str]]:
        # django-fsm-2 keeps one transition object per source state.
        field = model._meta.get_field("status")
        return {(t.name, str(t.source)) for t in get_all_FIELD_transitions(model(), field)}

    covered = {(row.name, str(state_of(row))) for row in PROPOSAL_MATRIX}
    automatic = {("send_to_committee", str(S.UNDER_REVIEW))}
    assert covered | automatic == fsm_pairs(Proposal)
    assert {(row.name, str(row.state)) for row in TRANCHE_MATRIX} == fsm_pairs(Tranche)
    assert set(TARGETS) == set(PROPOSAL_TABLE.offered_names)
    assert set(TRANCHE_TARGETS) == set(TRANCHE_TABLE.offered_names)
