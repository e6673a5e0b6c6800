"""The shape of one open piece of work in a user's inbox, whatever the process."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkItem:
    process: str
    object_id: int
    task: str
    label: str
    since: datetime.datetime
    url: str
    reference: str = ""
    title: str = ""


def action_anchor(name: str) -> str:
    """The id of the section of a page where action `name` is done: `action-request-tranche`.

    A task's link ends with `#` and this id; the section has `tabindex="-1"` and
    `static/js/actions.js` scrolls to it and focuses it."""
    return "action-" + name.replace("_", "-")
