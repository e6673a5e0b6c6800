"""Pages that gather every process: the home page ("Mon espace"), the inbox, error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import csrf, defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases import home as cases_home
from config import work
from difficulties import home as difficulties_home
from missions import home as missions_home
from observatory import home as observatory_home
from registry import selectors as registry_selectors
from workflows import home as workflows_home


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """`/favicon.ico`, asked for by browsers whatever the page says: the site's icon."""
    response = HttpResponseRedirect(static("favicon.svg"))
    patch_cache_control(response, public=True, max_age=86400)
    return response


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """`/health/`, for the load balancer: 200 when this server reaches its database, 503
    otherwise. No login, one query, nothing about the installation in the answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    tasks = work.tasks_section(request.user)
    sections = [
        *([tasks] if tasks is not None else []),
        *workflows_home.home_sections(request.user),
        *registry_selectors.home_sections(request.user),
        *cases_home.home_sections(request.user),
        *missions_home.home_sections(request.user),
        *difficulties_home.home_sections(request.user),
        *observatory_home.home_sections(request.user),
    ]
    return render(request, "home.html", {"sections": sections})


@login_required
@require_GET
def tasks(request: HttpRequest) -> HttpResponse:
    """ "Mes tâches": the user's open work items across the processes, oldest first, a
    page at a time (`after` or `before` a cursor of the page's links)."""
    page = work.task_page(
        request.user, after=request.GET.get("after", ""), before=request.GET.get("before", "")
    )
    return render(
        request,
        "tasks.html",
        {
            "items": page.rows,
            "rows": work.task_rows(page.rows),
            "more": page.has_other_pages,
            "page_size": work.PAGE_SIZE,
            **page.links(request.GET),
        },
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """500: JSON under /api/, the plain page elsewhere; never a stack trace."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Erreur interne du serveur. Réessayez plus tard.")}, status=500
        )
    return defaults.server_error(request)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: the plain page, its reason kept for the security event of the refusal."""
    response = defaults.permission_denied(request, exception)
    response.security_reason = str(exception)  # type: ignore[attr-defined]
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a refused CSRF check: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Requête refusée : le jeton CSRF est absent ou incorrect.")}, status=403
        )
    return csrf.csrf_failure(request, reason=reason)
