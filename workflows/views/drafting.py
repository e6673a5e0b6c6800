"""The proposal list, and the proposal form (drafting, saving, submitting) with its live
rules panel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.models import Source
from processes.forms import STALE_MESSAGE, add_refusal, add_validation_error, style
from processes.page_actions import deny_unless, record_conflict
from processes.pages import linked, newest_first_page
from processes.transitions import ConditionsUnmet, InvalidState, NotAllowed
from workflows import access, selectors, services
from workflows.forms import (
    ProposalFilterForm,
    ProposalForm,
    RowsFormSet,
    budget_formsets,
    budget_inputs,
    contribution_inputs,
    typed_figures,
)
from workflows.home import is_member_only
from workflows.models import Call, Proposal, ProposalStatus
from workflows.rules import Figures, budget_verdicts
from workflows.transitions import PROPOSAL_TABLE
from workflows.transitions import ProposalTransition as P
from workflows.views.guards import visible_proposal

S = ProposalStatus


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    member_only = is_member_only(user)
    form = ProposalFilterForm(request.GET)
    queryset = selectors.proposals_for_list(user)
    if not member_only:
        queryset = selectors.filter_proposals(queryset, form.filters())
    page = newest_first_page(
        queryset, after=request.GET.get("after", ""), before=request.GET.get("before", "")
    )
    return render(
        request,
        "workflows/proposal_list.html",
        {
            "form": form,
            "show_filters": not member_only,
            "member_only": member_only,
            "proposals": linked(page.rows, "workflows:proposal_detail"),
            "can_create": access.can_create_proposal(user).allowed,
            **page.links(request.GET),
        },
    )


def _rules_context(call: Call | None, budget: RowsFormSet, contributions: RowsFormSet) -> dict:
    amounts, rows = typed_figures(budget, contributions)
    figures = Figures.from_rows(amounts, rows)
    return {
        "figures": figures,
        "rules_call": call,
        "verdicts": budget_verdicts(figures, call) if call is not None else [],
        "call_open": call.is_open() if call is not None else None,
    }


def _chosen_call(request: HttpRequest, value: Any) -> Call | None:
    if not value or not str(value).isdigit():
        return None
    return access.calls_visible_to(request.user).filter(pk=value).first()


def _proposal_form_page(
    request: HttpRequest,
    *,
    form: ProposalForm,
    budget: RowsFormSet,
    contributions: RowsFormSet,
    proposal: Proposal | None,
    problems: Sequence[str] = (),
    status: int = 200,
) -> HttpResponse:
    style(form)
    for formset in (budget, contributions):
        for row in formset.forms:
            style(row)
        style(formset.empty_form)
    form.fields["region"].widget.attrs.update(
        {
            "hx-get": reverse("workflows:prefecture_options"),
            "hx-target": "#id_prefecture",
            "hx-trigger": "change",
        }
    )
    call = proposal.call if proposal is not None else _chosen_call(request, form["call"].value())
    if proposal is not None:
        title = _("Modifier le projet %(reference)s") % {"reference": proposal.reference}
        action_url = reverse("workflows:proposal_edit", args=[proposal.pk])
        submit_name = P.RESUBMIT if proposal.status == S.RETURNED else P.SUBMIT
    else:
        title = _("Nouveau projet de coréalisation")
        action_url = reverse("workflows:proposal_create")
        submit_name = P.SUBMIT
    return render(
        request,
        "workflows/proposal_form.html",
        {
            "form": form,
            "budget": budget,
            "contributions": contributions,
            "proposal": proposal,
            "title": title,
            "action_url": action_url,
            "submit_label": PROPOSAL_TABLE.label(submit_name),
            "problems": problems,
            "no_association": proposal is None
            and "association" in form.fields
            and not form.fields["association"].queryset.exists(),  # type: ignore[attr-defined]
            "no_call": proposal is None
            and "call" in form.fields
            and not form.fields["call"].queryset.exists(),  # type: ignore[attr-defined]
            **_rules_context(call, budget, contributions),
        },
        status=status,
    )


def _submit_saved(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    """Fire submit (or resubmit) on the draft just saved; a refusal lands on its edit page."""
    name = P.RESUBMIT if proposal.status == S.RETURNED else P.SUBMIT
    try:
        submitted = PROPOSAL_TABLE.fire(
            name,
            obj=proposal,
            by=request.user,
            source=Source.WEB,
            data={"expected_state": proposal.status},
        )
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    except InvalidState as refusal:
        record_conflict(request, refusal, proposal)
        messages.error(request, STALE_MESSAGE)
        return redirect(proposal)
    except ConditionsUnmet:
        # The draft is saved: show its problems on its own edit page (post/redirect/get).
        return _to_problems(proposal)
    messages.success(
        request,
        _(
            "Le projet %(reference)s est soumis : le chargé de programme va examiner "
            "sa recevabilité."
        )
        % {"reference": submitted.reference},
    )
    return redirect(submitted)


def _to_problems(proposal: Proposal) -> HttpResponse:
    """The saved draft's edit page, listing what keeps it from being submitted."""
    return redirect(reverse("workflows:proposal_edit", args=[proposal.pk]) + "?check=1#problems")


