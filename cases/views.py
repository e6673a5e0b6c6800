"""Pages of the coordination cell: returnee cases from intake to closure.

Who sees and does what is asked of `cases.access` (and of the services, which
refuse what the user may not do); every write goes through `cases.services`.
A case the user may not see answers 404; an action the user may not take, 403
with the reason; an action whose conditions do not hold, the page again (400)
with every reason and what was typed; an action on a case that moved
meanwhile, the case's page with a message saying so. Each opening of a case's
page is recorded (who, when).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_fsm import get_available_FIELD_transitions

from accounts.types import AnyUser
from accounts.work import action_anchor
from audit.models import Source
from cases import access, selectors, services
from cases.charts import score_chart
from cases.forms import (
    REFERRAL_INPUTS,
    REFERRAL_LABELS,
    AssessmentForm,
    AssignForm,
    AttachmentForm,
    CaseFilterForm,
    CaseForm,
    FollowUpForm,
    PlanItemForm,
    ReferralActionForm,
    ReferralForm,
    TransitionForm,
    add_refusal,
    answer_labels,
    style,
)
from cases.home import in_cell
from cases.models import (
    OPEN_CASE_STATUSES,
    Assessment,
    Case,
    CaseStatus,
    Dimension,
    Referral,
    SurveyIndicator,
)
from documents.attachments import attach, check_may_attach
from documents.formatting import format_date, format_decimal
from documents.uploads import attachments_of
from processes.transitions import (
    ActionRefused,
    ConditionsUnmet,
    Decision,
    InvalidState,
    NotAllowed,
    StaleObject,
)
from registry.models import Prefecture

C = CaseStatus

STALE_MESSAGE = gettext_lazy(
    "Ce dossier a changé entre-temps (quelqu'un d'autre l'a fait avancer) : votre action "
    "n'a pas été enregistrée. Voici son état actuel."
)
# Transitions shown as a red button.
DANGEROUS = {"return_plan", "refuse_closure"}
SUPPORT_STATES = (C.IN_SUPPORT, C.FOLLOW_UP)


# --- Small helpers ----------------------------------------------------------------


def _deny_unless(decision: Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def _cell_only(user: AnyUser) -> None:
    if not in_cell(user):
        raise PermissionDenied(
            _(
                "Les dossiers de réintégration sont réservés à la cellule d'information "
                "et de coordination."
            )
        )


def _supervisor_only(user: AnyUser) -> None:
    _deny_unless(access.can_supervise(user))


def _visible_case(request: HttpRequest, pk: int) -> Case:
    case = selectors.visible_case(request.user, pk)
    if case is None:
        raise Http404
    return case


def _page_case(request: HttpRequest, pk: int) -> Case:
    case = selectors.case_for_page(request.user, pk)
    if case is None:
        raise Http404
    return case


def _next_url(request: HttpRequest) -> str:
    """Where to go after a successful action: a page of this site named by the form, if any."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _refused_state(request: HttpRequest, refusal: InvalidState, case: Case) -> HttpResponse:
    messages.error(request, STALE_MESSAGE if isinstance(refusal, StaleObject) else refusal.detail)
    return redirect(case)


def _assessment_of(case: Case) -> Assessment | None:
    try:
        return case.assessment
    except Assessment.DoesNotExist:
        return None


# --- Lists ------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """ "Mes dossiers" for a caseworker; every case, with more filters, for a supervisor."""
    user = request.user
    _cell_only(user)
    supervisor = access.is_supervisor(user)
    form = CaseFilterForm(request.GET, caseworkers=selectors.caseworkers() if supervisor else None)
    page = selectors.case_page(
        user,
        form.filters(),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "cases": page.rows,
            "supervisor": supervisor,
            "can_register": access.can_register(user).allowed,
            "filtered": any(k in request.GET for k in form.fields),
            **page.links(request.GET),
        },
    )


