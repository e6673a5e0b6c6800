"""Co-realisation pages: calls, proposals, reviews, the committee and the tranches.

Who sees and does what is asked of `workflows.access` (and of the services, which
refuse what the user may not do); every write goes through `workflows.services`.
A proposal the user may not see answers 404; an action the user may not take,
403 with the reason; an action whose conditions do not hold, the page again
(400) with every reason and what was typed; an action on a proposal that moved
meanwhile, the proposal's page with a message saying so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import Role, has_role
from accounts.work import action_anchor
from audit.labels import describe, person_name
from audit.models import Outcome, Source
from documents.attachments import attach, check_may_attach
from documents.formatting import format_decimal, format_share
from documents.models import AttachmentKind
from documents.uploads import attachments_of
from processes.forms import (
    STALE_MESSAGE,
    TransitionForm,
    add_refusal,
    add_validation_error,
    style,
)
from processes.pages import newest_first_page, next_url
from processes.table import Tone
from processes.transitions import ActionRefused, ConditionsUnmet, Decision, InvalidState, NotAllowed
from registry import access as registry_access
from registry.models import Prefecture
from registry.selectors import TimelineRow
from workflows import access, selectors, services
from workflows.forms import (
    AttachmentForm,
    CallForm,
    ProposalFilterForm,
    ProposalForm,
    ProposalTransitionForm,
    ReviewForm,
    RowsFormSet,
    budget_formsets,
    budget_inputs,
    contribution_inputs,
    criteria_formset,
    evaluator_choices,
    typed_figures,
    weighted_score,
)
from workflows.home import is_member_only
from workflows.models import (
    FUNDED_STATUSES,
    Call,
    Criterion,
    Proposal,
    ProposalStatus,
    Review,
    Tranche,
    TrancheStatus,
)
from workflows.rules import Figures, budget_verdicts, grant_headroom
from workflows.transitions import PROPOSAL_TABLE, TRANCHE_TABLE
from workflows.transitions import ProposalTransition as P
from workflows.transitions import TrancheTransition as T

S = ProposalStatus

HISTORY_LABELS: dict[str, Any] = {
    **PROPOSAL_TABLE.labels(),
    "create": gettext_lazy("Création du brouillon"),
    "update": gettext_lazy("Modification"),
    P.SUBMIT: gettext_lazy("Soumission"),
    P.RESUBMIT: gettext_lazy("Nouvelle soumission"),
    P.SEND_TO_COMMITTEE: gettext_lazy("Inscription en comité"),
    "assign_evaluator": gettext_lazy("Évaluateur désigné"),
    "review": gettext_lazy("Avis technique"),
    "attach": gettext_lazy("Pièce jointe"),
    "document": gettext_lazy("Document généré"),
    "document_failed": gettext_lazy("Échec de la génération d'un document"),
    "regenerate_document": gettext_lazy("Nouvelle version d'un document"),
}
TRANCHE_HISTORY_LABELS: dict[str, Any] = {
    T.REQUEST: gettext_lazy("Tranche n° %(number)s demandée"),
    T.APPROVE: gettext_lazy("Tranche n° %(number)s approuvée"),
    T.RETURN_REQUEST: gettext_lazy("Demande de la tranche n° %(number)s renvoyée"),
    T.PAY: gettext_lazy("Tranche n° %(number)s payée"),
    T.CANCEL: gettext_lazy("Tranche n° %(number)s annulée"),
}


# --- Small helpers ----------------------------------------------------------------


def _deny_unless(decision: Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def _deny_unless_role(request: HttpRequest, message: str, *roles: Role) -> None:
    user = request.user
    if not (registry_access.is_superuser(user) or has_role(user, *roles)):
        raise PermissionDenied(message)


def _visible_proposal(request: HttpRequest, pk: int) -> Proposal:
    proposal = selectors.proposal_for_page(request.user, pk)
    if proposal is None:
        raise Http404
    return proposal


def _status_label(value: str, labels: type[ProposalStatus] | type[TrancheStatus]) -> str:
    return str(labels(value).label) if value in labels.values else value


# --- Calls ------------------------------------------------------------------------


@login_required
@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    calls = list(access.calls_visible_to(request.user))
    return render(
        request,
        "workflows/call_list.html",
        {"calls": calls, "can_manage": access.can_manage_calls(request.user).allowed},
    )


@login_required
@require_GET
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(access.calls_visible_to(request.user), pk=pk)
    return render(
        request,
        "workflows/call_detail.html",
        {
            "call": call,
            "criteria": list(call.criteria.all()),
            "can_manage": access.can_manage_calls(request.user).allowed,
            "can_create_proposal": call.is_open()
            and access.can_create_proposal(request.user).allowed,
        },
    )


def _call_form_page(
    request: HttpRequest, form: CallForm, criteria: RowsFormSet, call: Call | None, title: str
) -> HttpResponse:
    style(form)
    for row in criteria.forms:
        style(row)
    style(criteria.empty_form)
    return render(
        request,
        "workflows/call_form.html",
        {"form": form, "criteria": criteria, "call": call, "title": title},
    )


def _save_call(request: HttpRequest, call: Call | None, title: str) -> HttpResponse:
    _deny_unless(access.can_manage_calls(request.user))
    if request.method != "POST":
        return _call_form_page(
            request, CallForm(instance=call), criteria_formset(call=call), call, title
        )
    form = CallForm(request.POST, instance=call)
    criteria = criteria_formset(request.POST)
    if form.is_valid() and criteria.is_valid():
        target = form.apply_to(Call.objects.get(pk=call.pk) if call else Call())
        try:
            saved = services.call_save(
                call=target, criteria=criteria.criteria(), by=request.user, source=Source.WEB
            )
        except ValidationError as error:
            add_validation_error(form, error)
        except ConditionsUnmet as refusal:
            add_refusal(form, refusal.fields or {"__all__": refusal.messages})
        except NotAllowed as refusal:
            raise PermissionDenied(refusal.detail) from refusal
        else:
            messages.success(request, _("L'appel « %s » est enregistré.") % saved)
            return redirect(saved)
    return _call_form_page(request, form, criteria, call, title)


@login_required
def call_create(request: HttpRequest) -> HttpResponse:
    return _save_call(request, None, _("Nouvel appel à projets"))


@login_required
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(access.calls_visible_to(request.user), pk=pk)
    return _save_call(request, call, _("Modifier « %s »") % call)


# --- Proposal list ----------------------------------------------------------------


def _filter_proposals(queryset: QuerySet[Proposal], filters: dict[str, Any]) -> QuerySet[Proposal]:
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("call"):
        queryset = queryset.filter(call=filters["call"])
    if filters.get("region"):
        queryset = queryset.filter(region=filters["region"])
    if filters.get("sector"):
        queryset = queryset.filter(sector=filters["sector"])
    text = (filters.get("q") or "").strip()
    if text:
        queryset = queryset.filter(
            Q(reference__icontains=text)
            | Q(title__icontains=text)
            | Q(association__name__icontains=text)
            | Q(locality__icontains=text)
        )
    return queryset


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    member_only = is_member_only(user)
    form = ProposalFilterForm(request.GET, user=user)
    queryset = selectors.proposals_for_list(user)
    if not member_only:
        queryset = _filter_proposals(queryset, form.filters())
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
            "proposals": page.rows,
            "can_create": access.can_create_proposal(user).allowed,
            **page.links(request.GET),
        },
    )


# --- Proposal form ----------------------------------------------------------------


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
    except InvalidState:
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
    _deny_unless(access.can_create_proposal(user))
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
            if "submit" in request.POST:
                return _submit_saved(request, proposal)
            return _draft_saved(request, proposal)
    return _proposal_form_page(
        request, form=form, budget=budget, contributions=contributions, proposal=None
    )


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = _visible_proposal(request, pk)
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
        except InvalidState:
            messages.error(request, STALE_MESSAGE)
            return redirect(proposal)
    _deny_unless(decision)
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
        except InvalidState:
            messages.error(request, STALE_MESSAGE)
            return redirect(proposal)
        else:
            if "submit" in request.POST:
                return _submit_saved(request, saved)
            return _draft_saved(request, saved)
    return _proposal_form_page(
        request, form=form, budget=budget, contributions=contributions, proposal=proposal
    )


@login_required
@require_POST
def rules_check(request: HttpRequest) -> HttpResponse:
    """The totals and each rule's verdict for the figures typed so far (htmx, nothing saved)."""
    _deny_unless(access.can_create_proposal(request.user))
    budget, contributions = budget_formsets(request.POST)
    call = _chosen_call(request, request.POST.get("call"))
    return render(
        request, "workflows/_rules_panel.html", _rules_context(call, budget, contributions)
    )


