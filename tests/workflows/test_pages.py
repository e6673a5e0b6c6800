"""The whole life of a proposal through the pages, each step by the persona whose job it is."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import HistoryEntry, Outcome, Source
from tests.workflows.builders import SCORES, approved_days_ago
from tests.workflows.page_helpers import BAD_CONTRIBUTIONS, proposal_data, text
from workflows.models import Call, Proposal, ProposalStatus, Tranche, TrancheStatus

S = ProposalStatus


def _score_data(scores: dict[str, int], recommendation: str = "favourable") -> dict[str, str]:
    data = {f"score_{code}": str(value) for code, value in scores.items()}
    data["recommendation"] = recommendation
    data["comment"] = "Projet solide, communauté mobilisée."
    return data


def test_the_whole_path_through_the_pages(
    client_for: Any, cast: dict[str, Any], call: Call, paris_association: Any
) -> None:
    users = cast["users"]
    member = client_for(users["assoc_paris"])
    officer = client_for(users["officer"])
    committee = client_for(users["committee"])
    finance = client_for(users["finance"])

    # A draft, saved with figures that do not hold yet.
    response = member.post(
        reverse("workflows:proposal_create"),
        proposal_data(
            call=call,
            association=paris_association,
            contributions=BAD_CONTRIBUTIONS,
            local_partner="",
        ),
    )
    proposal = Proposal.objects.get(title="Adduction d'eau potable à Agou")
    # It lands on its edit page, which says what keeps it from being submitted.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workflows:proposal_edit", args=[proposal.pk]))
    assert "ne peut pas encore être soumis" in text(member.get(response["Location"]))
    assert proposal.status == S.DRAFT
    assert proposal.budget_lines.count() == 3 and proposal.contributions.count() == 3
    page = text(member.get(proposal.get_absolute_url()))
    assert "Brouillon" in page
    assert "20 000 000 FCFA" in page

    # Submitting it is refused with every reason, and what was typed stays in the form.
    edit_url = reverse("workflows:proposal_edit", args=[proposal.pk])
    refused = member.post(
        edit_url,
        proposal_data(
            contributions=BAD_CONTRIBUTIONS,
            local_partner="",
            button="submit",
            expected_state="draft",
            title="Adduction d'eau potable à Agou (v2)",
        ),
    )
    assert refused.status_code == 302 and refused["Location"].startswith(edit_url)
    refused = member.get(refused["Location"])
    page = text(refused)
    assert "ne peut pas encore être soumis" in page
    assert "Indiquez au moins un partenaire local." in page
    assert (
        "La subvention demandée (10 000 000 FCFA) dépasse 1 × l'apport en numéraire "
        "de l'association (6 000 000 FCFA)." in page
    )
    assert "L'apport de la communauté locale (0 FCFA) est inférieur" in page
    assert 'value="Adduction d&#x27;eau potable à Agou (v2)"' in refused.content.decode()
    assert 'value="6 000 000"' in refused.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == S.DRAFT
    assert proposal.title == "Adduction d'eau potable à Agou (v2)"  # the draft itself is kept
    assert HistoryEntry.objects.for_object(proposal).get(action="submit").outcome == Outcome.REFUSED

    # Corrected and submitted.
    response = member.post(edit_url, proposal_data(button="submit", expected_state="draft"))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED

    # Screening: too few evaluators is refused on the page, then two are named.
    queue = officer.get(reverse("workflows:screening_queue"))
    assert proposal.reference in text(queue)
    admissible = reverse("workflows:proposal_transition", args=[proposal.pk, "declare_admissible"])
    refused = officer.post(
        admissible, {"evaluators": ["evaluator1"], "expected_state": "submitted"}
    )
    assert refused.status_code == 400
    assert "Désignez au moins 2 évaluateurs (1 désigné(s))." in text(refused)
    response = officer.post(
        admissible,
        {
            "evaluators": ["evaluator1", "evaluator2"],
            "expected_state": "submitted",
            "next": reverse("workflows:screening_queue"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workflows:screening_queue")
    proposal.refresh_from_db()
    assert proposal.status == S.UNDER_REVIEW

    # Two reviews through the review form; the second sends the proposal to committee.
    for name in ("evaluator1", "evaluator2"):
        evaluator = client_for(users[name])
        form_url = reverse("workflows:review_form", args=[proposal.pk])
        assert "Pertinence au regard des besoins locaux" in text(evaluator.get(form_url))
        response = evaluator.post(form_url, _score_data(SCORES))
        assert response.status_code == 302
        assert response["Location"] == reverse("workflows:review_queue")
    proposal.refresh_from_db()
    assert proposal.status == S.IN_COMMITTEE
    automatic = HistoryEntry.objects.for_object(proposal).get(action="send_to_committee")
    assert automatic.source == Source.SYSTEM

    # The committee page ranks it with its score and the rules' headroom.
    page = text(committee.get(reverse("workflows:committee_queue")))
    assert proposal.reference in page
    assert "4,18/5" in page  # (5×3 + 4×2 + 4×2 + 3×2 + 4 + 5) / 11
    assert "Subvention maximale permise : 8 000 000 FCFA" in page

    # Over the rules: the page again (400) with the figures, nothing approved.
    approve = reverse("workflows:proposal_transition", args=[proposal.pk, "approve"])
    refused = committee.post(
        approve, {"grant_amount": "9 000 000", "expected_state": "in_committee"}
    )
    assert refused.status_code == 400
    page = text(refused)
    assert "La subvention (9 000 000 FCFA) dépasse la subvention demandée (8 000 000 FCFA)." in page
    assert 'value="9 000 000"' in refused.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == S.IN_COMMITTEE

    response = committee.post(
        approve, {"grant_amount": "8 000 000", "expected_state": "in_committee"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == S.APPROVED and proposal.grant_amount == 8_000_000
    assert Call.objects.get(pk=call.pk).committed == 8_000_000

    # Signature creates the tranches.
    response = officer.post(
        reverse("workflows:proposal_transition", args=[proposal.pk, "sign_agreement"]),
        {"expected_state": "approved", "comment": "Convention signée le jour même."},
    )
    assert response.status_code == 302
    tranches = list(Tranche.objects.filter(proposal=proposal).order_by("number"))
    assert [t.amount for t in tranches] == [3_200_000, 3_200_000, 1_600_000]

    # Each tranche: requested with a report, approved, paid.
    for tranche in tranches:
        url = lambda name, t=tranche: reverse("workflows:tranche_transition", args=[t.pk, name])  # noqa: E731
        assert (
            member.post(
                url("request"),
                {"report": f"Travaux de la tranche {tranche.number}", "expected_state": "planned"},
            ).status_code
            == 302
        )
        assert officer.post(url("approve"), {"expected_state": "requested"}).status_code == 302
        paid = finance.post(
            url("pay"),
            {
                "payment_reference": f"VIR-2026-{tranche.number}",
                "paid_on": timezone.localdate().isoformat(),
                "expected_state": "approved",
                "next": reverse("workflows:finance_queue"),
            },
        )
        assert paid.status_code == 302 and paid["Location"] == reverse("workflows:finance_queue")
    assert set(Tranche.objects.filter(proposal=proposal).values_list("status", flat=True)) == {
        TrancheStatus.PAID
    }

    # The final report, then completion and closure.
    upload = SimpleUploadedFile(
        "rapport-final.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf"
    )
    response = member.post(
        reverse("workflows:attachment_upload", args=[proposal.pk]),
        {"kind": "final_report", "file": upload},
    )
    assert response.status_code == 302
    assert "rapport-final.pdf" in text(member.get(proposal.get_absolute_url()))

    complete = reverse("workflows:proposal_transition", args=[proposal.pk, "complete"])
    assert officer.post(complete, {"expected_state": "in_execution"}).status_code == 302
    close = reverse("workflows:proposal_transition", args=[proposal.pk, "close"])
    assert finance.post(close, {"expected_state": "completed"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == S.CLOSED

    # The timeline tells the story, refused attempts included.
    page = text(member.get(proposal.get_absolute_url()))
    assert "Tentative refusée" in page
    assert "Brouillon → Soumis" in page
    assert "Tranche n° 3 payée" in page
    assert "Clôturé" in page


def test_a_tranche_is_paid_on_the_date_given(
    client_for: Any, cast: dict[str, Any], in_execution: Proposal
) -> None:
    users = cast["users"]
    tranche = in_execution.tranches.get(number=1)
    client_for(users["assoc_paris"]).post(
        reverse("workflows:tranche_transition", args=[tranche.pk, "request"]),
        {"report": "Forage réalisé."},
    )
    client_for(users["officer"]).post(
        reverse("workflows:tranche_transition", args=[tranche.pk, "approve"])
    )
    approved_days_ago(tranche, 1)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client_for(users["finance"]).post(
        reverse("workflows:tranche_transition", args=[tranche.pk, "pay"]),
        {"payment_reference": "VIR-77", "paid_on": yesterday.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    tranche.refresh_from_db()
    assert (tranche.status, tranche.paid_on, tranche.payment_reference) == (
        TrancheStatus.PAID,
        yesterday,
        "VIR-77",
    )


def test_the_committee_rejects_with_a_reason_through_its_page(
    client_for: Any, committee: Any, in_committee: Proposal
) -> None:
    client = client_for(committee)
    reject = reverse("workflows:proposal_transition", args=[in_committee.pk, "reject"])
    refused = client.post(reject, {"comment": "", "expected_state": "in_committee"})
    assert refused.status_code == 400
    assert "Indiquez le motif du rejet." in text(refused)
    response = client.post(
        reject,
        {
            "comment": "Le budget ne couvre pas l'entretien.",
            "expected_state": "in_committee",
            "next": reverse("workflows:committee_queue"),
        },
        follow=True,
    )
    assert "« Rejeter » : c'est fait. Le projet est désormais « Rejeté »." in text(response)
    in_committee.refresh_from_db()
    assert in_committee.status == S.REJECTED
    assert in_committee.reference not in text(client.get(reverse("workflows:committee_queue")))


def test_the_association_withdraws_its_proposal_from_its_page(
    client_for: Any, assoc_paris: Any, submitted: Proposal
) -> None:
    page = client_for(assoc_paris).get(submitted.get_absolute_url())
    assert "Retirer le projet" in text(page)
    response = client_for(assoc_paris).post(
        reverse("workflows:proposal_transition", args=[submitted.pk, "withdraw"]),
        {"comment": "Projet repris par la commune.", "expected_state": "submitted"},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.WITHDRAWN


def test_the_officer_suspends_resumes_then_terminates_a_project(
    client_for: Any, officer: Any, in_execution: Proposal, call: Call
) -> None:
    client = client_for(officer)

    def fire(name: str, state: str, comment: str = "") -> Any:
        return client.post(
            reverse("workflows:proposal_transition", args=[in_execution.pk, name]),
            {"comment": comment, "expected_state": state},
        )

    assert fire("suspend", "in_execution", "Chantier à l'arrêt.").status_code == 302
    assert fire("resume", "suspended").status_code == 302
    assert fire("suspend", "in_execution", "Chantier abandonné.").status_code == 302
    refused = fire("terminate", "suspended")
    assert refused.status_code == 400
    assert "Indiquez le motif de la résiliation." in text(refused)
    assert fire("terminate", "suspended", "Association dissoute.").status_code == 302
    in_execution.refresh_from_db()
    assert in_execution.status == S.TERMINATED
    # Nothing was paid: the whole grant goes back to the envelope.
    assert Call.objects.get(pk=call.pk).committed == 0
    page = text(client.get(in_execution.get_absolute_url()))
    assert "Tranche n° 1 annulée" in page


def test_a_suspended_project_offers_no_tranche_request(
    client_for: Any, cast: dict[str, Any], in_execution: Proposal
) -> None:
    from workflows import services

    services.proposal_suspend(
        proposal=in_execution, by=cast["users"]["officer"], source="web", comment="Pause."
    )
    response = client_for(cast["users"]["assoc_paris"]).get(in_execution.get_absolute_url())
    assert all(not row.actions for row in response.context["tranches"])


def test_the_finance_queue_lists_the_tranches_to_pay_and_the_projects_to_close(
    client_for: Any, cast: dict[str, Any], in_execution: Proposal, make_proposal: Any
) -> None:
    from tests.workflows.builders import attach_final_report, pay_all_tranches
    from workflows import services

    users = cast["users"]
    pay_all_tranches(in_execution)
    attach_final_report(in_execution)
    services.proposal_complete(proposal=in_execution, by=users["officer"], source="web")
    response = client_for(users["finance"]).get(reverse("workflows:finance_queue"))
    assert [row.proposal for row in response.context["to_close"]] == [in_execution]
    assert [a.name for a in response.context["to_close"][0].actions] == ["close"]
    assert response.context["to_close"][0].paid == 8_000_000
    assert "Clôturer financièrement" in text(response)


def test_the_execution_queue_offers_the_requested_tranche_for_approval(
    client_for: Any, cast: dict[str, Any], in_execution: Proposal
) -> None:
    from workflows import services

    users = cast["users"]
    tranche = in_execution.tranches.get(number=1)
    services.tranche_request(tranche=tranche, by=users["assoc_paris"], source="web", report="Ok")
    response = client_for(users["officer"]).get(reverse("workflows:execution_queue"))
    row = response.context["rows"][0]
    assert [a.name for a in row.tranches[0].actions] == ["approve", "return_request"]
    assert all(not t.actions for t in row.tranches[1:])
    services.tranche_approve(tranche=tranche, by=users["officer"], source="web")
    finance = client_for(users["finance"]).get(reverse("workflows:finance_queue"))
    assert [r.tranche for r in finance.context["to_pay"]] == [tranche]
    assert "Enregistrer le paiement" in text(finance)
    # The auditor reads the queues but has nothing to do there.
    audit = client_for(users["auditor"]).get(reverse("workflows:finance_queue"))
    assert audit.status_code == 200 and not audit.context["to_pay"][0].actions


def test_the_agreement_panel_appears_once_the_proposal_is_approved(
    client_for: Any, assoc_paris: Any, in_committee: Proposal, cast: dict[str, Any]
) -> None:
    from workflows import services

    client = client_for(assoc_paris)
    assert "Convention de cofinancement" not in text(client.get(in_committee.get_absolute_url()))
    services.proposal_approve(
        proposal=in_committee, by=cast["users"]["committee"], source="web", grant_amount=8_000_000
    )
    assert "Convention de cofinancement" in text(client.get(in_committee.get_absolute_url()))


def test_a_tranche_paid_in_year_one_is_refused_on_its_date(
    client_for: Any, finance: Any, approved_tranche: Tranche
) -> None:
    url = reverse("workflows:tranche_transition", args=[approved_tranche.pk, "pay"])
    response = client_for(finance).post(url, {"payment_reference": "V", "paid_on": "01/01/0001"})
    status = Tranche.objects.get(pk=approved_tranche.pk).status
    assert (response.status_code, status) == (400, TrancheStatus.APPROVED)
    assert "Le paiement ne peut pas précéder l&#x27;approbation" in response.content.decode()
