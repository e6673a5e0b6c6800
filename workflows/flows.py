"""Routing of a proposal's human work (viewflow).

The business status lives in `Proposal.status` (django-fsm-2); this flow only
says who must act next. Each human step is a `View` task that the matching
service in `workflows.services` completes after firing the FSM transition;
the switches then read the new status to pick the next step. The technical
reviews are domain rows (`Review`), one per assigned evaluator: the flow waits
on the `reviews` handle, which the review service fires when the last
required review is filed.

    start ─► screen ─┬─► reviews ─► decision ─┬─► sign ─► execution ◄──────────┐
                     │                         │             │                  │
                     └─► completion ◄──────────┤             ├─► approve_tranche ┤
                          │ (resubmit)         │             │      └► pay ────┘
                          └─► screen           └─► end       └─► closing ─► end
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.activation import Activation

from workflows.models import ProposalProcess, ProposalStatus, Tranche, TrancheStatus


def open_proposal(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """Every task is done on the proposal's own page."""
    process = ProposalProcess.objects.get(pk=kwargs["process_pk"])
    return redirect(process.proposal)


def _status(activation: Activation) -> str:
    process: ProposalProcess = activation.process
    return str(process.proposal.status)


def _is(*statuses: ProposalStatus) -> Any:
    return lambda activation: _status(activation) in statuses


def _tranche_approved(activation: Activation) -> bool:
    process: ProposalProcess = activation.process
    return Tranche.objects.filter(
        proposal_id=process.proposal_id, status=TrancheStatus.APPROVED
    ).exists()


class ProposalFlow(flow.Flow):
    """Projet de coréalisation

    Screening, technical reviews, committee decision, agreement signature and
    the payment of the grant in tranches.
    """

    process_class = ProposalProcess
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.screen)

    screen = (
        flow.View(open_proposal)
        .Annotation(title=_("Examiner la recevabilité"))
        .Permission("workflows.screen_proposal")
        .Next(this.after_screening)
    )
    after_screening = (
        flow.Switch()
        .Case(this.reviews, _is(ProposalStatus.UNDER_REVIEW))
        .Case(this.completion, _is(ProposalStatus.RETURNED))
        .Default(this.end)
    )
    completion = (
        flow.View(open_proposal)
        .Annotation(title=_("Compléter et soumettre à nouveau"))
        .Permission("workflows.submit_proposal")
        .Next(this.after_completion)
    )
    after_completion = (
        flow.Switch().Case(this.screen, _is(ProposalStatus.SUBMITTED)).Default(this.end)
    )
    reviews = flow.Handle().Next(this.decision)
    decision = (
        flow.View(open_proposal)
        .Annotation(title=_("Décider en comité"))
        .Permission("workflows.decide_proposal")
        .Next(this.after_decision)
    )
    after_decision = (
        flow.Switch()
        .Case(this.sign, _is(ProposalStatus.APPROVED))
        .Case(this.completion, _is(ProposalStatus.RETURNED))
        .Default(this.end)
    )
    sign = (
        flow.View(open_proposal)
        .Annotation(title=_("Enregistrer la signature de la convention"))
        .Permission("workflows.manage_execution")
        .Next(this.execution)
    )
    execution = flow.Handle().Next(this.after_execution)
    after_execution = (
        flow.Switch()
        .Case(this.closing, _is(ProposalStatus.COMPLETED))
        .Case(this.end, _is(ProposalStatus.TERMINATED))
        .Default(this.approve_tranche)
    )
    approve_tranche = (
        flow.View(open_proposal)
        .Annotation(title=_("Approuver la demande de tranche"))
        .Permission("workflows.manage_execution")
        .Next(this.after_tranche_approval)
    )
    after_tranche_approval = (
        flow.Switch().Case(this.pay_tranche, _tranche_approved).Default(this.execution)
    )
    pay_tranche = (
        flow.View(open_proposal)
        .Annotation(title=_("Payer la tranche"))
        .Permission("workflows.pay_tranche")
        .Next(this.execution)
    )
    closing = (
        flow.View(open_proposal)
        .Annotation(title=_("Clôturer financièrement"))
        .Permission("workflows.pay_tranche")
        .Next(this.end)
    )
    end = flow.End()

    def start_process(self, activation: Activation, proposal: Any) -> ProposalProcess:
        activation.process.proposal = proposal
        return activation.process
