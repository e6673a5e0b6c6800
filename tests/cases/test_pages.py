"""A returnee's case through the cell's pages, from intake to reopening."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.labels import describe
from audit.models import HistoryEntry, Outcome
from cases.models import Case, CaseStatus, FollowUp, Referral, ReferralStatus
from registry.models import Prefecture, Region
from tests.cases.builders import add_plan_item, add_referral, case_in, days, new_case
from tests.cases.pages import persona_client, table_row, text

C = CaseStatus


@pytest.fixture
def users(cast: dict[str, Any]) -> dict[str, Any]:
    return cast["users"]


@pytest.fixture
def client_as(cast: dict[str, Any]) -> Callable[[str], Client]:
    return lambda persona: persona_client(cast, persona)


@pytest.fixture
def make_case(users: dict[str, Any]) -> Callable[..., Case]:
    """`make_case("caseworker1", **intake)`: a registered case; None: an unassigned one."""

    def make(owner: str | None = "caseworker1", **overrides: Any) -> Case:
        return new_case(users[owner] if owner else users["supervisor"], **overrides)

    return make


@pytest.fixture
def case_in_support(users: dict[str, Any]) -> Callable[..., Case]:
    def make(owner: str = "caseworker1", **overrides: Any) -> Case:
        return case_in(
            "in_support", caseworker=users[owner], supervisor=users["supervisor"], **overrides
        )

    return make


def _intake_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Afi",
        "last_name": "Lawson",
        "sex": "F",
        "birth_year": "1996",
        "phone": "+228 91 00 00 01",
        "return_date": days(-20).isoformat(),
        "returned_from": "NE",
        "return_type": "voluntary",
        "region": str(Region.objects.get(code="maritime").pk),
        "prefecture": str(Prefecture.objects.get(code="zio").pk),
        "consent_given": "on",
        "vulnerabilities": ["pregnant"],
        "health_notes": "Grossesse de six mois, suivi prénatal à organiser.",
        "immediate_needs": "Kit d'hygiène, hébergement.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _fire(client: Client, case: Case, name: str, **data: Any) -> Any:
    case.refresh_from_db()
    return client.post(
        reverse("cases:case_transition", args=[case.pk, name]),
        {"expected_state": case.status, **data},
    )


def _referral_action(client: Client, referral: Referral, name: str, **data: Any) -> Any:
    referral.refresh_from_db()
    return client.post(
        reverse("cases:referral_transition", args=[referral.pk, name]),
        {"expected_state": referral.status, **data},
    )


def _status(case: Case) -> str:
    case.refresh_from_db()
    return case.status


def test_a_case_goes_from_intake_to_reopening_through_the_pages(
    client_as: Callable[[str], Client], users: dict[str, Any]
) -> None:
    worker, boss = client_as("caseworker1"), client_as("supervisor")

    # Intake, with consent.
    assert worker.get(reverse("cases:case_create")).status_code == 200
    response = worker.post(reverse("cases:case_create"), _intake_form())
    case = Case.objects.get(last_name="Lawson")
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.caseworker == users["caseworker1"]
    assert case.consent_recorded_by == users["caseworker1"]
    assert case.consent_recorded_at is not None
    page = text(worker.get(case.get_absolute_url()))
    assert "Recueilli" in page
    assert "par Akossiwa Amegah" in page

    # Assessment in three parts, then the plan.
    assert _fire(worker, case, "start_assessment").status_code == 302
    assert _status(case) == C.ASSESSMENT
    assert worker.get(reverse("cases:assessment_form", args=[case.pk])).status_code == 200
    response = worker.post(
        reverse("cases:assessment_form", args=[case.pk]),
        {
            "economic__employment": "informal",
            "economic__income_covers_needs": "partly",
            "economic_notes": "Couturière, veut relancer son atelier.",
            "social__housing": "family",
            "social_notes": "Hébergée par sa mère à Tsévié.",
            "psychosocial__wellbeing": "fair",
            "psychosocial_notes": "Anxiété liée au voyage de retour.",
            "skills": "Couture, vente.",
            "complete": "on",
        },
    )
    assert response.status_code == 302
    case.assessment.refresh_from_db()
    assert case.assessment.complete
    assert case.assessment.economic_answers == {
        "employment": "informal",
        "income_covers_needs": "partly",
    }
    assert case.assessment.social_answers == {"housing": "family"}
    assert case.assessment.psychosocial_answers == {"wellbeing": "fair"}
    page = text(worker.get(case.get_absolute_url()))
    assert "Activité informelle" in page
    assert "Anxiété liée au voyage de retour." in page

    response = worker.post(
        reverse("cases:plan_builder", args=[case.pk]),
        {
            "dimension": "economic",
            "kind": "business",
            "provider": "Chambre régionale des métiers",
            "budget": "350 000",
            "target_date": days(90).isoformat(),
            "description": "Machine à coudre et tissus.",
        },
    )
    assert response.status_code == 302
    assert case.plan_items.get().budget == 350_000
    assert "350\u00a0000\u00a0FCFA" in text(
        worker.get(reverse("cases:plan_builder", args=[case.pk]))
    )
    assert _fire(worker, case, "submit_plan").status_code == 302
    assert _status(case) == C.PLAN_SUBMITTED

    # The supervisor approves the plan from the decision queue.
    queue = reverse("cases:decision_queue")
    page = text(boss.get(queue))
    assert case.reference in page
    assert "Chambre régionale des métiers" in page
    response = _fire(boss, case, "approve_plan", next=queue)
    assert response.status_code == 302
    assert response["Location"] == queue
    assert _status(case) == C.IN_SUPPORT
    assert case.reference not in text(boss.get(queue))

    # Referrals: accepted then completed, declined, and one left overdue.
    def refer(service: str, provider: str, due: int) -> Referral:
        response = worker.post(
            reverse("cases:referral_create", args=[case.pk]),
            {"service": service, "provider": provider, "due_date": days(due).isoformat()},
        )
        assert response.status_code == 302
        return case.referrals.get(provider=provider)

    health = refer("health", "CHR de Tsévié", 15)
    housing = refer("housing", "Mairie de Zio", 30)
    training = refer("training", "Centre de couture", -3)

    assert _referral_action(worker, health, "accept").status_code == 302
    response = _referral_action(
        worker,
        health,
        "complete",
        outcome="Consultation prénatale faite.",
        delivered_on=days(-1).isoformat(),
    )
    assert response.status_code == 302
    health.refresh_from_db()
    assert health.status == ReferralStatus.COMPLETED
    assert health.outcome == "Consultation prénatale faite."
    assert health.delivered_on == days(-1)
    assert (
        _referral_action(worker, housing, "decline", note="Aucun logement libre.").status_code
        == 302
    )
    housing.refresh_from_db()
    assert housing.status == ReferralStatus.DECLINED

    # The overdue referral shows on "Mes dossiers", on the case page and to the supervisor.
    row = table_row(text(worker.get(reverse("cases:case_list"))), case)
    assert "Relancer les orientations en retard" in row
    assert "badge text-bg-danger" in row and ">1<" in row
    page = text(worker.get(case.get_absolute_url()))
    assert "1 orientation en retard" in page
    assert re.search(rf'id="referral-{training.pk}"[^>]*>', page)
    assert "referral-overdue" in page
    overdue_only = text(boss.get(reverse("cases:case_list") + "?overdue=on"))
    assert case.reference in overdue_only
    assert "Centre de couture" in text(boss.get(reverse("home")))
    assert "Centre de couture" in text(worker.get(reverse("home")))

    # Follow-up visits with the survey; the chart of the scores shows on the case page.
    def visit(when: int, value: str) -> Any:
        return worker.post(
            reverse("cases:follow_up_create", args=[case.pk]),
            {
                "visit_date": days(when).isoformat(),
                "answer_income": value,
                "answer_employment": value,
                "answer_housing": "1",
                "answer_wellbeing": "0.75",
                "notes": "Atelier en cours d'installation.",
            },
        )

    assert worker.get(reverse("cases:follow_up_create", args=[case.pk])).status_code == 200
    assert visit(-2, "0.25").status_code == 302
    assert visit(0, "0.75").status_code == 302
    first, second = FollowUp.objects.filter(case=case).order_by("visit_date")
    assert str(first.economic) == "0.250"
    assert str(second.economic) == "0.750"
    assert str(second.composite) == "0.813"
    page = text(worker.get(case.get_absolute_url()))
    assert '<svg class="score-chart' in page
    assert page.count("<polyline") == 4
    assert "0,813" in page

    # Leaving support: refused while a referral is pending, then allowed.
    response = _fire(worker, case, "start_follow_up")
    assert response.status_code == 400
    assert "L'orientation « Formation — Centre de couture » est encore « Envoyée »." in text(
        response
    )
    assert (
        _referral_action(worker, training, "decline", note="Formation complète.").status_code == 302
    )
    assert _fire(worker, case, "start_follow_up").status_code == 302
    assert _status(case) == C.FOLLOW_UP

    # Closure: asked, refused (a comment is needed), asked again, approved.
    assert _fire(worker, case, "request_closure", reason="plan_achieved").status_code == 302
    assert _status(case) == C.CLOSURE_REQUESTED
    assert case.reference in text(boss.get(queue))
    response = _fire(boss, case, "refuse_closure", comment="")
    assert response.status_code == 400
    assert "Indiquez pourquoi la clôture est refusée." in text(response)
    assert _status(case) == C.CLOSURE_REQUESTED
    response = _fire(boss, case, "refuse_closure", comment="Attendre la naissance.", next=queue)
    assert response.status_code == 302
    assert _status(case) == C.FOLLOW_UP
    assert _fire(worker, case, "request_closure", reason="plan_achieved").status_code == 302
    assert _fire(boss, case, "approve_closure", next=queue).status_code == 302
    assert _status(case) == C.CLOSED
    assert "Dossier clôturé le" in text(worker.get(case.get_absolute_url()))

    # Reopening (supervisor, with a reason) sends the case back to assessment.
    assert _fire(boss, case, "reopen", comment="").status_code == 400
    assert _fire(boss, case, "reopen", comment="Nouvelle demande d'aide.").status_code == 302
    assert _status(case) == C.ASSESSMENT

    # The case's history tells the whole story, referrals included.
    page = text(boss.get(case.get_absolute_url()))
    history = page[page.index('id="history"') :]
    for label in (
        "Enregistrement du dossier",
        "Consentement recueilli",
        "Soumettre le plan",
        "Approuver le plan",
        "Orientation acceptée — Santé — CHR de Tsévié",
        "Orientation réalisée — Santé — CHR de Tsévié",
        "Orientation déclinée — Logement — Mairie de Zio",
        "Visite de suivi",
        "Refuser la clôture",
        "Approuver la clôture",
        "Rouvrir le dossier",
        "Tentative refusée",
    ):
        assert label in history, label


def test_starting_the_assessment_without_consent_is_refused_with_the_reason(
    client_as: Callable[[str], Client], make_case: Callable[..., Case]
) -> None:
    case = make_case("caseworker1", consent_given=False)
    worker = client_as("caseworker1")
    page = text(worker.get(case.get_absolute_url()))
    assert "Non recueilli" in page

    response = _fire(worker, case, "start_assessment", comment="On commence.")

    assert response.status_code == 400
    page = text(response)
    assert "Le consentement du migrant de retour n'est pas enregistré." in page
    assert "On commence." in page
    assert _status(case) == C.REGISTERED
    refusal = HistoryEntry.objects.for_object(case).get(outcome=Outcome.REFUSED)
    assert refusal.action == "start_assessment"


def test_recording_consent_later_lets_the_assessment_start(
    client_as: Callable[[str], Client], make_case: Callable[..., Case], users: dict[str, Any]
) -> None:
    case = make_case("caseworker1", consent_given=False)
    worker = client_as("caseworker1")
    form = _intake_form(
        first_name=case.first_name,
        last_name=case.last_name,
        region=str(case.region_id),
        prefecture=str(case.prefecture_id),
        expected_state=case.status,
    )

    response = worker.post(reverse("cases:case_edit", args=[case.pk]), form)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.consent_given
    assert case.consent_recorded_by == users["caseworker1"]
    assert case.vulnerabilities == ["pregnant"]
    assert _fire(worker, case, "start_assessment").status_code == 302
    assert _status(case) == C.ASSESSMENT


def test_recorded_consent_cannot_be_withdrawn_from_the_intake_form(
    client_as: Callable[[str], Client], make_case: Callable[..., Case]
) -> None:
    case = make_case("caseworker1")
    worker = client_as("caseworker1")
    page = text(worker.get(reverse("cases:case_edit", args=[case.pk])))
    assert 'name="consent_given"' not in page
    assert "Consentement recueilli" in page

    form = _intake_form(
        first_name="Kodjo",
        last_name="Mensah-Adjo",
        region=str(case.region_id),
        prefecture=str(case.prefecture_id),
        consent_given=None,
    )
    response = worker.post(reverse("cases:case_edit", args=[case.pk]), form)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.last_name == "Mensah-Adjo"
    assert case.consent_given


def test_the_supervisor_returns_a_plan_with_what_to_review(
    client_as: Callable[[str], Client], users: dict[str, Any]
) -> None:
    case = case_in(
        "plan_submitted", caseworker=users["caseworker1"], supervisor=users["supervisor"]
    )
    boss = client_as("supervisor")
    queue = reverse("cases:decision_queue")

    response = _fire(boss, case, "return_plan", comment="", next=queue)
    assert response.status_code == 400
    assert "Indiquez ce qu'il faut revoir dans le plan." in text(response)

    response = _fire(boss, case, "return_plan", comment="Ajoutez une formation.", next=queue)
    assert response.status_code == 302
    assert _status(case) == C.ASSESSMENT
    assert "Ajoutez une formation." in text(client_as("caseworker1").get(case.get_absolute_url()))


def test_a_plan_item_can_be_removed_while_the_case_is_in_assessment(
    client_as: Callable[[str], Client], users: dict[str, Any]
) -> None:
    case = case_in("assessment", caseworker=users["caseworker1"], supervisor=users["supervisor"])
    item = add_plan_item(case, users["caseworker1"], provider="ONG Abri")
    worker = client_as("caseworker1")
    assert "ONG Abri" in text(worker.get(reverse("cases:plan_builder", args=[case.pk])))

    response = worker.post(reverse("cases:plan_item_delete", args=[case.pk, item.pk]))

    assert response.status_code == 302
    assert not case.plan_items.exists()
    assert (
        client_as("supervisor")
        .post(reverse("cases:plan_item_delete", args=[case.pk, 999_999]))
        .status_code
        == 404
    )


def test_the_supervisor_assigns_then_transfers_a_case(
    client_as: Callable[[str], Client], make_case: Callable[..., Case], users: dict[str, Any]
) -> None:
    case = make_case(None)
    boss = client_as("supervisor")
    assert boss.get(reverse("cases:case_assign", args=[case.pk])).status_code == 200
    assert client_as("caseworker1").get(case.get_absolute_url()).status_code == 404

    response = boss.post(
        reverse("cases:case_assign", args=[case.pk]), {"caseworker": "caseworker1"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.caseworker == users["caseworker1"]
    assert client_as("caseworker1").get(case.get_absolute_url()).status_code == 200

    response = boss.post(
        reverse("cases:case_assign", args=[case.pk]), {"caseworker": "caseworker2"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.caseworker == users["caseworker2"]
    assert client_as("caseworker1").get(case.get_absolute_url()).status_code == 404
    assert client_as("caseworker2").get(case.get_absolute_url()).status_code == 200
    actions = [(row.action, describe(row)) for row in HistoryEntry.objects.for_object(case)]
    assert ("assign", "Akossiwa Amegah") in actions
    assert ("transfer", "Akossiwa Amegah → Edem Kouassi") in actions
    page = client_as("supervisor").get(case.get_absolute_url()).content.decode()
    assert "Akossiwa Amegah → Edem Kouassi" in page


def test_a_case_cannot_be_assigned_to_someone_who_is_not_a_caseworker(
    client_as: Callable[[str], Client], make_case: Callable[..., Case]
) -> None:
    case = make_case(None)

    response = client_as("supervisor").post(
        reverse("cases:case_assign", args=[case.pk]), {"caseworker": "officer"}
    )

    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in text(response)
    case.refresh_from_db()
    assert case.caseworker is None


def test_a_supervisor_registers_a_case_for_a_caseworker(
    client_as: Callable[[str], Client], users: dict[str, Any]
) -> None:
    boss = client_as("supervisor")
    page = text(boss.get(reverse("cases:case_create")))
    assert 'name="caseworker"' in page

    response = boss.post(reverse("cases:case_create"), _intake_form(caseworker="caseworker2"))

    assert response.status_code == 302
    case = Case.objects.get(last_name="Lawson")
    assert case.caseworker == users["caseworker2"]
    assert 'name="caseworker"' not in text(
        client_as("caseworker1").get(reverse("cases:case_create"))
    )


def test_the_supervisor_filters_every_case_by_status_region_and_caseworker(
    client_as: Callable[[str], Client], make_case: Callable[..., Case]
) -> None:
    kara = Region.objects.get(code="kara")
    mine = make_case("caseworker1", last_name="Premier")
    other = make_case(
        "caseworker2",
        last_name="Second",
        region=kara,
        prefecture=Prefecture.objects.get(code="kozah"),
    )
    unassigned = make_case(None, last_name="Troisième")
    boss = client_as("supervisor")
    url = reverse("cases:case_list")

    everything = text(boss.get(url))
    assert all(c.reference in everything for c in (mine, other, unassigned))
    by_region = text(boss.get(url, {"region": kara.pk}))
    assert other.reference in by_region and mine.reference not in by_region
    by_worker = text(boss.get(url, {"caseworker": "caseworker1"}))
    assert mine.reference in by_worker and other.reference not in by_worker
    nobody = text(boss.get(url, {"caseworker": "none"}))
    assert unassigned.reference in nobody and mine.reference not in nobody
    by_status = text(boss.get(url, {"status": "assessment"}))
    assert mine.reference not in by_status
    searched = text(boss.get(url, {"q": "Troisième"}))
    assert unassigned.reference in searched and mine.reference not in searched
    bad = boss.get(url, {"status": "nonsense", "region": "abc"})
    assert bad.status_code == 200
    assert mine.reference in text(bad)


def test_the_caseload_counts_open_cases_and_overdue_referrals_per_caseworker(
    client_as: Callable[[str], Client],
    make_case: Callable[..., Case],
    case_in_support: Callable[..., Case],
    users: dict[str, Any],
) -> None:
    make_case("caseworker1")
    supported = case_in_support("caseworker1")
    add_referral(supported, users["caseworker1"], provider="Dispensaire", due_date=days(-5))
    make_case(None)

    response = client_as("supervisor").get(reverse("cases:caseload"))

    assert response.status_code == 200
    page = text(response)
    row = re.search(r"Akossiwa Amegah</a></th>(.*?)</tr>", page, re.S)
    assert row
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    # registered, assessment, plan submitted, in support, follow-up, closure requested,
    # total, overdue (the demo gives caseworker1 one registered and one submitted case).
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in cells] == [
        "2", "0", "1", "1", "0", "0", "4", "1",
    ]  # fmt: skip
    assert "Non attribués" in page


def test_the_inbox_lists_the_case_work_of_each_cell_role(
    client_as: Callable[[str], Client],
    make_case: Callable[..., Case],
    case_in_support: Callable[..., Case],
    users: dict[str, Any],
) -> None:
    fresh = make_case("caseworker1", last_name="Nouveau")
    supported = case_in_support("caseworker1", last_name="Accompagné")
    add_referral(
        supported,
        users["caseworker1"],
        service="housing",
        provider="Foyer Saint-Joseph",
        due_date=days(-2),
    )

    worker = text(client_as("caseworker1").get(reverse("tasks")))
    assert fresh.reference in worker
    assert "Commencer l'évaluation" in worker
    assert "Relancer l'orientation en retard : Logement — Foyer Saint-Joseph" in worker
    other = text(client_as("caseworker2").get(reverse("tasks")))
    assert fresh.reference not in other and "Foyer Saint-Joseph" not in other
    boss = text(client_as("supervisor").get(reverse("tasks")))
    assert "Décider du plan de réintégration" in boss  # the demo's submitted plan
    assert "Foyer Saint-Joseph" not in boss
