"""A returnee case from intake to reopening, through the services: the statuses, the
refusals and the reasons they give, the routing of the work and the history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from viewflow.workflow.status import PROCESS

from audit.labels import describe
from audit.models import HistoryEntry, Outcome
from cases import access, services
from cases.models import (
    Assessment,
    Case,
    CaseProcess,
    CaseRead,
    CaseStatus,
    FollowUp,
    PlanItem,
    Referral,
    ReferralStatus,
)
from cases.transitions import CASE_TRANSITIONS
from processes.transitions import ConditionsUnmet, InvalidState, NotAllowed, StaleObject
from registry.models import Prefecture
from tests.cases.builders import (
    FULL_ANSWERS,
    SOURCE,
    add_plan_item,
    add_referral,
    advance,
    case_in,
    complete_assessment,
    days,
    new_case,
    open_tasks,
)


@pytest.fixture
def caseworker2(cast: dict[str, Any]) -> Any:
    return cast["users"]["caseworker2"]


def actions(case: Any) -> list[tuple[str, str]]:
    """The case's history as (action, outcome), oldest first."""
    return list(HistoryEntry.objects.for_object(case).values_list("action", "outcome"))


def refusals(obj: Any) -> list[str]:
    rows = HistoryEntry.objects.for_object(obj).filter(outcome=Outcome.REFUSED)
    return list(rows.values_list("action", flat=True))


# --- The whole lifecycle --------------------------------------------------------


def test_a_case_goes_from_intake_to_reopening_with_every_step_routed_and_recorded(
    caseworker1, supervisor
):
    # Intake, consent recorded.
    case = new_case(caseworker1)
    assert case.status == CaseStatus.REGISTERED
    assert case.caseworker == caseworker1
    assert case.consent_recorded_by == caseworker1
    assert open_tasks(case) == [("assess", "caseworker1")]

    case = services.case_start_assessment(case=case, by=caseworker1, source=SOURCE)
    assert case.status == CaseStatus.ASSESSMENT

    # A plan submitted too early is refused with both reasons.
    with pytest.raises(ConditionsUnmet) as refused:
        services.case_submit_plan(case=case, by=caseworker1, source=SOURCE)
    assert len(refused.value.messages) == 2

    complete_assessment(case, caseworker1)
    add_plan_item(case, caseworker1)
    case = services.case_submit_plan(case=case, by=caseworker1, source=SOURCE)
    assert case.status == CaseStatus.PLAN_SUBMITTED
    assert open_tasks(case) == [("plan_review", None)]

    case = services.case_return_plan(
        case=case, by=supervisor, source=SOURCE, comment="Chiffrez l'outillage."
    )
    assert case.status == CaseStatus.ASSESSMENT
    assert open_tasks(case) == [("assess", "caseworker1")]

    case = services.case_submit_plan(case=case, by=caseworker1, source=SOURCE)
    case = services.case_approve_plan(case=case, by=supervisor, source=SOURCE)
    assert case.status == CaseStatus.IN_SUPPORT
    assert open_tasks(case) == [("support", "caseworker1")]

    # Referrals: one accepted then completed, one declined.
    health = add_referral(case, caseworker1)
    housing = add_referral(case, caseworker1, service="housing", provider="Mairie de Kpalimé")
    health = services.referral_accept(referral=health, by=caseworker1, source=SOURCE)
    with pytest.raises(ConditionsUnmet):
        services.case_start_follow_up(case=case, by=caseworker1, source=SOURCE)
    services.referral_decline(
        referral=housing, by=caseworker1, source=SOURCE, note="Plus de place."
    )
    services.referral_complete(
        referral=health,
        by=caseworker1,
        source=SOURCE,
        outcome="Plâtre posé, rééducation faite.",
        delivered_on=days(-1),
    )
    case = services.case_start_follow_up(case=case, by=caseworker1, source=SOURCE)
    assert case.status == CaseStatus.FOLLOW_UP

    follow_up = services.follow_up_record(
        case=case, by=caseworker1, source=SOURCE, visit_date=days(0), answers=FULL_ANSWERS
    )
    assert follow_up.composite == Decimal("0.765")

    # Closure: a wrong reason, a refusal, then the approval.
    with pytest.raises(ConditionsUnmet):
        services.case_request_closure(case=case, by=caseworker1, source=SOURCE, reason="bored")
    case = services.case_request_closure(
        case=case, by=caseworker1, source=SOURCE, reason="lost_contact"
    )
    assert open_tasks(case) == [("closure_review", None)]
    case = services.case_refuse_closure(
        case=case, by=supervisor, source=SOURCE, comment="Rappelez sa sœur d'abord."
    )
    assert case.status == CaseStatus.FOLLOW_UP
    assert open_tasks(case) == [("support", "caseworker1")]
    case = services.case_request_closure(
        case=case, by=caseworker1, source=SOURCE, reason="plan_achieved"
    )
    case = services.case_approve_closure(case=case, by=supervisor, source=SOURCE)
    assert case.status == CaseStatus.CLOSED
    assert open_tasks(case) == []

    case = services.case_reopen(
        case=case, by=supervisor, source=SOURCE, comment="Il revient vers la cellule."
    )
    assert case.status == CaseStatus.ASSESSMENT
    assert open_tasks(case) == [("assess", "caseworker1")]

    done, refused_ = Outcome.DONE.value, Outcome.REFUSED.value
    assert actions(case) == [
        ("create", done),
        ("record_consent", done),
        ("assign", done),
        ("start_assessment", done),
        ("submit_plan", refused_),
        ("assessment", done),
        ("plan_item", done),
        ("submit_plan", done),
        ("return_plan", done),
        ("submit_plan", done),
        ("approve_plan", done),
        ("referral", done),
        ("referral", done),
        ("start_follow_up", refused_),
        ("start_follow_up", done),
        ("follow_up", done),
        ("request_closure", refused_),
        ("request_closure", done),
        ("refuse_closure", done),
        ("request_closure", done),
        ("approve_closure", done),
        ("reopen", done),
    ]
    assert [a for a, _o in actions(health)] == ["send", "accept", "complete"]
    assert [a for a, _o in actions(housing)] == ["send", "decline"]


