"""The pieces sent with a report from the public form: checked before anything is
saved, stored with the report (the reporter has no account: `uploaded_by` is empty)."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.models import Source
from difficulties.access import MAX_PUBLIC_PIECES
from difficulties.models import Difficulty
from documents.models import Attachment, AttachmentKind
from documents.uploads import check_upload, store_attachment
from processes.transitions import ConditionsUnmet


def check_pieces(pieces: Sequence[UploadedFile]) -> None:
    """Refuse, on the `pieces` field, too many pieces or one the kit's checks refuse."""
    problems: list[str] = []
    if len(pieces) > MAX_PUBLIC_PIECES:
        problems.append(_("Joignez au plus %(count)s pièces.") % {"count": MAX_PUBLIC_PIECES})
    for piece in pieces[:MAX_PUBLIC_PIECES]:
        try:
            check_upload(piece)
        except ConditionsUnmet as refusal:
            problems.extend(f"{piece.name}: {message}" for message in refusal.messages)
    total = sum(piece.size or 0 for piece in pieces)
    if not problems and total > settings.FILE_UPLOAD_MAX_BYTES:
        # The whole request passes the proxy's body limit only so (docs/operations.md).
        problems.append(
            _("Les pièces jointes font %(size)s au total au plus.")
            % {"size": filesizeformat(settings.FILE_UPLOAD_MAX_BYTES)}
        )
    if problems:
        raise ConditionsUnmet(problems, fields={"pieces": problems})


def store_pieces(
    difficulty: Difficulty, pieces: Sequence[UploadedFile], *, by: AnyUser, source: Source | str
) -> list[Attachment]:
    """Keep the checked pieces of a new report as evidence, inside the report's
    transaction (an anonymous `by`: no uploader). A piece refused on the way undoes the
    whole report: the files already written are deleted and the refusal goes up."""
    stored: list[Attachment] = []
    try:
        for piece in pieces:
            stored.append(
                store_attachment(
                    owner=difficulty,
                    upload=piece,
                    kind=AttachmentKind.EVIDENCE,
                    by=by,
                    source=source,
                )
            )
    except BaseException:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return stored
