"""The co-funding agreement (convention de cofinancement) of an approved proposal.

Builds the agreement's template context and its JSON data from a proposal, and
says who may regenerate it; `WorkflowsConfig.ready()` registers them with
`documents`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.roles import Role, has_role
from accounts.types import AnyUser
from audit.models import Source
from documents.formatting import (
    association_designation,
    de_name,
    format_date_fr,
    format_share,
)
from documents.models import DocumentKind, StoredDocument
from documents.registry import DocumentSpec
from documents.rendering import MINISTRY
from documents.services import generate_or_record_failure, request_document
from processes.transitions import Decision
from registry.models import MembershipRole
from workflows.models import FUNDED_STATUSES, Proposal, Tranche
from workflows.rules import tranche_amounts

KIND = DocumentKind.AGREEMENT
TEMPLATE = "documents/agreement.html"
# Change it whenever the agreement's wording or layout changes.
TEMPLATE_VERSION = "agreement-2026.2"


def _fresh(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_related(
            "call", "association", "association__embassy", "region", "prefecture"
        )
        .prefetch_related("budget_lines", "contributions", "tranches")
        .get(pk=proposal.pk)
    )


def representative_of(proposal: Proposal) -> str:
    """The association's legal representative, or its contact person."""
    membership = (
        proposal.association.memberships.filter(role=MembershipRole.REPRESENTATIVE)
        .select_related("user")
        .order_by("since", "id")
        .first()
    )
    if membership is not None:
        name = membership.user.get_full_name().strip()
        if name:
            return name
    return proposal.association.contact_name


def _condition(number: int) -> str:
    if number == 1:
        return "Sur demande de l'Association accompagnée d'un rapport de démarrage"
    return (
        "Sur demande accompagnée d'un rapport d'avancement, "
        f"après paiement de la tranche {number - 1}"
    )


def tranche_schedule(proposal: Proposal) -> list[dict[str, Any]]:
    """The tranches as created at signature, or as the call's plan will create them."""
    grant = proposal.grant_amount or 0
    tranches: list[Tranche] = list(proposal.tranches.all())
    if tranches:
        rows = [(t.number, t.percentage, t.amount) for t in tranches]
    else:
        plan = [int(p) for p in proposal.call.tranche_plan]
        rows = [
            (number, percentage, amount)
            for number, (percentage, amount) in enumerate(
                zip(plan, tranche_amounts(grant, plan), strict=True), start=1
            )
        ]
    return [
        {"number": n, "percentage": p, "amount": a, "condition": _condition(n)} for n, p, a in rows
    ]


def _share(amount: int, total: int) -> str:
    return format_share(Decimal(amount) / Decimal(total)) if total else "—"


def agreement_spec(proposal: Proposal) -> DocumentSpec:
    proposal = _fresh(proposal)
    association = proposal.association
    lines = list(proposal.budget_lines.all())
    contributions = list(proposal.contributions.all())
    budget_total = sum(line.amount for line in lines)
    contributions_total = sum(c.amount for c in contributions)
    grant = proposal.grant_amount or 0
    tranches = tranche_schedule(proposal)
    representative = representative_of(proposal)
    decided = timezone.localtime(proposal.decided_at) if proposal.decided_at else None
    place = ", ".join(
        part
        for part in (
            proposal.locality,
            f"préfecture {de_name(proposal.prefecture.name)}" if proposal.prefecture else "",
            f"région {proposal.region.name}",
        )
        if part
    )
    context = {
        "reference": proposal.reference,
        "title": proposal.title,
        "summary": proposal.summary,
        "sector": proposal.get_sector_display(),
        "place": place,
        "call_title": str(proposal.call),
        "ministry": MINISTRY,
        "association": {
            "name": association.name,
            "designation": association_designation(association.name),
            "acronym": association.acronym,
            "city": association.city,
            "country": countries.name(association.country),
            "embassy": association.embassy.name,
            "representative": representative,
        },
        "local_partner": proposal.local_partner,
        "budget_lines": [{"label": line.label, "amount": line.amount} for line in lines],
        "budget_total": budget_total,
        "contributions": [
            {
                "source": c.get_source_display(),
                "kind": c.get_kind_display(),
                "amount": c.amount,
                "share": _share(c.amount, contributions_total),
            }
            for c in contributions
        ],
        "contributions_total": contributions_total,
        "grant": grant,
        "grant_share": _share(grant, budget_total),
        "tranches": tranches,
        "decided_on": format_date_fr(decided) if decided else "—",
    }
    payload = {
        "schema": "convention-cofinancement/1",
        "reference": proposal.reference,
        "currency": "XOF",
        "call": {"title": proposal.call.title, "year": proposal.call.year},
        "project": {
            "title": proposal.title,
            "summary": proposal.summary,
            "sector": proposal.sector,
            "region": proposal.region.code,
            "prefecture": proposal.prefecture.code if proposal.prefecture else None,
            "locality": proposal.locality,
        },
        "parties": {
            "ministry": {"name": MINISTRY},
            "association": {
                "name": association.name,
                "acronym": association.acronym,
                "country": str(association.country),
                "city": association.city,
                "embassy": association.embassy.code,
                "representative": representative,
            },
            "local_partner": {"name": proposal.local_partner},
        },
        "budget_lines": [{"label": line.label, "amount": line.amount} for line in lines],
        "budget_total": budget_total,
        "contributions": [
            {"source": c.source, "kind": c.kind, "amount": c.amount} for c in contributions
        ],
        "contributions_total": contributions_total,
        "grant_amount": grant,
        "tranches": [
            {"number": t["number"], "percentage": t["percentage"], "amount": t["amount"]}
            for t in tranches
        ],
        "approved_at": decided,
    }
    return DocumentSpec(
        template_name=TEMPLATE,
        template_version=TEMPLATE_VERSION,
        reference=proposal.reference,
        context=context,
        payload=payload,
    )


def proposals_due_an_agreement() -> QuerySet[Proposal]:
    return Proposal.objects.filter(status__in=FUNDED_STATUSES, grant_amount__isnull=False)


def request_agreement(proposal: Proposal, by: AnyUser, source: Source | str) -> None:
    """Inside `approve`'s transaction: the agreement is due, rendered once it commits."""
    request_document(owner=proposal, kind=KIND, by=by, source=source)


def generate_agreement(
    proposal: Proposal, by: AnyUser | None, source: Source | str = Source.SYSTEM
) -> StoredDocument | None:
    """Store the proposal's next agreement version; a failure is recorded, never raised.

    The same as the retry button and the commands run (through
    `documents.services.generate_or_record_failure`), at once; `approve` only makes the agreement
    due (`request_agreement`), and `documents.tasks.render_pending` renders it.
    """
    return generate_or_record_failure(owner=proposal, kind=KIND, by=by, source=source)


def can_regenerate_agreement(user: AnyUser, proposal: Proposal) -> Decision:
    if not has_role(user, Role.PROGRAMME_OFFICER):
        return Decision.deny(_("Seul un chargé de programme régénère la convention."))
    if proposal.status not in FUNDED_STATUSES:
        return Decision.deny(_("La convention n'existe qu'à partir de l'approbation du projet."))
    return Decision.allow()