@login_required
@require_GET
def decision_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    _supervisor_only(user)
    rows = []
    for case in selectors.decision_queue(user):
        plan_items = list(case.plan_items.all())
        rows.append(
            {
                "case": case,
                "plan_items": plan_items,
                "plan_total": sum(item.budget for item in plan_items),
                "follow_ups": list(case.follow_ups.all()),
                "referrals": list(case.referrals.all()),
                "actions": case_actions(user, case, prefix=f"c{case.pk}_"),
            }
        )
    return render(
        request,
        "cases/decision_queue.html",
        {"rows": rows, "here": reverse("cases:decision_queue")},
    )


@login_required
@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    user = request.user
    _supervisor_only(user)
    rows = selectors.caseload(user)
    return render(
        request,
        "cases/caseload.html",
        {
            "rows": rows,
            "statuses": [(s.value, s.label) for s in OPEN_CASE_STATUSES],
            "totals": [
                (str(status.label), sum(r.count_list()[i] for r in rows))
                for i, status in enumerate(OPEN_CASE_STATUSES)
            ],
            "total": sum(r.total for r in rows),
            "overdue": sum(r.overdue for r in rows),
        },
    )


# --- Intake -----------------------------------------------------------------------


def _case_form_page(
    request: HttpRequest, form: CaseForm, case: Case | None, *, status: int = 200
) -> HttpResponse:
    style(form)
    form.fields["region"].widget.attrs.update(
        {
            "hx-get": reverse("cases:prefecture_options"),
            "hx-target": "#" + form["prefecture"].id_for_label,
            "hx-trigger": "change",
        }
    )
    if case is None:
        title = _("Enregistrer un migrant de retour")
    else:
        title = _("Modifier l'accueil — %(reference)s") % {"reference": case.reference}
    return render(
        request,
        "cases/case_form.html",
        {"form": form, "case": case, "title": title},
        status=status,
    )


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    _deny_unless(access.can_register(user))
    workers = selectors.caseworkers() if access.is_supervisor(user) else None
    if request.method != "POST":
        return _case_form_page(request, CaseForm(caseworkers=workers), None)
    form = CaseForm(request.POST, caseworkers=workers)
    if form.is_valid():
        try:
            case = services.case_create(
                by=user,
                source=Source.WEB,
                caseworker=form.cleaned_data.get("caseworker") or None,
                **form.service_fields(),
            )
        except ConditionsUnmet as refusal:
            add_refusal(form, refusal.fields or {"__all__": refusal.messages})
        except NotAllowed as refusal:
            form.add_error("caseworker" if "caseworker" in form.fields else None, refusal.detail)
        else:
            messages.success(
                request,
                _("Le dossier %(reference)s est enregistré.") % {"reference": case.reference}
                + (
                    ""
                    if case.consent_given
                    else " "
                    + _(
                        "Le consentement n'est pas recueilli : l'évaluation ne pourra "
                        "pas commencer."
                    )
                ),
            )
            if selectors.visible_case(user, case.pk) is None:
                return redirect("cases:case_list")
            return redirect(case)
    return _case_form_page(request, form, None, status=400)


@login_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    _deny_unless(access.can_work(user, case))
    if request.method != "POST":
        return _case_form_page(request, CaseForm(instance=case), case)
    form = CaseForm(request.POST, instance=case)
    if form.is_valid():
        try:
            services.case_update(
                case=case,
                by=user,
                source=Source.WEB,
                expected_state=request.POST.get("expected_state") or None,
                **form.service_fields(),
            )
        except ConditionsUnmet as refusal:
            add_refusal(form, refusal.fields or {"__all__": refusal.messages})
        except NotAllowed as refusal:
            raise PermissionDenied(refusal.detail) from refusal
        except InvalidState as refusal:
            return _refused_state(request, refusal, case)
        else:
            messages.success(request, _("Les modifications sont enregistrées."))
            return redirect(case)
    return _case_form_page(request, form, case, status=400)


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


# --- The case page ----------------------------------------------------------------


@dataclass
class Action:
    name: str
    label: str
    url: str
    form: forms.Form
    danger: bool = False
    anchor: str = ""  # the id of its section on the case's page


@dataclass
class ReferralRow:
    referral: Referral
    actions: list[Action] = field(default_factory=list)


@dataclass
class Failed:
    """The form whose action was refused, shown again with its errors and what was typed."""

    kind: str  # "case", "referral", "attachment" or "assign"
    name: str = ""
    referral_id: int | None = None
    form: Any = None
    problems: list[str] = field(default_factory=list)


