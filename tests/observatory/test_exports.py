"""The exports hold what the list shows its user, column by column: each row equals the
database, each role gets its own scope, the cases never carry what identifies or is
sensitive (docs/observatory.md, « Exports »)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from cases.models import Case, CaseStatus
from registry import access as registry_access
from registry.models import Association, Expert
from tests.cases.builders import make_case
from tests.factories import ExpertFactory
from tests.observatory.exporting import body, by_header, contributions, exported
from tests.workflows.builders import advance_tranche, make_proposal, pay_all_tranches
from workflows.models import Proposal, ProposalStatus, Tranche
from workflows.models import TrancheStatus as T

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(paris_association: Association, brussels_association: Association) -> list[Any]:
    """ARKF's proposal in execution with its first tranche paid, one of DSSB's submitted."""
    running = make_proposal(ProposalStatus.IN_EXECUTION, association=paris_association)
    first = Tranche.objects.get(proposal=running, number=1)
    advance_tranche(first, T.PAID)
    submitted = make_proposal(ProposalStatus.SUBMITTED, association=brussels_association)
    return [running, submitted]


def test_each_proposal_row_equals_the_database(client_for: Any, officer: User, programme: Any):
    rows = by_header(exported(client_for(officer), "proposals"))
    shown = {row["Référence"]: row for row in rows}
    visible = Proposal.objects.exclude(status=ProposalStatus.DRAFT)
    assert set(shown) == set(visible.values_list("reference", flat=True))
    for proposal in visible.prefetch_related("contributions", "tranches"):
        row = shown[proposal.reference]
        assert row["Intitulé"] == proposal.title
        assert row["Association"] == proposal.association.name
        assert row["Statut"] == proposal.get_status_display()
        assert row["Secteur"] == proposal.get_sector_display()
        assert row["Région"] == proposal.region.name
        assert row["Année de l'appel"] == str(proposal.call.year)
        assert row["Subvention accordée (FCFA)"] == (
            str(proposal.grant_amount) if proposal.grant_amount is not None else ""
        )
        assert row["Soumis le"] == proposal.submitted_at.date().isoformat()
        assert row["Apport Association de la diaspora, en numéraire (FCFA)"] == str(
            contributions(proposal, "association", "cash")
        )
        assert row["Apport Communauté locale, en nature (FCFA)"] == str(
            contributions(proposal, "community", "in_kind")
        )
        assert row["Apport État (subvention demandée), en numéraire (FCFA)"] == str(
            contributions(proposal, "state", "cash")
        )
        tranches = {t.number: t for t in proposal.tranches.all()}
        paid = sum(t.amount for t in tranches.values() if t.paid_on)
        assert row["Tranches payées (FCFA)"] == str(paid)
        for number in (1, 2, 3):
            tranche = tranches.get(number)
            assert row[f"Tranche {number} : montant (FCFA)"] == (
                str(tranche.amount) if tranche else ""
            )
            assert row[f"Tranche {number} : statut"] == (
                tranche.get_status_display() if tranche else ""
            )
            assert row[f"Tranche {number} : payée le"] == (
                tranche.paid_on.isoformat() if tranche and tranche.paid_on else ""
            )
    running = shown[programme[0].reference]
    assert running["Statut"] == "En exécution"
    assert running["Tranche 1 : statut"] == "Payée"


def test_an_association_member_exports_its_own_proposals_only(
    client_for: Any, assoc_paris: User, programme: Any, paris_association: Association
):
    rows = by_header(exported(client_for(assoc_paris), "proposals"))
    own = Proposal.objects.filter(association=paris_association)
    assert {row["Référence"] for row in rows} == set(own.values_list("reference", flat=True))
    assert programme[1].reference not in {row["Référence"] for row in rows}


def test_the_proposals_export_applies_the_list_filters(
    client_for: Any, officer: User, programme: Any
):
    rows = by_header(exported(client_for(officer), "proposals", status=ProposalStatus.SUBMITTED))
    assert [row["Référence"] for row in rows] == [programme[1].reference]
    everything = exported(client_for(officer), "proposals", q=programme[0].reference)
    assert [row[0] for row in everything[1:]] == [programme[0].reference]


def test_the_cases_are_for_supervisors_only(client_for: Any, api_for: Any, cast: Any):
    make_case(CaseStatus.ASSESSMENT)
    for name in ("caseworker1", "officer", "auditor", "focal_paris", "assoc_paris", "admin"):
        user = User.objects.get(username=name)
        assert client_for(user).get("/observatoire/exports/cases/?format=csv").status_code == 403
        assert api_for(user).get("/api/v1/exports/cases/?format=xlsx").status_code == 403
    supervisor = User.objects.get(username="supervisor")
    assert client_for(supervisor).get("/observatoire/exports/cases/?format=csv").status_code == 200


def test_the_cases_hold_no_name_phone_or_sensitive_part(client_for: Any, supervisor: User):
    case = make_case(
        CaseStatus.ASSESSMENT,
        first_name="Yawovi",
        last_name="Agbodjan",
        phone="+228 91 00 00 01",
        health_notes="Diabète suivi au CHU",
        immediate_needs="Logement provisoire",
        vulnerabilities=["medical", "trafficking_victim"],
    )
    response = client_for(supervisor).get("/observatoire/exports/cases/?format=csv")
    text = body(response).decode("utf-8-sig")
    for secret in ("Yawovi", "Agbodjan", "91 00 00 01", "Diabète", "Logement provisoire"):
        assert secret not in text
    header = text.split("\r\n")[0].split(";")
    for column in ("Nom", "Prénom", "Téléphone", "Vulnérabilités", "Notes de santé", "Besoins"):
        assert column not in header
    rows = by_header(exported(client_for(supervisor), "cases"))
    row = next(r for r in rows if r["Référence"] == case.reference)
    assert row["Statut"] == case.get_status_display()
    assert row["Pays de retour"] == "Libye"
    assert row["Région"] == case.region.name
    assert row["Date de retour"] == case.return_date.isoformat()
    assert case.caseworker is not None
    assert row["Travailleur social"] == case.caseworker.get_full_name()
    assert {r["Référence"] for r in rows} == set(Case.objects.values_list("reference", flat=True))


def test_the_associations_and_experts_of_a_focal_point_are_its_jurisdictions(
    client_for: Any, focal_paris: User, paris_embassy: Any
):
    hidden = ExpertFactory(embassy=paris_embassy, consent_listed=False, last_name="Discret")
    web = client_for(focal_paris)
    embassies = registry_access.focal_embassies(focal_paris)
    associations = by_header(exported(web, "associations"))
    expected = Association.objects.filter(embassy__in=embassies).order_by("name", "id")
    assert [row["Nom"] for row in associations] == [a.name for a in expected]
    assert {row["Ambassade"] for row in associations} == {paris_embassy.name}
    experts = by_header(exported(web, "experts"))
    listed = Expert.objects.filter(embassy__in=embassies, consent_listed=True)
    assert [(row["Nom"], row["Prénom"]) for row in experts] == [
        (e.last_name, e.first_name) for e in listed.order_by("last_name", "first_name", "id")
    ]
    assert hidden.last_name not in {row["Nom"] for row in experts}
    assert all(row["Pays de résidence"] for row in experts)


def test_the_experts_export_lists_only_those_who_consented(client_for: Any, officer: User):
    ExpertFactory(consent_listed=False, last_name="Absent")
    rows = by_header(exported(client_for(officer), "experts"))
    assert {row["Nom"] for row in rows} == set(
        Expert.objects.filter(consent_listed=True).values_list("last_name", flat=True)
    )
    assert "Absent" not in {row["Nom"] for row in rows}
    expert = Expert.objects.filter(consent_listed=True).order_by("last_name", "first_name", "id")[0]
    first = rows[0]
    assert first["Profession"] == expert.profession
    assert first["Domaines de compétence"] == ", ".join(d.label for d in expert.competences.all())
    assert first["Disponible pour enseigner"] == ("oui" if expert.available_teaching else "non")
    assert "E-mail" not in first and "Téléphone" not in first


def test_each_association_row_equals_the_database(client_for: Any, officer: User):
    rows = by_header(exported(client_for(officer), "associations", country="FR"))
    expected = Association.objects.filter(country="FR").order_by("name", "id")
    assert len(rows) == expected.count() > 0
    for row, association in zip(rows, expected, strict=True):
        assert row["Nom"] == association.name
        assert row["Statut"] == association.get_status_display()
        assert row["Pays"] == "France"
        assert row["Région d'origine"] == association.home_region.name
        assert row["Nombre de membres"] == str(association.members_count)
        assert row["Secteurs"] == ", ".join(str(s) for s in association.sectors.all())
        assert row["Inscrite le"] == association.created_at.date().isoformat()


def test_a_paid_tranche_reads_as_its_day(client_for: Any, officer: User, paris_association: Any):
    done = make_proposal(ProposalStatus.IN_EXECUTION, association=paris_association)
    pay_all_tranches(done)
    row = next(
        r
        for r in by_header(exported(client_for(officer), "proposals", fmt="xlsx"))
        if r["Référence"] == done.reference
    )
    tranche = Tranche.objects.get(proposal=done, number=1)
    assert row["Tranche 1 : payée le"].date() == tranche.paid_on
    assert row["Tranche 1 : montant (FCFA)"] == tranche.amount
