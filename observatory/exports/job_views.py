"""The pages of a user's exports: "Mes exports", one export's progress, its download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from observatory.exports import jobs
from observatory.models import ExportStatus
from processes.pages import linked, newest_first_page, url_for_each

# Seconds between two reloads of a running export's page.
REFRESH = 5
# The columns of "Mes exports".
COLUMNS = (
    gettext_lazy("Liste"),
    gettext_lazy("Demandé le"),
    gettext_lazy("État"),
    gettext_lazy("Progression"),
    gettext_lazy("Taille"),
    gettext_lazy("Fichier"),
)


@login_required
@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    """The user's exports, newest first, each with its state, progress and file."""
    page = newest_first_page(
        jobs.exports_of(request.user),
        after=request.GET.get("after", ""),
        before=request.GET.get("before", ""),
    )
    exports = linked(page.rows, "observatory:export_detail")
    if exports:
        jobs.remember(request)
    download_of = url_for_each("observatory:export_download")
    for export in exports:
        export.download_url = download_of(export.pk) if jobs.ready(export) else ""  # type: ignore[attr-defined]
    unfinished = any(
        export.status in (ExportStatus.PENDING, ExportStatus.RUNNING) for export in exports
    )
    context = {
        "exports": exports,
        "columns": COLUMNS,
        "refresh": REFRESH if unfinished else None,
        "keep_days": jobs.KEEP_DAYS,
        **page.links(request.GET),
    }
    return render(request, "observatory/export_list.html", context)


@login_required
@require_GET
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One export: its progress (the page reloads itself while it runs, no script
    needed), then its download, or why it failed."""
    export = jobs.export_of(request.user, pk)
    jobs.remember(request)
    running = export.status in (ExportStatus.PENDING, ExportStatus.RUNNING)
    context = {
        "export": export,
        "refresh": REFRESH if running else None,
        "ready": jobs.ready(export),
        "expired": jobs.expired(export),
        "keep_days": jobs.KEEP_DAYS,
    }
    return render(request, "observatory/export_detail.html", context)


@login_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    return jobs.download(jobs.export_of(request.user, pk), request.user)