def _transition_form(
    name: str, *, expected_state: str, data: Any = None, prefix: str = ""
) -> TransitionForm:
    return TransitionForm(
        name,
        services.CASE_TRANSITION_INPUTS.get(name, ()),
        data,
        auto_id=f"id_{prefix}{name}_%s",
        initial={"expected_state": expected_state},
    )


def case_actions(
    user: AnyUser, case: Case, failed: Failed | None = None, *, prefix: str = ""
) -> list[Action]:
    """The transitions `user` may fire now, each with the form of the inputs it needs."""
    actions = []
    for name in services.available_case_transitions(user, case):
        if failed is not None and failed.kind == "case" and failed.name == name:
            form = failed.form
        else:
            form = _transition_form(name, expected_state=case.status, prefix=prefix)
        actions.append(
            Action(
                name=name,
                label=str(services.CASE_TRANSITION_LABELS[name]),
                url=reverse("cases:case_transition", args=[case.pk, name]),
                form=form,
                danger=name in DANGEROUS,
                anchor=action_anchor(name),
            )
        )
    return actions


def _referral_form(referral: Referral, name: str, data: Any = None) -> ReferralActionForm:
    return ReferralActionForm(
        name,
        data,
        auto_id=f"id_r{referral.pk}_{name}_%s",
        initial={"expected_state": referral.status},
    )


def referral_actions(
    user: AnyUser, referral: Referral, failed: Failed | None = None
) -> list[Action]:
    if not access.can_work(user, referral.case):
        return []
    actions = []
    for transition in get_available_FIELD_transitions(referral, Referral._meta.get_field("status")):
        name = transition.name
        if name not in REFERRAL_INPUTS or not access.can_fire_referral(user, referral, name):
            continue
        if (
            failed is not None
            and failed.kind == "referral"
            and failed.referral_id == referral.pk
            and failed.name == name
        ):
            form = failed.form
        else:
            form = _referral_form(referral, name)
        actions.append(
            Action(
                name=name,
                label=str(REFERRAL_LABELS[name]),
                url=reverse("cases:referral_transition", args=[referral.pk, name]),
                form=form,
                danger=name == "decline",
                anchor=f"referral-{referral.pk}",
            )
        )
    return actions


def _detail_page(
    request: HttpRequest, case: Case, *, failed: Failed | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    services.record_read(case=case, user=user, source=Source.WEB)
    sensitive = access.sees_sensitive(user, case)
    works = access.can_work(user, case).allowed
    supervisor = access.is_supervisor(user)
    referrals = list(case.referrals.all())
    for referral in referrals:
        referral.case = case
    follow_ups = list(case.follow_ups.all())
    plan_items = list(case.plan_items.all())
    assessment = _assessment_of(case)
    overdue = sum(1 for r in referrals if r.is_overdue)
    answers = []
    if assessment is not None:
        for dimension in Dimension:
            if dimension == Dimension.PSYCHOSOCIAL and not sensitive:
                continue
            answers.append(
                {
                    "label": dimension.label,
                    "answers": answer_labels(
                        dimension, getattr(assessment, f"{dimension}_answers") or {}
                    ),
                    "notes": getattr(assessment, f"{dimension}_notes"),
                    "sensitive": dimension == Dimension.PSYCHOSOCIAL,
                }
            )
    if failed is not None and failed.kind == "attachment":
        upload_form = failed.form
    else:
        upload_form = AttachmentForm(auto_id="id_upload_%s")
    if failed is not None and failed.kind == "assign":
        assign_form = failed.form
    elif supervisor:
        assign_form = AssignForm(
            selectors.caseworkers(),
            auto_id="id_assign_%s",
            initial={"caseworker": case.caseworker.get_username() if case.caseworker else ""},
        )
    else:
        assign_form = None
    actions = case_actions(user, case, failed)
    follow_up_blocked: list[str] = []
    if any(a.name == "start_follow_up" for a in actions) and not (
        failed is not None and failed.kind == "case" and failed.name == "start_follow_up"
    ):
        # Follow-up starts once every referral has its answer: say so rather than offer it.
        follow_up_blocked = services.follow_up_problems(case, referrals)
        if follow_up_blocked:
            actions = [a for a in actions if a.name != "start_follow_up"]
    referral_rows = [
        ReferralRow(referral=r, actions=referral_actions(user, r, failed)) for r in referrals
    ]
    can_assess = works and case.status == C.ASSESSMENT
    can_support = works and case.status in SUPPORT_STATES
    needs_consent = works and case.status == C.REGISTERED and not case.consent_given
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "sensitive": sensitive,
            "works": works,
            "supervisor": supervisor,
            "next_step": selectors.next_step(case, overdue),
            "assessment": assessment,
            "answers": answers,
            "plan_items": plan_items,
            "plan_total": sum(item.budget for item in plan_items),
            "referrals": referral_rows,
            "to_answer": [row for row in referral_rows if row.actions],
            "needs_consent": needs_consent,
            "overdue": overdue,
            "follow_ups": follow_ups,
            "chart": score_chart(follow_ups),
            "actions": actions,
            "follow_up_blocked": follow_up_blocked,
            "can_assess": can_assess,
            "can_support": can_support,
            "nothing_to_do": not (
                actions
                or can_assess
                or can_support
                or needs_consent
                or assign_form is not None
                or any(row.actions for row in referral_rows)
            ),
            "attachments": list(attachments_of(case)),
            "upload_form": upload_form,
            "assign_form": assign_form,
            "timeline": selectors.case_history(case, referrals),
            "problems": failed.problems if failed is not None else [],
            "failed_kind": failed.kind if failed is not None else "",
        },
        status=status,
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _page_case(request, pk))


