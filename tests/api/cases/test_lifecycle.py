"""A returnee's case from intake to reopening, driven through the API by the cell's
personas: caseworker1 does the work, the supervisor decides."""

from __future__ import annotations

from typing import Any

from cases.models import Case, CaseRead, CaseStatus, FollowUp, Referral
from tests.cases.builders import FULL_ANSWERS, days, open_tasks


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.json()
    return response.json()


def refused(response: Any, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.json()
    body = response.json()
    assert body["detail"]
    return body


def test_a_case_goes_from_intake_to_reopening_through_the_api(
    api_for: Any, caseworker1: Any, supervisor: Any, intake_body: dict[str, Any]
) -> None:
    worker, boss = api_for(caseworker1), api_for(supervisor)

    # Intake without consent: the case cannot leave `registered`.
    case = ok(worker.post("/api/v1/cases/", {**intake_body, "consent_given": False}), 201)
    url = f"/api/v1/cases/{case['id']}"
    assert (case["status"], case["caseworker"]) == ("registered", "caseworker1")
    assert case["consent_recorded_at"] is None
    assert case["reference"].startswith("CAS-")
    body = refused(worker.post(f"{url}/transitions/start_assessment/", {}))
    assert body["errors"]["consent_given"] == [
        "Le consentement du migrant de retour n'est pas enregistré."
    ]

    case = ok(worker.patch(f"{url}/", {"consent_given": True}, format="json"))
    assert case["consent_recorded_by"] == "caseworker1"
    assert case["consent_recorded_at"] is not None
    assert ok(worker.get(f"{url}/transitions/")) == [
        {"name": "start_assessment", "label": "Commencer l'évaluation", "inputs": ["comment"]}
    ]
    case = ok(worker.post(f"{url}/transitions/start_assessment/", {"expected_state": "registered"}))
    assert case["status"] == "assessment"

    # Too early a plan: both reasons named.
    body = refused(worker.post(f"{url}/transitions/submit_plan/", {}))
    assert body["reasons"] == [
        "L'évaluation n'est pas marquée complète.",
        "Le plan ne compte aucun élément.",
    ]
    assessment = ok(
        worker.put(
            f"{url}/assessment/",
            {
                "economic_notes": "Coiffeuse ; veut rouvrir un salon.",
                "social_notes": "Vit chez sa mère à Tsévié.",
                "psychosocial_notes": "Anxiété depuis le retour.",
                "psychosocial_answers": {"sleep": "poor"},
                "skills": "Coiffure, tresses.",
                "complete": True,
            },
            format="json",
        )
    )
    assert assessment["complete"] is True
    assert assessment["psychosocial_notes"] == "Anxiété depuis le retour."
    item = ok(
        worker.post(
            f"{url}/plan-items/",
            {
                "dimension": "economic",
                "kind": "business",
                "provider": "FAIEJ",
                "budget": 350_000,
                "target_date": str(days(45)),
                "description": "Matériel de coiffure.",
            },
            format="json",
        ),
        201,
    )
    assert (item["kind"], item["budget"]) == ("business", 350_000)
    case = ok(worker.post(f"{url}/transitions/submit_plan/", {}))
    assert case["status"] == "plan_submitted"

    # The supervisor returns the plan once, then approves it.
    assert {o["name"] for o in ok(boss.get(f"{url}/transitions/"))} == {
        "return_plan",
        "approve_plan",
    }
    body = refused(boss.post(f"{url}/transitions/return_plan/", {"comment": ""}))
    assert "comment" in body["errors"]
    case = ok(boss.post(f"{url}/transitions/return_plan/", {"comment": "Ajoutez un devis."}))
    assert case["status"] == "assessment"
    ok(worker.post(f"{url}/transitions/submit_plan/", {}))
    case = ok(boss.post(f"{url}/transitions/approve_plan/", {}))
    assert case["status"] == "in_support"

    # Referrals: one accepted then completed, one declined.
    health = ok(
        worker.post(
            f"{url}/referrals/",
            {
                "service": "psychosocial",
                "provider": "Centre d'écoute de Tsévié",
                "due_date": str(days(10)),
                "note": "Six séances.",
            },
            format="json",
        ),
        201,
    )
    training = ok(
        worker.post(
            f"{url}/referrals/",
            {"service": "training", "provider": "CFP Tsévié", "due_date": str(days(20))},
            format="json",
        ),
        201,
    )
    assert (health["status"], health["overdue"]) == ("sent", False)
    ok(worker.post(f"/api/v1/referrals/{health['id']}/transitions/accept/", {}))
    body = refused(worker.post(f"{url}/transitions/start_follow_up/", {}))
    assert len(body["reasons"]) == 2
    declined = ok(
        worker.post(
            f"/api/v1/referrals/{training['id']}/transitions/decline/", {"note": "Session pleine."}
        )
    )
    assert (declined["status"], declined["outcome"]) == ("declined", "Session pleine.")
    completed = ok(
        worker.post(
            f"/api/v1/referrals/{health['id']}/transitions/complete/",
            {"outcome": "Six séances suivies.", "delivered_on": str(days(-1))},
        )
    )
    assert (completed["status"], completed["delivered_on"]) == ("completed", str(days(-1)))
    case = ok(worker.post(f"{url}/transitions/start_follow_up/", {}))
    assert case["status"] == "follow_up"

    # Follow-ups with the survey.
    survey = ok(worker.get("/api/v1/survey-indicators/"))
    assert {row["code"] for row in survey} == set(FULL_ANSWERS)
    visit = ok(
        worker.post(
            f"{url}/follow-ups/",
            {"visit_date": str(days(0)), "answers": FULL_ANSWERS, "notes": "Salon ouvert."},
            format="json",
        ),
        201,
    )
    assert visit["scores"] == {
        "economic": 0.75,
        "social": 0.75,
        "psychosocial": 0.8,
        "composite": 0.765,
    }

    # Closure: an unknown reason, a refusal, then the approval.
    body = refused(worker.post(f"{url}/transitions/request_closure/", {"reason": "bored"}))
    assert "reason" in body["errors"]
    case = ok(worker.post(f"{url}/transitions/request_closure/", {"reason": "plan_achieved"}))
    assert (case["status"], case["closure_reason"]) == ("closure_requested", "plan_achieved")
    case = ok(boss.post(f"{url}/transitions/refuse_closure/", {"comment": "Encore une visite."}))
    assert case["status"] == "follow_up"
    ok(worker.post(f"{url}/transitions/request_closure/", {"reason": "plan_achieved"}))
    case = ok(boss.post(f"{url}/transitions/approve_closure/", {}))
    assert case["status"] == "closed"
    assert case["closed_at"] is not None
    assert ok(worker.get(f"{url}/transitions/")) == []

    # Reopened: back to the assessment, with a new process routing the work.
    case = ok(boss.post(f"{url}/transitions/reopen/", {"comment": "Elle revient vers la cellule."}))
    assert (case["status"], case["closed_at"]) == ("assessment", None)
    assert open_tasks_of(case["id"]) == [("assess", "caseworker1")]

    # Everything is in the detail answer and in the history.
    detail = ok(worker.get(f"{url}/"))
    assert [r["status"] for r in detail["referrals"]] == ["completed", "declined"]
    assert [f["scores"]["composite"] for f in detail["follow_ups"]] == [0.765]
    assert len(detail["plan_items"]) == 1
    history = ok(worker.get(f"{url}/history/"))
    case_rows = [(r["transition"], r["outcome"]) for r in history if r["object_type"] == "case"]
    assert ("start_assessment", "refused") in case_rows
    assert ("request_closure", "refused") in case_rows
    assert [t for t, _o in case_rows if _o == "done"][-6:] == [
        "follow_up",
        "request_closure",
        "refuse_closure",
        "request_closure",
        "approve_closure",
        "reopen",
    ]
    referral_rows = [
        (r["object_id"], r["transition"]) for r in history if r["object_type"] == "referral"
    ]
    assert referral_rows == [
        (health["id"], "send"),
        (training["id"], "send"),
        (health["id"], "accept"),
        (training["id"], "decline"),
        (health["id"], "complete"),
    ]
    assert {r["origin"] for r in history} == {"api"}
    assert Referral.objects.filter(case_id=case["id"]).count() == 2
    assert FollowUp.objects.filter(case_id=case["id"]).count() == 1
    assert CaseRead.objects.filter(case_id=case["id"], user=caseworker1).count() == 1


def open_tasks_of(case_id: int) -> list[tuple[str, str | None]]:
    return open_tasks(Case.objects.get(pk=case_id))


def test_a_transferred_case_is_carried_on_by_the_new_caseworker(
    api_for: Any, case_of: Any, caseworker1: Any, caseworker2: Any, supervisor: Any
) -> None:
    case = case_of("caseworker1", "assessment")
    url = f"/api/v1/cases/{case.pk}"
    moved = ok(api_for(supervisor).post(f"{url}/transfer/", {"caseworker": "caseworker2"}))
    assert moved["caseworker"] == "caseworker2"
    assert open_tasks(case) == [("assess", "caseworker2")]
    assert api_for(caseworker1).get(f"{url}/").status_code == 404
    new = api_for(caseworker2)
    ok(new.put(f"{url}/assessment/", {"economic_notes": "Reprise du dossier.", "complete": True}))
    ok(
        new.post(
            f"{url}/plan-items/",
            {
                "dimension": "social",
                "kind": "housing",
                "provider": "Mairie",
                "budget": 0,
                "target_date": str(days(10)),
            },
        ),
        201,
    )
    assert ok(new.post(f"{url}/transitions/submit_plan/", {}))["status"] == "plan_submitted"
    history = ok(api_for(supervisor).get(f"{url}/history/"))
    transfer = next(r for r in history if r["transition"] == "transfer")
    assert (transfer["by"], transfer["comment"]) == ("supervisor", "Akossiwa Amegah → Edem Kouassi")
    assert CaseStatus(ok(new.get(f"{url}/"))["status"]) == CaseStatus.PLAN_SUBMITTED
