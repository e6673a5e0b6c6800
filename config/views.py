"""Pages that gather every process: the home page ("Mon espace"), error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from registry import selectors as registry_selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    sections = [*registry_selectors.home_sections(request.user)]
    return render(request, "home.html", {"sections": sections})


def server_error(request: HttpRequest) -> HttpResponse:
    """500: JSON under /api/, the plain page elsewhere; never a stack trace."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Erreur interne du serveur. Réessayez plus tard.")}, status=500
        )
    return defaults.server_error(request)
