"""Who may fire each case and referral transition, over HTTP (docs/cases.md).

Every transition, from every state it leaves, is fired by every persona of the demo
cast at a case (or one of its referrals) brought to that state through the services,
as tests/matrix.py describes: caseworker1's case over the API, caseworker2's through
the page, where the two caseworkers swap columns. No case transition mails anyone.
"""

from __future__ import annotations

from typing import Any

from django.forms.models import model_to_dict
from django.urls import reverse
from django_fsm import get_all_FIELD_transitions
from viewflow.workflow.models import Task

from audit.models import HistoryEntry, Outcome
from cases.models import Case, CaseStatus, Referral, ReferralStatus
from cases.transitions import CASE_TRANSITIONS
from tests.cases.builders import (
    add_plan_item,
    complete_assessment,
    make_case,
    make_referral,
    new_case,
)
from tests.matrix import API, PERSONAS, Kind, Row, codes, history, matrix_test

C = CaseStatus
R = ReferralStatus

# `plan_ready`: in assessment, the assessment complete and the plan drafted.
# fmt: off
CASE_MATRIX = [
    #                                                par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm  # noqa: E501
    Row("start_assessment", C.REGISTERED,           "404 404 404 404 404 404 404 404 200 404 403 404 404 404 404 404 404 404"),  # noqa: E501
    Row("submit_plan", "plan_ready",                "404 404 404 404 404 404 404 404 200 404 403 404 404 404 404 404 404 404"),  # noqa: E501
    Row("return_plan", C.PLAN_SUBMITTED,            "404 404 404 404 404 404 404 404 403 404 200 404 404 404 404 404 404 404"),  # noqa: E501
    Row("approve_plan", C.PLAN_SUBMITTED,           "404 404 404 404 404 404 404 404 403 404 200 404 404 404 404 404 404 404"),  # noqa: E501
    Row("start_follow_up", C.IN_SUPPORT,            "404 404 404 404 404 404 404 404 200 404 403 404 404 404 404 404 404 404"),  # noqa: E501
    Row("request_closure", C.IN_SUPPORT,            "404 404 404 404 404 404 404 404 200 404 403 404 404 404 404 404 404 404"),  # noqa: E501
    Row("request_closure", C.FOLLOW_UP,             "404 404 404 404 404 404 404 404 200 404 403 404 404 404 404 404 404 404"),  # noqa: E501
    Row("approve_closure", C.CLOSURE_REQUESTED,     "404 404 404 404 404 404 404 404 403 404 200 404 404 404 404 404 404 404"),  # noqa: E501
    Row("refuse_closure", C.CLOSURE_REQUESTED,      "404 404 404 404 404 404 404 404 403 404 200 404 404 404 404 404 404 404"),  # noqa: E501
    Row("reopen", C.CLOSED,                         "404 404 404 404 404 404 404 404 403 404 200 404 404 404 404 404 404 404"),  # noqa: E501
]
REFERRAL_MATRIX = [
    #                                                par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm  # noqa: E501
    Row("accept", R.SENT,                           "404 404 404 404 404 404 404 404 200 404 403 404 404 404 404 404 404 404"),  # noqa: E501
    Row("decline", R.SENT,                          "404 404 404 404 404 404 404 404 200 404 403 404 404 404 404 404 404 404"),  # noqa: E501
    Row("complete", R.ACCEPTED,                     "404 404 404 404 404 404 404 404 200 404 403 404 404 404 404 404 404 404"),  # noqa: E501
]
# fmt: on

TARGETS = {
    "start_assessment": C.ASSESSMENT,
    "submit_plan": C.PLAN_SUBMITTED,
    "return_plan": C.ASSESSMENT,
    "approve_plan": C.IN_SUPPORT,
    "start_follow_up": C.FOLLOW_UP,
    "request_closure": C.CLOSURE_REQUESTED,
    "approve_closure": C.CLOSED,
    "refuse_closure": C.FOLLOW_UP,  # back where its closure was requested from
    "reopen": C.ASSESSMENT,
}
REFERRAL_TARGETS = {"accept": R.ACCEPTED, "decline": R.DECLINED, "complete": R.COMPLETED}

# What a refused persona reads, by the role the transition needs.
REFUSALS = {
    "caseworker1": "Seul le travailleur social chargé du dossier peut faire cela.",
    "supervisor": "Seul un superviseur de la cellule peut faire cela.",
}


def case_in(state: str, caseworker: str) -> Case:
    if state == "plan_ready":
        case = make_case(C.ASSESSMENT, caseworker=caseworker)
        assert case.caseworker is not None
        complete_assessment(case, case.caseworker)
        add_plan_item(case, case.caseworker)
        return case
    return make_case(state, caseworker=caseworker)


