"""What the generated PDFs say, what they carry inside, and how they declare themselves."""

from __future__ import annotations

import hashlib

from cases.models import Assessment
from tests.documents.conftest import SITE, embedded_json, page_texts, pdf_of, text_of
from workflows.models import Tranche


def test_the_agreement_names_its_reference_the_parties_and_the_amounts_in_french_format(
    agreement, approved
):
    text = text_of(agreement)
    assert "RÉPUBLIQUE TOGOLAISE" in text
    assert "Travail - Liberté - Patrie" in text
    assert "CONVENTION DE COFINANCEMENT" in text
    assert approved.reference in text
    assert "Association des Ressortissants de Kloto en France (ARKF)" in text
    assert "représentée par Koffi Agbeko" in text
    assert "Commune de Kloto 1" in text
    assert "Ministère des Affaires étrangères, de l'Intégration africaine" in text
    assert "Forage et pompe solaire 12 000 000 FCFA" in text
    assert "Total du budget 20 000 000 FCFA" in text
    assert "Communauté locale En nature 2 000 000 FCFA 10 %" in text
    assert "une subvention de 8 000 000 FCFA, soit 40 % du budget total" in text
    assert "1 40 % 3 200 000 FCFA" in text
    assert "3 20 % 1 600 000 FCFA" in text


def test_every_page_footer_prints_reference_version_page_and_verification_address(agreement):
    pages = page_texts(agreement)
    code = f"{agreement.verification_code[:5]}-{agreement.verification_code[5:]}"
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"{agreement.reference} · version 1 · page {number}/{len(pages)}" in page
        assert f"Vérification : {SITE}/verify/ — code {code}" in page


def test_the_stored_hash_is_the_sha256_of_the_stored_file(agreement):
    with agreement.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert agreement.sha256 == hashlib.sha256(content).hexdigest()
    assert agreement.size == len(content)


def test_the_embedded_json_holds_reference_parties_amounts_and_tranches(agreement, approved):
    data = embedded_json(agreement)
    assert data["reference"] == approved.reference
    assert data["currency"] == "XOF"
    assert (
        data["parties"]["association"]["name"]
        == "Association des Ressortissants de Kloto en France"
    )
    assert data["parties"]["association"]["representative"] == "Koffi Agbeko"
    assert data["parties"]["local_partner"] == {"name": "Commune de Kloto 1"}
    assert data["budget_total"] == 20_000_000
    assert {"source": "state", "kind": "cash", "amount": 8_000_000} in data["contributions"]
    assert data["grant_amount"] == 8_000_000
    assert data["tranches"] == [
        {"number": 1, "percentage": 40, "amount": 3_200_000},
        {"number": 2, "percentage": 40, "amount": 3_200_000},
        {"number": 3, "percentage": 20, "amount": 1_600_000},
    ]
    assert data["document"]["version"] == 1
    assert data["document"]["verification_address"] == f"{SITE}/verify/"
    assert data == agreement.payload


def test_the_pdf_declares_pdf_a_3b_and_embeds_the_shipped_font(agreement):
    reader = pdf_of(agreement)
    xmp = reader.xmp_metadata
    assert xmp is not None
    metadata = xmp.stream.get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in metadata
    assert 'pdfaid:conformance="B"' in metadata
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    # Subset fonts are named after the @font-face family: the shipped files, not system fonts.
    assert {name.split("+", 1)[1] for name in fonts} == {"Document-Sans", "Document-Sans-Bold"}


def test_once_signed_the_agreement_prints_the_tranches_as_created(in_execution, officer):
    from workflows.documents import generate_agreement

    Tranche.objects.filter(proposal=in_execution, number=3).update(amount=1_600_001)
    document = generate_agreement(in_execution, officer)
    assert document is not None
    assert "3 20 % 1 600 001 FCFA" in text_of(document)


def test_the_plan_lists_items_providers_budget_follow_up_dates_and_consent(plan, plan_approved):
    text = text_of(plan)
    assert "PLAN DE RÉINTÉGRATION" in text
    assert plan_approved.reference in text
    assert "Agbodjan Komlan" in text
    assert "Chambre des métiers de Kloto" in text
    assert "Création d'activité" in text
    assert "Budget total du plan 450 000 FCFA" in text
    assert "À 3 mois" in text and "À 12 mois" in text
    assert "Le bénéficiaire a consenti au traitement de ses données" in text
    data = embedded_json(plan)
    assert data["reference"] == plan_approved.reference
    assert data["plan_items"][0]["provider"] == "Chambre des métiers de Kloto"
    assert data["plan_items"][0]["budget"] == 450_000
    assert len(data["follow_up_schedule"]) == 3
    assert data["consent"]["given"] is True


def test_the_plan_leaves_out_vulnerabilities_health_and_psychosocial_notes(plan, plan_approved):
    assessment = Assessment.objects.get(case=plan_approved)
    secrets = [
        plan_approved.health_notes,
        assessment.psychosocial_notes,
        "Besoin médical",
        "medical",
    ]
    assert all(secrets), "the demo case should carry sensitive notes"
    text = text_of(plan)
    raw = str(embedded_json(plan))
    for secret in secrets:
        assert secret not in text
        assert secret not in raw


def test_the_agreement_names_an_association_and_a_prefecture_as_french_writes_them(
    approved, committee
):
    from registry.models import Prefecture
    from workflows.documents import generate_agreement

    approved.prefecture = Prefecture.objects.get(code="agou")
    approved.save(update_fields=["prefecture"])
    text = text_of(generate_agreement(approved, committee))
    assert "L'Association des Ressortissants de Kloto en France" in text
    assert "L'association Association" not in text
    assert "préfecture d'Agou" in text
    assert "préfecture de Agou" not in text


def test_an_agreement_asked_for_in_english_still_prints_french_amounts(approved, committee):
    from django.utils import translation

    from workflows.documents import generate_agreement

    with translation.override("en"):
        document = generate_agreement(approved, committee)
    text = text_of(document)
    assert "8 000 000 FCFA" in text
    assert "8,000,000" not in text
