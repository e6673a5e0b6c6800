"""`manage.py seed_scale`: the copies written in bulk are objects the platform can work with.

After `seed_scale --proposals 60 --cases 30` (on the demo cast the session loads), the
history chain holds, no routing needs repair, every demo user's pages answer, and in
every state that has a next step one copied object takes it through the services, its
routing still agreeing with its status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from audit.models import HistoryEntry, Source
from cases import services as case_services
from cases.access import cases_visible_to
from cases.models import Case, CaseStatus, Referral, ReferralStatus
from cases.scale import MODELS as CASE_MODELS
from processes.fsm import stay_tenths
from processes.repair import routing_checks
from tests.cases.builders import add_plan_item, complete_assessment
from tests.conftest import DEMO_USERNAMES
from workflows import services
from workflows.access import proposals_visible_to
from workflows.models import Proposal, ProposalStatus, Review, Tranche, TrancheStatus
from workflows.scale import MODELS as PROPOSAL_MODELS
from workflows.scale import SCORES

S = ProposalStatus
C = CaseStatus
SOURCE = Source.WEB
PROPOSALS, CASES = 60, 30


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[str]:
    """The demo cast plus `seed_scale`'s copies, for the module's tests; rolled back after."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        out = StringIO()
        call_command("seed_scale", proposals=PROPOSALS, cases=CASES, force=True, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_each_copy_keeps_its_stretched_time_in_each_stage(seeded: str, db: None) -> None:
    """A copied proposal's time in each stage is its stays in the history added up (the
    copies' stays last days), not its template's milliseconds."""
    content_type = ContentType.objects.get_for_model(Proposal)
    stays = HistoryEntry.objects.filter(
        content_type=content_type, source_state__in=list(Proposal.STAY_FIELDS)
    ).exclude(source_since=None)
    expected: dict[tuple[int, str], int] = {}
    for pk, state, since, at in stays.values_list(
        "object_id", "source_state", "source_since", "at"
    ):
        assert since is not None
        key = (pk, Proposal.STAY_FIELDS[state])
        expected[key] = expected.get(key, 0) + stay_tenths(since, at)
    fields = list(Proposal.STAY_FIELDS.values())
    found = {
        (row["pk"], field): row[field]
        for row in Proposal.objects.values("pk", *fields)
        for field in fields
        if row[field] is not None
    }

    assert found == expected
    assert max(found.values()) >= 10  # a day or more


def test_it_adds_what_it_is_asked_and_says_so(seeded: str, db: None) -> None:
    assert Proposal.objects.filter(reference__startswith="COR-").count() >= PROPOSALS
    assert "Projets : 60 ajoutés." in seeded
    assert "Dossiers : 30 ajoutés." in seeded
    assert f"Projets : {PROPOSALS - 6} / {PROPOSALS - 6} copiés." in seeded


def test_every_state_is_there(seeded: str, db: None) -> None:
    assert set(Proposal.objects.values_list("status", flat=True)) == set(S.values)
    assert set(Case.objects.values_list("status", flat=True)) == set(C.values)
    assert set(Tranche.objects.values_list("status", flat=True)) >= {
        TrancheStatus.PLANNED,
        TrancheStatus.REQUESTED,
        TrancheStatus.APPROVED,
        TrancheStatus.PAID,
    }
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)


def test_the_history_chain_holds(seeded: str, db: None) -> None:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "chaîne intacte" in out.getvalue()
    copied = Proposal.objects.order_by("-pk").first()
    assert copied is not None
    assert HistoryEntry.objects.for_object(copied).filter(action="create").exists()


def test_a_second_run_adds_as_many_again(seeded: str, db: None) -> None:
    proposals, cases = Proposal.objects.count(), Case.objects.count()
    out = StringIO()
    call_command("seed_scale", proposals=8, cases=6, force=True, stdout=out)
    assert (Proposal.objects.count(), Case.objects.count()) == (proposals + 8, cases + 6)
    verified = StringIO()
    call_command("verify_audit", stdout=verified)
    assert "chaîne intacte" in verified.getvalue()


