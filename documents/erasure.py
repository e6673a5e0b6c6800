"""Deleting the files that hold an owner's personal data, when that data is erased.

Generated documents are otherwise never changed nor deleted (`documents.models`):
this is the one exception, called by an owner's app when it anonymises the
owner (a returnee's case past its retention period, or erased on request).

- Generated PDFs (and their embedded JSON) print the person's identity: their
  rows and files are deleted, not regenerated. The public verification then
  answers that no such document exists.
- Uploaded pieces keep their row (kind, size, SHA-256, who uploaded it, when),
  marked `erased_at`, without their file or their original name.

The caller writes the owner's history row; the files leave the storage only once
the caller's transaction has committed, so a rollback keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage
from django.db import models, transaction
from django.utils import timezone

from documents.models import Attachment, DocumentFailure, PendingDocument, StoredDocument
from documents.uploads import attachments_of


@dataclass(frozen=True)
class ErasedFiles:
    documents: int
    attachments: int


def _delete_on_commit(model: type[models.Model], names: list[str]) -> None:
    storage: Storage = model._meta.get_field("file").storage  # type: ignore[union-attr]

    def delete() -> None:
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)


def erase_files_of(owner: models.Model) -> ErasedFiles:
    """Delete `owner`'s generated documents and the files of its pieces; run inside the
    caller's transaction."""
    now = timezone.now()
    generated = StoredDocument.objects.for_owner(owner)
    document_names = [name for name in generated.values_list("file", flat=True) if name]
    documents = len(document_names)
    # The immutable queryset refuses `delete()`: erasure is the one path that may.
    models.QuerySet.delete(generated)
    # Nothing is to be generated for it again: neither a failure retried nor a document
    # still pending (regenerate_documents completes those).
    for still_open in (DocumentFailure, PendingDocument):
        still_open.objects.filter(
            content_type=ContentType.objects.get_for_model(owner),
            object_id=owner.pk,
            resolved=False,
        ).update(resolved=True, resolved_at=now)
    pieces = attachments_of(owner).filter(erased_at__isnull=True)
    piece_names = [name for name in pieces.values_list("file", flat=True) if name]
    erased = pieces.update(file="", original_name="", erased_at=now)
    _delete_on_commit(StoredDocument, document_names)
    _delete_on_commit(Attachment, piece_names)
    return ErasedFiles(documents=documents, attachments=erased)
