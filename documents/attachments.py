"""Attaching a piece to an owner, and streaming a stored file back, for every process.

`attach` asks the rule the owner's app registered (`documents.registry`)
whether this user may attach this kind of piece now, checks the file's type and
size, stores it and writes the owner's history. Every refusal, whatever its
reason, leaves a refused row in the owner's history, from the pages as from the
API. `file_response` is the one way a stored file leaves the platform: never
cached, never sniffed, under a name that cannot break the header.
"""

from __future__ import annotations

import re
import unicodedata
from typing import IO, NoReturn
from urllib.parse import quote

from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.models import Source
from audit.services import record_refusal
from documents.models import Attachment
from documents.registry import rules_for
from documents.uploads import check_upload, store_attachment
from processes.transitions import ActionRefused, ConditionsUnmet, InvalidState, NotAllowed

ACTION = "attach"


def attach_refusal(
    owner: models.Model, by: AnyUser, kind: str | None = None
) -> ActionRefused | None:
    """Why `by` may not attach a `kind` piece (any kind when None) to `owner` now, or None.

    Who first (NotAllowed), then the owner's state (InvalidState), then the kind.
    """
    rules = rules_for(owner)
    if rules is None or not by.is_authenticated:
        return NotAllowed(_("Vous n'avez pas le droit de joindre une pièce ici."))
    decision = rules.can_attach(by, owner, None)
    if not decision:
        return NotAllowed(decision.reason)
    opened = rules.attach_open(owner)
    if not opened:
        return InvalidState(opened.reason)
    if kind is None:
        return None
    if kind not in rules.attachment_kinds:
        problem = _("Ce type de pièce ne se joint pas ici.")
        return ConditionsUnmet([problem], fields={"kind": [problem]})
    decision = rules.can_attach(by, owner, kind)
    if not decision:
        return NotAllowed(decision.reason)
    return None


def _refuse(
    owner: models.Model, by: AnyUser, source: Source | str, refusal: ActionRefused
) -> NoReturn:
    reason, state = refusal.detail, str(getattr(owner, "status", ""))
    record_refusal(obj=owner, action=ACTION, by=by, source=source, reason=reason, state=state)
    raise refusal


def check_may_attach(
    *, owner: models.Model, by: AnyUser, source: Source | str, kind: str | None = None
) -> None:
    """Raise the refusal (and keep a trace of it) unless `by` may attach to `owner`.

    Without `kind`, only who and when: what pages and the API check before reading
    the form or the body.
    """
    refusal = attach_refusal(owner, by, kind)
    if refusal is not None:
        _refuse(owner, by, source, refusal)


def attach(
    *,
    owner: models.Model,
    kind: str,
    upload: UploadedFile,
    by: AnyUser,
    source: Source | str,
) -> Attachment:
    """Attach `upload` to `owner` as a `kind` piece, or raise the refusal, recorded.

    Refusals: NotAllowed (who, or which kind for whom), InvalidState (the owner
    takes no more pieces), ConditionsUnmet (a kind the owner does not take, or an
    empty, oversized or unaccepted file; the reason is on `kind` or `file`).
    """
    check_may_attach(owner=owner, by=by, source=source, kind=kind)
    try:
        check_upload(upload)
    except ConditionsUnmet as refusal:
        _refuse(owner, by, source, refusal)
    return store_attachment(owner=owner, upload=upload, kind=kind, by=by, source=source)


# --- Streaming a stored file ----------------------------------------------------------

UNSAFE_IN_NAME = re.compile(r'[\\/"\x00-\x1f\x7f;]')
NOT_PLAIN_ASCII = re.compile(r"[^A-Za-z0-9._ '()+-]")


def safe_file_name(name: str, default: str = "fichier") -> str:
    """`name` without any path, quote, control or format character (never empty)."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = UNSAFE_IN_NAME.sub("_", name)
    name = " ".join(name.split()).lstrip(". ")
    return name[:200] or default


def content_disposition(name: str) -> str:
    """`attachment; filename="…"`, with RFC 6266's `filename*` for a non-ASCII name."""
    safe = safe_file_name(name)
    ascii_name = unicodedata.normalize("NFKD", safe).encode("ascii", "ignore").decode("ascii")
    ascii_name = NOT_PLAIN_ASCII.sub("_", ascii_name).strip() or "fichier"
    if ascii_name == safe:
        return f'attachment; filename="{safe}"'
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe, safe='')}"


def file_response(handle: IO[bytes], *, name: str, content_type: str) -> FileResponse:
    """A stored file as a download; the caller has checked who may read it."""
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_response(attachment: Attachment) -> FileResponse:
    """The piece as a download (404 when its file is gone); the caller has checked access."""
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    return file_response(handle, name=attachment.original_name, content_type=attachment.mime_type)
