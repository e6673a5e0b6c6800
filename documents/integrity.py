"""Every stored file is where its row says and still has the SHA-256 the row recorded.

What `manage.py verify_documents` checks, after a restore above all (see
docs/operations.md, « Backups »): generated documents and uploaded attachments alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from documents.models import Attachment, StoredDocument

CHUNK = 1024 * 1024

MISSING = "missing"
ALTERED = "altered"


@dataclass(frozen=True)
class FileProblem:
    row: Attachment | StoredDocument
    problem: str  # MISSING or ALTERED
    found: str = ""  # the SHA-256 of the file as it is, when it is there


@dataclass
class FilesReport:
    checked: dict[str, int] = field(default_factory=dict)  # by model label
    without_file: int = 0  # rows not yet given a file (a document still to be generated)
    problems: list[FileProblem] = field(default_factory=list)


def file_sha256(file: Any) -> str | None:
    """The SHA-256 of a stored file, or None when the file is not there."""
    digest = hashlib.sha256()
    try:
        with file.storage.open(file.name, "rb") as handle:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
    except (FileNotFoundError, IsADirectoryError):
        return None
    return digest.hexdigest()


def _rows(using: str) -> Iterator[Attachment | StoredDocument]:
    yield from StoredDocument.objects.using(using).order_by("pk").iterator(chunk_size=500)
    yield from Attachment.objects.using(using).order_by("pk").iterator(chunk_size=500)


def check_files(using: str) -> FilesReport:
    report = FilesReport()
    for row in _rows(using):
        if not row.file.name:
            report.without_file += 1
            continue
        label = row._meta.label_lower
        report.checked[label] = report.checked.get(label, 0) + 1
        found = file_sha256(row.file)
        if found is None:
            report.problems.append(FileProblem(row, MISSING))
        elif found != row.sha256:
            report.problems.append(FileProblem(row, ALTERED, found))
    return report
