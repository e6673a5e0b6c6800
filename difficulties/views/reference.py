"""The reference data officers keep: the online services and the administrations."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def online_service_create(request: HttpRequest) -> HttpResponse:
    raise Http404


def online_service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def administration_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def administration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
