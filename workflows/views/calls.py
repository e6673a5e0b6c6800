"""The calls for proposals: list, page, creation and edition."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.models import Source
from processes.forms import add_refusal, add_validation_error, style
from processes.page_actions import deny_unless
from processes.transitions import ConditionsUnmet, NotAllowed
from workflows import access, services
from workflows.forms import CallForm, RowsFormSet, criteria_formset
from workflows.models import Call


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
    deny_unless(access.can_manage_calls(request.user))
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
