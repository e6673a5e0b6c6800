"""The forms of the co-realisation pages with bad or incomplete input: French messages,
what was typed kept, nothing half-saved; the live rules panel; stale pages."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import HistoryEntry, Outcome
from tests.workflows.builders import SCORES
from tests.workflows.page_helpers import (
    BAD_CONTRIBUTIONS,
    GOOD_BUDGET,
    GOOD_CONTRIBUTIONS,
    proposal_data,
    rows,
    text,
)
from workflows import services
from workflows.models import Call, Proposal, ProposalStatus, Review

S = ProposalStatus


# --- The proposal form --------------------------------------------------------------


def test_the_new_proposal_form_offers_the_open_call_and_the_members_verified_association(
    client_for: Any, assoc_paris: Any, call: Call, paris_association: Any
) -> None:
    response = client_for(assoc_paris).get(reverse("workflows:proposal_create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["call"].queryset) == [call]
    assert list(form.fields["association"].queryset) == [paris_association]
    page = text(response)
    assert "Enregistrer le brouillon" in page and "Soumettre" in page
    assert "Ajouter une ligne" in page


def test_a_draft_can_be_saved_with_no_figures_at_all(
    client_for: Any, assoc_paris: Any, call: Call, paris_association: Any
) -> None:
    response = client_for(assoc_paris).post(
        reverse("workflows:proposal_create"),
        proposal_data(call=call, association=paris_association, budget=[], contributions=[]),
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == S.DRAFT
    assert not proposal.budget_lines.exists() and not proposal.contributions.exists()


def test_blank_rows_are_skipped_and_the_rows_removed_in_the_browser_are_ignored(
    client_for: Any, assoc_paris: Any, call: Call, paris_association: Any
) -> None:
    data = proposal_data(call=call, association=paris_association)
    # Row 1 was removed in the browser (its index is missing); row 3 was left blank.
    for key in [k for k in data if k.startswith("budget-1-")]:
        del data[key]
    data["budget-TOTAL_FORMS"] = "4"
    data["budget-3-label"] = ""
    data["budget-3-amount"] = ""
    response = client_for(assoc_paris).post(reverse("workflows:proposal_create"), data)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert [(b.label, b.amount) for b in proposal.budget_lines.all()] == [
        ("Forage et pompe solaire", 12_000_000),
        ("Formation du comité de gestion", 2_000_000),
    ]


def test_a_contribution_row_with_a_source_but_no_amount_is_skipped(
    client_for: Any, assoc_paris: Any, call: Call, paris_association: Any
) -> None:
    data = proposal_data(
        call=call,
        association=paris_association,
        contributions=[*GOOD_CONTRIBUTIONS, ("partner", "cash", "")],
    )
    assert (
        client_for(assoc_paris).post(reverse("workflows:proposal_create"), data).status_code == 302
    )
    assert Proposal.objects.get().contributions.count() == 4


def test_bad_amounts_are_refused_in_french_with_what_was_typed_and_nothing_saved(
    client_for: Any, assoc_paris: Any, call: Call, paris_association: Any
) -> None:
    response = client_for(assoc_paris).post(
        reverse("workflows:proposal_create"),
        proposal_data(
            call=call,
            association=paris_association,
            title="",
            budget=[("Forage", "douze millions"), ("", "6 000 000")],
            contributions=[("association", "", "8 000 000"), ("state", "cash", "-5")],
        ),
    )
    assert response.status_code == 200
    page = text(response)
    assert "Rien n'a été enregistré." in page
    assert "Ce champ est obligatoire." in page  # the title
    assert "Indiquez un montant en chiffres, sans centimes (par exemple 450 000)." in page
    assert "Nommez ce poste de dépense." in page
    assert "Choisissez la nature de cet apport (numéraire ou nature)." in page
    assert "Le montant ne peut pas être négatif." in page
    content = response.content.decode()
    assert 'value="douze millions"' in content and 'value="-5"' in content
    assert not Proposal.objects.exists()


def test_amounts_typed_with_spaces_or_the_currency_are_understood(
    client_for: Any, assoc_paris: Any, call: Call, paris_association: Any
) -> None:
    data = proposal_data(
        call=call,
        association=paris_association,
        budget=[("Forage", "12\u00a0000\u00a0000 FCFA")],
        contributions=[("association", "cash", "12000000")],
    )
    assert (
        client_for(assoc_paris).post(reverse("workflows:proposal_create"), data).status_code == 302
    )
    assert Proposal.objects.get().budget_lines.get().amount == 12_000_000


def test_a_prefecture_outside_the_region_is_refused(
    client_for: Any, assoc_paris: Any, call: Call, paris_association: Any
) -> None:
    from registry.models import Prefecture

    golfe = Prefecture.objects.get(code="golfe")
    response = client_for(assoc_paris).post(
        reverse("workflows:proposal_create"),
        proposal_data(call=call, association=paris_association, prefecture=str(golfe.pk)),
    )
    assert response.status_code == 200
    assert f"La préfecture {golfe} n'est pas dans la région Plateaux." in text(response)
    assert not Proposal.objects.exists()


def test_a_member_cannot_file_for_an_association_it_does_not_belong_to(
    client_for: Any, assoc_paris: Any, call: Call, brussels_association: Any
) -> None:
    response = client_for(assoc_paris).post(
        reverse("workflows:proposal_create"),
        proposal_data(call=call, association=brussels_association),
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in text(response)
    assert not Proposal.objects.exists()


def test_the_prefectures_offered_follow_the_region(client_for: Any, assoc_paris: Any) -> None:
    from registry.models import Region

    plateaux = Region.objects.get(code="plateaux")
    response = client_for(assoc_paris).get(
        reverse("workflows:prefecture_options"), {"region": plateaux.pk}
    )
    assert "Kloto" in text(response) and "Golfe" not in text(response)


def test_a_refused_submission_of_a_new_proposal_redirects_to_the_drafts_edit_page(
    client_for: Any, assoc_paris: Any, call: Call, paris_association: Any
) -> None:
    client = client_for(assoc_paris)
    data = proposal_data(
        call=call,
        association=paris_association,
        contributions=BAD_CONTRIBUTIONS,
        button="submit",
    )
    response = client.post(reverse("workflows:proposal_create"), data)
    # Post/redirect/get: a reload of the answer cannot post the form a second time.
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == S.DRAFT
    edit_url = reverse("workflows:proposal_edit", args=[proposal.pk])
    assert response["Location"].startswith(edit_url)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "le projet ne peut pas encore être soumis" in text(page)
    assert page.context["problems"]
    # Correcting and posting again edits this draft instead of creating a second one.
    assert f'action="{edit_url}"' in page.content.decode()
    assert Proposal.objects.count() == 1


def test_a_draft_saved_with_rule_problems_lands_on_its_edit_page_and_one_without_on_its_page(
    client_for: Any, assoc_paris: Any, call: Call, paris_association: Any
) -> None:
    client = client_for(assoc_paris)
    response = client.post(
        reverse("workflows:proposal_create"),
        proposal_data(call=call, association=paris_association, contributions=BAD_CONTRIBUTIONS),
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workflows:proposal_edit", args=[proposal.pk]))
    assert client.get(response["Location"]).context["problems"]
    Proposal.objects.all().delete()
    response = client.post(
        reverse("workflows:proposal_create"),
        proposal_data(call=call, association=paris_association),
    )
    assert response["Location"] == Proposal.objects.get().get_absolute_url()


def test_a_refused_submission_of_an_edited_draft_redirects_to_its_edit_page(
    client_for: Any, assoc_paris: Any, draft: Proposal
) -> None:
    response = client_for(assoc_paris).post(
        reverse("workflows:proposal_edit", args=[draft.pk]),
        proposal_data(contributions=BAD_CONTRIBUTIONS, button="submit", expected_state="draft"),
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workflows:proposal_edit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_a_returned_proposal_is_resubmitted_from_its_form(
    client_for: Any, cast: dict[str, Any], submitted: Proposal
) -> None:
    users = cast["users"]
    services.proposal_return_for_completion(
        proposal=submitted, by=users["officer"], source="web", comment="Joignez le devis."
    )
    client = client_for(users["assoc_paris"])
    page = client.get(reverse("workflows:proposal_edit", args=[submitted.pk]))
    assert "Soumettre à nouveau" in text(page)
    response = client.post(
        reverse("workflows:proposal_edit", args=[submitted.pk]),
        proposal_data(button="submit", expected_state="returned"),
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_a_stale_edit_form_is_not_saved_and_says_the_proposal_changed(
    client_for: Any, assoc_paris: Any, draft: Proposal
) -> None:
    client = client_for(assoc_paris)
    services.proposal_submit(proposal=draft, by=assoc_paris, source="web")
    response = client.post(
        reverse("workflows:proposal_edit", args=[draft.pk]),
        proposal_data(title="Changé en douce", expected_state="draft"),
        follow=True,
    )
    assert "quelqu'un d'autre a fait avancer ce que vous modifiiez" in text(response)
    draft.refresh_from_db()
    assert draft.title != "Changé en douce"
    refusal = HistoryEntry.objects.for_object(draft).get(action="update")
    assert refusal.outcome == Outcome.REFUSED


# --- The live rules panel -------------------------------------------------------------


def test_the_rules_panel_judges_the_figures_typed_so_far(
    client_for: Any, assoc_paris: Any, call: Call
) -> None:
    response = client_for(assoc_paris).post(
        reverse("workflows:rules_check"),
        {"call": str(call.pk), **rows(GOOD_BUDGET, BAD_CONTRIBUTIONS)},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    verdicts = {v.code: v for v in response.context["verdicts"]}
    assert not verdicts["balanced"].ok
    assert not verdicts["matching_ratio"].ok
    assert verdicts["max_grant"].ok
    assert not verdicts["min_community_share"].ok
    page = text(response)
    assert (
        "Le budget (20 000 000 FCFA) n'est pas égal au total des apports (18 000 000 FCFA)." in page
    )
    assert (
        "La subvention demandée (10 000 000 FCFA) dépasse 1 × l'apport en numéraire "
        "de l'association (6 000 000 FCFA)." in page
    )
    assert "L'appel est ouvert jusqu'au" in page


def test_the_rules_panel_turns_green_when_the_figures_hold(
    client_for: Any, assoc_paris: Any, call: Call
) -> None:
    response = client_for(assoc_paris).post(
        reverse("workflows:rules_check"),
        {"call": str(call.pk), **rows(GOOD_BUDGET, GOOD_CONTRIBUTIONS)},
    )
    assert all(v.ok for v in response.context["verdicts"])
    assert 'data-ok="false"' not in response.content.decode()


def test_the_rules_panel_counts_an_amount_whose_row_is_not_finished(
    client_for: Any, assoc_paris: Any, call: Call
) -> None:
    response = client_for(assoc_paris).post(
        reverse("workflows:rules_check"),
        {"call": str(call.pk), **rows([("", "5 000 000"), ("Toit", "abc")], [("", "", "1000")])},
    )
    figures = response.context["figures"]
    assert (figures.budget_total, figures.contributions_total) == (5_000_000, 1_000)


def test_the_rules_panel_says_when_the_call_is_closed(
    client_for: Any, assoc_paris: Any, call: Call
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(days=1))
    response = client_for(assoc_paris).post(
        reverse("workflows:rules_check"), {"call": str(call.pk), **rows(GOOD_BUDGET, [])}
    )
    assert "L'appel n'est pas ouvert aux soumissions" in text(response)


def test_the_rules_panel_is_for_those_who_file_proposals(client_for: Any, officer: Any) -> None:
    response = client_for(officer).post(reverse("workflows:rules_check"), rows([], []))
    assert response.status_code == 403


# --- Transitions with bad input, stale pages ------------------------------------------


def test_a_stale_action_form_says_the_proposal_changed_and_changes_nothing(
    client_for: Any, cast: dict[str, Any], submitted: Proposal
) -> None:
    users = cast["users"]
    officer = client_for(users["officer"])
    # The officer's page was loaded while the proposal was submitted; the association
    # withdrew it meanwhile.
    services.proposal_withdraw(proposal=submitted, by=users["assoc_paris"], source="web")
    response = officer.post(
        reverse("workflows:proposal_transition", args=[submitted.pk, "return_for_completion"]),
        {"comment": "Ajoutez le devis.", "expected_state": "submitted"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == submitted.get_absolute_url()
    assert "quelqu'un d'autre a fait avancer ce que vous modifiiez" in text(response)
    submitted.refresh_from_db()
    assert submitted.status == S.WITHDRAWN


def test_a_missing_comment_is_asked_for_on_the_field_and_leaves_a_refused_attempt(
    client_for: Any, officer: Any, submitted: Proposal
) -> None:
    response = client_for(officer).post(
        reverse("workflows:proposal_transition", args=[submitted.pk, "return_for_completion"]),
        {"comment": "  ", "expected_state": "submitted"},
    )
    assert response.status_code == 400
    form = next(a.form for a in response.context["actions"] if a.name == "return_for_completion")
    assert form.errors["comment"] == ["Indiquez ce qu'il faut compléter."]
    row = HistoryEntry.objects.for_object(submitted).get(action="return_for_completion")
    assert row.outcome == Outcome.REFUSED
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_a_grant_that_is_not_a_number_is_refused_on_its_field(
    client_for: Any, committee: Any, in_committee: Proposal
) -> None:
    response = client_for(committee).post(
        reverse("workflows:proposal_transition", args=[in_committee.pk, "approve"]),
        {"grant_amount": "huit millions", "expected_state": "in_committee"},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Indiquez un montant en chiffres" in page
    assert 'value="huit millions"' in response.content.decode()
    in_committee.refresh_from_db()
    assert in_committee.status == S.IN_COMMITTEE


def test_a_grant_over_the_rules_shows_every_rule_broken_with_its_figures(
    client_for: Any, committee: Any, in_committee: Proposal
) -> None:
    response = client_for(committee).post(
        reverse("workflows:proposal_transition", args=[in_committee.pk, "approve"]),
        {"grant_amount": "30 000 000", "expected_state": "in_committee"},
    )
    assert response.status_code == 400
    page = text(response)
    assert (
        "La subvention (30 000 000 FCFA) dépasse la subvention demandée (8 000 000 FCFA)." in page
    )
    assert (
        "La subvention (30 000 000 FCFA) dépasse le plafond par projet (25 000 000 FCFA)." in page
    )
    assert (
        "La subvention (30 000 000 FCFA) dépasse 1 × l'apport en numéraire de l'association "
        "(8 000 000 FCFA)." in page
    )
    # The headroom beside the form, with the figure that caps it.
    assert "Subvention maximale permise : 8 000 000 FCFA" in page


def test_the_page_and_the_api_refuse_the_same_largest_amount(
    client_for: Any, api_for: Any, committee: Any, in_committee: Proposal
) -> None:
    """One limit for every amount: a thousand billion FCFA (10**12), on the page as in
    the API."""
    too_much = 10**12 + 1
    response = client_for(committee).post(
        reverse("workflows:proposal_transition", args=[in_committee.pk, "approve"]),
        {"grant_amount": str(too_much), "expected_state": "in_committee"},
    )
    assert response.status_code == 400
    assert "Ce montant est trop élevé." in text(response)
    answer = api_for(committee).post(
        f"/api/v1/proposals/{in_committee.pk}/transitions/approve/",
        {"grant_amount": too_much, "expected_state": "in_committee"},
        format="json",
    )
    assert answer.status_code == 400
    assert "grant_amount" in answer.json()["errors"]
    in_committee.refresh_from_db()
    assert in_committee.status == S.IN_COMMITTEE
    assert not HistoryEntry.objects.for_object(in_committee).filter(action="approve").exists()


def test_a_bad_payment_date_is_refused_on_its_field(
    client_for: Any, cast: dict[str, Any], in_execution: Proposal
) -> None:
    users = cast["users"]
    tranche = in_execution.tranches.get(number=1)
    services.tranche_request(tranche=tranche, by=users["assoc_paris"], source="web", report="Ok")
    services.tranche_approve(tranche=tranche, by=users["officer"], source="web")
    response = client_for(users["finance"]).post(
        reverse("workflows:tranche_transition", args=[tranche.pk, "pay"]),
        {"payment_reference": "VIR-1", "paid_on": "31/02/2026"},
    )
    assert response.status_code == 400
    assert "Indiquez une date valide (jj/mm/aaaa)." in text(response)
    tranche.refresh_from_db()
    assert tranche.status == "approved"


def test_a_tranche_request_without_report_is_refused_with_the_reason(
    client_for: Any, assoc_paris: Any, in_execution: Proposal
) -> None:
    tranche = in_execution.tranches.get(number=1)
    response = client_for(assoc_paris).post(
        reverse("workflows:tranche_transition", args=[tranche.pk, "request"]),
        {"report": "", "expected_state": "planned"},
    )
    assert response.status_code == 400
    assert "Rédigez le rapport d'avancement." in text(response)


def test_only_the_next_tranche_is_offered_for_request(
    client_for: Any, assoc_paris: Any, in_execution: Proposal
) -> None:
    response = client_for(assoc_paris).get(in_execution.get_absolute_url())
    offered = {
        row.tranche.number: [a.name for a in row.actions] for row in response.context["tranches"]
    }
    assert offered == {1: ["request"], 2: [], 3: []}


# --- Reviews -----------------------------------------------------------------------------


def test_an_incomplete_review_is_refused_criterion_by_criterion_keeping_the_scores(
    client_for: Any, evaluator1: Any, under_review: Proposal
) -> None:
    url = reverse("workflows:review_form", args=[under_review.pk])
    response = client_for(evaluator1).post(
        url, {"score_relevance": "4", "score_budget": "9", "comment": "Incomplet."}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["score_community"] == ["Notez ce critère (de 0 à 5)."]
    assert "score_relevance" not in form.errors
    assert "score_budget" in form.errors
    assert form.errors["recommendation"]
    page = text(response)
    assert "Notez le critère « Implication de la communauté » (de 0 à 5)." in page
    assert 'value="4" class="form-check-input" id="id_score_relevance_4" checked' in (
        response.content.decode()
    )
    assert "Incomplet." in page
    review = Review.objects.get(proposal=under_review, evaluator=evaluator1)
    assert review.submitted_at is None


def test_the_live_weighted_score_follows_the_choices(
    client_for: Any, evaluator1: Any, under_review: Proposal
) -> None:
    url = reverse("workflows:review_form", args=[under_review.pk])
    partial = client_for(evaluator1).post(url, {"score_relevance": "5"}, HTTP_HX_REQUEST="true")
    assert "1 critère(s) noté(s) sur 6" in text(partial)
    full = client_for(evaluator1).post(
        url, {f"score_{k}": str(v) for k, v in SCORES.items()}, HTTP_HX_REQUEST="true"
    )
    assert text(full).strip() == "4,18 / 5"
    assert not Review.objects.filter(submitted_at__isnull=False).exists()


def test_a_filed_review_is_shown_and_cannot_be_filed_twice(
    client_for: Any, evaluator1: Any, under_review: Proposal
) -> None:
    client = client_for(evaluator1)
    url = reverse("workflows:review_form", args=[under_review.pk])
    data = {f"score_{k}": str(v) for k, v in SCORES.items()}
    data["recommendation"] = "reserved"
    assert client.post(url, data).status_code == 302
    assert "il ne se modifie plus" in text(client.get(url))
    again = client.post(url, data, follow=True)
    assert "Vous avez déjà déposé votre avis sur ce projet." in text(again)
    assert Review.objects.get(evaluator=evaluator1).recommendation == "reserved"


def test_the_association_does_not_read_the_reviews_before_the_decision(
    client_for: Any, assoc_paris: Any, cast: dict[str, Any], in_committee: Proposal
) -> None:
    before = client_for(assoc_paris).get(in_committee.get_absolute_url())
    assert before.context["reviews"] == []
    services.proposal_approve(
        proposal=in_committee, by=cast["users"]["committee"], source="web", grant_amount=8_000_000
    )
    after = client_for(assoc_paris).get(in_committee.get_absolute_url())
    assert len(after.context["reviews"]) == 2
    page = text(after)
    assert "Évaluateur 1" in page
    assert "Un évaluateur technique" in page
    for name in ("evaluator1", "evaluator2"):
        assert cast["users"][name].get_full_name() not in page
        assert name not in page


def test_the_association_reads_no_score_nor_evaluator_in_the_history_before_the_decision(
    client_for: Any, assoc_paris: Any, cast: dict[str, Any], in_committee: Proposal
) -> None:
    page = text(client_for(assoc_paris).get(in_committee.get_absolute_url()))
    assert "Avis technique" in page and "Évaluateur désigné" in page
    assert "note" not in page.split("Historique", 1)[1]
    for name in ("evaluator1", "evaluator2"):
        assert cast["users"][name].get_full_name() not in page
        assert name not in page


def test_an_evaluator_reads_only_its_own_review(
    client_for: Any, cast: dict[str, Any], in_committee: Proposal
) -> None:
    evaluator1 = cast["users"]["evaluator1"]
    response = client_for(evaluator1).get(in_committee.get_absolute_url())
    assert [r.evaluator for r in response.context["reviews"]] == [evaluator1]


def test_the_committee_reads_every_review_with_its_evaluator(
    client_for: Any, cast: dict[str, Any], in_committee: Proposal
) -> None:
    response = client_for(cast["users"]["committee"]).get(in_committee.get_absolute_url())
    assert len(response.context["reviews"]) == 2
    assert cast["users"]["evaluator2"].get_full_name() in text(response)


# --- Attachments -----------------------------------------------------------------------


def test_a_file_that_is_not_a_pdf_or_an_image_is_refused_with_the_reason(
    client_for: Any, assoc_paris: Any, in_execution: Proposal
) -> None:
    response = client_for(assoc_paris).post(
        reverse("workflows:attachment_upload", args=[in_execution.pk]),
        {"kind": "receipt", "file": SimpleUploadedFile("facture.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG" in page
    assert response.context["upload_form"]["kind"].value() == "receipt"
    from documents.uploads import attachments_of

    assert not attachments_of(in_execution).exists()


def test_an_upload_without_a_file_or_kind_is_refused_in_french(
    client_for: Any, assoc_paris: Any, draft: Proposal
) -> None:
    response = client_for(assoc_paris).post(
        reverse("workflows:attachment_upload", args=[draft.pk]), {}
    )
    assert response.status_code == 400
    page = text(response)
    assert "Choisissez le fichier à joindre." in page
    assert "Choisissez le type de pièce." in page


def test_an_oversized_file_is_refused_with_the_limit(
    client_for: Any, assoc_paris: Any, draft: Proposal, settings: Any
) -> None:
    settings.FILE_UPLOAD_MAX_BYTES = 16
    response = client_for(assoc_paris).post(
        reverse("workflows:attachment_upload", args=[draft.pk]),
        {"kind": "other", "file": SimpleUploadedFile("long.pdf", b"%PDF-1.7" + b"x" * 40)},
    )
    assert response.status_code == 400
    assert "la limite est de 16" in text(response)


def test_an_attachment_is_downloaded_only_by_those_who_see_the_proposal(
    client_for: Any, cast: dict[str, Any], submitted: Proposal
) -> None:
    users = cast["users"]
    client_for(users["assoc_paris"]).post(
        reverse("workflows:attachment_upload", args=[submitted.pk]),
        {"kind": "other", "file": SimpleUploadedFile("devis.pdf", b"%PDF-1.7\n%%EOF\n")},
    )
    from documents.uploads import attachments_of

    attachment = attachments_of(submitted).get()
    url = reverse("workflows:attachment_download", args=[attachment.pk])
    response = client_for(users["officer"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'attachment; filename="devis.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(users["assoc_brussels"]).get(url).status_code == 404
    assert client_for(users["committee"]).get(url).status_code == 404


def test_the_committee_does_not_upload_documents(
    client_for: Any, committee: Any, in_committee: Proposal
) -> None:
    response = client_for(committee).post(
        reverse("workflows:attachment_upload", args=[in_committee.pk]),
        {"kind": "other", "file": SimpleUploadedFile("x.pdf", b"%PDF-1.7\n")},
    )
    assert response.status_code == 403