@login_required
@require_GET
def prefecture_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the prefecture select for one region (htmx)."""
    region = request.GET.get("region", "")
    prefectures = (
        Prefecture.objects.filter(region_id=region).order_by("name")
        if region.isdigit()
        else Prefecture.objects.none()
    )
    return render(request, "registry/_prefecture_options.html", {"prefectures": prefectures})


# --- Proposal page ----------------------------------------------------------------


@dataclass
class Action:
    name: str
    label: str
    url: str
    form: TransitionForm
    danger: bool = False
    secondary: bool = False
    anchor: str = ""  # the id of its section on the proposal's page


@dataclass
class TrancheRow:
    tranche: Tranche
    actions: list[Action] = field(default_factory=list)


@dataclass
class Failed:
    """The form whose action was refused, shown again with its errors and what was typed."""

    kind: str  # "proposal", "tranche" or "attachment"
    name: str = ""
    tranche_id: int | None = None
    form: Any = None
    problems: list[str] = field(default_factory=list)


@dataclass
class Limit:
    label: str
    amount: int
    limiting: bool = False


@dataclass
class Headroom:
    amount: int
    limits: list[Limit]


def headroom_of(figures: Figures, call: Call) -> Headroom:
    """The largest grant the rules allow, with each figure that caps it."""
    amount = grant_headroom(figures, call)
    limits = [
        Limit(_("Plafond par projet"), call.max_grant),
        Limit(
            _("%(ratio)s × l'apport en numéraire de l'association")
            % {"ratio": format_decimal(call.matching_ratio)},
            int(call.matching_ratio * figures.association_cash // 1),
        ),
        Limit(
            _("%(share)s du budget total") % {"share": format_share(call.max_grant_share)},
            int(call.max_grant_share * figures.budget_total // 1),
        ),
        Limit(_("Subvention demandée"), figures.state_requested),
        Limit(_("Reste de l'enveloppe de l'appel"), call.envelope_left),
    ]
    for limit in limits:
        limit.limiting = max(limit.amount, 0) == amount
    return Headroom(amount=amount, limits=limits)


def _transition_form(
    name: str,
    *,
    data: Any = None,
    expected_state: str,
    auto_id: str,
    headroom: int | None = None,
    evaluators: list[tuple[str, str]] | None = None,
) -> ProposalTransitionForm:
    return ProposalTransitionForm(
        PROPOSAL_TABLE[name],
        data,
        auto_id=auto_id,
        initial={"expected_state": expected_state},
        evaluators=evaluators,
        headroom=headroom,
    )


def _tranche_form(
    tranche: Tranche, name: str, data: Any = None, files: Any = None
) -> TransitionForm:
    return TransitionForm(
        TRANCHE_TABLE[name],
        data,
        files,
        auto_id=f"id_t{tranche.pk}_{name}_%s",
        initial={"expected_state": tranche.status},
    )


def proposal_actions(
    user: Any,
    proposal: Proposal,
    *,
    failed: Failed | None = None,
    headroom: int | None = None,
    evaluators: list[tuple[str, str]] | None = None,
    only: Sequence[str] | None = None,
    prefix: str = "",
) -> list[Action]:
    """The transitions `user` may fire now, each with the form of the inputs it needs."""
    actions = []
    for row in PROPOSAL_TABLE.available(user, proposal):
        name = str(row.name)
        if only is not None and name not in only:
            continue
        if failed is not None and failed.kind == "proposal" and failed.name == name:
            form = failed.form
        else:
            form = _transition_form(
                name,
                expected_state=proposal.status,
                auto_id=f"id_{prefix}{name}_%s",
                headroom=headroom,
                evaluators=evaluators,
            )
        actions.append(
            Action(
                name=name,
                label=str(row.label),
                url=reverse("workflows:proposal_transition", args=[proposal.pk, name]),
                form=form,
                danger=row.tone == Tone.DANGER,
                secondary=row.tone == Tone.SECONDARY,
                anchor=action_anchor(name),
            )
        )
    return actions


def tranche_anchor(tranche: Tranche, name: str) -> str:
    """`action-request-tranche`, `action-approve-tranche`, … : one tranche at a time is
    requested, approved or paid; any planned one may be cancelled."""
    if name == T.CANCEL:
        return f"{action_anchor('cancel_tranche')}-{tranche.number}"
    return action_anchor(f"{name}_tranche")


def tranche_actions(
    user: Any,
    tranche: Tranche,
    failed: Failed | None = None,
) -> list[Action]:
    actions = []
    for row in TRANCHE_TABLE.available(user, tranche):
        name = str(row.name)
        if (
            failed is not None
            and failed.kind == "tranche"
            and failed.tranche_id == tranche.pk
            and failed.name == name
        ):
            form = failed.form
        else:
            form = _tranche_form(tranche, name)
        actions.append(
            Action(
                name=name,
                label=str(row.label),
                url=reverse("workflows:tranche_transition", args=[tranche.pk, name]),
                form=form,
                danger=row.tone == Tone.DANGER,
                anchor=tranche_anchor(tranche, name),
            )
        )
    return actions


def visible_reviews(user: Any, proposal: Proposal) -> tuple[list[Review], bool]:
    """The reviews this user may read, and whether with the evaluators' names."""
    view = access.review_view(user, proposal)
    reviews = list(proposal.reviews.all())
    if view.everything:
        return reviews, True
    if view.own_id is not None:
        return [r for r in reviews if r.evaluator_id == view.own_id], True
    if view.anonymous:
        return [r for r in reviews if r.is_filed], False
    return [], False


