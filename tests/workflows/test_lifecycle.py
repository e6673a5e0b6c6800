"""The whole path of a proposal through the services, and the flow's routing beside it."""

from __future__ import annotations

import itertools

import pytest
from django.core import mail
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from audit.models import HistoryEntry, Outcome, Source
from processes.transitions import ConditionsUnmet, InvalidState, NotAllowed
from tests.matrix import recipients
from tests.workflows.builders import (
    advance,
    attach_final_report,
    make_tranche,
    pay_all_tranches,
)
from workflows import services
from workflows.models import Call, ProposalStatus, Review, Tranche, TrancheStatus

S = ProposalStatus


def open_tasks(proposal):
    return sorted(
        task.flow_task.name
        for task in Task.objects.filter(
            process__proposalprocess__proposal=proposal,
            status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED],
        )
    )


def test_a_new_proposal_is_a_draft_with_a_reference(draft, call):
    assert draft.status == S.DRAFT
    assert draft.reference == f"COR-{call.year}-{draft.pk:05d}"
    assert open_tasks(draft) == []


def test_submitting_starts_the_screening_task_for_officers(submitted, cast, mailoutbox):
    assert submitted.status == S.SUBMITTED
    assert open_tasks(submitted) == ["screen"]
    task = Task.objects.get(process__proposalprocess__proposal=submitted, status=STATUS.NEW)
    assert task.owner_permission == "workflows.screen_proposal"


def test_submission_refused_with_every_unmet_rule_named(make_proposal, cast):
    from workflows.services import BudgetInput, ContributionInput

    proposal = make_proposal(
        local_partner="",
        budget=[BudgetInput("Forage", 20_000_000)],
        contributions=[
            ContributionInput("association", "cash", 6_000_000),
            ContributionInput("state", "cash", 10_000_000),
            ContributionInput("partner", "cash", 4_000_000),
        ],
    )
    with pytest.raises(ConditionsUnmet) as refused:
        services.proposal_submit(proposal=proposal, by=cast["users"]["assoc_paris"], source="web")
    messages = refused.value.messages
    assert "Indiquez au moins un partenaire local." in messages
    assert (
        "La subvention demandée (10 000 000 FCFA) dépasse 1 × l'apport en numéraire "
        "de l'association (6 000 000 FCFA)." in messages
    )
    assert any("communauté locale (0 FCFA)" in m for m in messages)
    proposal.refresh_from_db()
    assert proposal.status == S.DRAFT
    row = HistoryEntry.objects.for_object(proposal).get(action="submit")
    assert row.outcome == Outcome.REFUSED


def test_the_whole_path_from_draft_to_closure(
    in_committee, cast, call, django_capture_on_commit_callbacks
):
    users = cast["users"]
    proposal = in_committee
    assert proposal.status == S.IN_COMMITTEE
    assert open_tasks(proposal) == ["decision"]
    auto = HistoryEntry.objects.for_object(proposal).get(action="send_to_committee")
    assert auto.source == Source.SYSTEM and auto.by is None

    with pytest.raises(ConditionsUnmet) as refused:
        services.proposal_approve(
            proposal=proposal, by=users["committee"], source="web", grant_amount=9_000_000
        )
    assert any("9 000 000 FCFA" in m and "8 000 000 FCFA" in m for m in refused.value.messages)

    proposal = services.proposal_approve(
        proposal=proposal, by=users["committee"], source="web", grant_amount=8_000_000
    )
    assert proposal.status == S.APPROVED and proposal.grant_amount == 8_000_000
    assert Call.objects.get(pk=call.pk).committed == 8_000_000
    assert open_tasks(proposal) == ["sign"]

    proposal = services.proposal_sign_agreement(
        proposal=proposal, by=users["officer"], source="web"
    )
    tranches = list(Tranche.objects.filter(proposal=proposal).order_by("number"))
    assert [t.amount for t in tranches] == [3_200_000, 3_200_000, 1_600_000]
    assert open_tasks(proposal) == ["execution"]

    with pytest.raises(ConditionsUnmet) as refused:
        services.tranche_request(
            tranche=tranches[1], by=users["assoc_paris"], source="web", report="x"
        )
    assert "La tranche n° 1 doit d'abord être payée." in refused.value.messages

    services.tranche_request(
        tranche=tranches[0], by=users["assoc_paris"], source="web", report="Forage réalisé"
    )
    assert open_tasks(proposal) == ["approve_tranche"]
    services.tranche_approve(tranche=tranches[0], by=users["officer"], source="web")
    assert open_tasks(proposal) == ["pay_tranche"]
    services.tranche_pay(
        tranche=tranches[0], by=users["finance"], source="web", payment_reference="VIR-1"
    )
    assert open_tasks(proposal) == ["execution"]
    for tranche in tranches[1:]:
        services.tranche_request(
            tranche=tranche, by=users["assoc_paris"], source="web", report="Suite"
        )
        services.tranche_approve(tranche=tranche, by=users["officer"], source="web")
        services.tranche_pay(
            tranche=tranche, by=users["finance"], source="web", payment_reference="VIR"
        )

    with pytest.raises(ConditionsUnmet) as refused:
        services.proposal_complete(proposal=proposal, by=users["officer"], source="web")
    assert "Joignez le rapport final (pièce « rapport final »)." in refused.value.messages

    attach_final_report(proposal)
    proposal = services.proposal_complete(proposal=proposal, by=users["officer"], source="web")
    assert open_tasks(proposal) == ["closing"]
    proposal = services.proposal_close(proposal=proposal, by=users["finance"], source="web")
    assert proposal.status == S.CLOSED
    assert proposal.process.status == PROCESS.DONE
    assert Call.objects.get(pk=call.pk).committed == 8_000_000


