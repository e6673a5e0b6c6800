"""Generating, storing and verifying documents.

The owning app describes each kind of document once
(`documents.registry.register_producer`): which model owns it, how to build
its template context and JSON data from an owner, and which owners still lack
one. Everything else is generic: render,
hash, store a new immutable version, write the owner's history.

The transition that makes a document due records a `PendingDocument` in its own
transaction (`request_document`), which enqueues its rendering
(`documents.tasks.render_pending`) for after the commit, so a failure never undoes
the transition: the stored document resolves the pending row, or the last failure
is kept as a `DocumentFailure`, shown on the owner's page with a retry
(`generate_or_record_failure` does the same at once, for the retry button and the
commands). A pending row left open (no worker took it yet, or one died while
rendering) is shown too, and completed the same way.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from accounts.types import AnyUser
from audit.labels import Label, summary
from audit.models import Source
from audit.services import record_history
from documents.formatting import format_date_fr
from documents.models import DocumentFailure, DocumentKind, PendingDocument, StoredDocument
from documents.registry import producer_for
from documents.rendering import plain_json, render_pdf
from processes.queue import enqueue
from processes.table import COMMENT_MAX_LENGTH

logger = logging.getLogger(__name__)

# Crockford's base 32: no I, L, O or U, so a code read aloud or retyped survives.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
CODE_PATTERN = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")
VERSION_ATTEMPTS = 3
# What an owner's page lists as still open about a document: a failure, or a pending row.
Open = TypeVar("Open", DocumentFailure, PendingDocument)


# --- Codes and addresses ----------------------------------------------------------


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    """`K7QF2-M9XAB`: two halves read more easily than ten characters in a row."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_code(text: str) -> str | None:
    """The stored form of a typed code, or None when it cannot be one."""
    cleaned = re.sub(r"[\s\-.]", "", text or "").upper()
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    return cleaned if CODE_PATTERN.match(cleaned) else None


def verification_address() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("documents:verify")


# --- Generation ----------------------------------------------------------------------


def _next_version(content_type: ContentType, object_id: int, kind: str) -> int:
    latest = StoredDocument.objects.filter(
        content_type=content_type, object_id=object_id, kind=kind
    ).aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


def _kind_label(kind: str) -> str:
    with translation.override("fr"):
        return str(dict(DocumentKind.choices).get(kind, kind))


def _resolve(
    model: type[DocumentFailure | PendingDocument],
    content_type: ContentType,
    object_id: int,
    kind: str,
    now: datetime.datetime,
) -> None:
    model.objects.filter(
        content_type=content_type, object_id=object_id, kind=kind, resolved=False
    ).update(resolved=True, resolved_at=now)


def request_document(
    *, owner: models.Model, kind: str, by: AnyUser | None, source: Source | str
) -> PendingDocument:
    """Record that `owner` is due its `kind` document, and have it rendered once the
    transaction commits (`documents.tasks.render_pending`, on a worker or in this
    process). Called inside the transition's transaction, so a committed transition
    always leaves its document, its failure, or this row saying it is still to be made."""
    from documents.tasks import render_pending  # the task module renders with this one

    pending = PendingDocument.objects.create(
        content_type=ContentType.objects.get_for_model(owner),
        object_id=owner.pk,
        kind=kind,
        by=by if by is not None and by.is_authenticated else None,
        source=source,
    )
    enqueue(render_pending, pending.pk)
    return pending