@dataclass
class HistoryRow(TimelineRow):
    who: str = ""
    comment: str = ""


def _who(entry: Any) -> str:
    if entry.by is None:
        return _("Système")
    return person_name(entry.by)


def _masked(
    entry: Any, view: access.ReviewView, user: Any, codes: dict[str, Any]
) -> tuple[str, str]:
    """Who did it and the comment, as this user may read them (see access.ReviewView)."""
    show_who, show_comment = access.history_masking(entry, view, user)
    who = _who(entry) if show_who else _("Un évaluateur technique")
    return who, describe(entry, codes) if show_comment else ""


def _timeline(proposal: Proposal, user: Any) -> list[HistoryRow]:
    numbers = {t.pk: t.number for t in proposal.tranches.all()}
    tranche_type = ContentType.objects.get_for_model(Tranche)
    view = access.review_view(user, proposal)
    rows = []
    for entry in selectors.history_of(proposal):
        if entry.content_type_id == tranche_type.pk:
            label = TRANCHE_HISTORY_LABELS.get(entry.action)
            action = (
                str(label) % {"number": numbers.get(entry.object_id, "?")}
                if label is not None
                else entry.action
            )
            states: Any = TrancheStatus
            codes = TRANCHE_TABLE.labels()
        else:
            action = str(HISTORY_LABELS.get(entry.action, entry.action))
            states = ProposalStatus
            codes = PROPOSAL_TABLE.labels()
        who, comment = _masked(entry, view, user, codes)
        rows.append(
            HistoryRow(
                entry=entry,
                action=action,
                source_state=_status_label(entry.source_state, states),
                target_state=_status_label(entry.target_state, states),
                refused=entry.outcome == Outcome.REFUSED,
                who=who,
                comment=comment,
            )
        )
    return rows


