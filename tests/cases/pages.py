"""Small helpers of the page tests: a client per persona, the page as a reader sees it."""

from __future__ import annotations

import html
import re
from typing import Any

from django.test import Client

from cases.models import Case

ANONYMOUS = "anonymous"


def text(response: Any) -> str:
    """The page as a reader sees it (entities decoded)."""
    return html.unescape(response.content.decode())


def persona_client(cast: dict[str, Any], persona: str) -> Client:
    """A web client signed in as a persona of the demo cast, or anonymous."""
    client = Client()
    if persona != ANONYMOUS:
        client.force_login(cast["users"][persona])
    return client


def table_row(page: str, case: Case) -> str:
    """The row of `case` in a table of cases."""
    match = re.search(rf'<tr id="case-{case.pk}">(.*?)</tr>', page, re.S)
    assert match, f"{case.reference} is not in the table"
    return match.group(1)