def generate_document(
    *,
    owner: models.Model,
    kind: str,
    template_name: str,
    template_version: str,
    reference: str,
    context: Mapping[str, Any],
    payload: Mapping[str, Any],
    by: AnyUser | None,
    source: Source | str,
) -> StoredDocument:
    """Render, hash and store the next version of `owner`'s `kind` document."""
    content_type = ContentType.objects.get_for_model(owner)
    user = by if by is not None and by.is_authenticated else None
    label = _kind_label(kind)
    address = verification_address()
    for attempt in range(1, VERSION_ATTEMPTS + 1):
        version = _next_version(content_type, owner.pk, kind)
        code = new_verification_code()
        now = timezone.now()
        meta = {
            "kind": kind,
            "kind_label": label,
            "reference": reference,
            "version": version,
            "verification_code": display_code(code),
            "verification_address": address,
            "generated_at": now,
            "template_version": template_version,
        }
        full_payload = plain_json({**payload, "document": meta})
        printed = {**meta, "generated_on": format_date_fr(timezone.localtime(now))}
        pdf = render_pdf(
            template_name,
            {**context, "document": printed},
            attachments_json=full_payload,
            footer_fields={
                "line": f"{label} {reference} · version {version}",
                "verify": f"Vérification : {address} — code {display_code(code)}",
            },
            json_description=f"{label} {reference}, version {version} (données JSON)",
        )
        digest = hashlib.sha256(pdf).hexdigest()
        document = StoredDocument(
            content_type=content_type,
            object_id=owner.pk,
            kind=kind,
            reference=reference,
            version=version,
            size=len(pdf),
            sha256=digest,
            verification_code=code,
            template_version=template_version,
            payload=full_payload,
            created_by=user,
            created_at=now,
            source=source,
        )
        document.file.save(document.storage_name, ContentFile(pdf), save=False)
        try:
            with transaction.atomic():
                document.save()
                data = summary(
                    gettext_noop("%(kind)s version %(version)s — SHA-256 %(sha256)s"),
                    kind=Label(dict(DocumentKind.choices).get(kind, kind)),
                    version=version,
                    sha256=digest,
                )
                record_history(obj=owner, action="document", by=user, source=source, data=data)
                _resolve(DocumentFailure, content_type, owner.pk, kind, now)
                _resolve(PendingDocument, content_type, owner.pk, kind, now)
        except IntegrityError:
            # Someone stored this version first: the file printed the wrong
            # version number, so it is thrown away and rendered again.
            document.file.delete(save=False)
            if attempt == VERSION_ATTEMPTS:
                raise
            continue
        except BaseException:
            document.file.delete(save=False)
            raise
        return document
    raise AssertionError("unreachable")


def generate_for(
    owner: models.Model, kind: str, *, by: AnyUser | None, source: Source | str
) -> StoredDocument:
    """Build `kind` from a fresh copy of `owner` and store its next version."""
    producer = producer_for(kind)
    if producer is None:
        raise LookupError(f"No document producer is registered for {kind!r}.")
    fresh = producer.model._default_manager.get(pk=owner.pk)
    with translation.override("fr"):
        spec = producer.build(fresh)
    return generate_document(
        owner=fresh,
        kind=kind,
        template_name=spec.template_name,
        template_version=spec.template_version,
        reference=spec.reference,
        context=spec.context,
        payload=spec.payload,
        by=by,
        source=source,
    )


def record_failure(
    *,
    owner: models.Model,
    kind: str,
    error: BaseException,
    by: AnyUser | None,
    source: Source | str,
) -> DocumentFailure:
    user = by if by is not None and by.is_authenticated else None
    content_type = ContentType.objects.get_for_model(owner)
    with transaction.atomic():
        failure = DocumentFailure.objects.create(
            content_type=content_type,
            object_id=owner.pk,
            kind=kind,
            error=f"{type(error).__name__}: {error}"[:COMMENT_MAX_LENGTH],
            by=user,
        )
        # The failure now says what became of the document: it is no longer "being prepared".
        _resolve(PendingDocument, content_type, owner.pk, kind, failure.at)
        data = summary(
            gettext_noop(
                "La génération du document « %(kind)s » a échoué ; elle peut être relancée."
            ),
            kind=Label(dict(DocumentKind.choices).get(kind, kind)),
        )
        record_history(obj=owner, action="document_failed", by=user, source=source, data=data)
    return failure


