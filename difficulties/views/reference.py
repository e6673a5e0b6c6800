"""The online services (« Démarches en ligne ») officers keep; the administrations have
their own pages (`difficulties.views.administrations`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.models import Source
from difficulties import access
from difficulties.forms.reference import OnlineServiceForm
from difficulties.models import OnlineService
from difficulties.services.reference import online_service_save
from processes.forms import style
from processes.page_actions import deny_unless, write_from_page


def _service_page(
    request: HttpRequest,
    form: OnlineServiceForm,
    service: OnlineService | None,
    *,
    status: int = 200,
) -> HttpResponse:
    title = (
        _("Modifier « %(title)s »") % {"title": service.title}
        if service is not None
        else _("Ajouter une démarche en ligne")
    )
    style(form)
    context = {"form": form, "service": service, "title": title}
    return render(request, "difficulties/public/online_service_form.html", context, status=status)


def _save_service(
    request: HttpRequest, form: OnlineServiceForm, service: OnlineService | None
) -> HttpResponse:
    if form.is_valid():
        written = write_from_page(
            request,
            service,
            form,
            lambda: online_service_save(
                service, fields=form.service_fields(), by=request.user, source=Source.WEB
            ),
        )
        if written.answer is not None:
            return written.answer
        if written.done:
            messages.success(
                request,
                _("La démarche « %(title)s » est enregistrée.") % {"title": written.value.title},
            )
            return redirect(reverse("difficulties:online_services"))
    return _service_page(request, form, service, status=400)


@login_required
def online_service_create(request: HttpRequest) -> HttpResponse:
    deny_unless(access.can_keep_reference(request.user))
    if request.method != "POST":
        return _service_page(request, OnlineServiceForm(), None)
    return _save_service(request, OnlineServiceForm(request.POST), None)


@login_required
def online_service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deny_unless(access.can_keep_reference(request.user))
    service = get_object_or_404(OnlineService, pk=pk)
    if request.method != "POST":
        return _service_page(request, OnlineServiceForm(instance=service), service)
    return _save_service(request, OnlineServiceForm(request.POST, instance=service), service)
