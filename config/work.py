"""A user's open work across the processes: "Mes tâches" and `/api/v1/tasks/`."""

from __future__ import annotations

from accounts.types import AnyUser
from accounts.work import WorkItem
from cases import selectors as cases_selectors
from registry import selectors as registry_selectors
from workflows import selectors as workflows_selectors


def work_items(user: AnyUser, limit: int = 200) -> list[WorkItem]:
    """Every open work item of `user`, oldest first: a few queries, whatever the rows."""
    return sorted(
        [
            *workflows_selectors.work_items(user, limit),
            *cases_selectors.work_items(user, limit),
            *registry_selectors.work_items(user, limit),
        ],
        key=lambda item: item.since,
    )
