"""A proposal's draft: creating, editing, submitting, withdrawing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Unpack

from django.db import transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from accounts.types import AnyUser
from audit.changes import diff, snapshot
from audit.models import Source
from audit.services import record_history, record_update
from documents.formatting import format_xof
from processes.firing import Firing
from processes.transitions import (
    ConditionsUnmet,
    InvalidState,
    NotAllowed,
    StaleObject,
    refusals_recorded,
    refuse_unless,
    remember_related,
)
from registry.models import Association
from workflows import access, notifications, routing
from workflows.models import BudgetLine, Call, Contribution, Proposal, ProposalStatus
from workflows.rules import Figures, submission_problems
from workflows.transitions import PROPOSAL_TABLE
from workflows.transitions import ProposalTransition as P

User = AnyUser
S = ProposalStatus


@dataclass(frozen=True)
class BudgetInput:
    label: str
    amount: int


@dataclass(frozen=True)
class ContributionInput:
    source: str
    kind: str
    amount: int


def _check_geography(fields: dict[str, Any]) -> None:
    region, prefecture = fields.get("region"), fields.get("prefecture")
    if region is not None and prefecture is not None and prefecture.region_id != region.pk:
        message = _("La préfecture %(prefecture)s n'est pas dans la région %(region)s.") % {
            "prefecture": prefecture,
            "region": region,
        }
        raise ConditionsUnmet([message], fields={"prefecture": [message]})


def _replace_budget(
    proposal: Proposal,
    budget_lines: Iterable[BudgetInput] | None,
    contributions: Iterable[ContributionInput] | None,
) -> None:
    if budget_lines is not None:
        proposal.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(proposal=proposal, label=line.label, amount=line.amount)
            for line in budget_lines
        )
    if contributions is not None:
        proposal.contributions.all().delete()
        Contribution.objects.bulk_create(
            Contribution(proposal=proposal, source=c.source, kind=c.kind, amount=c.amount)
            for c in contributions
        )


def _budget(
    proposal: Proposal,
    budget_lines: Iterable[BudgetInput] | None,
    contributions: Iterable[ContributionInput] | None,
) -> dict[str, tuple[Any, list[str]]]:
    """The budget an edit replaces, as its history row compares it (`audit.changes`)."""
    compared: dict[str, tuple[Any, list[str]]] = {}
    if budget_lines is not None:
        compared["budget_lines"] = (
            gettext_lazy("lignes budgétaires"),
            [f"{line.label} : {format_xof(line.amount)}" for line in proposal.budget_lines.all()],
        )
    if contributions is not None:
        compared["contributions"] = (
            gettext_lazy("apports"),
            [
                f"{c.get_source_display()} ({c.get_kind_display()}) : {format_xof(c.amount)}"
                for c in proposal.contributions.all()
            ],
        )
    return compared


def proposal_create(
    *,
    by: User,
    source: Source | str,
    call: Call,
    association: Association,
    budget_lines: Iterable[BudgetInput] = (),
    contributions: Iterable[ContributionInput] = (),
    **fields: Any,
) -> Proposal:
    for decision in (
        access.can_create_proposal(by),
        access.can_file_for_association(by, association.pk),
    ):
        if not decision:
            raise NotAllowed(decision.reason)
    _check_geography(fields)
    with transaction.atomic():
        proposal = Proposal(call=call, association=association, created_by=by, **fields)
        # A unique placeholder until the primary key gives the final reference.
        proposal.reference = f"tmp-{timezone.now().timestamp()}-{by.pk}"
        proposal.full_clean(exclude=["status", "reference"])
        proposal.save()
        proposal.reference = f"COR-{call.year}-{proposal.pk:05d}"
        Proposal.objects.filter(pk=proposal.pk).update(reference=proposal.reference)
        _replace_budget(proposal, budget_lines, contributions)
        record_history(obj=proposal, action="create", by=by, source=source, target_state=S.DRAFT)
    return proposal


def proposal_update(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    budget_lines: Iterable[BudgetInput] | None = None,
    contributions: Iterable[ContributionInput] | None = None,
    expected_state: str | None = None,
    **fields: Any,
) -> Proposal:
    refuse_unless(
        access.as_member(by, proposal), obj=proposal, action="update", by=by, source=source
    )
    _check_geography({"region": proposal.region, "prefecture": proposal.prefecture, **fields})
    refused = (InvalidState, StaleObject)
    with (
        refusals_recorded(proposal, "update", by=by, source=source, refusals=refused),
        transaction.atomic(),
    ):
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if expected_state is not None and locked.status != expected_state:
            raise StaleObject()
        if not locked.is_editable:
            raise InvalidState(
                _(
                    "Un projet ne se modifie qu'en brouillon ou renvoyé pour complément "
                    "(il est « %(status)s »)."
                )
                % {"status": locked.get_status_display()}
            )
        before = snapshot(locked, fields, extra=_budget(locked, budget_lines, contributions))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["status", "reference"])
        locked.save()
        _replace_budget(locked, budget_lines, contributions)
        after = snapshot(locked, fields, extra=_budget(locked, budget_lines, contributions))
        changes = diff(before, after)
        if changes:
            record_update(obj=locked, by=by, source=source, changes=changes)
    return locked


def submission_conditions(proposal: Proposal) -> list[str]:
    """What keeps `proposal` from being submitted now (the funding rules and required fields)."""
    # `proposal` is the locked copy, read with its call and association; its budget
    # lines and contributions are read together.
    budget = (
        BudgetLine.objects.filter(proposal=proposal)
        .order_by()
        .annotate(source=Value(""), kind=Value(""))
        .values_list("pk", "label", "source", "kind", "amount")
    )
    contributions = (
        Contribution.objects.filter(proposal=proposal)
        .order_by()
        .annotate(label=Value(""))
        .values_list("pk", "label", "source", "kind", "amount")
    )
    rows = list(budget.union(contributions, all=True))
    lines = [r for r in rows if not r[2]]
    given = [r for r in rows if r[2]]
    figures = Figures.from_rows(
        (amount for *_rest, amount in lines),
        ((source, kind, amount) for _pk, _label, source, kind, amount in given),
    )
    # Read whole, they are the locked copy's budget lines and contributions: what the
    # API answers with reads them from there (no second read).
    db = proposal._state.db or "default"
    remember_related(
        proposal,
        "budget_lines",
        [
            BudgetLine.from_db(
                db, ["id", "proposal_id", "label", "amount"], (pk, proposal.pk, label, amount)
            )
            for pk, label, _s, _k, amount in sorted(lines)
        ],
    )
    remember_related(
        proposal,
        "contributions",
        [
            Contribution.from_db(
                db,
                ["id", "proposal_id", "source", "kind", "amount"],
                (pk, proposal.pk, source, kind, amount),
            )
            for pk, _label, source, kind, amount in sorted(given)
        ],
    )
    return submission_problems(proposal, figures)


def proposal_submit(*, proposal: Proposal, **firing: Unpack[Firing]) -> Proposal:
    return PROPOSAL_TABLE.run(
        proposal,
        P.SUBMIT,
        **firing,
        conditions=submission_conditions,
        after_save=lambda p: routing.start(p),
        on_commit=[
            notifications.to_role(
                Role.PROGRAMME_OFFICER,
                proposal,
                _("Nouveau projet à examiner"),
                _("Un projet vient d'être soumis : examinez sa recevabilité."),
            )
        ],
    )


def proposal_resubmit(*, proposal: Proposal, **firing: Unpack[Firing]) -> Proposal:
    return PROPOSAL_TABLE.run(
        proposal,
        P.RESUBMIT,
        **firing,
        conditions=submission_conditions,
        on_commit=[
            notifications.to_role(
                Role.PROGRAMME_OFFICER,
                proposal,
                _("Projet complété à examiner"),
                _("Un projet renvoyé pour complément a été soumis à nouveau."),
            )
        ],
    )


def proposal_withdraw(
    *, proposal: Proposal, comment: str = "", **firing: Unpack[Firing]
) -> Proposal:
    return PROPOSAL_TABLE.run(
        proposal,
        P.WITHDRAW,
        **firing,
        comment=comment,
        after_save=lambda p: routing.cancel(p),
    )