def _detail_page(
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
    if any(a.name == P.COMPLETE for a in actions) and services.completion_problems(proposal):
        # Achievement is offered once every tranche is paid and the final report is in.
        actions = [a for a in actions if a.name != P.COMPLETE]
    all_tranches = list(proposal.tranches.all())
    tranches = [
        TrancheRow(tranche=t, actions=tranche_actions(user, t, failed)) for t in all_tranches
    ]
    reviews, review_names = visible_reviews(user, proposal)
    attach = access.can_attach(user, proposal)
    if failed is not None and failed.kind == "attachment":
        upload_form = failed.form
    else:
        upload_form = AttachmentForm(auto_id="id_upload_%s")
    attachments = list(attachments_of(proposal))
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
            "timeline": _timeline(proposal, user),
            "problems": failed.problems if failed is not None else [],
        },
        status=status,
    )


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _visible_proposal(request, pk))


def _done_message(label: str, status_label: str) -> str:
    return _("« %(action)s » : c'est fait. Le projet est désormais « %(status)s ».") % {
        "action": label,
        "status": status_label,
    }


def _run_transition(
    request: HttpRequest,
    proposal: Proposal,
    failed: Failed,
    fire: Callable[[], Any],
    done: Callable[[Any], str],
) -> HttpResponse:
    """Fire an action and answer: next page, 403, stale message, or the page again (400)."""
    form = failed.form
    if not form.is_valid():
        failed.problems = [
            _("Certaines valeurs saisies ne sont pas valides : voyez le formulaire.")
        ]
        return _detail_page(request, proposal, failed=failed, status=400)
    try:
        result = fire()
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    except InvalidState:
        messages.error(request, STALE_MESSAGE)
        return redirect(proposal)
    except ConditionsUnmet as refusal:
        add_refusal(form, refusal.fields)
        failed.problems = refusal.messages
        return _detail_page(request, proposal, failed=failed, status=400)
    messages.success(request, done(result))
    return redirect(next_url(request) or proposal.get_absolute_url())


