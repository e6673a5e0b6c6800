"""The input guard: what no field of the platform can hold is refused at the door
(the checks: `processes.inputs`).

This middleware looks at every query parameter, every header and cookie and, for
the pages, every form field that is not a file (and every uploaded file's name) and
every JSON body, names and values alike, before any view reads them, and answers
400 with the reason: JSON under /api/, the site's own page elsewhere. The API's
bodies are checked by its parsers as they read them (`processes.api.parsers`), so
that each body is parsed once. Uploaded file contents are the upload checks'
business (`documents.uploads`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from processes.inputs import (
    FORM_TYPES,
    Refused,
    check_form,
    check_json,
    check_pairs,
    flat,
    forbidden_character,
)


def _form(request: HttpRequest) -> tuple[QueryDict, Any]:
    """The form fields and files of a page's body, parsed once (Django keeps them for
    the view)."""
    if request.method == "POST":
        return request.POST, request.FILES
    return QueryDict(request.body, encoding=request.encoding), MultiValueDict()


def inspect(request: HttpRequest) -> None:
    """Raise Refused if anything the request carries cannot be stored or parsed."""
    check_pairs(flat(request.GET))
    check_pairs(
        (name[5:].replace("_", "-").title(), value)
        for name, value in request.META.items()
        if name.startswith("HTTP_") and name != "HTTP_COOKIE" and isinstance(value, str)
    )
    for name, value in request.COOKIES.items():
        if forbidden_character(name) or forbidden_character(value):
            raise Refused(
                _("Un cookie de ce site est illisible ; il a été effacé. Réessayez."), cookie=name
            )
    if request.path.startswith("/api/"):
        return  # the API's parsers check its bodies as they read them (one parse)
    content_type = (request.content_type or "").lower()
    if content_type in FORM_TYPES:
        try:
            fields, files = _form(request)
        except MultiPartParserError:
            return  # a broken body: the form answers it
        check_form(fields, files)
    elif content_type == "application/json" or content_type.endswith("+json"):
        check_json(request.body, (request.content_params or {}).get("charset", "utf-8"))


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
