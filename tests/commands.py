"""Running a management command in a test: what it prints, or why it fails."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command


def command_output(name: str, **options: Any) -> str:
    """What `manage.py <name>` prints when it succeeds."""
    output = io.StringIO()
    call_command(name, stdout=output, **options)
    return output.getvalue()


def command_failure(name: str, **options: Any) -> str:
    """What `manage.py <name>` says when it fails (it exits non-zero)."""
    with pytest.raises(CommandError) as failure:
        call_command(name, stdout=io.StringIO(), **options)
    return str(failure.value)
