"""The quarterly reports: their list, one report's page, making one."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def report_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
