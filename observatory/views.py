"""The observatory's pages: the dashboard, `/observatoire/`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from observatory.access import Scope, refusal, scope_of
from observatory.filters import StatsFilterForm, StatsFilters
from observatory.sections import sections_for
from processes.forms import style
from registry.models import Embassy


def filter_form(request: HttpRequest, scope: Scope) -> tuple[StatsFilterForm, StatsFilters]:
    """The filters of the query string, and those that apply: a value that names nothing
    is said by its field and that filter alone is left out. A focal point chooses among
    its own embassies."""
    form = StatsFilterForm(request.GET or None)
    if scope.embassy_ids is not None:
        form.fields["embassy"].queryset = Embassy.objects.filter(pk__in=scope.embassy_ids)  # type: ignore[attr-defined]
    style(form)
    if not form.is_bound:
        return form, StatsFilters()
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_error"
    return form, StatsFilters.from_form(form)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope is None:
        raise PermissionDenied(refusal())
    form, filters = filter_form(request, scope)
    return render(
        request,
        "observatory/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "filtered": bool(filters.described()),
            "sections": sections_for(scope, filters),
        },
    )
