"""The whole life of a proposal through the API, each step taken by the persona whose
job it is, and the other endings: rejection, return for completion, withdrawal,
suspension and termination."""

from __future__ import annotations

from typing import Any

from audit.models import HistoryEntry, Outcome, Source
from tests.workflows.builders import SCORES, pdf_upload
from workflows.models import Call, Proposal, ProposalStatus, Tranche

S = ProposalStatus

BODY = {
    "title": "Adduction d'eau potable à Kpalimé-Agou",
    "summary": "Un forage, un château d'eau et un comité de gestion.",
    "sector": "water",
    "region": "plateaux",
    "prefecture": "kloto",
    "locality": "Kpalimé",
    "local_partner": "",
    "budget_lines": [
        {"label": "Forage et pompe solaire", "amount": 12_000_000},
        {"label": "Château d'eau", "amount": 6_000_000},
        {"label": "Formation du comité de gestion", "amount": 2_000_000},
    ],
    # Asks for more than the association puts in cash, and the community gives nothing.
    "contributions": [
        {"source": "association", "kind": "cash", "amount": 6_000_000},
        {"source": "state", "kind": "cash", "amount": 10_000_000},
        {"source": "partner", "kind": "cash", "amount": 4_000_000},
    ],
}
FIXED_CONTRIBUTIONS = [
    {"source": "association", "kind": "cash", "amount": 8_000_000},
    {"source": "community", "kind": "in_kind", "amount": 2_000_000},
    {"source": "state", "kind": "cash", "amount": 8_000_000},
    {"source": "partner", "kind": "cash", "amount": 2_000_000},
]


def fire(client: Any, proposal_id: int, name: str, **body: Any) -> Any:
    return client.post(f"/api/v1/proposals/{proposal_id}/transitions/{name}/", body, format="json")


def fire_tranche(client: Any, tranche_id: int, name: str, **body: Any) -> Any:
    return client.post(f"/api/v1/tranches/{tranche_id}/transitions/{name}/", body, format="json")


def status_of(proposal_id: int) -> str:
    return Proposal.objects.get(pk=proposal_id).status


