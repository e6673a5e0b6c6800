"""What every service function of a transition takes besides its own inputs."""

from __future__ import annotations

from typing import Required, TypedDict

from accounts.types import AnyUser
from audit.models import Source


class Firing(TypedDict, total=False):
    """Who fires the transition, from where (web, API, admin…), and the state they saw
    (`expected_state`: a stale page or request is refused rather than applied)."""

    by: Required[AnyUser]
    source: Required[Source | str]
    expected_state: str | None
