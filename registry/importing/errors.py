"""What an import refuses: a file it cannot read, rows in error, a batch imported already."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from processes.transitions import ConditionsUnmet, InvalidState

if TYPE_CHECKING:
    from registry.importing.validation import Preview


class ImportFileError(Exception):
    """The file as a whole cannot be read (size, encoding, header, no rows)."""

    def __init__(self, messages: str | Iterable[str]) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


@dataclass(frozen=True)
class RowError:
    line: int
    column: str | None
    message: str

    @property
    def detail(self) -> str:
        """The message without its line number (for a table that already shows it)."""
        if self.column is None:
            return self.message
        return _("Colonne « %(column)s » : %(message)s") % {
            "column": self.column,
            "message": _lower_first(self.message),
        }

    def __str__(self) -> str:
        if self.column is None:
            return _("Ligne %(line)d : %(message)s") % {
                "line": self.line,
                "message": _lower_first(self.message),
            }
        return _("Ligne %(line)d, colonne « %(column)s » : %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": _lower_first(self.message),
        }


def _lower_first(message: str) -> str:
    # "Ce champ est obligatoire." reads better after a colon as "ce champ…";
    # leave acronyms ("ISO …") and quotes alone.
    if len(message) > 1 and message[0].isupper() and not message[1].isupper():
        return message[0].lower() + message[1:]
    return message


class ImportRefused(ConditionsUnmet):
    """At least one row is in error: nothing was imported."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        super().__init__([str(error) for error in preview.errors])


class AlreadyImported(InvalidState):
    pass
