"""What no field of the platform can hold, refused before anything reads it.

A NUL character (PostgreSQL refuses it in any text), a lone surrogate (a string
that cannot be encoded in UTF-8), a whole number no database column holds, or JSON
nested deeper than `MAX_JSON_DEPTH` (Python's parser then runs out of stack) made a
500 wherever they reached the database or the parser. `Refused` says why, naming
the field. The pages' requests are checked by `config.guard.InputGuardMiddleware`;
the API's bodies by its parsers (`processes.api.parsers`), as they read them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

# Deeper than any body the API takes (a proposal's budget line is 3 levels deep).
MAX_JSON_DEPTH = 64
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


# The largest whole number a database column holds (a signed 64-bit integer).
MAX_INTEGER = 2**63 - 1


class Refused(Exception):
    def __init__(self, reason: str, cookie: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.cookie = cookie  # the cookie to forget, if it is the one refused


def forbidden_character(text: str) -> bool:
    """Whether `text` holds a character no text column can store: NUL, or half of a
    UTF-16 surrogate pair (what invalid UTF-8 escaped in JSON turns into)."""
    return "\x00" in text or any("\ud800" <= char <= "\udfff" for char in text)


def _shown(name: str) -> str:
    """`name` as it can be printed back: forbidden characters escaped, cut short."""
    text = name.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
    return text if len(text) <= 60 else text[:59] + "…"


def check_pairs(pairs: Iterable[tuple[str, str]]) -> None:
    for name, value in pairs:
        if forbidden_character(name) or forbidden_character(value):
            raise Refused(
                _("« %(name)s » contient un caractère interdit (caractère nul ou invalide).")
                % {"name": _shown(name)}
            )


def _json_strings(document: Any) -> Iterator[tuple[str, str]]:
    """(path, text) for every key and string of `document`, walked without recursion;
    refuses a document nested deeper than MAX_JSON_DEPTH, or holding a whole number no
    database column holds."""
    stack: list[tuple[str, Any, int]] = [("", document, 0)]
    while stack:
        path, node, depth = stack.pop()
        if isinstance(node, str):
            yield path or "body", node
        elif isinstance(node, int) and not isinstance(node, bool) and abs(node) > MAX_INTEGER:
            raise Refused(
                _("« %(field)s » : ce nombre est trop grand pour être enregistré.")
                % {"field": path or "body"}
            )
        elif isinstance(node, dict | list):
            if depth >= MAX_JSON_DEPTH:
                raise _too_deep()
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in items:
                child_path = f"{path}.{key}" if path else str(key)
                if isinstance(key, str):
                    yield child_path, key
                stack.append((child_path, child, depth + 1))


def _too_deep() -> Refused:
    return Refused(
        _("Le contenu JSON est trop imbriqué (plus de %(limit)s niveaux).")
        % {"limit": MAX_JSON_DEPTH}
    )


def read_json(body: bytes, charset: str, parse_constant: Any = None) -> Any:
    """`body` read as JSON (UTF-8, JSON's own encoding: a body declared in another charset
    is refused) and checked; a ValueError when it is not JSON at all."""
    if charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise Refused(_("Le contenu JSON doit être encodé en UTF-8 (charset=utf-8)."))
    try:
        document = json.loads(body.decode("utf-8"), parse_constant=parse_constant)
    except UnicodeDecodeError:
        raise Refused(_("Le contenu JSON n'est pas un texte UTF-8 valide.")) from None
    except RecursionError:
        raise _too_deep() from None
    check_pairs((path, text) for path, text in _json_strings(document))
    return document


def check_json(body: bytes, charset: str) -> None:
    """`read_json`'s refusals; a body that is not JSON is left to the view."""
    try:
        read_json(body, charset)
    except ValueError:
        return


def flat(data: Any) -> Iterator[tuple[str, Any]]:
    """(name, value) for every value of a QueryDict or MultiValueDict."""
    for name, values in data.lists():
        for value in values:
            yield name, value


def check_form(fields: Any, files: Any) -> None:
    """A form's fields, names and values, and its files' names (not their contents:
    the upload checks decide)."""
    check_pairs(flat(fields))
    check_pairs((name, upload.name or "") for name, upload in flat(files))
