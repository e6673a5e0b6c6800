"""Firing a transition whose row requires a comment (`Transition.comment_required`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models

from accounts.types import AnyUser
from audit.models import Source
from processes.table import TransitionTable

M = TypeVar("M", bound=models.Model)


def run_commented(
    table: TransitionTable[M],
    obj: M,
    name: str,
    *,
    by: AnyUser,
    source: Source | str,
    comment: str,
    extra_conditions: Callable[[M], list[str]] | None = None,
    **options: Any,
) -> M:
    """`table.run(...)` for a transition that needs a comment: a missing one is one more
    unmet condition (refused and recorded like the others), shown on the comment field.
    `options` are the rest of `TransitionTable.run`'s arguments."""

    def conditions(locked: M) -> list[str]:
        problems = table.comment_problems(name, comment)
        if extra_conditions is not None:
            problems.extend(extra_conditions(locked))
        return problems

    return table.run(
        obj,
        name,
        by=by,
        source=source,
        comment=comment.strip(),
        conditions=conditions,
        field_of=dict.fromkeys(table.comment_problems(name, ""), "comment"),
        **options,
    )