# --- Intake and consent -------------------------------------------------------


def test_a_caseworkers_own_registration_is_assigned_to_itself_with_its_consent_record(
    caseworker1,
):
    before = timezone.now()
    case = new_case(caseworker1)
    assert case.caseworker == caseworker1
    assert case.reference == f"CAS-{timezone.localdate().year}-{case.pk:05d}"
    assert case.consent_recorded_by == caseworker1
    assert case.consent_recorded_at >= before
    assert Assessment.objects.filter(case=case).exists()
    assert [a for a, _o in actions(case)] == ["create", "record_consent", "assign"]


def test_a_supervisor_registers_a_case_for_a_named_caseworker(supervisor, caseworker2):
    case = new_case(supervisor, caseworker="caseworker2")
    assert case.caseworker == caseworker2
    assert case.consent_recorded_by == supervisor
    assert open_tasks(case) == [("assess", "caseworker2")]


def test_a_case_a_supervisor_registers_without_caseworker_waits_unassigned(supervisor):
    case = new_case(supervisor)
    assert case.caseworker is None
    assert open_tasks(case) == [("assess", None)]
    assert [a for a, _o in actions(case)] == ["create", "record_consent"]


def test_a_caseworker_cannot_hand_a_new_case_to_another_caseworker(caseworker1, caseworker2):
    with pytest.raises(NotAllowed):
        new_case(caseworker1, caseworker="caseworker2")
    assert not Case.objects.filter(last_name="Mensah").exists()


@pytest.mark.parametrize("who", ["officer", "committee", "auditor", "focal_paris"])
def test_only_the_cell_registers_returnees(cast, who):
    with pytest.raises(NotAllowed):
        new_case(cast["users"][who])
    assert not Case.objects.filter(last_name="Mensah").exists()


@pytest.mark.parametrize("username", ["nobody", "officer"])
def test_a_case_is_assigned_only_to_an_active_caseworker_of_the_cell(supervisor, username):
    with pytest.raises(ConditionsUnmet) as refused:
        new_case(supervisor, caseworker=username)
    assert f"« {username} »" in refused.value.fields["caseworker"][0]
    assert not Case.objects.filter(last_name="Mensah").exists()


def test_consent_recorded_later_keeps_who_recorded_it_and_when(caseworker1):
    case = new_case(caseworker1, consent_given=False)
    assert case.consent_recorded_at is None
    case = services.case_update(case=case, by=caseworker1, source=SOURCE, consent_given=True)
    first_recorded = case.consent_recorded_at
    assert first_recorded is not None
    assert case.consent_recorded_by == caseworker1
    case = services.case_update(case=case, by=caseworker1, source=SOURCE, phone="+228 91 00 00 00")
    case = services.case_update(case=case, by=caseworker1, source=SOURCE, consent_given=True)
    assert case.consent_recorded_at == first_recorded
    assert [a for a, _o in actions(case)].count("record_consent") == 1