def test_only_the_committee_approves(in_committee, cast):
    with pytest.raises(NotAllowed):
        services.proposal_approve(
            proposal=in_committee, by=cast["users"]["officer"], source="api", grant_amount=1
        )
    in_committee.refresh_from_db()
    assert in_committee.status == S.IN_COMMITTEE


def test_a_draft_cannot_be_approved(draft, cast):
    with pytest.raises(InvalidState):
        services.proposal_approve(
            proposal=draft, by=cast["users"]["committee"], source="api", grant_amount=1
        )


def test_returning_and_resubmitting_goes_back_to_screening(submitted, cast):
    users = cast["users"]
    with pytest.raises(ConditionsUnmet) as refused:
        services.proposal_return_for_completion(
            proposal=submitted, by=users["officer"], source="web", comment=""
        )
    assert refused.value.fields["comment"]
    proposal = services.proposal_return_for_completion(
        proposal=submitted, by=users["officer"], source="web", comment="Ajoutez le devis du forage."
    )
    assert proposal.status == S.RETURNED
    assert open_tasks(proposal) == ["completion"]
    proposal = services.proposal_resubmit(proposal=proposal, by=users["assoc_paris"], source="web")
    assert proposal.status == S.SUBMITTED
    assert open_tasks(proposal) == ["screen"]


def test_withdrawing_cancels_the_routing(submitted, cast):
    proposal = services.proposal_withdraw(
        proposal=submitted, by=cast["users"]["assoc_paris"], source="web"
    )
    assert proposal.status == S.WITHDRAWN
    assert open_tasks(proposal) == []
    assert proposal.process.status == PROCESS.CANCELED


def test_committee_revision_goes_back_to_the_association_then_to_a_new_review_round(
    in_committee, cast
):
    users = cast["users"]
    proposal = services.proposal_request_revision(
        proposal=in_committee, by=users["committee"], source="web", comment="Précisez l'entretien."
    )
    assert proposal.status == S.RETURNED and open_tasks(proposal) == ["completion"]
    proposal = services.proposal_resubmit(proposal=proposal, by=users["assoc_paris"], source="web")
    proposal = services.proposal_declare_admissible(
        proposal=proposal,
        by=users["officer"],
        source="web",
        evaluators=["evaluator2", "evaluator3"],
    )
    assert proposal.review_round == 2
    assert set(
        Review.objects.filter(proposal=proposal, round=2).values_list(
            "evaluator__username", flat=True
        )
    ) == {"evaluator2", "evaluator3"}


def test_rejection_ends_the_routing(in_committee, cast):
    proposal = services.proposal_reject(
        proposal=in_committee, by=cast["users"]["committee"], source="web", comment="Hors priorités"
    )
    assert proposal.status == S.REJECTED
    assert proposal.process.status == PROCESS.DONE


