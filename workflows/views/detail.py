"""The proposal's page and the actions fired from it: transitions and attachments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from documents.attaching import attach_from_form
from documents.models import AttachmentKind
from documents.uploads import attachments_of
from processes.forms import TransitionForm, style
from processes.page_actions import Failed, fire_from_page, offered_row
from processes.table import TransitionTable
from workflows import access, selectors, services
from workflows.forms import AttachmentForm, ProposalTransitionForm
from workflows.models import FUNDED_STATUSES, Proposal, ProposalStatus, Tranche, TrancheStatus
from workflows.presenters import (
    TrancheRow,
    headroom_of,
    proposal_actions,
    timeline,
    tranche_actions,
    visible_reviews,
)
from workflows.rules import Figures, budget_verdicts
from workflows.transitions import PROPOSAL_TABLE, TRANCHE_TABLE
from workflows.transitions import ProposalTransition as P
from workflows.views.guards import proposal_to_act_on, visible_proposal

S = ProposalStatus


def detail_page(
    request: HttpRequest,
    proposal: Proposal,
    *,
    failed: Failed | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    if failed is not None and failed.form is not None:
        style(failed.form)
    figures = Figures.of(proposal)
    call = proposal.call
    headroom = headroom_of(figures, call)
    actions = proposal_actions(user, proposal, failed=failed, headroom=headroom.amount)
    all_tranches = list(proposal.tranches.all())
    attachments = list(attachments_of(proposal))
    if any(a.name == P.COMPLETE for a in actions) and services.completion_problems(
        proposal, all_tranches, attachments
    ):
        # Achievement is offered once every tranche is paid and the final report is in.
        actions = [a for a in actions if a.name != P.COMPLETE]
    tranches = [
        TrancheRow(tranche=t, actions=tranche_actions(user, t, failed)) for t in all_tranches
    ]
    reviews, review_names = visible_reviews(user, proposal)
    attach = access.can_attach(user, proposal)
    if failed is not None and failed.kind == "attachment":
        upload_form = failed.form
    else:
        upload_form = AttachmentForm(auto_id="id_upload_%s")
    final_report_due = (
        proposal.status == S.IN_EXECUTION
        and all(t.status in (TrancheStatus.PAID, TrancheStatus.CANCELLED) for t in all_tranches)
        and not any(a.kind == AttachmentKind.FINAL_REPORT for a in attachments)
        and access.can_attach(user, proposal, AttachmentKind.FINAL_REPORT).allowed
    )
    can_review_now = proposal.status == S.UNDER_REVIEW and any(
        r.evaluator_id == user.pk and not r.is_filed and r.round == proposal.review_round
        for r in proposal.reviews.all()
    )
    can_edit = access.can_edit_proposal(user, proposal).allowed
    panel_tranches = [row for row in tranches if row.actions]
    grant = proposal.grant_amount
    return render(
        request,
        "workflows/proposal_detail.html",
        {
            "proposal": proposal,
            "call": call,
            "figures": figures,
            "verdicts": budget_verdicts(figures, call),
            "grant_verdicts": budget_verdicts(figures, call, grant) if grant else [],
            "call_open": call.is_open(),
            "budget_lines": list(proposal.budget_lines.all()),
            "contributions": list(proposal.contributions.all()),
            "can_edit": can_edit,
            # The co-funding agreement exists from the approval on.
            "funded": proposal.status in FUNDED_STATUSES,
            "actions": actions,
            "show_headroom": any(a.name == P.APPROVE for a in actions),
            "headroom": headroom,
            "tranches": tranches,
            "paid_total": sum(t.amount for t in all_tranches if t.status == TrancheStatus.PAID),
            "reviews": reviews,
            "filed_reviews": [r for r in reviews if r.is_filed],
            "pending_reviews": [r for r in reviews if not r.is_filed],
            "rounds": len({r.round for r in reviews}),
            "review_names": review_names,
            "criteria": list(call.criteria.all()),
            "can_review_now": can_review_now,
            "attachments": attachments,
            "panel_tranches": panel_tranches,
            "final_report_due": final_report_due,
            "final_report_form": AttachmentForm(
                auto_id="id_final_%s", initial={"kind": AttachmentKind.FINAL_REPORT}
            ),
            "nothing_to_do": not (
                actions or panel_tranches or final_report_due or can_review_now or can_edit
            ),
            "can_attach": attach.allowed,
            "upload_form": upload_form,
            "timeline": timeline(proposal, user),
            "problems": failed.problems if failed is not None else [],
        },
        status=status,
    )


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return detail_page(request, visible_proposal(request, pk))


def _done_message(label: str, status_label: str) -> str:
    return _("« %(action)s » : c'est fait. Le projet est désormais « %(status)s ».") % {
        "action": label,
        "status": status_label,
    }


def _run_transition(
    request: HttpRequest,
    proposal: Proposal,
    failed: Failed,
    table: TransitionTable[Any],
    obj: Proposal | Tranche,
    done: Callable[[Any], str],
) -> HttpResponse:
    """Fire the transition of `failed`'s form on `obj`, from the proposal's page."""

    def again(failed: Failed) -> HttpResponse:
        return detail_page(
            request, visible_proposal(request, proposal.pk), failed=failed, status=400
        )

    return fire_from_page(request, proposal, table, obj, failed, done=done, again=again)


@login_required
@require_POST
def proposal_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    proposal = proposal_to_act_on(request, pk)
    label = str(offered_row(PROPOSAL_TABLE, name).label)
    form = ProposalTransitionForm.for_object(PROPOSAL_TABLE, name, proposal, request.POST)
    failed = Failed("proposal", name, proposal.pk, form=form)
    return _run_transition(
        request,
        proposal,
        failed,
        PROPOSAL_TABLE,
        proposal,
        lambda moved: _done_message(label, moved.get_status_display()),
    )


@login_required
@require_POST
def tranche_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    proposal_id = selectors.proposal_id_of_tranche(pk)
    if proposal_id is None:
        raise Http404
    proposal = proposal_to_act_on(request, proposal_id)
    tranche = get_object_or_404(
        Tranche.objects.select_related("proposal"), pk=pk, proposal_id=proposal.pk
    )
    label = str(offered_row(TRANCHE_TABLE, name).label)
    form = TransitionForm.for_object(
        TRANCHE_TABLE, name, tranche, request.POST, request.FILES, prefix=f"t{tranche.pk}_"
    )
    failed = Failed("tranche", name, tranche.pk, form=form)
    return _run_transition(
        request,
        proposal,
        failed,
        TRANCHE_TABLE,
        tranche,
        lambda moved: (
            _("« %(action)s » : c'est fait. La tranche n° %(number)s est « %(status)s ».")
            % {"action": label, "number": moved.number, "status": moved.get_status_display()}
        ),
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = visible_proposal(request, pk)
    form = AttachmentForm(request.POST, request.FILES, auto_id="id_upload_%s")
    attachment = attach_from_form(request, proposal, form)
    if attachment is not None:
        messages.success(
            request,
            _("La pièce « %(name)s » est jointe au projet.") % {"name": attachment.original_name},
        )
        return redirect(proposal)
    failed = Failed("attachment", form=form)
    failed.problems = [_("La pièce n'a pas été jointe : voyez le formulaire des pièces.")]
    return detail_page(request, proposal, failed=failed, status=400)
