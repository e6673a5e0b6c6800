"""Large exports, written on the task queue (`processes.queue`) into `Export.file`.

`run_later(export)` hands the export to `write_export` once the request's
transaction commits: on a Celery worker when a broker is configured, in this
process otherwise (and in this process too when the broker refuses it). The task

- claims the export (pending, or running again after a retry or a killed worker;
  a finished or failed export is left alone: running the task twice makes one file),
- counts the rows again (`rows_total`), writes them into a temporary file on the
  worker's disk, one UPDATE of `rows_done` per chunk of `CHUNK` rows, never one per
  row, then hands the file to the default storage (a folder, or the S3 bucket of
  `MEDIA_STORAGE=s3`: the same code) and marks the export done in one UPDATE that
  only a running export takes; a second writer that finishes later drops its copy,
- mails the user who asked that the file is ready (`processes.mail.mail_later`),
- fails in words: after its last retry the export is `failed` with a sentence for
  its owner (the exception goes to the log, never to a page).

`expire_files(days)` deletes the files older than `KEEP_DAYS` (the
`expire_exports` command); the Export rows stay, as the history of what was
exported.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.core.files import File
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from observatory.exports import services
from observatory.exports.datasets import CHUNK_ROWS
from observatory.exports.jobs import KEEP_DAYS
from observatory.exports.writers import csv_chunks, write_xlsx
from observatory.models import Export, ExportFormat, ExportStatus
from processes.mail import mail_later
from processes.queue import enqueue, retried

logger = logging.getLogger(__name__)

# Rows written between two updates of `rows_done`: one per chunk of rows read.
CHUNK = CHUNK_ROWS
UNFINISHED = (ExportStatus.PENDING, ExportStatus.RUNNING)


def run_later(export: Export) -> None:
    """Write `export` in the background once the current transaction commits, in the
    language of the request (its headers and values)."""
    enqueue(write_export, export.pk, translation.get_language() or "fr")


def _progress(export_id: int, done: int) -> None:
    Export.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(rows_done=done)


def _counted(export_id: int, rows: Iterable[list[Any]], chunk: int) -> Iterator[list[Any]]:
    """`rows` as they are written, their count saved every `chunk` rows."""
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % chunk == 0:
            _progress(export_id, done)
    if done % chunk:
        _progress(export_id, done)


def _claim(export_id: int) -> Export | None:
    """The export, now running, or None when it is finished (or gone)."""
    claimed = Export.objects.filter(pk=export_id, status__in=UNFINISHED).update(
        status=ExportStatus.RUNNING, rows_done=0
    )
    if not claimed:
        return None
    return Export.objects.select_related("requested_by").get(pk=export_id)


def write(export_id: int, language: str = "fr") -> str | None:
    """Write the export's file; its name in the storage, or None when there was
    nothing (left) to do."""
    export = _claim(export_id)
    if export is None:
        return None
    with translation.override(language):
        dataset = services.dataset_of(export.kind)
        filters = dataset.clean(export.requested_by, export.filters)
        total = dataset.count(export.requested_by, filters)
        Export.objects.filter(pk=export_id).update(rows_total=total)
        table = dataset.table(export.requested_by, filters)
        rows = _counted(export_id, table.rows, CHUNK)
        with tempfile.TemporaryFile(suffix=f".{export.format}") as scratch:
            if export.format == ExportFormat.XLSX:
                write_xlsx(table.columns, rows, scratch, sheet=services.sheet_name(export))
            else:
                for chunk in csv_chunks(table.columns, rows):
                    scratch.write(chunk)
            size = scratch.tell()
            scratch.seek(0)
            stored = export.file.field.generate_filename(export, services.file_name(export))
            name = export.file.storage.save(stored, File(scratch))
    finished = Export.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
        status=ExportStatus.DONE, file=name, size=size, finished_at=timezone.now(), error=""
    )
    if not finished:  # another run finished first: its file stays, this one goes
        export.file.storage.delete(name)
        return None
    with translation.override(language):
        _mail_ready(export, total)
    return name


def _mail_ready(export: Export, rows: int) -> None:
    """Tell the user who asked that the file is ready, with the address of its page."""
    link = settings.SITE_URL.rstrip("/") + reverse("observatory:export_detail", args=[export.pk])
    what = {"list": export.get_kind_display(), "rows": rows, "days": KEEP_DAYS}
    subject = _("Votre export est prêt : %(list)s") % what
    body = (
        _(
            "Le fichier de votre export « %(list)s » (%(rows)s lignes) est prêt. Il est gardé "
            "%(days)s jours ; téléchargez-le depuis sa page :"
        )
        % what
    )
    recipients = [export.requested_by.email] if export.requested_by.email else []
    mail_later([(subject, f"{body}\n{link}\n", recipients)])


def fail(export_id: int) -> None:
    """The export failed for good: said in words to its owner."""
    Export.objects.filter(pk=export_id, status__in=UNFINISHED).update(
        status=ExportStatus.FAILED,
        finished_at=timezone.now(),
        error=_(
            "Le fichier n'a pas pu être écrit après plusieurs essais. Relancez l'export "
            "depuis la liste ; si l'échec se répète, prévenez l'administrateur."
        ),
    )


class RecordsFailure(Task):
    """Its last failure marks the export failed, with a sentence for its owner."""

    def on_failure(
        self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
    ) -> None:
        logger.error("Writing export %s failed for good: %r", args[0], exc)
        language = args[1] if len(args) > 1 else "fr"
        try:
            with translation.override(language):
                fail(args[0])
        except Exception:
            logger.exception("Recording the failure of export %s failed too", args[0])


@shared_task(base=RecordsFailure, **retried())
def write_export(export_id: int, language: str = "fr") -> str | None:
    return write(export_id, language)


def expire_files(days: int = KEEP_DAYS) -> int:
    """Delete the files of the exports finished more than `days` ago; how many. The
    rows stay (who exported what, when), without their file."""
    limit = timezone.now() - timedelta(days=days)
    expired = 0
    old = Export.objects.filter(finished_at__lt=limit).exclude(file="")
    for export in old.only("pk", "file").iterator():
        export.file.storage.delete(str(export.file.name))
        expired += Export.objects.filter(pk=export.pk).update(file="")
    return expired