def test_suspension_termination_releases_the_undisbursed_grant(in_execution, cast, call):
    users = cast["users"]
    make_tranche(TrancheStatus.PAID, proposal=in_execution)
    proposal = services.proposal_suspend(
        proposal=in_execution, by=users["officer"], source="web", comment="Audit"
    )
    assert proposal.status == S.SUSPENDED
    proposal = services.proposal_resume(proposal=proposal, by=users["officer"], source="web")
    proposal = services.proposal_suspend(
        proposal=proposal, by=users["officer"], source="web", comment="Fraude"
    )
    proposal = services.proposal_terminate(
        proposal=proposal, by=users["officer"], source="web", comment="Fraude avérée"
    )
    assert proposal.status == S.TERMINATED
    assert proposal.released == 8_000_000 - 3_200_000
    assert Call.objects.get(pk=call.pk).committed == 3_200_000
    assert set(Tranche.objects.filter(proposal=proposal).values_list("status", flat=True)) == {
        TrancheStatus.PAID,
        TrancheStatus.CANCELLED,
    }
    assert open_tasks(proposal) == []


def test_terminating_records_a_requested_tranche_sent_back_then_cancelled(in_execution, cast):
    users = cast["users"]
    first = Tranche.objects.get(proposal=in_execution, number=1)
    services.tranche_request(tranche=first, by=users["assoc_paris"], source="web", report="ok")
    proposal = services.proposal_suspend(
        proposal=in_execution, by=users["officer"], source="web", comment="Audit"
    )
    services.proposal_terminate(
        proposal=proposal, by=users["officer"], source="web", comment="Fraude avérée"
    )
    rows = [
        (row.action, row.source_state, row.target_state, row.comment)
        for row in HistoryEntry.objects.for_object(first).order_by("id")
    ]
    assert rows == [
        ("request", "planned", "requested", ""),
        ("return_request", "requested", "planned", "Fraude avérée"),
        ("cancel", "planned", "cancelled", "Fraude avérée"),
    ]
    second = Tranche.objects.get(proposal=in_execution, number=2)
    assert [
        (row.action, row.source_state, row.target_state)
        for row in HistoryEntry.objects.for_object(second)
    ] == [("cancel", "planned", "cancelled")]


def test_terminating_records_when_each_cancelled_tranche_entered_and_left_its_states(
    in_execution, cast
):
    users = cast["users"]
    first = Tranche.objects.get(proposal=in_execution, number=1)
    created = Tranche.objects.get(proposal=in_execution, number=2).status_since
    services.tranche_request(tranche=first, by=users["assoc_paris"], source="web", report="ok")
    requested = Tranche.objects.get(pk=first.pk).status_since
    proposal = services.proposal_suspend(
        proposal=in_execution, by=users["officer"], source="web", comment="Audit"
    )
    services.proposal_terminate(
        proposal=proposal, by=users["officer"], source="web", comment="Fraude avérée"
    )

    back, cancel = HistoryEntry.objects.for_object(first).order_by("id")[1:]
    assert (back.source_since, cancel.source_since) == (requested, back.at)
    assert Tranche.objects.get(pk=first.pk).status_since == cancel.at
    second = Tranche.objects.get(proposal=in_execution, number=2)
    (cancelled,) = HistoryEntry.objects.for_object(second)
    assert cancelled.source_since == created
    assert second.status_since == cancelled.at


def test_terminating_a_project_records_how_its_requested_tranche_was_cancelled(cast):
    """The tranche's history reads as an unbroken path from `requested` to `cancelled`."""
    tranche = make_tranche(TrancheStatus.REQUESTED)
    proposal = advance(tranche.proposal, S.SUSPENDED)
    before = set(HistoryEntry.objects.for_object(tranche).values_list("pk", flat=True))
    services.proposal_terminate(
        proposal=proposal, by=cast["users"]["officer"], source="web", comment="Fraude avérée"
    )
    tranche.refresh_from_db()
    assert tranche.status == TrancheStatus.CANCELLED
    rows = list(
        HistoryEntry.objects.for_object(tranche)
        .exclude(pk__in=before)
        .order_by("id")
        .values_list("source_state", "target_state", "outcome", "by__username")
    )
    assert rows, "the cancellation is recorded"
    assert rows[0][0] == TrancheStatus.REQUESTED
    assert rows[-1][1] == TrancheStatus.CANCELLED
    for earlier, later in itertools.pairwise(rows):
        assert later[0] == earlier[1], rows
    assert {(outcome, by) for *_, outcome, by in rows} == {(Outcome.DONE, "officer")}