@login_required
@require_POST
def proposal_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    if name not in PROPOSAL_TABLE.offered_names:
        raise Http404
    form = _transition_form(
        name, data=request.POST, expected_state=proposal.status, auto_id=f"id_{name}_%s"
    )
    failed = Failed("proposal", name, form=form)
    label = str(PROPOSAL_TABLE.label(name))
    return _run_transition(
        request,
        proposal,
        failed,
        lambda: PROPOSAL_TABLE.fire(
            name,
            obj=proposal,
            by=request.user,
            source=Source.WEB,
            data=form.service_data(),
        ),
        lambda moved: _done_message(label, moved.get_status_display()),
    )


@login_required
@require_POST
def tranche_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    proposal_id = Tranche.objects.filter(pk=pk).values_list("proposal_id", flat=True).first()
    if proposal_id is None:
        raise Http404
    proposal = _visible_proposal(request, proposal_id)
    tranche = next(t for t in proposal.tranches.all() if t.pk == pk)
    if name not in TRANCHE_TABLE.offered_names:
        raise Http404
    form = _tranche_form(tranche, name, data=request.POST, files=request.FILES)
    failed = Failed("tranche", name, tranche_id=tranche.pk, form=form)
    label = str(TRANCHE_TABLE.label(name))
    return _run_transition(
        request,
        proposal,
        failed,
        lambda: TRANCHE_TABLE.fire(
            name,
            obj=tranche,
            by=request.user,
            source=Source.WEB,
            data=form.service_data(),
        ),
        lambda moved: (
            _("« %(action)s » : c'est fait. La tranche n° %(number)s est « %(status)s ».")
            % {"action": label, "number": moved.number, "status": moved.get_status_display()}
        ),
    )


