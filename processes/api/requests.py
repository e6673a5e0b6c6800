"""Refusing an API request by role before its body is read."""

from __future__ import annotations

from processes.transitions import Decision, NotAllowed


def deny_unless(decision: Decision) -> None:
    """403 with the decision's reason, before the body is even looked at."""
    if not decision:
        raise NotAllowed(decision.reason)
