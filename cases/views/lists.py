"""The lists of the cell: cases, the decisions awaiting a supervisor, the caseload."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from cases import access, selectors
from cases.choices import OPEN_CASE_STATUSES
from cases.forms import (
    CaseFilterForm,
)
from cases.presenters import decision_rows
from cases.views.common import cell_only, supervisor_only
from processes.pages import linked


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """ "Mes dossiers" for a caseworker; every case, with more filters, for a supervisor."""
    user = request.user
    cell_only(user)
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
            "cases": linked(page.rows, "cases:case_detail"),
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
    supervisor_only(user)
    return render(
        request,
        "cases/decision_queue.html",
        {"rows": decision_rows(user), "here": reverse("cases:decision_queue")},
    )


@login_required
@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    user = request.user
    supervisor_only(user)
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
