"""The register's pages for those who handle or read the reports."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def difficulty_list(request: HttpRequest) -> HttpResponse:
    raise Http404


def difficulty_create(request: HttpRequest) -> HttpResponse:
    raise Http404


def difficulty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def difficulty_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    raise Http404


def difficulty_attach(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
