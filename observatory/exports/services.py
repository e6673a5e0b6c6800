"""An export asked for: checked, recorded (the `Export` row and its history row), then
written in the request or handed to the background work.

`start_export` is the one way to export a list, from the pages and from the API: it
refuses an unknown list (404), a list the user may not export (403), an unknown format
or a filter the list cannot read (400, with the reason); it counts the rows, records
the export and its history row (action `export`: list, format, filters, row count;
who; from where). Up to `BACKGROUND_ROWS` rows the caller writes the file at once
(`download`); above, the export is handed to `observatory.exports.background.run_later`
when the background work is there (status `pending`), and written in the request
otherwise.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.types import AnyUser, signed_in
from audit.models import Source
from audit.services import record_history
from observatory.exports.datasets import DATASETS, Dataset, Table
from observatory.exports.writers import csv_chunks, write_xlsx
from observatory.models import Export, ExportFormat, ExportKind, ExportStatus
from processes.transitions import ConditionsUnmet, NotAllowed, NotVisible

BACKGROUND_ROWS = 10_000
ACTION = "export"
CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The file names' first word, per list.
FILE_NAMES = {
    ExportKind.PROPOSALS: "projets",
    ExportKind.CASES: "dossiers",
    ExportKind.ASSOCIATIONS: "associations",
    ExportKind.EXPERTS: "competences-diaspora",
}


def dataset_of(kind: str) -> Dataset:
    dataset = DATASETS.get(kind)
    if dataset is None:
        raise NotVisible(_("Cette liste ne s'exporte pas."))
    return dataset


def check_format(format: str) -> str:
    if format not in ExportFormat.values:
        message = _("Format inconnu : choisissez csv ou xlsx.")
        raise ConditionsUnmet([message], fields={"format": [message]})
    return format


def _background_runner() -> Any:
    """`observatory.exports.background.run_later`, when the background work is there."""
    try:
        module = importlib.import_module("observatory.exports.background")
    except ModuleNotFoundError:
        return None
    return getattr(module, "run_later", None)


def start_export(
    user: AnyUser, kind: str, format: str, filters: Mapping[str, Any], source: Source | str
) -> Export:
    """Record an export of the list `kind` with the list's `filters` (a query string's
    names and values); see the module's docstring."""
    dataset = dataset_of(kind)
    check_format(format)
    if not dataset.allowed(user):
        raise NotAllowed(_("Votre rôle ne permet pas d'exporter cette liste."))
    given = dataset.given(user, filters)
    count = dataset.count(user, dataset.clean(user, given))
    runner = _background_runner() if count > BACKGROUND_ROWS else None
    now = timezone.now()
    progress: dict[str, Any] = {"requested_at": now, "rows_total": count}
    if runner:
        progress["status"] = ExportStatus.PENDING
    else:
        progress.update(status=ExportStatus.DONE, rows_done=count, finished_at=now)
    with transaction.atomic():
        export = Export.objects.create(
            kind=kind, format=format, filters=given, requested_by=signed_in(user), **progress
        )
        record_history(
            obj=export,
            action=ACTION,
            by=user,
            source=source,
            data={"kind": kind, "format": format, "filters": given, "rows": count},
        )
        if runner:
            transaction.on_commit(lambda: runner(export))
    return export


def export_asked(
    user: AnyUser, kind: str, params: Mapping[str, Any], source: Source | str
) -> Export:
    """`start_export` as a query string asks for it: `format` (CSV when not given) and the
    list's filters."""
    return start_export(user, kind, params.get("format") or ExportFormat.CSV, params, source)


def table_of(export: Export) -> Table:
    """The columns and rows of `export`: its list, as its requester sees it with its
    filters (read again now)."""
    dataset = dataset_of(export.kind)
    user = export.requested_by
    return dataset.table(user, dataset.clean(user, export.filters))


def file_name(export: Export) -> str:
    day = timezone.localtime(export.requested_at).date().isoformat()
    return f"{FILE_NAMES.get(ExportKind(export.kind), export.kind)}-{day}.{export.format}"


def sheet_name(export: Export) -> str:
    return str(ExportKind(export.kind).label)


def download(export: Export) -> StreamingHttpResponse | FileResponse:
    """The file of an export written in the request: the CSV streamed as its rows are
    read; the XLSX written to a temporary file (deleted when sent), then sent."""
    table = table_of(export)
    name = file_name(export)
    if export.format == ExportFormat.CSV:
        response = StreamingHttpResponse(
            csv_chunks(table.columns, table.rows), content_type=CONTENT_TYPES[ExportFormat.CSV]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        spooled = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the response)
        write_xlsx(table.columns, table.rows, spooled, sheet=sheet_name(export))
        spooled.seek(0)
        response = FileResponse(
            spooled,
            as_attachment=True,
            filename=name,
            content_type=CONTENT_TYPES[ExportFormat.XLSX],
        )
    response["Cache-Control"] = "private, no-store"
    return response