def test_a_proposal_goes_from_draft_to_closure_through_the_api(
    cast: dict[str, Any], api_for: Any, call: Call
) -> None:
    users = cast["users"]
    member = api_for(users["assoc_paris"])
    officer = api_for(users["officer"])
    committee = api_for(users["committee"])
    finance = api_for(users["finance"])

    # The association drafts its proposal.
    response = member.post(
        "/api/v1/proposals/",
        {**BODY, "call": call.pk, "association": cast["paris"].pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    pid = created["id"]
    assert created["status"] == "draft"
    assert created["reference"] == f"COR-{call.year}-{pid:05d}"
    assert created["figures"]["budget_total"] == 20_000_000
    assert {rule["code"]: rule["ok"] for rule in created["rules"]} == {
        "balanced": True,
        "max_grant": True,
        "matching_ratio": False,
        "max_grant_share": True,
        "min_community_share": False,
    }

    # Submitting is refused, with every reason named, and nothing changes.
    response = fire(member, pid, "submit")
    assert response.status_code == 400
    reasons = response.json()["reasons"]
    assert "Indiquez au moins un partenaire local." in reasons
    assert (
        "La subvention demandée (10 000 000 FCFA) dépasse 1 × l'apport en numéraire "
        "de l'association (6 000 000 FCFA)." in reasons
    )
    assert any("communauté locale (0 FCFA)" in reason for reason in reasons)
    assert status_of(pid) == S.DRAFT
    refusal = HistoryEntry.objects.for_object(Proposal(pk=pid)).get(action="submit")
    assert (refusal.outcome, refusal.source) == (Outcome.REFUSED, Source.API)

    # Completed, it goes through.
    response = member.patch(
        f"/api/v1/proposals/{pid}/",
        {"local_partner": "Commune de Kloto 1", "contributions": FIXED_CONTRIBUTIONS},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert all(rule["ok"] for rule in response.json()["rules"])
    response = fire(member, pid, "submit", expected_state="draft")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"

    # The officer screens it and names two evaluators.
    response = fire(officer, pid, "declare_admissible", evaluators=["evaluator1", "evaluator2"])
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "under_review"

    # Two reviews; the last one sends it to the committee by itself.
    review = {"scores": SCORES, "recommendation": "favourable", "comment": "Solide."}
    response = api_for(users["evaluator1"]).post(
        f"/api/v1/proposals/{pid}/reviews/", review, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["weighted_score"] == "4.18"
    assert response.json()["proposal_status"] == "under_review"
    response = api_for(users["evaluator2"]).post(
        f"/api/v1/proposals/{pid}/reviews/", review, format="json"
    )
    assert response.status_code == 201
    assert response.json()["proposal_status"] == "in_committee"
    assert status_of(pid) == S.IN_COMMITTEE

    # A grant over the rules is refused with the figures; the right one is approved.
    response = fire(committee, pid, "approve", grant_amount=9_000_000)
    assert response.status_code == 400
    assert "dépasse" in response.json()["detail"]
    assert "9 000 000 FCFA" in response.json()["detail"]
    assert response.json()["errors"]["grant_amount"]
    assert status_of(pid) == S.IN_COMMITTEE
    assert Call.objects.get(pk=call.pk).committed == 0
    response = fire(committee, pid, "approve", grant_amount=8_000_000, comment="Retenu.")
    assert response.status_code == 200, response.content
    assert response.json()["grant_amount"] == 8_000_000
    assert Call.objects.get(pk=call.pk).committed == 8_000_000

    # The agreement is signed: three tranches, 40/40/20.
    response = fire(officer, pid, "sign_agreement")
    assert response.status_code == 200
    assert response.json()["status"] == "in_execution"
    tranches = member.get(f"/api/v1/proposals/{pid}/tranches/").json()
    assert [(t["number"], t["amount"], t["status"]) for t in tranches] == [
        (1, 3_200_000, "planned"),
        (2, 3_200_000, "planned"),
        (3, 1_600_000, "planned"),
    ]

    # Each tranche: requested with a report, approved, paid.
    for tranche in tranches:
        response = fire_tranche(member, tranche["id"], "request", report="Travaux avancés.")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "requested"
        response = fire_tranche(officer, tranche["id"], "approve")
        assert response.status_code == 200, response.content
        response = fire_tranche(
            finance, tranche["id"], "pay", payment_reference=f"VIR-{tranche['number']}"
        )
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "paid"
        assert response.json()["payment_reference"] == f"VIR-{tranche['number']}"

    # Completion needs the final report.
    response = fire(officer, pid, "complete")
    assert response.status_code == 400
    assert response.json()["detail"] == "Joignez le rapport final (pièce « rapport final »)."
    response = member.post(
        f"/api/v1/proposals/{pid}/attachments/",
        {"file": pdf_upload("rapport-final.pdf"), "kind": "final_report"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    response = fire(officer, pid, "complete")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "completed"

    response = fire(finance, pid, "close")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    assert Call.objects.get(pk=call.pk).committed == 8_000_000

    history = member.get(f"/api/v1/proposals/{pid}/history/").json()
    done = [
        row["transition"]
        for row in history
        if row["outcome"] == "done" and row["object_type"] == "proposal"
    ]
    assert [name for name in done if name not in {"assign_evaluator", "review", "attach"}] == [
        "create",
        "update",
        "submit",
        "declare_admissible",
        "send_to_committee",
        "approve",
        "sign_agreement",
        "complete",
        "close",
    ]
    tranche_rows = [row["transition"] for row in history if row["object_type"] == "tranche"]
    assert tranche_rows == ["request", "approve", "pay"] * 3
    automatic = next(row for row in history if row["transition"] == "send_to_committee")
    assert (automatic["by"], automatic["origin"]) == (None, "system")


def test_the_committee_rejects_a_proposal_with_a_reason(
    in_committee: Proposal, api_for: Any, committee: Any, assoc_paris: Any
) -> None:
    response = fire(api_for(committee), in_committee.pk, "reject")
    assert response.status_code == 400
    assert response.json()["errors"]["comment"] == ["Indiquez le motif du rejet."]
    assert status_of(in_committee.pk) == S.IN_COMMITTEE

    response = fire(api_for(committee), in_committee.pk, "reject", comment="Hors priorités.")
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert (
        api_for(assoc_paris).get(f"/api/v1/proposals/{in_committee.pk}/transitions/").json() == []
    )


def test_a_returned_proposal_is_completed_and_submitted_again(
    submitted: Proposal, api_for: Any, officer: Any, assoc_paris: Any
) -> None:
    response = fire(api_for(officer), submitted.pk, "return_for_completion", comment="Devis ?")
    assert response.status_code == 200
    assert response.json()["status"] == "returned"

    member = api_for(assoc_paris)
    response = member.patch(
        f"/api/v1/proposals/{submitted.pk}/", {"summary": "Avec le devis."}, format="json"
    )
    assert response.status_code == 200
    names = [
        option["name"]
        for option in member.get(f"/api/v1/proposals/{submitted.pk}/transitions/").json()
    ]
    assert names == ["withdraw", "resubmit"]
    response = fire(member, submitted.pk, "resubmit")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert response.json()["summary"] == "Avec le devis."


def test_the_committee_asks_for_a_revision_and_the_association_resubmits(
    in_committee: Proposal, api_for: Any, committee: Any, assoc_paris: Any
) -> None:
    response = fire(api_for(committee), in_committee.pk, "request_revision", comment="Budget ?")
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    response = fire(api_for(assoc_paris), in_committee.pk, "resubmit")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"


def test_the_association_withdraws_its_submitted_proposal(
    submitted: Proposal, api_for: Any, assoc_paris: Any
) -> None:
    response = fire(api_for(assoc_paris), submitted.pk, "withdraw", comment="Financé ailleurs.")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    row = HistoryEntry.objects.for_object(submitted).get(action="withdraw")
    assert row.comment == "Financé ailleurs."


def test_a_suspended_project_resumes(in_execution: Proposal, api_for: Any, officer: Any) -> None:
    client = api_for(officer)
    response = fire(client, in_execution.pk, "suspend")
    assert response.status_code == 400
    assert response.json()["errors"]["comment"] == ["Indiquez le motif de la suspension."]
    response = fire(client, in_execution.pk, "suspend", comment="Saison des pluies.")
    assert response.status_code == 200
    assert response.json()["status"] == "suspended"
    response = fire(client, in_execution.pk, "resume")
    assert response.status_code == 200
    assert response.json()["status"] == "in_execution"


def test_terminating_a_suspended_project_cancels_its_tranches_and_releases_the_grant(
    in_execution: Proposal, api_for: Any, officer: Any, assoc_paris: Any, finance: Any, call: Call
) -> None:
    first = Tranche.objects.get(proposal=in_execution, number=1)
    fire_tranche(api_for(assoc_paris), first.pk, "request", report="Forage réalisé.")
    fire_tranche(api_for(officer), first.pk, "approve")
    fire_tranche(api_for(finance), first.pk, "pay", payment_reference="VIR-1")
    client = api_for(officer)
    fire(client, in_execution.pk, "suspend", comment="Détournement signalé.")

    response = fire(client, in_execution.pk, "terminate", comment="Convention résiliée.")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "terminated"
    assert response.json()["released"] == 4_800_000
    statuses = [
        t["status"] for t in client.get(f"/api/v1/proposals/{in_execution.pk}/tranches/").json()
    ]
    assert statuses == ["paid", "cancelled", "cancelled"]
    assert Call.objects.get(pk=call.pk).committed == 3_200_000
