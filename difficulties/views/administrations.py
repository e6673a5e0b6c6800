"""The administrations a report concerns or is referred to: listed for the officers and
the auditors, added and edited by the officers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.models import Source
from difficulties import access
from difficulties.forms.register import AdministrationForm
from difficulties.models import Administration
from difficulties.services.reference import administration_save
from processes.forms import style
from processes.page_actions import write_from_page


def _readers_only(request: HttpRequest) -> None:
    if not access.reads_everything(request.user):
        raise PermissionDenied(
            _("La liste des administrations est tenue par les chargés de programme.")
        )


def _form_page(
    request: HttpRequest,
    form: AdministrationForm,
    instance: Administration | None,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The page of `form`; posted, saved through the service (the list with a message),
    or shown again (400) with the refusal on its fields."""
    status = 200
    if request.method == "POST":
        decision = access.can_keep_reference(request.user)
        if not decision:
            raise PermissionDenied(decision.reason)
        if form.is_valid():
            written = write_from_page(
                request,
                instance,
                form,
                lambda: administration_save(
                    instance, fields=form.service_fields(), by=request.user, source=Source.WEB
                ),
                unnamed_on="name",
            )
            if written.answer is not None:
                return written.answer
            if written.done:
                messages.success(
                    request,
                    _("L'administration « %(name)s » est enregistrée.") % {"name": written.value},
                )
                return redirect("difficulties:administration_list")
        status = 400
    style(form, errors=form.is_bound)
    return render(request, template, {**context, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def administration_list(request: HttpRequest) -> HttpResponse:
    """Every administration, and the officers' form that adds one."""
    _readers_only(request)
    form = AdministrationForm(request.POST or None, auto_id="id_new_%s")
    return _form_page(
        request,
        form,
        None,
        "difficulties/register/administrations.html",
        {
            "administrations": list(Administration.objects.order_by("name")),
            "can_keep": access.can_keep_reference(request.user).allowed,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def administration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer edits an administration's name, code and whether it is proposed."""
    _readers_only(request)
    decision = access.can_keep_reference(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    administration = Administration.objects.filter(pk=pk).first()
    if administration is None:
        raise Http404
    form = AdministrationForm(request.POST or None, instance=administration)
    return _form_page(
        request,
        form,
        administration,
        "difficulties/register/administration_form.html",
        {"administration": administration},
    )
