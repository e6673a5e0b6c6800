"""The grant's tranches: listed with the proposal, requested, approved, paid."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tests.workflows.builders import approved_days_ago
from workflows.models import Proposal, Tranche, TrancheStatus

T = TrancheStatus


def fire(client: Any, tranche: Tranche, name: str, **data: Any) -> Any:
    return client.post(f"/api/v1/tranches/{tranche.pk}/transitions/{name}/", data, format="json")


def test_the_tranches_follow_the_calls_plan(
    in_execution: Proposal, api_for: Any, finance: Any
) -> None:
    response = api_for(finance).get(f"/api/v1/proposals/{in_execution.pk}/tranches/")
    assert response.status_code == 200
    rows = response.json()
    assert [(t["number"], t["percentage"], t["amount"], t["status"]) for t in rows] == [
        (1, 40, 3_200_000, "planned"),
        (2, 40, 3_200_000, "planned"),
        (3, 20, 1_600_000, "planned"),
    ]
    assert {"id", "payment_reference", "paid_on", "report"} <= set(rows[0])


def test_a_proposal_before_signature_has_no_tranche(
    approved: Proposal, api_for: Any, officer: Any
) -> None:
    assert api_for(officer).get(f"/api/v1/proposals/{approved.pk}/tranches/").json() == []


def test_a_tranche_is_read_by_whoever_sees_its_proposal(
    planned_tranche: Tranche, api_for: Any, assoc_paris: Any, assoc_brussels: Any
) -> None:
    path = f"/api/v1/tranches/{planned_tranche.pk}/"
    assert api_for(assoc_paris).get(path).json()["amount"] == 3_200_000
    assert api_for(assoc_brussels).get(path).status_code == 404


def test_the_association_is_offered_to_request_the_first_tranche(
    planned_tranche: Tranche, api_for: Any, assoc_paris: Any, finance: Any
) -> None:
    path = f"/api/v1/tranches/{planned_tranche.pk}/transitions/"
    assert api_for(assoc_paris).get(path).json() == [
        {"name": "request", "label": "Demander la tranche", "inputs": ["report"]}
    ]
    assert api_for(finance).get(path).json() == []


def test_a_request_needs_its_progress_report(
    planned_tranche: Tranche, api_for: Any, assoc_paris: Any
) -> None:
    response = fire(api_for(assoc_paris), planned_tranche, "request")
    assert response.status_code == 400
    assert response.json()["errors"]["report"] == ["Rédigez le rapport d'avancement."]
    planned_tranche.refresh_from_db()
    assert planned_tranche.status == T.PLANNED


def test_a_tranche_waits_for_the_previous_one_to_be_paid(
    in_execution: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    second = Tranche.objects.get(proposal=in_execution, number=2)
    response = fire(api_for(assoc_paris), second, "request", report="Château d'eau monté.")
    assert response.status_code == 400
    assert response.json()["detail"] == "La tranche n° 1 doit d'abord être payée."


def test_the_request_carries_the_report(
    planned_tranche: Tranche, api_for: Any, assoc_paris: Any
) -> None:
    response = fire(api_for(assoc_paris), planned_tranche, "request", report="Forage à 60 m.")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["report"]) == (
        "requested",
        "Forage à 60 m.",
    )


def test_the_officer_returns_a_request_with_a_reason(
    requested_tranche: Tranche, api_for: Any, officer: Any
) -> None:
    client = api_for(officer)
    response = fire(client, requested_tranche, "return_request")
    assert response.status_code == 400
    assert response.json()["errors"]["comment"] == ["Indiquez pourquoi la demande est renvoyée."]
    response = fire(client, requested_tranche, "return_request", comment="Photos manquantes.")
    assert response.status_code == 200
    assert response.json()["status"] == "planned"


def test_a_payment_needs_its_reference(
    approved_tranche: Tranche, api_for: Any, finance: Any
) -> None:
    response = fire(api_for(finance), approved_tranche, "pay")
    assert response.status_code == 400
    assert response.json()["errors"]["payment_reference"] == ["Indiquez la référence du paiement."]


def test_a_payment_records_its_reference_and_day(
    approved_tranche: Tranche, api_for: Any, finance: Any
) -> None:
    approved_days_ago(approved_tranche, 2)
    day = timezone.localdate() - datetime.timedelta(days=2)
    response = fire(
        api_for(finance),
        approved_tranche,
        "pay",
        payment_reference="VIR-2024-118",
        paid_on=day.isoformat(),
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["payment_reference"], data["paid_on"]) == (
        "paid",
        "VIR-2024-118",
        day.isoformat(),
    )


def test_a_payment_in_the_future_is_refused_on_its_date(
    approved_tranche: Tranche, api_for: Any, finance: Any
) -> None:
    day = timezone.localdate() + datetime.timedelta(days=3)
    response = fire(
        api_for(finance), approved_tranche, "pay", payment_reference="VIR", paid_on=day.isoformat()
    )
    assert response.status_code == 400
    assert response.json()["errors"]["paid_on"] == [
        "La date de paiement ne peut pas être dans le futur."
    ]


def test_paying_a_tranche_not_yet_approved_is_a_conflict(
    requested_tranche: Tranche, api_for: Any, finance: Any
) -> None:
    response = fire(api_for(finance), requested_tranche, "pay", payment_reference="VIR")
    assert response.status_code == 409


def test_a_tranche_transition_based_on_a_stale_status_is_refused(
    requested_tranche: Tranche, api_for: Any, officer: Any
) -> None:
    response = fire(api_for(officer), requested_tranche, "approve", expected_state="planned")
    assert response.status_code == 409
    requested_tranche.refresh_from_db()
    assert requested_tranche.status == T.REQUESTED


def test_an_unknown_tranche_transition_is_not_found(
    planned_tranche: Tranche, api_for: Any, officer: Any
) -> None:
    response = fire(api_for(officer), planned_tranche, "forgive")
    assert response.status_code == 404
    assert response.json()["detail"] == "Action inconnue : « forgive »."
