"""The public pages: the report form, its confirmation, the tracking page, the online
services. No account is needed for any of them."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def report(request: HttpRequest) -> HttpResponse:
    raise Http404


def reported(request: HttpRequest, code: str) -> HttpResponse:
    raise Http404


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    raise Http404


def tracking_lookup(request: HttpRequest) -> HttpResponse:
    raise Http404


def tracking(request: HttpRequest, code: str) -> HttpResponse:
    raise Http404


def online_services(request: HttpRequest) -> HttpResponse:
    raise Http404
