"""Keeping a file between its preview and its import, then importing it all or nothing."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.models import Source
from audit.services import record_history
from processes.transitions import ActionRefused, NotAllowed, NotVisible
from registry import access, services
from registry.bulk import RowsRefused
from registry.importing.columns import column_label
from registry.importing.errors import AlreadyImported, ImportRefused, RowError
from registry.importing.reading import ParsedFile, parse
from registry.importing.validation import Preview, RowResult, validate
from registry.models import (
    ImportBatch,
    ImportKind,
    ImportStatus,
)

User = AnyUser


def save_batch(*, parsed: ParsedFile, preview: Preview, file_name: str, by: User) -> ImportBatch:
    """Keep an uploaded file between its preview and its import."""
    services.check_allowed(access.can_import(by))
    if by.pk is None:
        raise NotAllowed(_("Connectez-vous d'abord."))
    return ImportBatch.objects.create(
        kind=parsed.kind,
        file_name=file_name[-255:],
        content=parsed.text,
        row_count=preview.row_count,
        error_count=preview.error_count,
        uploaded_by_id=by.pk,
    )


def preview_batch(*, batch: ImportBatch, by: User) -> Preview:
    """Validate a kept file again: the registry may have changed since the upload."""
    preview = validate(parse(batch.kind, batch.content), by)
    if (batch.row_count, batch.error_count) != (preview.row_count, preview.error_count):
        batch.row_count, batch.error_count = preview.row_count, preview.error_count
        batch.save(update_fields=["row_count", "error_count"])
    return preview


def _create_all(batch: ImportBatch, preview: Preview, *, by: User, source: Source | str) -> None:
    """Create every row of `preview` in batches; a refused row stops the whole import
    with the reasons of every refused row."""
    rows = [(row.fields, row.related) for row in preview.rows]
    create = (
        services.association_create_many
        if batch.kind == ImportKind.ASSOCIATIONS
        else services.expert_create_many
    )
    try:
        create(rows=rows, by=by, source=source)
    except RowsRefused as exc:
        for index, refusal in exc.refusals.items():
            _report(batch.kind, preview, preview.rows[index], refusal)
        raise ImportRefused(preview) from exc
    except IntegrityError as exc:
        # Someone registered the same row meanwhile (the rows were checked, then waited
        # on the other writer): checked again, the file names it as a duplicate.
        again = validate(parse(batch.kind, batch.content), by)
        if again.importable:
            conflict = _(
                "cette ligne est entrée en conflit avec une inscription faite entre-temps."
            )
            for row in again.rows:
                row.errors.append(RowError(row.line, None, conflict))
        raise ImportRefused(again) from exc


def import_batch(*, batch: ImportBatch, by: User, source: Source | str) -> int:
    """Create every row of `batch`, all or nothing; return how many were created."""
    services.check_allowed(access.can_import(by))
    if not by.is_authenticated or batch.uploaded_by_id != by.pk:
        raise NotVisible(_("Cet import n'existe pas."))
    try:
        with transaction.atomic():
            # Claiming the batch first makes a second, concurrent import wait, then fail.
            claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEWED).update(
                status=ImportStatus.IMPORTED, imported_at=timezone.now()
            )
            if not claimed:
                batch.refresh_from_db()
                raise AlreadyImported(_already_imported_message(batch))
            preview = validate(parse(batch.kind, batch.content), by)
            if not preview.importable:
                raise ImportRefused(preview)
            _create_all(batch, preview, by=by, source=source)
            ImportBatch.objects.filter(pk=batch.pk).update(
                row_count=preview.row_count, error_count=0, imported_count=preview.row_count
            )
            record_history(
                obj=batch,
                action="import",
                by=by,
                source=source,
                target_state=ImportStatus.IMPORTED,
                comment=f"{batch.file_name} ({preview.row_count})",
            )
    except ImportRefused as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(
            row_count=exc.preview.row_count, error_count=exc.preview.error_count
        )
        batch.refresh_from_db()
        raise
    batch.refresh_from_db()
    return batch.imported_count


def _report(
    kind: str, preview: Preview, row: RowResult, refusal: ValidationError | ActionRefused
) -> None:
    """Add why the registry refused `row` to its errors."""
    if isinstance(refusal, ActionRefused):
        row.errors += [RowError(row.line, None, m) for m in refusal.messages]
        return
    messages = getattr(refusal, "message_dict", {NON_FIELD_ERRORS: refusal.messages})
    for name, field_messages in messages.items():
        column = None if name == NON_FIELD_ERRORS else column_label(kind, preview.headers, name)
        row.errors += [RowError(row.line, column, m) for m in field_messages]


def _already_imported_message(batch: ImportBatch) -> str:
    when = timezone.localtime(batch.imported_at) if batch.imported_at else None
    return _(
        "Le fichier « %(file)s » a déjà été importé le %(date)s : un fichier ne s'importe "
        "qu'une fois, rien n'a été importé de nouveau."
    ) % {"file": batch.file_name, "date": date_format(when, "DATETIME_FORMAT") if when else "?"}
