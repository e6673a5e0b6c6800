"""The work on a case: assessment, plan, referrals, follow-up visits."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.models import Source
from cases import access, selectors, services
from cases.forms import (
    AssessmentForm,
    FollowUpForm,
    PlanItemForm,
    ReferralForm,
)
from cases.models import (
    CaseStatus,
)
from cases.presenters import SUPPORT_STATES, assessment_of, case_actions
from cases.transitions import (
    CaseTransition,
)
from cases.views.common import (
    not_now,
    page_case_or_404,
    visible_case_or_404,
)
from documents.formatting import format_date, format_decimal
from processes.forms import style
from processes.page_actions import deny_unless, refused_state, write_from_page
from processes.transitions import (
    InvalidState,
    NotAllowed,
)

C = CaseStatus

# --- Assessment and plan ----------------------------------------------------------


@login_required
def assessment_form(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = page_case_or_404(request, pk)
    deny_unless(access.can_work(user, case))
    assessment = assessment_of(case)
    if case.status != C.ASSESSMENT and request.method != "POST":
        return not_now(
            request, case, _("L'évaluation se remplit quand le dossier est « En évaluation ».")
        )
    status = 200
    problems: list[str] = []
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        if form.is_valid():
            written = write_from_page(
                request,
                case,
                form,
                lambda: services.assessment_save(
                    case=case, by=user, source=Source.WEB, **form.service_fields()
                ),
                listed=True,
            )
            if written.answer is not None:
                return written.answer
            problems = written.problems
            if written.done:
                saved = written.value
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
    case = page_case_or_404(request, pk)
    deny_unless(access.can_work(user, case))
    editable = case.status == C.ASSESSMENT
    status = 200
    if request.method == "POST":
        form = PlanItemForm(request.POST)
        if form.is_valid():
            written = write_from_page(
                request,
                case,
                form,
                lambda: services.plan_item_add(
                    case=case, by=user, source=Source.WEB, **form.service_fields()
                ),
            )
            if written.answer is not None:
                return written.answer
            if written.done:
                item = written.value
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
            "assessment": assessment_of(case),
            "submit": next(
                (a for a in case_actions(user, case) if a.name == CaseTransition.SUBMIT_PLAN), None
            ),
        },
        status=status,
    )


@login_required
@require_POST
def plan_item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user = request.user
    case = visible_case_or_404(request, pk)
    item = selectors.plan_item_of(case, item_pk)
    if item is None:
        raise Http404
    try:
        services.plan_item_remove(item=item, by=user, source=Source.WEB)
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    except InvalidState as refusal:
        return refused_state(request, refusal, case)
    messages.success(request, _("« %(item)s » est retiré du plan.") % {"item": item})
    return redirect("cases:plan_builder", pk=case.pk)


# --- Referrals and follow-ups -----------------------------------------------------


@login_required
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = visible_case_or_404(request, pk)
    deny_unless(access.can_work(user, case))
    if case.status not in SUPPORT_STATES and request.method != "POST":
        return not_now(
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
            written = write_from_page(
                request,
                case,
                form,
                lambda: services.referral_create(
                    case=case, by=user, source=Source.WEB, **form.service_fields()
                ),
            )
            if written.answer is not None:
                return written.answer
            if written.done:
                referral = written.value
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
    case = visible_case_or_404(request, pk)
    deny_unless(access.can_work(user, case))
    if case.status not in SUPPORT_STATES and request.method != "POST":
        return not_now(
            request,
            case,
            _("Les visites de suivi commencent une fois le plan approuvé."),
        )
    indicators = selectors.active_indicators()
    status = 200
    problems: list[str] = []
    if request.method == "POST":
        form = FollowUpForm(indicators, request.POST)
        if form.is_valid():
            written = write_from_page(
                request,
                case,
                form,
                lambda: services.follow_up_record(
                    case=case,
                    by=user,
                    source=Source.WEB,
                    visit_date=form.cleaned_data["visit_date"],
                    answers=form.answers(),
                    notes=form.cleaned_data.get("notes") or "",
                ),
                listed=True,
            )
            if written.answer is not None:
                return written.answer
            problems = written.problems
            if written.done:
                follow_up = written.value
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
