"""Intake pages: registering a returnee, correcting the intake, assigning the case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.models import Source
from cases import access, selectors, services
from cases.forms import (
    AssignForm,
    CaseForm,
)
from cases.models import (
    Case,
)
from cases.views.common import supervisor_only, visible_case_or_404
from processes.forms import add_refusal, style
from processes.page_actions import deny_unless, write_from_page
from processes.pages import next_url
from processes.transitions import (
    ConditionsUnmet,
    NotAllowed,
)
from registry.selectors import prefectures_of_region


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
    deny_unless(access.can_register(user))
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
    case = visible_case_or_404(request, pk)
    deny_unless(access.can_work(user, case))
    if request.method != "POST":
        return _case_form_page(request, CaseForm(instance=case), case)
    form = CaseForm(request.POST, instance=case)
    if form.is_valid():
        written = write_from_page(
            request,
            case,
            form,
            lambda: services.case_update(
                case=case,
                by=user,
                source=Source.WEB,
                expected_state=request.POST.get("expected_state") or None,
                **form.service_fields(),
            ),
        )
        if written.answer is not None:
            return written.answer
        if written.done:
            messages.success(request, _("Les modifications sont enregistrées."))
            return redirect(case)
    return _case_form_page(request, form, case, status=400)


@login_required
@require_GET
def prefecture_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the prefecture select for one region (htmx)."""
    prefectures = prefectures_of_region(request.GET.get("region", ""))
    return render(request, "registry/_prefecture_options.html", {"prefectures": prefectures})


@login_required
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign a case to a caseworker, or transfer it to another one (supervisors)."""
    user = request.user
    case = visible_case_or_404(request, pk)
    supervisor_only(user)
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
        written = write_from_page(
            request,
            case,
            form,
            lambda: services.case_assign(
                case=case, caseworker=form.cleaned_data["caseworker"], by=user, source=Source.WEB
            ),
            unnamed_on="caseworker",
        )
        if written.answer is not None:
            return written.answer
        if written.done:
            moved = written.value
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
            return redirect(next_url(request) or case.get_absolute_url())
    style(form)
    return render(request, "cases/case_assign.html", {"case": case, "form": form}, status=400)