# --- Attachments ------------------------------------------------------------------


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible_proposal(request, pk)
    try:
        check_may_attach(owner=proposal, by=request.user, source=Source.WEB)
    except ActionRefused as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    form = AttachmentForm(request.POST, request.FILES, auto_id="id_upload_%s")
    failed = Failed("attachment", form=form)
    if form.is_valid():
        try:
            attachment = attach(
                owner=proposal,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                by=request.user,
                source=Source.WEB,
            )
        except ActionRefused as refusal:
            add_refusal(form, refusal.fields or {"kind": refusal.messages})
        else:
            messages.success(
                request,
                _("La pièce « %(name)s » est jointe au projet.")
                % {"name": attachment.original_name},
            )
            return redirect(proposal)
    failed.problems = [_("La pièce n'a pas été jointe : voyez le formulaire des pièces.")]
    return _detail_page(request, proposal, failed=failed, status=400)


# --- Reviews ----------------------------------------------------------------------


def _score_context(form: ReviewForm) -> dict[str, Any]:
    scores = form.typed_scores()
    return {
        "score": weighted_score(form.criteria, scores),
        "scored": len(scores),
        "criteria_count": len(form.criteria),
    }


@login_required
def review_form(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = _visible_proposal(request, pk)
    _deny_unless(access.can_review(user, proposal))
    criteria = list(proposal.call.criteria.all())
    review = next(
        (
            r
            for r in proposal.reviews.all()
            if r.evaluator_id == user.pk and r.round == proposal.review_round
        ),
        None,
    )
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        form = ReviewForm(criteria, request.POST, auto_id="id_%s")
        if request.headers.get("HX-Request"):
            return render(request, "workflows/_weighted_score.html", _score_context(form))
        form.is_valid()
        try:
            services.review_file(
                proposal=proposal,
                by=user,
                source=Source.WEB,
                scores=form.scores(),
                recommendation=form.cleaned_data.get("recommendation") or "",
                comment=form.cleaned_data.get("comment") or "",
            )
        except NotAllowed as refusal:
            raise PermissionDenied(refusal.detail) from refusal
        except InvalidState as refusal:
            messages.error(request, refusal.detail)
            return redirect("workflows:review_queue")
        except ConditionsUnmet as refusal:
            form.mark_missing()
            add_refusal(form, {k: v for k, v in refusal.fields.items() if k != "scores"})
            problems = refusal.messages
            status = 400
        else:
            messages.success(
                request,
                _("Votre avis sur le projet %(reference)s est déposé.")
                % {"reference": proposal.reference},
            )
            return redirect("workflows:review_queue")
    elif review is not None and review.is_filed:
        form = ReviewForm(
            criteria,
            initial={
                "recommendation": review.recommendation,
                "comment": review.comment,
                **{ReviewForm.score_name(k): str(v) for k, v in review.scores.items()},
            },
        )
    else:
        form = ReviewForm(criteria)
    style(form)
    return render(
        request,
        "workflows/review_form.html",
        {
            "proposal": proposal,
            "form": form,
            "review": review,
            "filed": review is not None and review.is_filed,
            "problems": problems,
            "figures": Figures.of(proposal),
            "budget_lines": list(proposal.budget_lines.all()),
            "contributions": list(proposal.contributions.all()),
            "total_weight": sum((c.weight for c in criteria), Decimal(0)),
            **_score_context(form),
        },
        status=status,
    )


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    _deny_unless_role(
        request, _("Cette page est celle des évaluateurs techniques."), Role.EVALUATOR
    )
    pending = list(selectors.pending_reviews(user).select_related("proposal__association"))
    filed = list(
        Review.objects.filter(
            evaluator_id=user.pk,
            submitted_at__isnull=False,
            proposal__in=access.proposals_visible_to(user),
        )
        .select_related("proposal", "proposal__association")
        .order_by("-submitted_at")[:100]
    )
    return render(request, "workflows/review_queue.html", {"pending": pending, "filed": filed})


# --- Queues -----------------------------------------------------------------------


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
    _deny_unless_role(
        request,
        _("L'examen de recevabilité revient aux chargés de programme."),
        Role.PROGRAMME_OFFICER,
    )
    proposals = list(
        selectors.proposals_for_list(user)
        .filter(status=S.SUBMITTED)
        .order_by("submitted_at", "id")[:100]
    )
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
    return render(
        request,
        "workflows/screening_queue.html",
        {"rows": rows, "here": reverse("workflows:screening_queue")},
    )


def _rounded(score: Any) -> Decimal | None:
    return None if score is None else Decimal(score).quantize(Decimal("0.01"))


@login_required
@require_GET
def committee_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    _deny_unless_role(
        request,
        _("Cette page est celle du comité."),
        Role.COMMITTEE_MEMBER,
        Role.PROGRAMME_OFFICER,
        Role.AUDITOR,
    )
    proposals = list(selectors.committee_ranking(user)[:100])
    reviews_by_proposal: dict[int, list[Review]] = defaultdict(list)
    for review in (
        Review.objects.filter(proposal__in=[p.pk for p in proposals], submitted_at__isnull=False)
        .select_related("evaluator")
        .order_by("submitted_at", "id")
    ):
        reviews_by_proposal[review.proposal_id].append(review)
    criteria_by_call: dict[int, list[Any]] = defaultdict(list)
    for criterion in Criterion.objects.filter(call__in={p.call_id for p in proposals}):
        criteria_by_call[criterion.call_id].append(criterion)
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
    return render(
        request,
        "workflows/committee_queue.html",
        {"rows": rows, "here": reverse("workflows:committee_queue")},
    )


@login_required
@require_GET
def execution_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    _deny_unless_role(
        request,
        _("Le suivi de l'exécution revient aux chargés de programme."),
        Role.PROGRAMME_OFFICER,
        Role.AUDITOR,
    )
    proposals = list(
        selectors.proposals_for_list(user)
        .filter(status__in=[S.IN_EXECUTION, S.SUSPENDED, S.APPROVED])
        .prefetch_related(Prefetch("tranches", queryset=Tranche.objects.order_by("number")))
        .order_by("status", "id")[:200]
    )
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
    return render(
        request,
        "workflows/execution_queue.html",
        {"rows": rows, "here": reverse("workflows:execution_queue")},
    )


@login_required
@require_GET
def finance_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    _deny_unless_role(
        request,
        _("Cette page est celle des agents financiers."),
        Role.FINANCE_OFFICER,
        Role.AUDITOR,
    )
    visible = access.proposals_visible_to(user)
    tranches = list(
        Tranche.objects.filter(status=TrancheStatus.APPROVED, proposal__in=visible)
        .select_related("proposal", "proposal__association")
        .order_by("approved_at", "id")[:200]
    )
    to_pay = [TrancheRow(tranche=t, actions=tranche_actions(user, t)) for t in tranches]
    completed = list(
        selectors.proposals_for_list(user)
        .filter(status=S.COMPLETED)
        .prefetch_related("tranches")
        .order_by("updated_at", "id")[:200]
    )
    to_close = [
        QueueRow(
            proposal=p,
            actions=proposal_actions(user, p, only=(P.CLOSE,), prefix=f"p{p.pk}_"),
            paid=sum(t.amount for t in p.tranches.all() if t.status == TrancheStatus.PAID),
        )
        for p in completed
    ]
    return render(
        request,
        "workflows/finance_queue.html",
        {"to_pay": to_pay, "to_close": to_close, "here": reverse("workflows:finance_queue")},
    )
