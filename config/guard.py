"""The input guard: what no field of the platform can hold is refused at the door.

A NUL character (PostgreSQL refuses it in any text), a lone surrogate (a string
that cannot be encoded in UTF-8), or JSON nested deeper than `MAX_JSON_DEPTH`
(Python's parser then runs out of stack) made a 500 wherever they reached the
database or the parser. This middleware looks at every query parameter, every
header and cookie, every form field that is not a file (and every uploaded file's name),
and every JSON body, names and values alike, before any view reads them, and
answers 400 with the reason: JSON under /api/, the site's own page elsewhere.
Uploaded file contents are the upload checks' business (`documents.uploads`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict
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


def _check_pairs(pairs: Iterable[tuple[str, str]]) -> None:
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


def _check_json(body: bytes, charset: str) -> None:
    """The body read as the API's parser reads it: UTF-8 text (JSON's own encoding; a
    body declared in another charset would be read otherwise by the parser than here)."""
    if charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise Refused(_("Le contenu JSON doit être encodé en UTF-8 (charset=utf-8)."))
    try:
        document = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise Refused(_("Le contenu JSON n'est pas un texte UTF-8 valide.")) from None
    except RecursionError:
        raise _too_deep() from None
    except ValueError:
        return  # not JSON: the API's parser answers its own 400
    _check_pairs((path, text) for path, text in _json_strings(document))


def _form(request: HttpRequest, content_type: str) -> tuple[QueryDict, Any]:
    """The form fields and files of the body, parsed once (Django keeps them for the view)."""
    # A page's POST is parsed once, here, and kept for its view; the API parses its own
    # body (it refuses forms where it reads JSON), so it reads a copy.
    if request.method == "POST" and not request.path.startswith("/api/"):
        return request.POST, request.FILES
    if content_type == "multipart/form-data":
        parser = MultiPartParser(
            request.META, io.BytesIO(request.body), request.upload_handlers, request.encoding
        )
        return parser.parse()
    return QueryDict(request.body, encoding=request.encoding), MultiValueDict()


def inspect(request: HttpRequest) -> None:
    """Raise Refused if anything the request carries cannot be stored or parsed."""
    _check_pairs(_flat(request.GET))
    _check_pairs(
        (name[5:].replace("_", "-").title(), value)
        for name, value in request.META.items()
        if name.startswith("HTTP_") and name != "HTTP_COOKIE" and isinstance(value, str)
    )
    for name, value in request.COOKIES.items():
        if forbidden_character(name) or forbidden_character(value):
            raise Refused(
                _("Un cookie de ce site est illisible ; il a été effacé. Réessayez."), cookie=name
            )
    content_type = (request.content_type or "").lower()
    if content_type in FORM_TYPES:
        try:
            fields, files = _form(request, content_type)
        except MultiPartParserError:
            return  # a broken body: the form or the API answers it
        _check_pairs(_flat(fields))
        _check_pairs((name, upload.name or "") for name, upload in _flat(files))
    elif content_type == "application/json" or content_type.endswith("+json"):
        _check_json(request.body, (request.content_params or {}).get("charset", "utf-8"))


def _flat(data: Any) -> Iterator[tuple[str, Any]]:
    for name, values in data.lists():
        for value in values:
            yield name, value


class InputGuardMiddleware:
    """Answers 400 to what `inspect` refuses; lets everything else through untouched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            inspect(request)
        except Refused as refusal:
            return refused(request, refusal)
        return self.get_response(request)


def refused(request: HttpRequest, refusal: Refused) -> HttpResponse:
    response: HttpResponse
    if refusal.cookie:
        # The session cookie may be the one refused: the page is drawn for nobody.
        request.user = AnonymousUser()
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": refusal.reason}, status=400)
    else:
        response = render(request, "400.html", {"reason": refusal.reason}, status=400)
    if refusal.cookie and not forbidden_character(refusal.cookie):
        response.delete_cookie(refusal.cookie)
    return response
