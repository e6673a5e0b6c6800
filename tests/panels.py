"""The "Ce que vous pouvez faire" panel of a rendered page, for page tests."""

from __future__ import annotations

from typing import Any


def action_panel(page: Any, *, before: str) -> str:
    """The panel's HTML; it must come before `before` (the object's first details)."""
    content = page.content.decode()
    start = content.index('id="actions"')
    assert start < content.index(before)
    return content[start : content.index("</section>", start)]
