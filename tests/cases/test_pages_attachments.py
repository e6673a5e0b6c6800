"""Pieces attached to a case through its page: every refusal is kept in the history,
and a download is never cached, never sniffed, under a name that cannot break the header."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import HistoryEntry, Outcome, Source
from documents.uploads import attachments_of
from tests.cases.builders import new_case
from tests.cases.pages import persona_client

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_piece_refused_to_the_supervisor_is_kept_in_the_history(
    cast: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    users = cast["users"]
    case = new_case(users["supervisor"], caseworker="caseworker1")
    response = persona_client(cast, "supervisor").post(
        reverse("cases:attachment_upload", args=[case.pk]),
        {"kind": "identity", "file": SimpleUploadedFile("cni.png", PNG)},
    )
    assert response.status_code == 403
    assert not attachments_of(case).exists()
    refusal = HistoryEntry.objects.for_object(case).get(action="attach")
    assert (refusal.outcome, refusal.by, refusal.source) == (
        Outcome.REFUSED,
        users["supervisor"],
        Source.WEB,
    )


@pytest.mark.parametrize(
    ("sent_as", "kept_as"),
    [
        ('cni "recto".png', "cni _recto_.png"),
        # The extension follows the content: a PNG named as a program is a .png.
        ("cni.jpg.exe", "cni.png"),
    ],
)
def test_a_case_piece_downloads_private_unsniffed_and_under_a_safe_name(
    cast: dict[str, Any], settings: Any, tmp_path: Path, sent_as: str, kept_as: str
) -> None:
    settings.MEDIA_ROOT = tmp_path
    case = new_case(cast["users"]["supervisor"], caseworker="caseworker1")
    sent = persona_client(cast, "caseworker1").post(
        reverse("cases:attachment_upload", args=[case.pk]),
        {"kind": "identity", "file": SimpleUploadedFile(sent_as, PNG)},
    )
    assert sent.status_code == 302
    attachment = attachments_of(case).get()
    response = persona_client(cast, "supervisor").get(
        reverse("cases:attachment_download", args=[attachment.pk])
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="{kept_as}"'
