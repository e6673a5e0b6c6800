"""Accepting uploaded files: type from the content, size cap, SHA-256."""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.types import AnyUser
from audit.labels import Label, summary
from audit.models import Source
from audit.services import record_history
from documents.models import EXTENSIONS, Attachment
from processes.transitions import ConditionsUnmet

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def sniff(head: bytes) -> str | None:
    """The file's real type from its first bytes, or None when it is not accepted."""
    for signature, mime in SIGNATURES:
        if head.startswith(signature):
            return mime
    return None


def check_upload(upload: UploadedFile) -> str:
    """Return the detected type, or raise ConditionsUnmet with a message for the `file` field."""
    limit = settings.FILE_UPLOAD_MAX_BYTES
    problem = ""
    mime = None
    if not upload.size:
        problem = _("Le fichier est vide.")
    elif upload.size > limit:
        problem = _("Le fichier fait %(size)s ; la limite est de %(limit)s.") % {
            "size": filesizeformat(upload.size),
            "limit": filesizeformat(limit),
        }
    else:
        upload.seek(0)
        mime = sniff(upload.read(16))
        upload.seek(0)
        if mime is None:
            problem = _(
                "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG (le type est lu dans "
                "son contenu, pas dans son nom)."
            )
    if problem:
        raise ConditionsUnmet([problem], fields={"file": [problem]})
    assert mime is not None
    return mime


EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,8})$")
KNOWN_EXTENSIONS = {extension for extensions in EXTENSIONS.values() for extension in extensions}


def display_name(name: str, mime: str) -> str:
    """The name a piece is kept and downloaded under: `name` without its folders, its
    extension made to agree with the type read in its content (`report.pdf.exe` of a
    PDF is `report.pdf`; `scan` is `scan.pdf`; `photo.png` of a JPEG is `photo.jpg`)."""
    accepted = EXTENSIONS[mime]
    stem = re.split(r"[\\/]", name or "")[-1].strip()
    last = True
    # The last extension goes if it contradicts the content; then any other type's.
    while (found := EXTENSION.search(stem)) and found.group(1).lower() not in accepted:
        if not (last or found.group(1).lower() in KNOWN_EXTENSIONS):
            break
        stem, last = stem[: found.start()], False
    found = EXTENSION.search(stem)
    if found is None or found.group(1).lower() not in accepted:
        stem = f"{stem}.{accepted[0]}"
    if stem.startswith("."):
        stem = "fichier" + stem
    return stem[-255:]


def store_attachment(
    *,
    owner: models.Model,
    upload: UploadedFile,
    kind: str,
    by: AnyUser,
    source: Source | str,
) -> Attachment:
    """Keep an uploaded file for `owner`; the caller has checked `by` may do so. An
    anonymous `by` (a reporter without an account, from a public form) leaves the
    piece's uploader empty."""
    mime = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        attachment = Attachment(
            content_type=ContentType.objects.get_for_model(owner),
            object_id=owner.pk,
            kind=kind,
            original_name=display_name(upload.name or "", mime),
            mime_type=mime,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            uploaded_by_id=by.pk if by.is_authenticated else None,
        )
        attachment.file.save(upload.name or "fichier", upload, save=False)
        attachment.save()
        data = summary(
            gettext_noop("%(kind)s : %(name)s"),
            kind=Label(attachment.get_kind_display()),
            name=attachment.original_name,
        )
        record_history(obj=owner, action="attach", by=by, source=source, data=data)
    return attachment


def attachments_of(owner: models.Model) -> models.QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk
    ).select_related("uploaded_by")