def test_too_few_to_copy_adds_nothing_and_says_so(seeded: str, db: None) -> None:
    proposals, cases = Proposal.objects.count(), Case.objects.count()
    out = StringIO()
    call_command("seed_scale", proposals=3, force=True, stdout=out)
    assert (Proposal.objects.count(), Case.objects.count()) == (proposals, cases)
    assert "trop peu demandés" in out.getvalue()
    assert f"Projets : {proposals} déjà là, 3 à ajouter." in out.getvalue()


def test_no_routing_needs_repair(seeded: str, db: None) -> None:
    out = StringIO()
    call_command("repair_routing", "--dry-run", stdout=out)
    assert "rien à réparer" in out.getvalue()


def test_the_copies_belong_to_many_people_the_demo_users_first(seeded: str, db: None) -> None:
    owners = set(Proposal.objects.values_list("association__acronym", flat=True))
    assert {"ARKF"} < owners
    caseworkers = set(Case.objects.values_list("caseworker__username", flat=True))
    assert {"caseworker1", "caseworker2"} < caseworkers
    assert Review.objects.filter(evaluator__username="evaluator1").count() > 10


PAGES = {
    "assoc_paris": ["workflows:proposal_list", "registry:association_list"],
    "assoc_brussels": ["workflows:proposal_list"],
    "officer": [
        "workflows:proposal_list",
        "workflows:screening_queue",
        "workflows:execution_queue",
        "workflows:call_list",
    ],
    "evaluator1": ["workflows:proposal_list", "workflows:review_queue"],
    "evaluator2": ["workflows:review_queue"],
    "evaluator3": ["workflows:review_queue"],
    "committee": ["workflows:proposal_list", "workflows:committee_queue"],
    "finance": ["workflows:proposal_list", "workflows:finance_queue"],
    "caseworker1": ["cases:case_list"],
    "caseworker2": ["cases:case_list"],
    "supervisor": ["cases:case_list", "cases:decision_queue", "cases:caseload"],
    "focal_paris": ["registry:association_list"],
    "auditor": ["workflows:proposal_list"],
    "univ_lome": [],
    "chr_kara": [],
    "expert_paris": [],
    "doctor_brussels": [],
    "admin": ["workflows:proposal_list", "registry:association_list"],
}


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_every_demo_user_still_works_through_the_pages(
    seeded: str, db: None, username: str
) -> None:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    pages = [reverse("home"), reverse("tasks"), *(reverse(name) for name in PAGES[username])]
    proposals = list(proposals_visible_to(user).order_by("pk").values_list("pk", flat=True))
    cases = list(cases_visible_to(user).order_by("pk").values_list("pk", flat=True))
    pages += [reverse("workflows:proposal_detail", args=[pk]) for pk in proposals[-3:]]
    pages += [reverse("cases:case_detail", args=[pk]) for pk in cases[-3:]]
    answers = {page: client.get(page).status_code for page in pages}
    assert answers == dict.fromkeys(pages, 200)


def _user(name: str) -> User:
    return User.objects.get(username=name)


def _member(proposal: Proposal) -> User:
    member = proposal.association.members.filter(is_active=True).order_by("pk").first()
    assert member is not None
    return member


def _tranche_step(proposal: Proposal) -> Any:
    tranche = proposal.tranches.exclude(status=TrancheStatus.PAID).order_by("number").first()
    assert tranche is not None
    if tranche.status == TrancheStatus.REQUESTED:
        return services.tranche_approve(tranche=tranche, by=_user("officer"), source=SOURCE)
    if tranche.status == TrancheStatus.APPROVED:
        return services.tranche_pay(
            tranche=tranche, by=_user("finance"), source=SOURCE, payment_reference="VIR-TEST"
        )
    return services.tranche_request(
        tranche=tranche, by=_member(proposal), source=SOURCE, report="Avancement"
    )


def _pending_review(proposal: Proposal) -> Any:
    review = proposal.reviews.filter(submitted_at__isnull=True).order_by("pk").first()
    assert review is not None
    return services.review_file(
        proposal=proposal,
        by=review.evaluator,
        source=SOURCE,
        scores=SCORES,
        recommendation="favourable",
    )


