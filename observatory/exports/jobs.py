"""A user's exports as its pages and the API show them: only the user who asked sees
an export (anyone else gets a 404, its existence not leaked), and downloads its file,
streamed from the storage while it is kept (`KEEP_DAYS`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from documents.attachments import file_response
from observatory.exports import services
from observatory.models import Export, ExportFormat, ExportStatus

# Days a written file is kept before `manage.py expire_exports` deletes it.
KEEP_DAYS = 7
# In the session while the user has exports: the menu offers "Mes exports" (no query
# on every page to know it).
SESSION_KEY = "observatory_exports"


def exports_of(user: AnyUser) -> QuerySet[Export]:
    """The exports `user` asked for (none for an anonymous visitor)."""
    if not user.is_authenticated:
        return Export.objects.none()
    return Export.objects.filter(requested_by=user)


def export_of(user: AnyUser, pk: int) -> Export:
    """`user`'s export `pk`; 404 for anyone else's."""
    export = exports_of(user).filter(pk=pk).first()
    if export is None:
        raise Http404
    return export


def remember(request: HttpRequest) -> None:
    """From now on the menu of this session offers "Mes exports"."""
    if not request.session.get(SESSION_KEY):
        request.session[SESSION_KEY] = True


def ready(export: Export) -> bool:
    """Its file may be downloaded: written, and not deleted after `KEEP_DAYS`."""
    return export.status == ExportStatus.DONE and bool(export.file)


def expired(export: Export) -> bool:
    return export.status == ExportStatus.DONE and not export.file


def download(export: Export, user: AnyUser) -> FileResponse:
    """The export's file, streamed from the storage, for its user while it may still
    export that list (a supervisor who lost the role no longer downloads the cases it
    exported before: 403); 404 when it is not (or no longer) there."""
    if not services.dataset_of(export.kind).allowed(user):
        raise PermissionDenied(_("Vous ne pouvez plus exporter cette liste."))
    if not ready(export):
        raise Http404
    try:
        handle = export.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    content_type = services.CONTENT_TYPES[ExportFormat(export.format)]
    return file_response(handle, name=services.file_name(export), content_type=content_type)


def job_url(export: Export) -> str:
    return reverse("api:export-job", args=[export.pk])


def job_data(export: Export, request: HttpRequest) -> dict[str, Any]:
    """The export as `GET /api/v1/exports/jobs/<id>/` answers it."""
    link = None
    if ready(export):
        link = request.build_absolute_uri(reverse("api:export-job-download", args=[export.pk]))
    return {
        "id": export.pk,
        "kind": export.kind,
        "format": export.format,
        "status": export.status,
        "status_label": str(export.get_status_display()),
        "rows_done": export.rows_done,
        "rows_total": export.rows_total,
        "progress": export.progress,
        "download": link,
    }