def snapshot(case: Case) -> dict[str, Any]:
    """Everything a transition could change: the case, its plan, referrals, viewflow
    tasks and the history of what was done."""
    fresh = Case.objects.get(pk=case.pk)
    return {
        "case": model_to_dict(fresh),
        "updated_at": fresh.updated_at,
        "plan": list(fresh.plan_items.values_list("id", "budget", "target_date")),
        "referrals": list(fresh.referrals.values_list("id", "status", "outcome")),
        "tasks": sorted(
            (task.flow_task.name, task.status)
            for task in Task.objects.filter(process__caseprocess__case=fresh)
        ),
        "history": list(
            HistoryEntry.objects.filter(outcome=Outcome.DONE)
            .filter(
                pk__in=[
                    *HistoryEntry.objects.for_object(fresh).values_list("pk", flat=True),
                    *(
                        pk
                        for referral in fresh.referrals.all()
                        for pk in HistoryEntry.objects.for_object(referral).values_list(
                            "pk", flat=True
                        )
                    ),
                ]
            )
            .values_list("pk", flat=True)
        ),
    }


CASES = Kind(
    route="cases:case",
    build=case_in,
    inputs={"comment": "Motif de la décision.", "reason": "plan_achieved"},
    targets=TARGETS,
    owners={"caseworker1": "caseworker1", "caseworker2": "caseworker2"},
    refusals=REFUSALS,
    snapshot=snapshot,
)
REFERRALS = CASES.like(
    route="cases:referral",
    build=lambda state, owner: make_referral(state, case=make_case(C.IN_SUPPORT, caseworker=owner)),
    inputs={"note": "Le centre est complet.", "outcome": "Consultation faite."},
    targets=REFERRAL_TARGETS,
    snapshot=lambda referral: snapshot(referral.case),
)

test_who_fires_each_transition = matrix_test(
    case=(CASES, CASE_MATRIX), referral=(REFERRALS, REFERRAL_MATRIX)
)


def test_the_tables_cover_every_transition_from_every_source_state() -> None:
    def fsm_pairs(model: type[Case] | type[Referral]) -> set[tuple[str, str]]:
        field = model._meta.get_field("status")
        return {(t.name, str(t.source)) for t in get_all_FIELD_transitions(model(), field)}

    def state_of(row: Row) -> str:
        return C.ASSESSMENT if row.state == "plan_ready" else row.state

    assert {(row.name, str(state_of(row))) for row in CASE_MATRIX} == fsm_pairs(Case)
    assert {(row.name, str(row.state)) for row in REFERRAL_MATRIX} == fsm_pairs(Referral)
    assert set(TARGETS) == {row.name for row in CASE_MATRIX} == set(CASE_TRANSITIONS.names)
    assert set(REFERRAL_TARGETS) == {row.name for row in REFERRAL_MATRIX}


def test_a_case_not_assigned_yet_is_started_by_nobody(
    cast: dict[str, Any], api_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Until the supervisor assigns it, no caseworker sees the case and the supervisor
    may not work it."""
    case = new_case(cast["users"]["supervisor"])
    expected = {
        **codes(CASE_MATRIX[0].codes),
        "caseworker1": 404,
        "supervisor": 403,
    }
    answers = {}
    for persona in PERSONAS:
        with django_capture_on_commit_callbacks(execute=True):
            response = api_for(cast["users"][persona]).post(
                f"/api/v1/cases/{case.pk}/transitions/start_assessment/", {}, format="json"
            )
        answers[persona] = response.status_code
    assert answers == expected
    assert Case.objects.get(pk=case.pk).status == C.REGISTERED
    assert [row[1:] for row in history(case) if row[2] == Outcome.REFUSED] == [
        ("start_assessment", Outcome.REFUSED, "supervisor", API, REFUSALS["caseworker1"])
    ]


def test_nobody_signed_out_fires_anything(cast: dict[str, Any], api_for: Any, client: Any) -> None:
    case, referral = make_case(C.REGISTERED), make_referral(R.SENT)
    for obj, api_path, page in [
        (case, "cases", "cases:case_transition"),
        (referral, "referrals", "cases:referral_transition"),
    ]:
        name = "start_assessment" if obj is case else "accept"
        response = api_for(None).post(
            f"/api/v1/{api_path}/{obj.pk}/transitions/{name}/", {}, format="json"
        )
        assert response.status_code == 401
        response = client.post(reverse(page, args=[obj.pk, name]))
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert Case.objects.get(pk=case.pk).status == C.REGISTERED
    assert Referral.objects.get(pk=referral.pk).status == R.SENT