def _draft_saved(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    messages.success(
        request,
        _("Le brouillon %(reference)s est enregistré. Vous pouvez le compléter ou le soumettre.")
        % {"reference": proposal.reference},
    )
    if services.submission_conditions(proposal):
        return _to_problems(proposal)
    return redirect(proposal)


@login_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless(access.can_create_proposal(user))
    if request.method != "POST":
        chosen = request.GET.get("call", "")
        form = ProposalForm(
            user=user, creating=True, initial={"call": chosen} if chosen.isdigit() else None
        )
        budget, contributions = budget_formsets()
        return _proposal_form_page(
            request, form=form, budget=budget, contributions=contributions, proposal=None
        )
    form = ProposalForm(request.POST, user=user, creating=True)
    budget, contributions = budget_formsets(request.POST)
    forms_valid = [form.is_valid(), budget.is_valid(), contributions.is_valid()]
    if all(forms_valid):
        data = form.cleaned_data
        try:
            proposal = services.proposal_create(
                by=user,
                source=Source.WEB,
                call=data["call"],
                association=data["association"],
                budget_lines=budget_inputs(budget),
                contributions=contribution_inputs(contributions),
                **form.service_fields(),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except ConditionsUnmet as refusal:
            add_refusal(form, refusal.fields or {"__all__": refusal.messages})
        except NotAllowed as refusal:
            form.add_error("association", refusal.detail)
        else:
            if P.SUBMIT in request.POST:
                return _submit_saved(request, proposal)
            return _draft_saved(request, proposal)
    return _proposal_form_page(
        request, form=form, budget=budget, contributions=contributions, proposal=None
    )


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = visible_proposal(request, pk)
    decision = access.can_edit_proposal(user, proposal)
    if not decision and request.method == "POST" and access.as_member(user, proposal):
        # The form was loaded while the proposal could be edited and it moved on since:
        # the service refuses (and keeps a trace of the attempt); nothing typed is saved.
        try:
            services.proposal_update(
                proposal=proposal,
                by=user,
                source=Source.WEB,
                expected_state=request.POST.get("expected_state") or None,
            )
        except InvalidState as refusal:
            record_conflict(request, refusal, proposal)
            messages.error(request, STALE_MESSAGE)
            return redirect(proposal)
    deny_unless(decision)
    if request.method != "POST":
        form = ProposalForm(instance=proposal, user=user, creating=False)
        budget, contributions = budget_formsets(proposal=proposal)
        return _proposal_form_page(
            request,
            form=form,
            budget=budget,
            contributions=contributions,
            proposal=proposal,
            problems=services.submission_conditions(proposal) if request.GET.get("check") else (),
        )
    form = ProposalForm(request.POST, instance=proposal, user=user, creating=False)
    budget, contributions = budget_formsets(request.POST)
    forms_valid = [form.is_valid(), budget.is_valid(), contributions.is_valid()]
    if all(forms_valid):
        try:
            saved = services.proposal_update(
                proposal=proposal,
                by=user,
                source=Source.WEB,
                budget_lines=budget_inputs(budget),
                contributions=contribution_inputs(contributions),
                expected_state=request.POST.get("expected_state") or None,
                **form.service_fields(),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except ConditionsUnmet as refusal:
            add_refusal(form, refusal.fields or {"__all__": refusal.messages})
        except NotAllowed as refusal:
            raise PermissionDenied(refusal.detail) from refusal
        except InvalidState as refusal:
            record_conflict(request, refusal, proposal)
            messages.error(request, STALE_MESSAGE)
            return redirect(proposal)
        else:
            if P.SUBMIT in request.POST:
                return _submit_saved(request, saved)
            return _draft_saved(request, saved)
    return _proposal_form_page(
        request, form=form, budget=budget, contributions=contributions, proposal=proposal
    )


@login_required
@require_POST
def rules_check(request: HttpRequest) -> HttpResponse:
    """The totals and each rule's verdict for the figures typed so far (htmx, nothing saved)."""
    deny_unless(access.can_create_proposal(request.user))
    budget, contributions = budget_formsets(request.POST)
    call = _chosen_call(request, request.POST.get("call"))
    return render(
        request, "workflows/_rules_panel.html", _rules_context(call, budget, contributions)
    )


@login_required
@require_GET
def prefecture_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the prefecture select for one region (htmx)."""
    prefectures = selectors.prefectures_of(request.GET.get("region", ""))
    return render(request, "registry/_prefecture_options.html", {"prefectures": prefectures})
