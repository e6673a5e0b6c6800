"""Pages that gather every process: the home page ("Mon espace")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from registry import selectors as registry_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    sections = [*registry_selectors.home_sections(request.user)]
    return render(request, "home.html", {"sections": sections})
