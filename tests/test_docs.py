"""The project explains itself: its code, API descriptions and docs refer to its own
`docs/`, never to a specification file kept outside the repository."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from rest_framework.test import APIClient

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".git", ".venv", "node_modules", "vendor", "locale", "__pycache__", "media"}
# Built at run time so that this file does not cite it itself.
OUTSIDE_SPEC = ("domain" + ".md").encode()


def tracked_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        found: list[Path] = []
        for folder, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(".egg-info")]
            found.extend(Path(folder) / name for name in files)
        return found
    return [ROOT / name for name in listed.decode().split("\0") if name]


def test_no_file_of_the_repository_cites_the_outside_specification() -> None:
    citing = sorted(
        str(path.relative_to(ROOT))
        for path in tracked_files()
        if path.is_file() and OUTSIDE_SPEC in path.read_bytes().lower()
    )
    assert citing == []


@pytest.mark.django_db
def test_the_api_descriptions_do_not_send_the_reader_outside_the_project() -> None:
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert OUTSIDE_SPEC not in response.content.lower()
    assert b"docs/workflows.md" in response.content
    assert b"docs/cases.md" in response.content
