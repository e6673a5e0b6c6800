"""Proposals brought to each state of their lifecycle, for the API tests.

The states up to execution come from the service-level fixtures of tests/workflows;
every state is built the same way, through the services (tests/workflows/builders.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.workflows.conftest import (
    approved,
    approved_tranche,
    call,
    draft,
    in_committee,
    in_execution,
    make_proposal,
    planned_tranche,
    requested_tranche,
    submitted,
    under_review,
)

# Re-exported: the fixtures shared with the service tests.
__all__ = [
    "approved",
    "approved_tranche",
    "call",
    "draft",
    "in_committee",
    "in_execution",
    "make_proposal",
    "planned_tranche",
    "requested_tranche",
    "submitted",
    "under_review",
]


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    """Uploaded files land in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