def _run_action(
    request: HttpRequest,
    case: Case,
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
        return _detail_page(request, case, failed=failed, status=400)
    try:
        result = fire()
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    except InvalidState as refusal:
        return _refused_state(request, refusal, case)
    except ConditionsUnmet as refusal:
        add_refusal(form, {k: v for k, v in refusal.fields.items() if k in form.fields})
        failed.problems = refusal.messages
        return _detail_page(request, case, failed=failed, status=400)
    messages.success(request, done(result))
    return redirect(_next_url(request) or case.get_absolute_url())


@login_required
@require_POST
def case_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    case = _page_case(request, pk)
    if name not in services.CASE_TRANSITIONS:
        raise Http404
    form = _transition_form(name, data=request.POST, expected_state=case.status)
    label = str(services.CASE_TRANSITION_LABELS[name])
    return _run_action(
        request,
        case,
        Failed("case", name, form=form),
        lambda: services.fire_case_transition(
            case=case, name=name, by=request.user, source=Source.WEB, data=form.service_data()
        ),
        lambda moved: (
            _("« %(action)s » : c'est fait. Le dossier est désormais « %(status)s ».")
            % {"action": label, "status": moved.get_status_display()}
        ),
    )


@login_required
@require_POST
def referral_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    case_id = (
        access.referrals_visible_to(request.user)
        .filter(pk=pk)
        .values_list("case_id", flat=True)
        .first()
    )
    if case_id is None or name not in REFERRAL_INPUTS:
        raise Http404
    case = _page_case(request, case_id)
    referral = next(r for r in case.referrals.all() if r.pk == pk)
    referral.case = case
    form = _referral_form(referral, name, data=request.POST)
    label = str(REFERRAL_LABELS[name])
    return _run_action(
        request,
        case,
        Failed("referral", name, referral_id=referral.pk, form=form),
        lambda: services.referral_transition(
            referral=referral,
            name=name,
            by=request.user,
            source=Source.WEB,
            **form.service_data(),
        ),
        lambda moved: (
            _("L'orientation « %(referral)s » est notée : %(status)s.")
            % {"referral": moved, "status": label.lower()}
        ),
    )


@login_required
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a case to a caseworker, or transfer it to another one (supervisors)."""
    user = request.user
    case = _visible_case(request, pk)
    _supervisor_only(user)
    workers = selectors.caseworkers()
    if request.method != "POST":
        form = AssignForm(
            workers,
            initial={"caseworker": case.caseworker.get_username() if case.caseworker else ""},
        )
        return render(request, "cases/case_assign.html", {"case": case, "form": form})
    form = AssignForm(workers, request.POST)
    if form.is_valid():
        previous = case.caseworker
        try:
            moved = services.case_assign(
                case=case,
                caseworker=form.cleaned_data["caseworker"],
                by=user,
                source=Source.WEB,
            )
        except NotAllowed as refusal:
            raise PermissionDenied(refusal.detail) from refusal
        except ConditionsUnmet as refusal:
            add_refusal(form, refusal.fields or {"caseworker": refusal.messages})
        else:
            assert moved.caseworker is not None
            name = moved.caseworker.get_full_name() or moved.caseworker.get_username()
            if previous is not None and previous.pk == moved.caseworker.pk:
                messages.info(request, _("Le dossier est déjà confié à %(name)s.") % {"name": name})
            elif previous is None:
                messages.success(request, _("Le dossier est confié à %(name)s.") % {"name": name})
            else:
                messages.success(
                    request, _("Le dossier est transféré à %(name)s.") % {"name": name}
                )
            return redirect(_next_url(request) or case.get_absolute_url())
    style(form)
    return render(request, "cases/case_assign.html", {"case": case, "form": form}, status=400)


# --- Assessment and plan ----------------------------------------------------------


def _not_now(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    messages.info(request, message)
    return redirect(case)


@login_required
def assessment_form(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _page_case(request, pk)
    _deny_unless(access.can_work(user, case))
    assessment = _assessment_of(case)
    if case.status != C.ASSESSMENT and request.method != "POST":
        return _not_now(
            request, case, _("L'évaluation se remplit quand le dossier est « En évaluation ».")
        )
    status = 200
    problems: list[str] = []
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        if form.is_valid():
            try:
                saved = services.assessment_save(
                    case=case, by=user, source=Source.WEB, **form.service_fields()
                )
            except NotAllowed as refusal:
                raise PermissionDenied(refusal.detail) from refusal
            except InvalidState as refusal:
                return _refused_state(request, refusal, case)
            except ConditionsUnmet as refusal:
                add_refusal(form, {k: v for k, v in refusal.fields.items() if k in form.fields})
                problems = refusal.messages
            else:
                messages.success(
                    request,
                    _("L'évaluation est enregistrée et marquée complète.")
                    if saved.complete
                    else _("L'évaluation est enregistrée (en cours)."),
                )
                return redirect(case)
        status = 400
        style(form)
    else:
        form = AssessmentForm(initial=AssessmentForm.initial_from(assessment))
    return render(
        request,
        "cases/assessment_form.html",
        {"case": case, "form": form, "problems": problems},
        status=status,
    )


@login_required
def plan_builder(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _page_case(request, pk)
    _deny_unless(access.can_work(user, case))
    editable = case.status == C.ASSESSMENT
    status = 200
    if request.method == "POST":
        form = PlanItemForm(request.POST)
        if form.is_valid():
            try:
                item = services.plan_item_add(
                    case=case, by=user, source=Source.WEB, **form.service_fields()
                )
            except NotAllowed as refusal:
                raise PermissionDenied(refusal.detail) from refusal
            except InvalidState as refusal:
                return _refused_state(request, refusal, case)
            except ConditionsUnmet as refusal:
                add_refusal(form, refusal.fields or {"__all__": refusal.messages})
            else:
                messages.success(request, _("« %(item)s » est ajouté au plan.") % {"item": item})
                return redirect("cases:plan_builder", pk=case.pk)
        status = 400
    else:
        form = PlanItemForm()
    style(form)
    items = list(case.plan_items.all())
    return render(
        request,
        "cases/plan_builder.html",
        {
            "case": case,
            "form": form,
            "items": items,
            "total": sum(item.budget for item in items),
            "editable": editable,
            "assessment": _assessment_of(case),
            "submit": next((a for a in case_actions(user, case) if a.name == "submit_plan"), None),
        },
        status=status,
    )


@login_required
@require_POST
def plan_item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    item = get_object_or_404(case.plan_items.all(), pk=item_pk)
    try:
        services.plan_item_remove(item=item, by=user, source=Source.WEB)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    except InvalidState as refusal:
        return _refused_state(request, refusal, case)
    messages.success(request, _("« %(item)s » est retiré du plan.") % {"item": item})
    return redirect("cases:plan_builder", pk=case.pk)


# --- Referrals and follow-ups -----------------------------------------------------


@login_required
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    _deny_unless(access.can_work(user, case))
    if case.status not in SUPPORT_STATES and request.method != "POST":
        return _not_now(
            request,
            case,
            _(
                "On oriente un migrant de retour une fois son plan approuvé "
                "(accompagnement, suivi)."
            ),
        )
    status = 200
    if request.method == "POST":
        form = ReferralForm(request.POST)
        if form.is_valid():
            try:
                referral = services.referral_create(
                    case=case, by=user, source=Source.WEB, **form.service_fields()
                )
            except NotAllowed as refusal:
                raise PermissionDenied(refusal.detail) from refusal
            except InvalidState as refusal:
                return _refused_state(request, refusal, case)
            except ConditionsUnmet as refusal:
                add_refusal(form, refusal.fields or {"__all__": refusal.messages})
            else:
                messages.success(
                    request,
                    _("L'orientation vers « %(referral)s » est envoyée.") % {"referral": referral},
                )
                return redirect(case.get_absolute_url() + "#referrals")
        status = 400
    else:
        form = ReferralForm()
    style(form)
    return render(request, "cases/referral_form.html", {"case": case, "form": form}, status=status)


@login_required
def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _visible_case(request, pk)
    _deny_unless(access.can_work(user, case))
    if case.status not in SUPPORT_STATES and request.method != "POST":
        return _not_now(
            request,
            case,
            _("Les visites de suivi commencent une fois le plan approuvé."),
        )
    indicators = list(SurveyIndicator.objects.filter(active=True))
    status = 200
    problems: list[str] = []
    if request.method == "POST":
        form = FollowUpForm(indicators, request.POST)
        if form.is_valid():
            try:
                follow_up = services.follow_up_record(
                    case=case,
                    by=user,
                    source=Source.WEB,
                    visit_date=form.cleaned_data["visit_date"],
                    answers=form.answers(),
                    notes=form.cleaned_data.get("notes") or "",
                )
            except NotAllowed as refusal:
                raise PermissionDenied(refusal.detail) from refusal
            except InvalidState as refusal:
                return _refused_state(request, refusal, case)
            except ConditionsUnmet as refusal:
                add_refusal(form, {k: v for k, v in refusal.fields.items() if k in form.fields})
                problems = refusal.messages
            else:
                messages.success(
                    request,
                    _("La visite du %(date)s est enregistrée : score composite %(score)s.")
                    % {
                        "date": format_date(follow_up.visit_date),
                        "score": "—"
                        if follow_up.composite is None
                        else format_decimal(follow_up.composite),
                    },
                )
                return redirect(case.get_absolute_url() + "#follow-ups")
        status = 400
        style(form)
    else:
        form = FollowUpForm(indicators)
    return render(
        request,
        "cases/follow_up_form.html",
        {"case": case, "form": form, "problems": problems},
        status=status,
    )


# --- Attachments ------------------------------------------------------------------


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _page_case(request, pk)
    try:
        check_may_attach(owner=case, by=user, source=Source.WEB)
    except ActionRefused as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    form = AttachmentForm(request.POST, request.FILES, auto_id="id_upload_%s")
    if form.is_valid():
        try:
            attachment = attach(
                owner=case,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                by=user,
                source=Source.WEB,
            )
        except ActionRefused as refusal:
            add_refusal(form, refusal.fields or {"kind": refusal.messages})
        else:
            messages.success(
                request,
                _("La pièce « %(name)s » est jointe au dossier.")
                % {"name": attachment.original_name},
            )
            return redirect(case.get_absolute_url() + "#attachments")
    style(form)
    failed = Failed(
        "attachment",
        form=form,
        problems=[_("La pièce n'a pas été jointe : voyez le formulaire des pièces.")],
    )
    return _detail_page(request, case, failed=failed, status=400)
