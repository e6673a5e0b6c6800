"""A returnee's personal data from the case's page: the export (right of access) and
the erasure on request (a supervisor, with a reason and a confirmation)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.models import Source
from cases import access, services
from cases.forms import EraseForm
from cases.views.common import visible_case_or_404
from documents.attachments import file_response
from documents.rendering import json_bytes
from processes.forms import style
from processes.page_actions import deny_unless, write_from_page


@login_required
@require_GET
def case_export(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """Everything held on the returnee, as a JSON or PDF download (recorded)."""
    case = visible_case_or_404(request, pk)
    if fmt not in services.EXPORT_FORMATS:
        raise Http404
    deny_unless(access.can_export(request.user, case))
    exported = services.case_export(case=case, by=request.user, source=Source.WEB, fmt=fmt)
    stem = _("donnees-personnelles")
    if isinstance(exported, bytes):
        return file_response(
            io.BytesIO(exported),
            name=f"{stem}-{case.reference}.pdf",
            content_type="application/pdf",
        )
    return file_response(
        io.BytesIO(json_bytes(exported)),
        name=f"{stem}-{case.reference}.json",
        content_type="application/json",
    )


@login_required
def case_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page, then the erasure (supervisors; closed cases only)."""
    user = request.user
    case = visible_case_or_404(request, pk)
    deny_unless(access.can_erase(user, case))
    context = {"case": case, "problems": services.erasure_problems(case)}
    if request.method != "POST":
        form = EraseForm()
        style(form)
        return render(request, "cases/case_erase.html", {**context, "form": form})
    form = EraseForm(request.POST)
    if form.is_valid():
        written = write_from_page(
            request,
            case,
            form,
            lambda: services.case_erase(
                case=case,
                by=user,
                source=Source.WEB,
                reason=form.cleaned_data["reason"],
                confirmed=form.cleaned_data["confirm"],
            ),
        )
        if written.answer is not None:
            return written.answer
        if written.done:
            messages.success(
                request,
                _("Les données personnelles du dossier %(reference)s sont effacées.")
                % {"reference": case.reference},
            )
            return redirect(case)
    style(form)
    return render(request, "cases/case_erase.html", {**context, "form": form}, status=400)
