"""What a PDF may load while it renders: the project's own static files and `data:` URLs.

Templates reference their assets with `{% static %}`; WeasyPrint joins those
paths to `STATIC_BASE`, a host under the reserved `.invalid` domain that no
resolver answers, and hands them to `ProjectFetcher`. The fetcher reads them
through the staticfiles finders, so it never touches the network nor any file
outside the project's static folders. Anything else is refused, and the
refusal stops the rendering: a document missing its fonts, or one that asked
for a remote address, is an error to fix, not something to print.
"""

from __future__ import annotations

import mimetypes
import posixpath
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_HOST = "project-static.invalid"
STATIC_BASE = f"https://{STATIC_HOST}/"


class RefusedURL(ValueError):
    """A URL the documents may not load."""


def static_prefix() -> str:
    prefix = urlsplit(settings.STATIC_URL).path or "/static/"
    prefix = "/" + prefix.lstrip("/")
    return prefix if prefix.endswith("/") else prefix + "/"


def static_path(url: str) -> str:
    """The static file's path (relative to the static folders) a URL names, or RefusedURL."""
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != STATIC_HOST:
        raise RefusedURL(f"Only the project's static files may be loaded, not {url[:200]!r}.")
    if parts.query:
        raise RefusedURL("Static file addresses take no query string.")
    path = unquote(parts.path)
    prefix = static_prefix()
    if not path.startswith(prefix):
        raise RefusedURL(f"Not under {prefix}: {path[:200]!r}.")
    relative = path[len(prefix) :]
    segments = relative.split("/")
    if not relative or any(s in ("", ".", "..") for s in segments) or "\\" in relative:
        raise RefusedURL(f"Not a plain static path: {relative[:200]!r}.")
    return posixpath.join(*segments)


class ProjectFetcher(URLFetcher):
    def __init__(self, **kwargs: Any) -> None:
        # Only `data:` reaches the parent's opener, and the parent refuses
        # any other protocol as a second line of defence.
        kwargs.setdefault("fail_on_errors", True)
        super().__init__(allowed_protocols=("data",), allow_redirects=False, **kwargs)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        relative = static_path(url)
        found = finders.find(relative)
        if not found or isinstance(found, list):
            raise RefusedURL(f"No such static file: {relative!r}.")
        with open(found, "rb") as handle:
            body = handle.read()
        mime, _encoding = mimetypes.guess_type(relative)
        return URLFetcherResponse(
            url, body=body, headers={"Content-Type": mime or "application/octet-stream"}
        )