def generate_or_record_failure(
    *, owner: models.Model, kind: str, by: AnyUser | None, source: Source | str
) -> StoredDocument | None:
    """Like `generate_for`, but a failure is logged and kept, never raised: the retry
    button and `regenerate_documents`. None as well when a worker is rendering the same
    document at this moment (its pending row is locked): one version, not two.
    """
    open_rows = PendingDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(owner),
        object_id=owner.pk,
        kind=kind,
        resolved=False,
    )
    try:
        with transaction.atomic():
            waiting = open_rows.count()
            free = open_rows.select_for_update(skip_locked=True).values_list("pk", flat=True)
            if len(free) < waiting:
                logger.info("The %s document of %r is being rendered elsewhere", kind, owner)
                return None
            return generate_for(owner, kind, by=by, source=source)
    except Exception as exc:
        logger.exception("Generating the %s document of %r failed", kind, owner)
        try:
            record_failure(owner=owner, kind=kind, error=exc, by=by, source=source)
        except Exception:
            logger.exception("Recording the failed %s document of %r failed too", kind, owner)
        return None


# --- Reading ---------------------------------------------------------------------------


def documents_of(owner: models.Model, kind: str | None = None) -> models.QuerySet[StoredDocument]:
    documents = StoredDocument.objects.for_owner(owner).select_related("created_by")
    if kind is not None:
        documents = documents.filter(kind=kind)
    return documents.order_by("kind", "-version")


def _open_rows(model: type[Open], owner: models.Model, kind: str | None) -> models.QuerySet[Open]:
    rows = model.objects.filter(
        content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk, resolved=False
    )
    return rows if kind is None else rows.filter(kind=kind)


def failures_of(owner: models.Model, kind: str | None = None) -> models.QuerySet[DocumentFailure]:
    return _open_rows(DocumentFailure, owner, kind)


def pending_of(owner: models.Model, kind: str | None = None) -> models.QuerySet[PendingDocument]:
    """The owner's documents still being prepared (due, neither stored nor failed)."""
    return _open_rows(PendingDocument, owner, kind)


def unresolved_of(owner: models.Model, kind: str) -> dict[str, list[dict[str, Any]]]:
    """`{"failures": [...], "pending": [...]}`, each row `{"at": …}` newest first: what
    the owner's page says is still open about its `kind` document, in one query."""

    def rows(model: type[Open], state: str) -> models.QuerySet[Any, Any]:
        marked = _open_rows(model, owner, kind).annotate(
            state=models.Value(state, output_field=models.CharField())
        )
        return marked.order_by().values("state", "at")

    found: dict[str, list[dict[str, Any]]] = {"failures": [], "pending": []}
    both = rows(DocumentFailure, "failures").union(rows(PendingDocument, "pending"), all=True)
    for row in both.order_by("-at"):
        found[row["state"]].append(row)
    return found


@dataclass(frozen=True)
class Verified:
    """All the public verification says about a document."""

    kind: str
    kind_label: str
    reference: str
    version: int
    date: datetime.date
    sha256: str


def _verified(document: StoredDocument | None) -> Verified | None:
    if document is None:
        return None
    return Verified(
        kind=document.kind,
        kind_label=document.get_kind_display(),
        reference=document.reference,
        version=document.version,
        date=timezone.localdate(document.created_at),
        sha256=document.sha256,
    )


def _public_fields() -> models.QuerySet[StoredDocument]:
    return StoredDocument.objects.only("kind", "reference", "version", "created_at", "sha256")


def verify_by_hash(sha256: str) -> Verified | None:
    digest = (sha256 or "").strip().lower()
    if not SHA256_PATTERN.match(digest):
        return None
    return _verified(_public_fields().filter(sha256=digest).first())


def verify_by_code(code: str) -> Verified | None:
    stored = normalise_code(code)
    if stored is None:
        return None
    return _verified(_public_fields().filter(verification_code=stored).first())
