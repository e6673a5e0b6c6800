"""Proposals ready to be moved along their lifecycle."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import Source
from documents.uploads import store_attachment
from registry.models import Prefecture, Region
from workflows import services
from workflows.models import Proposal, Tranche
from workflows.services import BudgetInput, ContributionInput

BUDGET = [
    BudgetInput("Forage et pompe solaire", 12_000_000),
    BudgetInput("Château d'eau", 6_000_000),
    BudgetInput("Formation du comité de gestion", 2_000_000),
]
CONTRIBUTIONS = [
    ContributionInput("association", "cash", 8_000_000),
    ContributionInput("community", "in_kind", 2_000_000),
    ContributionInput("state", "cash", 8_000_000),
    ContributionInput("partner", "cash", 2_000_000),
]


@pytest.fixture
def call(cast: dict[str, Any]):
    return cast["call"]


@pytest.fixture
def make_proposal(cast: dict[str, Any], call):
    def make(
        by=None,
        association=None,
        budget=BUDGET,
        contributions=CONTRIBUTIONS,
        **fields: Any,
    ) -> Proposal:
        values = {
            "title": "Adduction d'eau potable à Kpalimé-Agou",
            "summary": "Un forage, un château d'eau et un comité de gestion.",
            "sector": "water",
            "region": Region.objects.get(code="plateaux"),
            "prefecture": Prefecture.objects.get(code="kloto"),
            "locality": "Kpalimé",
            "local_partner": "Commune de Kloto 1",
            **fields,
        }
        return services.proposal_create(
            by=by or cast["users"]["assoc_paris"],
            source=Source.WEB,
            call=call,
            association=association or cast["paris"],
            budget_lines=budget,
            contributions=contributions,
            **values,
        )

    return make


@pytest.fixture
def draft(make_proposal) -> Proposal:
    return make_proposal()


@pytest.fixture
def submitted(draft, cast) -> Proposal:
    return services.proposal_submit(
        proposal=draft, by=cast["users"]["assoc_paris"], source=Source.WEB
    )


@pytest.fixture
def under_review(submitted, cast) -> Proposal:
    return services.proposal_declare_admissible(
        proposal=submitted,
        by=cast["users"]["officer"],
        source=Source.WEB,
        evaluators=["evaluator1", "evaluator2"],
    )


SCORES = {
    "relevance": 5,
    "community": 4,
    "feasibility": 4,
    "sustainability": 3,
    "budget": 4,
    "diaspora": 5,
}


@pytest.fixture
def in_committee(under_review, cast) -> Proposal:
    for name in ("evaluator1", "evaluator2"):
        services.review_file(
            proposal=under_review,
            by=cast["users"][name],
            source=Source.WEB,
            scores=SCORES,
            recommendation="favourable",
        )
    under_review.refresh_from_db()
    return under_review


@pytest.fixture
def approved(in_committee, cast) -> Proposal:
    return services.proposal_approve(
        proposal=in_committee,
        by=cast["users"]["committee"],
        source=Source.WEB,
        grant_amount=8_000_000,
    )


@pytest.fixture
def in_execution(approved, cast) -> Proposal:
    return services.proposal_sign_agreement(
        proposal=approved, by=cast["users"]["officer"], source=Source.WEB
    )


def pdf_upload(name: str = "rapport.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf")


def pay_all_tranches(proposal: Proposal, cast: dict[str, Any]) -> None:
    for tranche in Tranche.objects.filter(proposal=proposal).order_by("number"):
        services.tranche_request(
            tranche=tranche,
            by=cast["users"]["assoc_paris"],
            source=Source.WEB,
            report=f"Avancement de la tranche {tranche.number}",
        )
        services.tranche_approve(tranche=tranche, by=cast["users"]["officer"], source=Source.WEB)
        services.tranche_pay(
            tranche=tranche,
            by=cast["users"]["finance"],
            source=Source.WEB,
            payment_reference=f"VIR-{tranche.number}",
        )


def attach_final_report(proposal: Proposal, cast: dict[str, Any]) -> None:
    store_attachment(
        owner=proposal,
        upload=pdf_upload("rapport-final.pdf"),
        kind="final_report",
        by=cast["users"]["assoc_paris"],
        source=Source.WEB,
    )
