"""The API's parsers: each body is read once, and checked as it is read.

What no field of the platform can hold (`processes.inputs`: NUL, a lone surrogate,
a whole number no column holds, JSON nested too deep, JSON declared in another
charset than UTF-8) is a 400 naming the field, `{"detail": …}`, as the pages' input
guard answers. A form sent where the endpoint reads JSON is checked the same way
before its 415, so that what it holds is refused in the same words anywhere.
"""

from __future__ import annotations

from typing import Any

from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.utils import json

from processes.inputs import FORM_TYPES, Refused, check_form, read_json


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with the input checks, on one read of the body."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        _type, params = parse_header_parameters(media_type or "")
        constant = json.strict_constant if self.strict else None
        try:
            return read_json(stream.read(), params.get("charset", "utf-8"), constant)
        except Refused as refusal:
            raise ParseError(refusal.reason) from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser (files streamed to the upload handlers), with the input
    checks on the fields and the files' names."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        try:
            check_form(parsed.data, parsed.files)
        except Refused as refusal:
            raise ParseError(refusal.reason) from None
        return parsed


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation; a form sent to an endpoint that takes none is checked before
    its 415 (the refusal in the same words as everywhere else)."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        parser = super().select_parser(request, parsers)
        if parser is None and (request.content_type or "").split(";")[0].strip().lower() in (
            FORM_TYPES
        ):
            _check_unread_form(request)
        return parser


class FormatNegotiation(BaseContentNegotiation):
    """For an endpoint that reads `?format=` itself (DRF would answer 404 to a format no
    renderer has): its first renderer answers (JSON: every error is JSON), whatever the
    format asked; the endpoint sends its files itself."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(
        self, request: Request, renderers: Any, format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


def _check_unread_form(request: Request) -> None:
    form = parsers.MultiPartParser if "multipart" in request.content_type else parsers.FormParser
    context = {"request": request, "encoding": request._request.encoding or "utf-8"}
    try:
        parsed = form().parse(request.stream, request.content_type, context)
    except (MultiPartParserError, ParseError):
        return  # a broken body: its 415 says enough
    if isinstance(parsed, parsers.DataAndFiles):
        fields, files = parsed.data, parsed.files
    else:
        fields, files = parsed, MultiValueDict()
    try:
        check_form(fields, files)
    except Refused as refusal:
        raise ParseError(refusal.reason) from None