def test_recorded_consent_is_not_withdrawn_by_an_intake_correction(caseworker1):
    case = new_case(caseworker1)
    with pytest.raises(ConditionsUnmet) as refused:
        services.case_update(case=case, by=caseworker1, source=SOURCE, consent_given=False)
    assert "consent_given" in refused.value.fields
    case.refresh_from_db()
    assert case.consent_given


def test_start_assessment_is_refused_without_consent_and_says_so(caseworker1):
    case = new_case(caseworker1, consent_given=False)
    with pytest.raises(ConditionsUnmet) as refused:
        services.case_start_assessment(case=case, by=caseworker1, source=SOURCE)
    assert refused.value.messages == ["Le consentement du migrant de retour n'est pas enregistré."]
    assert "consent_given" in refused.value.fields
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED
    assert refusals(case) == ["start_assessment"]

    case = services.case_update(case=case, by=caseworker1, source=SOURCE, consent_given=True)
    case = services.case_start_assessment(case=case, by=caseworker1, source=SOURCE)
    assert case.status == CaseStatus.ASSESSMENT


def test_only_the_assigned_caseworker_corrects_the_intake(caseworker1, caseworker2, supervisor):
    case = new_case(caseworker1)
    for other in (caseworker2, supervisor):
        with pytest.raises(NotAllowed):
            services.case_update(case=case, by=other, source=SOURCE, phone="000")
    case.refresh_from_db()
    assert case.phone == "+228 90 11 22 33"
    assert refusals(case) == ["update", "update"]


def test_an_intake_correction_from_a_stale_page_is_refused(caseworker1):
    case = new_case(caseworker1)
    with pytest.raises(StaleObject):
        services.case_update(
            case=case, by=caseworker1, source=SOURCE, expected_state="assessment", phone="000"
        )


# --- Bad input ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("return_date", days(3), "futur"),
        ("birth_year", 1850, "1900"),
        ("birth_year", timezone.localdate().year + 1, "1900"),
        ("vulnerabilities", ["medical", "werewolf"], "werewolf"),
        ("vulnerabilities", "medical", "liste"),
        ("sex", "X", "X"),
        ("return_type", "teleported", "teleported"),
        ("returned_from", "XX", "XX"),
    ],
)
def test_impossible_intake_values_get_a_field_error_and_nothing_is_saved(
    caseworker1, field, value, words
):
    cases, rows = Case.objects.count(), HistoryEntry.objects.count()
    with pytest.raises(ConditionsUnmet) as refused:
        new_case(caseworker1, **{field: value})
    assert field in refused.value.fields
    assert words in " ".join(refused.value.fields[field])
    assert (Case.objects.count(), HistoryEntry.objects.count()) == (cases, rows)
    assert not CaseProcess.objects.filter(case__last_name="Mensah").exists()


def test_a_prefecture_outside_the_region_is_named_on_the_prefecture_field(caseworker1):
    with pytest.raises(ConditionsUnmet) as refused:
        new_case(caseworker1, prefecture=Prefecture.objects.get(code="golfe"))
    assert "prefecture" in refused.value.fields
    assert not Case.objects.filter(last_name="Mensah").exists()


def test_an_impossible_correction_changes_nothing(caseworker1):
    case = new_case(caseworker1)
    with pytest.raises(ConditionsUnmet) as refused:
        services.case_update(case=case, by=caseworker1, source=SOURCE, birth_year=1850, phone="000")
    assert set(refused.value.fields) == {"birth_year"}
    case.refresh_from_db()
    assert (case.birth_year, case.phone) == (1990, "+228 90 11 22 33")


@pytest.mark.parametrize(
    "answers",
    [
        {"income": "1.5"},
        {"income": -0.2},
        {"income": "beaucoup"},
        {"income": True},
        {"income": "NaN"},
        {"unknown_indicator": "0.5"},
        {},
    ],
)
def test_out_of_range_or_unknown_survey_answers_get_a_field_error_and_nothing_is_saved(
    caseworker1, supervisor, answers
):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    rows = HistoryEntry.objects.for_object(case).count()
    with pytest.raises(ConditionsUnmet) as refused:
        services.follow_up_record(
            case=case, by=caseworker1, source=SOURCE, visit_date=days(0), answers=answers
        )
    assert set(refused.value.fields) == {"answers"}
    assert not FollowUp.objects.filter(case=case).exists()
    assert HistoryEntry.objects.for_object(case).count() == rows


def test_a_follow_up_visit_cannot_be_in_the_future(caseworker1, supervisor):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(ConditionsUnmet) as refused:
        services.follow_up_record(
            case=case, by=caseworker1, source=SOURCE, visit_date=days(2), answers=FULL_ANSWERS
        )
    assert set(refused.value.fields) == {"visit_date"}
    assert not FollowUp.objects.filter(case=case).exists()


