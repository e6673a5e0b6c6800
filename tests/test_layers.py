"""The floors of the house: who may import whom, and how large a module may grow.

    config                        the top: URLs, home page, inbox, settings
    observatory                   the figures of every process, for the ministry
    workflows, cases              the processes
    registry, documents           the registry; stored documents and attachments
    processes                     the kit every process uses
    audit, accounts               history; roles and users

A module may import its own floor's neighbours named below and anything under it,
never above. Read from the source, so a forbidden import fails here even when no
test happens to load it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each app may not import (its floor's upper neighbours and everything above).
FORBIDDEN = {
    "accounts": {
        "config",
        "observatory",
        "workflows",
        "cases",
        "missions",
        "difficulties",
        "registry",
        "documents",
        "processes",
    },
    "audit": {
        "config",
        "observatory",
        "workflows",
        "cases",
        "missions",
        "difficulties",
        "registry",
        "processes",
    },
    "processes": {
        "config",
        "observatory",
        "workflows",
        "cases",
        "missions",
        "difficulties",
        "registry",
    },
    "documents": {"config", "observatory", "workflows", "cases", "missions", "difficulties"},
    "registry": {"config", "observatory", "workflows", "cases", "missions", "difficulties"},
    "workflows": {"config", "observatory", "cases", "missions", "difficulties"},
    "cases": {"config", "observatory", "workflows", "missions", "difficulties"},
    "missions": {"config", "observatory", "workflows", "cases", "difficulties"},
    "difficulties": {"config", "observatory", "workflows", "cases", "missions"},
    "observatory": {"config"},
}
# The longest an application module may be (migrations aside).
MAX_LINES = 450


def _modules(app: str) -> list[Path]:
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def _imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_nothing_above_its_floor(app: str) -> None:
    offences = {
        str(path.relative_to(ROOT)): sorted(upward)
        for path in _modules(app)
        if (upward := _imported(path) & FORBIDDEN[app])
    }
    assert offences == {}


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_no_module_outgrows_one_subject(app: str) -> None:
    too_long = {
        str(path.relative_to(ROOT)): count
        for path in _modules(app)
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}