def test_a_review_needs_every_criterion_scored_between_0_and_5(under_review, cast):
    with pytest.raises(ConditionsUnmet) as refused:
        services.review_file(
            proposal=under_review,
            by=cast["users"]["evaluator1"],
            source="api",
            scores={"relevance": 7, "bogus": 1},
            recommendation="maybe",
        )
    messages = " ".join(refused.value.messages)
    assert "Pertinence" in messages and "0 à 5" in messages
    assert "Critère inconnu : « bogus »." in messages
    assert "Implication de la communauté" in messages
    assert not Review.objects.filter(proposal=under_review, submitted_at__isnull=False).exists()


def test_an_evaluator_not_assigned_cannot_review(under_review, cast):
    from tests.workflows.builders import SCORES

    with pytest.raises(NotAllowed):
        services.review_file(
            proposal=under_review,
            by=cast["users"]["evaluator3"],
            source="api",
            scores=SCORES,
            recommendation="favourable",
        )


def test_the_weighted_score_follows_the_criteria_weights(in_committee):
    review = Review.objects.filter(proposal=in_committee).first()
    # (5×3 + 4×2 + 4×2 + 3×2 + 4×1 + 5×1) / 11 = 46 / 11
    assert str(review.weighted_score) == "4.18"


def test_mail_goes_to_the_officers_after_submission(
    draft, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(proposal=draft, by=cast["users"]["assoc_paris"], source="web")
    assert [message.to for message in mail.outbox] == [["officer@example.org"]]


def test_closing_pays_everything_and_keeps_the_committed_total(in_execution, cast, call):
    pay_all_tranches(in_execution)
    attach_final_report(in_execution)
    services.proposal_complete(proposal=in_execution, by=cast["users"]["officer"], source="web")
    closed = services.proposal_close(
        proposal=in_execution, by=cast["users"]["finance"], source="web"
    )
    assert closed.released == 0


def test_each_persona_finds_its_next_step_in_its_inbox(under_review, cast):
    from workflows.selectors import work_items

    users = cast["users"]
    assert [i.task for i in work_items(users["evaluator1"])] == ["review"]
    assert [i.task for i in work_items(users["evaluator3"])] == []
    assert work_items(users["officer"]) == []
    assert work_items(users["assoc_paris"]) == []


def test_the_inbox_of_a_member_shows_only_its_own_associations_returns(submitted, cast):
    from workflows.selectors import work_items

    services.proposal_return_for_completion(
        proposal=submitted, by=cast["users"]["officer"], source="web", comment="Devis manquant"
    )
    assert [i.task for i in work_items(cast["users"]["assoc_paris"])] == ["completion"]
    assert work_items(cast["users"]["assoc_brussels"]) == []


def test_the_inbox_costs_the_same_queries_at_5_and_at_50_proposals(
    make_proposal, cast, django_assert_max_num_queries
):
    from workflows.selectors import work_items

    officer = cast["users"]["officer"]
    for count in (5, 50):
        while len(work_items(officer)) < count:
            proposal = make_proposal()
            services.proposal_submit(
                proposal=proposal, by=cast["users"]["assoc_paris"], source="web"
            )
        fresh = type(officer).objects.get(pk=officer.pk)
        with django_assert_max_num_queries(4):
            assert len(work_items(fresh)) == count


def test_approval_tells_the_officers_to_have_the_agreement_signed(
    in_committee, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_approve(
            proposal=in_committee,
            by=cast["users"]["committee"],
            source="web",
            grant_amount=8_000_000,
        )
    association = in_committee.association
    assert recipients(mail.outbox) == sorted(
        [association.contact_email, "assoc_paris@example.org", "officer@example.org"]
    )
    [signing] = [m for m in mail.outbox if m.to == ["officer@example.org"]]
    assert "faites signer la convention" in signing.body


def test_a_cancelled_tranche_is_announced_to_the_association(
    in_execution, cast, django_capture_on_commit_callbacks
):
    third = Tranche.objects.get(proposal=in_execution, number=3)
    with django_capture_on_commit_callbacks(execute=True):
        services.tranche_cancel(
            tranche=third, by=cast["users"]["officer"], source="web", comment="Reliquat inutile"
        )
    association = in_execution.association
    assert recipients(mail.outbox) == sorted([association.contact_email, "assoc_paris@example.org"])
    assert all("Reliquat inutile" in message.body for message in mail.outbox)
