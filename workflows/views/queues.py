"""The work queues: screening, committee, execution and finance."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import Role
from processes.page_actions import Action
from workflows import selectors
from workflows.forms import evaluator_choices
from workflows.models import Proposal, Review, TrancheStatus
from workflows.presenters import (
    Headroom,
    TrancheRow,
    headroom_of,
    proposal_actions,
    tranche_actions,
)
from workflows.rules import Figures
from workflows.transitions import ProposalTransition as P
from workflows.transitions import TrancheTransition as T
from workflows.views.guards import deny_unless_role


def _queue_page(request: HttpRequest, name: str, context: dict[str, Any]) -> HttpResponse:
    """A queue's page; `here` brings the user back to it after an action."""
    return render(
        request, f"workflows/{name}.html", {**context, "here": reverse(f"workflows:{name}")}
    )


@dataclass
class QueueRow:
    proposal: Proposal
    actions: list[Action] = field(default_factory=list)
    figures: Figures | None = None
    headroom: Headroom | None = None
    reviews: list[Review] = field(default_factory=list)
    grid: list[tuple[Any, list[Any]]] = field(default_factory=list)
    score: Decimal | None = None
    tranches: list[TrancheRow] = field(default_factory=list)
    paid: int = 0


@login_required
@require_GET
def screening_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless_role(
        request,
        _("L'examen de recevabilité revient aux chargés de programme."),
        Role.PROGRAMME_OFFICER,
    )
    proposals = list(selectors.proposals_to_screen(user)[:100])
    evaluators = evaluator_choices()
    rows = [
        QueueRow(
            proposal=p,
            actions=proposal_actions(
                user,
                p,
                evaluators=evaluators,
                only=(P.DECLARE_ADMISSIBLE, P.RETURN_FOR_COMPLETION),
                prefix=f"p{p.pk}_",
            ),
        )
        for p in proposals
    ]
    return _queue_page(request, "screening_queue", {"rows": rows})


def _rounded(score: Any) -> Decimal | None:
    return None if score is None else Decimal(score).quantize(Decimal("0.01"))


@login_required
@require_GET
def committee_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless_role(
        request,
        _("Cette page est celle du comité."),
        Role.COMMITTEE_MEMBER,
        Role.PROGRAMME_OFFICER,
        Role.AUDITOR,
    )
    proposals = list(selectors.committee_ranking(user)[:100])
    reviews_by_proposal = selectors.filed_reviews_by_proposal(proposals)
    criteria_by_call = selectors.criteria_by_call(proposals)
    rows = []
    for proposal in proposals:
        figures = Figures.of(proposal)
        headroom = headroom_of(figures, proposal.call)
        reviews = [r for r in reviews_by_proposal[proposal.pk] if r.round == proposal.review_round]
        grid = [
            (criterion, [r.scores.get(criterion.code) for r in reviews])
            for criterion in criteria_by_call[proposal.call_id]
        ]
        rows.append(
            QueueRow(
                proposal=proposal,
                figures=figures,
                headroom=headroom,
                reviews=reviews,
                grid=grid,
                score=_rounded(getattr(proposal, "score", None)),
                actions=proposal_actions(
                    user,
                    proposal,
                    headroom=headroom.amount,
                    only=(P.APPROVE, P.REJECT, P.REQUEST_REVISION),
                    prefix=f"p{proposal.pk}_",
                ),
            )
        )
    return _queue_page(request, "committee_queue", {"rows": rows})


@login_required
@require_GET
def execution_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless_role(
        request,
        _("Le suivi de l'exécution revient aux chargés de programme."),
        Role.PROGRAMME_OFFICER,
        Role.AUDITOR,
    )
    proposals = list(selectors.proposals_in_execution(user)[:200])
    rows = []
    for proposal in proposals:
        tranches = list(proposal.tranches.all())
        rows.append(
            QueueRow(
                proposal=proposal,
                tranches=[
                    TrancheRow(
                        tranche=t,
                        actions=[
                            a
                            for a in tranche_actions(user, t)
                            if a.name in (T.APPROVE, T.RETURN_REQUEST)
                        ],
                    )
                    for t in tranches
                ],
                paid=sum(t.amount for t in tranches if t.status == TrancheStatus.PAID),
            )
        )
    return _queue_page(request, "execution_queue", {"rows": rows})


@login_required
@require_GET
def finance_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless_role(
        request,
        _("Cette page est celle des agents financiers."),
        Role.FINANCE_OFFICER,
        Role.AUDITOR,
    )
    tranches = list(selectors.tranches_to_pay(user)[:200])
    to_pay = [TrancheRow(tranche=t, actions=tranche_actions(user, t)) for t in tranches]
    completed = list(selectors.proposals_to_close(user)[:200])
    to_close = [
        QueueRow(
            proposal=p,
            actions=proposal_actions(user, p, only=(P.CLOSE,), prefix=f"p{p.pk}_"),
            paid=sum(t.amount for t in p.tranches.all() if t.status == TrancheStatus.PAID),
        )
        for p in completed
    ]
    return _queue_page(request, "finance_queue", {"to_pay": to_pay, "to_close": to_close})