NEXT_STEP: dict[str, Callable[[Proposal], Any]] = {
    S.DRAFT: lambda p: services.proposal_submit(proposal=p, by=_member(p), source=SOURCE),
    S.SUBMITTED: lambda p: services.proposal_return_for_completion(
        proposal=p, by=_user("officer"), source=SOURCE, comment="Complétez."
    ),
    S.RETURNED: lambda p: services.proposal_resubmit(proposal=p, by=_member(p), source=SOURCE),
    S.UNDER_REVIEW: _pending_review,
    S.IN_COMMITTEE: lambda p: services.proposal_reject(
        proposal=p, by=_user("committee"), source=SOURCE, comment="Hors priorités."
    ),
    S.APPROVED: lambda p: services.proposal_sign_agreement(
        proposal=p, by=_user("officer"), source=SOURCE
    ),
    S.IN_EXECUTION: _tranche_step,
    S.SUSPENDED: lambda p: services.proposal_resume(proposal=p, by=_user("officer"), source=SOURCE),
    S.COMPLETED: lambda p: services.proposal_close(proposal=p, by=_user("finance"), source=SOURCE),
}
FINAL = {S.REJECTED, S.WITHDRAWN, S.TERMINATED, S.CLOSED}


def _agrees_with_its_routing(obj: Any) -> None:
    for check in routing_checks():
        if isinstance(obj, check.queryset().model):
            assert check.mismatch(obj) is None


@pytest.mark.parametrize("status", sorted(set(S.values) - FINAL))
def test_a_copied_proposal_in_each_state_takes_its_next_step(
    seeded: str, db: None, status: str
) -> None:
    proposal = Proposal.objects.filter(status=status).order_by("-pk").first()
    assert proposal is not None
    before = HistoryEntry.objects.count()
    NEXT_STEP[status](proposal)
    proposal.refresh_from_db()
    assert HistoryEntry.objects.count() > before
    _agrees_with_its_routing(proposal)


def _worker(case: Case) -> User:
    assert case.caseworker is not None
    return case.caseworker


def _assess_and_submit(case: Case) -> Any:
    complete_assessment(case, _worker(case))
    if not case.plan_items.exists():
        add_plan_item(case, _worker(case))
    return case_services.case_submit_plan(case=case, by=_worker(case), source=SOURCE)


CASE_STEP: dict[str, Callable[[Case], Any]] = {
    C.REGISTERED: lambda c: case_services.case_start_assessment(
        case=c, by=_worker(c), source=SOURCE
    ),
    C.ASSESSMENT: _assess_and_submit,
    C.PLAN_SUBMITTED: lambda c: case_services.case_approve_plan(
        case=c, by=_user("supervisor"), source=SOURCE
    ),
    C.IN_SUPPORT: lambda c: case_services.case_start_follow_up(
        case=c, by=_worker(c), source=SOURCE
    ),
    C.FOLLOW_UP: lambda c: case_services.case_request_closure(
        case=c, by=_worker(c), source=SOURCE, reason="plan_achieved"
    ),
    C.CLOSURE_REQUESTED: lambda c: case_services.case_approve_closure(
        case=c, by=_user("supervisor"), source=SOURCE
    ),
    C.CLOSED: lambda c: case_services.case_reopen(
        case=c, by=_user("supervisor"), source=SOURCE, comment="Nouvelle difficulté."
    ),
}


@pytest.mark.parametrize("status", C.values)
def test_a_copied_case_in_each_state_takes_its_next_step(
    seeded: str, db: None, status: str
) -> None:
    open_referrals = [ReferralStatus.SENT, ReferralStatus.ACCEPTED]
    cases = Case.objects.filter(status=status).exclude(referrals__status__in=open_referrals)
    case = cases.order_by("-pk").first()
    assert case is not None
    before = HistoryEntry.objects.count()
    CASE_STEP[status](case)
    case.refresh_from_db()
    assert case.status != status
    assert HistoryEntry.objects.count() > before
    _agrees_with_its_routing(case)


def test_the_foreign_keys_dropped_for_the_copy_are_back(seeded: str, db: None) -> None:
    """On PostgreSQL the copier drops the tables' foreign keys and adds them again (one
    check each); every one the models declare is there afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("the foreign keys are kept as they are elsewhere")
    declared = {
        (model._meta.db_table, field.column)
        for model in {*PROPOSAL_MODELS, *CASE_MODELS}
        for field in model._meta.local_concrete_fields
        if field.is_relation and field.db_constraint
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, a.attname FROM pg_constraint c "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "WHERE c.contype = 'f' AND c.condeferred"
        )
        present = set(cursor.fetchall())
    assert declared <= present