def test_a_plan_item_with_a_negative_budget_is_refused_on_the_budget(caseworker1, supervisor):
    case = case_in("assessment", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(ConditionsUnmet) as refused:
        add_plan_item(case, caseworker1, budget=-5)
    assert "budget" in refused.value.fields
    assert not PlanItem.objects.filter(case=case).exists()


def test_a_plan_item_needs_a_known_dimension_and_kind(caseworker1, supervisor):
    case = case_in("assessment", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(ConditionsUnmet) as refused:
        add_plan_item(case, caseworker1, dimension="spiritual", kind="lottery")
    assert set(refused.value.fields) == {"dimension", "kind"}


# --- Assessment and plan --------------------------------------------------------


def test_the_assessment_is_written_only_during_the_assessment_step(caseworker1, supervisor):
    case = new_case(caseworker1)
    with pytest.raises(InvalidState):
        services.assessment_save(case=case, by=caseworker1, source=SOURCE, skills="Soudure")
    assert refusals(case) == ["assessment"]


def test_the_assessment_is_written_only_by_the_assigned_caseworker(
    caseworker1, caseworker2, supervisor
):
    case = case_in("assessment", caseworker=caseworker1, supervisor=supervisor)
    for other in (caseworker2, supervisor):
        with pytest.raises(NotAllowed):
            services.assessment_save(case=case, by=other, source=SOURCE, skills="Soudure")
    assert Assessment.objects.get(case=case).skills == ""


def test_an_assessment_marked_complete_must_describe_a_situation(caseworker1, supervisor):
    case = case_in("assessment", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(ConditionsUnmet) as refused:
        services.assessment_save(case=case, by=caseworker1, source=SOURCE, complete=True)
    assert "complete" in refused.value.fields
    assert not Assessment.objects.get(case=case).complete


def test_assessment_answers_are_dictionaries(caseworker1, supervisor):
    case = case_in("assessment", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(ConditionsUnmet) as refused:
        services.assessment_save(
            case=case, by=caseworker1, source=SOURCE, economic_answers=["a", "b"]
        )
    assert set(refused.value.fields) == {"economic_answers"}


@pytest.mark.parametrize(
    ("complete", "items", "expected"),
    [
        (
            False,
            0,
            ["L'évaluation n'est pas marquée complète.", "Le plan ne compte aucun élément."],
        ),
        (False, 1, ["L'évaluation n'est pas marquée complète."]),
        (True, 0, ["Le plan ne compte aucun élément."]),
    ],
)
def test_submitting_a_plan_names_every_unmet_condition(
    caseworker1, supervisor, complete, items, expected
):
    case = case_in("assessment", caseworker=caseworker1, supervisor=supervisor)
    if complete:
        complete_assessment(case, caseworker1)
    for _n in range(items):
        add_plan_item(case, caseworker1)
    with pytest.raises(ConditionsUnmet) as refused:
        services.case_submit_plan(case=case, by=caseworker1, source=SOURCE)
    assert refused.value.messages == expected
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSMENT
    assert refusals(case) == ["submit_plan"]
    assert open_tasks(case) == [("assess", "caseworker1")]


def test_a_plan_item_is_removed_while_the_plan_is_drafted(caseworker1, supervisor):
    case = case_in("assessment", caseworker=caseworker1, supervisor=supervisor)
    item = add_plan_item(case, caseworker1)
    services.plan_item_remove(item=item, by=caseworker1, source=SOURCE)
    assert not PlanItem.objects.filter(case=case).exists()
    assert [a for a, _o in actions(case)][-2:] == ["plan_item", "plan_item_remove"]


def test_a_plan_under_review_is_frozen(caseworker1, supervisor):
    case = case_in("plan_submitted", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(InvalidState):
        add_plan_item(case, caseworker1)
    with pytest.raises(InvalidState):
        services.plan_item_remove(
            item=PlanItem.objects.get(case=case), by=caseworker1, source=SOURCE
        )
    assert PlanItem.objects.filter(case=case).count() == 1


def test_returning_a_plan_needs_a_comment(caseworker1, supervisor):
    case = case_in("plan_submitted", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(ConditionsUnmet) as refused:
        services.case_return_plan(case=case, by=supervisor, source=SOURCE, comment="  ")
    assert "comment" in refused.value.fields
    case.refresh_from_db()
    assert case.status == CaseStatus.PLAN_SUBMITTED
    assert open_tasks(case) == [("plan_review", None)]


def test_a_returned_plan_goes_back_to_the_caseworker_with_the_comment(caseworker1, supervisor):
    case = case_in("plan_submitted", caseworker=caseworker1, supervisor=supervisor)
    case = services.case_return_plan(
        case=case, by=supervisor, source=SOURCE, comment="Budget trop élevé."
    )
    assert case.status == CaseStatus.ASSESSMENT
    assert open_tasks(case) == [("assess", "caseworker1")]
    row = HistoryEntry.objects.for_object(case).last()
    assert (row.action, row.by, row.comment) == ("return_plan", supervisor, "Budget trop élevé.")


@pytest.mark.parametrize("name", ["approve_plan", "return_plan"])
def test_a_caseworker_does_not_decide_its_own_plan(caseworker1, supervisor, name):
    case = case_in("plan_submitted", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(NotAllowed):
        CASE_TRANSITIONS.fire(name, obj=case, by=caseworker1, source=SOURCE, data={"comment": "ok"})
    case.refresh_from_db()
    assert case.status == CaseStatus.PLAN_SUBMITTED
    assert refusals(case) == [name]


def test_an_approved_plan_opens_the_support_step_for_the_caseworker(caseworker1, supervisor):
    case = case_in("plan_submitted", caseworker=caseworker1, supervisor=supervisor)
    case = services.case_approve_plan(case=case, by=supervisor, source=SOURCE)
    assert case.status == CaseStatus.IN_SUPPORT
    assert open_tasks(case) == [("support", "caseworker1")]


def test_a_plan_approved_twice_is_refused_the_second_time(caseworker1, supervisor):
    case = case_in("plan_submitted", caseworker=caseworker1, supervisor=supervisor)
    stale = Case.objects.get(pk=case.pk)
    services.case_approve_plan(case=case, by=supervisor, source=SOURCE)
    with pytest.raises(InvalidState):
        services.case_approve_plan(case=stale, by=supervisor, source=SOURCE)
    with pytest.raises(StaleObject):
        services.case_approve_plan(
            case=stale, by=supervisor, source=SOURCE, expected_state="plan_submitted"
        )
    assert refusals(case) == ["approve_plan", "approve_plan"]


# --- Referrals ------------------------------------------------------------------


def test_referrals_are_made_once_the_plan_is_approved(caseworker1, supervisor):
    case = case_in("assessment", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(InvalidState):
        add_referral(case, caseworker1)
    assert not Referral.objects.filter(case=case).exists()
    assert refusals(case) == ["referral"]


def test_a_referral_is_accepted_then_completed_with_what_was_delivered(caseworker1, supervisor):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    referral = add_referral(case, caseworker1)
    assert referral.status == ReferralStatus.SENT
    referral = services.referral_accept(referral=referral, by=caseworker1, source=SOURCE)
    referral = services.referral_complete(
        referral=referral,
        by=caseworker1,
        source=SOURCE,
        outcome="Trois séances de kinésithérapie.",
        delivered_on=days(-2),
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert (referral.outcome, referral.delivered_on) == (
        "Trois séances de kinésithérapie.",
        days(-2),
    )


def test_a_declined_referral_keeps_the_providers_reason(caseworker1, supervisor):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    referral = add_referral(case, caseworker1)
    referral = services.referral_decline(
        referral=referral, by=caseworker1, source=SOURCE, note="Service saturé."
    )
    assert referral.status == ReferralStatus.DECLINED
    assert referral.outcome == "Service saturé."


def test_completing_a_referral_needs_what_was_delivered_and_a_past_date(caseworker1, supervisor):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    referral = add_referral(case, caseworker1)
    referral = services.referral_accept(referral=referral, by=caseworker1, source=SOURCE)
    with pytest.raises(ConditionsUnmet) as refused:
        services.referral_complete(
            referral=referral,
            by=caseworker1,
            source=SOURCE,
            outcome=" ",
            delivered_on=days(5),
        )
    assert set(refused.value.fields) == {"outcome", "delivered_on"}
    assert len(refused.value.messages) == 2
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert refusals(referral) == ["complete"]


def test_a_referral_not_yet_accepted_cannot_be_completed(caseworker1, supervisor):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    referral = add_referral(case, caseworker1)
    with pytest.raises(InvalidState):
        services.referral_complete(referral=referral, by=caseworker1, source=SOURCE, outcome="Fait")


def test_a_referral_is_moved_only_by_the_cases_caseworker(caseworker1, caseworker2, supervisor):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    referral = add_referral(case, caseworker1)
    for other in (caseworker2, supervisor):
        with pytest.raises(NotAllowed):
            services.referral_accept(referral=referral, by=other, source=SOURCE)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_a_referral_past_its_due_date_is_overdue_until_it_is_settled(caseworker1, supervisor):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    late = add_referral(case, caseworker1, due_date=days(-3))
    on_time = add_referral(case, caseworker1, due_date=days(3))
    assert late.is_overdue
    assert not on_time.is_overdue
    late = services.referral_accept(referral=late, by=caseworker1, source=SOURCE)
    assert late.is_overdue
    late = services.referral_complete(referral=late, by=caseworker1, source=SOURCE, outcome="Fait")
    assert not late.is_overdue


def test_follow_up_waits_until_no_referral_is_sent_or_accepted(caseworker1, supervisor):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    sent = add_referral(case, caseworker1, provider="CHR de Kpalimé")
    accepted = add_referral(case, caseworker1, service="training", provider="FAIEJ")
    services.referral_accept(referral=accepted, by=caseworker1, source=SOURCE)
    with pytest.raises(ConditionsUnmet) as refused:
        services.case_start_follow_up(case=case, by=caseworker1, source=SOURCE)
    assert refused.value.messages == [
        "L'orientation « Santé — CHR de Kpalimé » est encore « Envoyée ».",
        "L'orientation « Formation — FAIEJ » est encore « Acceptée ».",
    ]
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_SUPPORT

    services.referral_decline(referral=sent, by=caseworker1, source=SOURCE)
    services.referral_complete(referral=accepted, by=caseworker1, source=SOURCE, outcome="Formé")
    case = services.case_start_follow_up(case=case, by=caseworker1, source=SOURCE)
    assert case.status == CaseStatus.FOLLOW_UP


# --- Follow-ups -----------------------------------------------------------------


def test_a_follow_up_keeps_its_answers_and_scores_per_dimension(caseworker1, supervisor):
    case = case_in("follow_up", caseworker=caseworker1, supervisor=supervisor)
    follow_up = services.follow_up_record(
        case=case,
        by=caseworker1,
        source=SOURCE,
        visit_date=days(-1),
        answers=FULL_ANSWERS,
        notes="A ouvert son atelier.",
    )
    follow_up.refresh_from_db()
    assert follow_up.scores == {
        "economic": Decimal("0.750"),
        "social": Decimal("0.750"),
        "psychosocial": Decimal("0.800"),
        "composite": Decimal("0.765"),
    }
    assert follow_up.answers["income"] == "0.5"
    assert HistoryEntry.objects.for_object(case).last().action == "follow_up"


def test_answers_with_a_decimal_comma_are_read(caseworker1, supervisor):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    follow_up = services.follow_up_record(
        case=case, by=caseworker1, source=SOURCE, visit_date=days(0), answers={"income": "0,25"}
    )
    assert follow_up.economic == Decimal("0.250")


def test_follow_ups_are_recorded_only_once_support_has_started(caseworker1, supervisor):
    case = case_in("assessment", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(InvalidState):
        services.follow_up_record(
            case=case, by=caseworker1, source=SOURCE, visit_date=days(0), answers=FULL_ANSWERS
        )


def test_a_follow_up_is_recorded_only_by_the_cases_caseworker(caseworker1, caseworker2, supervisor):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    for other in (caseworker2, supervisor):
        with pytest.raises(NotAllowed):
            services.follow_up_record(
                case=case, by=other, source=SOURCE, visit_date=days(0), answers=FULL_ANSWERS
            )
    assert not FollowUp.objects.filter(case=case).exists()


# --- Closure and reopening ------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "bored", "PLAN_ACHIEVED"])
def test_a_closure_with_an_unknown_reason_is_refused_on_the_reason(caseworker1, supervisor, reason):
    case = case_in("follow_up", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(ConditionsUnmet) as refused:
        services.case_request_closure(case=case, by=caseworker1, source=SOURCE, reason=reason)
    assert "reason" in refused.value.fields
    assert "Plan réalisé, Contact perdu" in refused.value.messages[0]
    assert "plan_achieved" not in refused.value.messages[0]
    case.refresh_from_db()
    assert (case.status, case.closure_reason) == (CaseStatus.FOLLOW_UP, "")
    assert refusals(case) == ["request_closure"]
    assert open_tasks(case) == [("support", "caseworker1")]


def test_closure_may_be_requested_straight_from_support(caseworker1, supervisor):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    case = services.case_request_closure(
        case=case, by=caseworker1, source=SOURCE, reason="remigrated"
    )
    assert (case.status, case.closure_reason) == (CaseStatus.CLOSURE_REQUESTED, "remigrated")
    assert open_tasks(case) == [("closure_review", None)]


def test_a_refused_closure_needs_a_comment_and_returns_to_follow_up(caseworker1, supervisor):
    case = case_in("closure_requested", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(ConditionsUnmet) as refused:
        services.case_refuse_closure(case=case, by=supervisor, source=SOURCE, comment="")
    assert "comment" in refused.value.fields
    case = services.case_refuse_closure(
        case=case, by=supervisor, source=SOURCE, comment="Une visite de plus."
    )
    assert (case.status, case.closure_reason) == (CaseStatus.FOLLOW_UP, "")
    assert open_tasks(case) == [("support", "caseworker1")]


def test_a_refused_closure_returns_to_support_where_an_open_referral_still_blocks_follow_up(
    caseworker1, supervisor
):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    add_referral(case, caseworker1)  # still "sent"
    with pytest.raises(ConditionsUnmet):
        services.case_start_follow_up(case=case, by=caseworker1, source=SOURCE)
    case = services.case_request_closure(
        case=case, by=caseworker1, source=SOURCE, reason="lost_contact"
    )
    assert case.closure_requested_from == CaseStatus.IN_SUPPORT
    case = services.case_refuse_closure(
        case=case, by=supervisor, source=SOURCE, comment="Attendons la réponse du CHR."
    )
    assert case.status == CaseStatus.IN_SUPPORT
    assert case.closure_requested_from == ""
    assert open_tasks(case) == [("support", "caseworker1")]
    refusal = HistoryEntry.objects.for_object(case).filter(action="refuse_closure").get()
    assert (refusal.source_state, refusal.target_state) == ("closure_requested", "in_support")
    # The guard of the support state still holds.
    with pytest.raises(ConditionsUnmet):
        services.case_start_follow_up(case=case, by=caseworker1, source=SOURCE)


def test_an_approved_closure_ends_the_process(caseworker1, supervisor):
    case = case_in("closure_requested", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(NotAllowed):
        services.case_approve_closure(case=case, by=caseworker1, source=SOURCE)
    case = services.case_approve_closure(case=case, by=supervisor, source=SOURCE)
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at is not None
    assert case.closure_reason == "plan_achieved"
    assert open_tasks(case) == []
    assert CaseProcess.objects.get(case=case).status == PROCESS.DONE


def test_a_reopened_case_starts_a_new_process_at_the_assessment(caseworker1, supervisor):
    case = case_in("closed", caseworker=caseworker1, supervisor=supervisor)
    with pytest.raises(ConditionsUnmet):
        services.case_reopen(case=case, by=supervisor, source=SOURCE, comment="")
    with pytest.raises(NotAllowed):
        services.case_reopen(case=case, by=caseworker1, source=SOURCE, comment="Retour")
    case = services.case_reopen(case=case, by=supervisor, source=SOURCE, comment="Retour")
    assert case.status == CaseStatus.ASSESSMENT
    assert (case.closed_at, case.closure_reason) == (None, "")
    processes = CaseProcess.objects.filter(case=case).order_by("pk")
    assert [p.status for p in processes] == [PROCESS.DONE, PROCESS.NEW]
    assert open_tasks(case) == [("assess", "caseworker1")]
    # The new episode runs like the first one.
    case = advance(case, "in_support", caseworker1, supervisor)
    assert open_tasks(case) == [("support", "caseworker1")]


def test_every_transition_is_refused_from_a_state_that_does_not_allow_it(caseworker1, supervisor):
    case = new_case(caseworker1)
    for name in ("submit_plan", "start_follow_up", "request_closure"):
        with pytest.raises(InvalidState):
            CASE_TRANSITIONS.fire(
                name,
                obj=case,
                by=caseworker1,
                source=SOURCE,
                data={"reason": "other"},
            )
    for name in ("approve_plan", "return_plan", "approve_closure", "refuse_closure", "reopen"):
        with pytest.raises(InvalidState):
            CASE_TRANSITIONS.fire(
                name,
                obj=case,
                by=supervisor,
                source=SOURCE,
                data={"comment": "x"},
            )
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED
    assert len(refusals(case)) == 8


def test_the_transitions_offered_are_the_ones_the_user_may_fire_now(caseworker1, supervisor):
    case = case_in("plan_submitted", caseworker=caseworker1, supervisor=supervisor)
    assert CASE_TRANSITIONS.available_names(caseworker1, case) == []
    assert set(CASE_TRANSITIONS.available_names(supervisor, case)) == {
        "return_plan",
        "approve_plan",
    }
    case = services.case_approve_plan(case=case, by=supervisor, source=SOURCE)
    assert set(CASE_TRANSITIONS.available_names(caseworker1, case)) == {
        "start_follow_up",
        "request_closure",
    }
    assert CASE_TRANSITIONS.available_names(supervisor, case) == []


# --- Assignment and transfer ----------------------------------------------------


def test_a_supervisor_assigns_an_unassigned_case_and_the_work_follows(supervisor, caseworker2):
    case = new_case(supervisor)
    case = services.case_assign(case=case, caseworker="caseworker2", by=supervisor, source=SOURCE)
    assert case.caseworker == caseworker2
    assert open_tasks(case) == [("assess", "caseworker2")]
    row = HistoryEntry.objects.for_object(case).last()
    assert (row.action, describe(row)) == ("assign", "Edem Kouassi")


@pytest.mark.parametrize(("status", "step"), [("assessment", "assess"), ("in_support", "support")])
def test_a_transferred_case_hands_its_open_step_to_the_new_caseworker(
    caseworker1, caseworker2, supervisor, status, step
):
    case = case_in(status, caseworker=caseworker1, supervisor=supervisor)
    case = services.case_assign(case=case, caseworker="caseworker2", by=supervisor, source=SOURCE)
    assert open_tasks(case) == [(step, "caseworker2")]
    row = HistoryEntry.objects.for_object(case).last()
    assert (row.action, describe(row)) == ("transfer", "Akossiwa Amegah → Edem Kouassi")
    assert access.can_work(caseworker2, case)
    assert not access.can_work(caseworker1, case)
    assert not access.cases_visible_to(caseworker1).filter(pk=case.pk).exists()


def test_the_new_caseworker_carries_the_transferred_case_on(caseworker1, caseworker2, supervisor):
    case = case_in("assessment", caseworker=caseworker1, supervisor=supervisor)
    case = services.case_assign(case=case, caseworker="caseworker2", by=supervisor, source=SOURCE)
    case = advance(case, "in_support", caseworker2, supervisor)
    assert open_tasks(case) == [("support", "caseworker2")]


def test_a_transfer_while_the_plan_is_reviewed_routes_the_returned_plan_to_the_new_caseworker(
    caseworker1, caseworker2, supervisor
):
    case = case_in("plan_submitted", caseworker=caseworker1, supervisor=supervisor)
    case = services.case_assign(case=case, caseworker="caseworker2", by=supervisor, source=SOURCE)
    assert open_tasks(case) == [("plan_review", None)]
    case = services.case_return_plan(case=case, by=supervisor, source=SOURCE, comment="À revoir")
    assert open_tasks(case) == [("assess", "caseworker2")]


def test_only_a_supervisor_transfers_a_case(caseworker1, caseworker2, supervisor):
    case = new_case(caseworker1)
    with pytest.raises(NotAllowed):
        services.case_assign(case=case, caseworker="caseworker2", by=caseworker1, source=SOURCE)
    case.refresh_from_db()
    assert case.caseworker == caseworker1
    assert refusals(case) == ["assign"]


def test_a_case_is_transferred_only_to_a_caseworker(caseworker1, supervisor):
    case = new_case(caseworker1)
    with pytest.raises(ConditionsUnmet) as refused:
        services.case_assign(case=case, caseworker="supervisor", by=supervisor, source=SOURCE)
    assert "caseworker" in refused.value.fields
    case.refresh_from_db()
    assert case.caseworker == caseworker1


def test_a_transfer_to_the_same_caseworker_changes_nothing(caseworker1, supervisor):
    case = new_case(caseworker1)
    rows = HistoryEntry.objects.for_object(case).count()
    services.case_assign(case=case, caseworker="caseworker1", by=supervisor, source=SOURCE)
    assert HistoryEntry.objects.for_object(case).count() == rows


# --- Reads ----------------------------------------------------------------------


def test_each_opening_of_a_case_is_kept(caseworker1, supervisor):
    case = new_case(caseworker1)
    services.record_read(case=case, user=caseworker1, source=SOURCE)
    services.record_read(case=case, user=supervisor, source="api")
    reads = CaseRead.objects.filter(case=case).order_by("at", "pk")
    assert [(r.user.username, r.source) for r in reads] == [
        ("caseworker1", "web"),
        ("supervisor", "api"),
    ]


def test_the_history_names_who_did_each_step_and_from_where(caseworker1, supervisor):
    case = case_in("in_support", caseworker=caseworker1, supervisor=supervisor)
    rows = HistoryEntry.objects.for_object(case).filter(
        action__in=["start_assessment", "submit_plan", "approve_plan"]
    )
    assert [(r.action, r.by.username, r.source_state, r.target_state) for r in rows] == [
        ("start_assessment", "caseworker1", "registered", "assessment"),
        ("submit_plan", "caseworker1", "assessment", "plan_submitted"),
        ("approve_plan", "supervisor", "plan_submitted", "in_support"),
    ]
    assert {r.source for r in rows} == {"web"}
