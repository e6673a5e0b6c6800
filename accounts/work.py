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
