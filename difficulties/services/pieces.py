"""The pieces sent with a report from the public form: checked before anything is
saved, stored with the report (the reporter has no account: `uploaded_by` is empty)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.models import Source
from difficulties.access import MAX_PUBLIC_PIECES
from difficulties.models import Difficulty
from documents.uploads import check_upload
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
    if problems:
        raise ConditionsUnmet(problems, fields={"pieces": problems})


def store_pieces(
    difficulty: Difficulty, pieces: Sequence[UploadedFile], *, by: AnyUser, source: Source | str
) -> None:
    """Keep the checked pieces of a new report (inside its transaction)."""
    if not pieces:
        return
    raise NotImplementedError("Pieces of the public form: stored by documents.")
