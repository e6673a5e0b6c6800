"""The pieces of the public form: kept with the report as evidence, without an
uploader (the reporter has no account), never half-saved, forgotten with an
unconfirmed report."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone

from audit.models import HistoryEntry
from difficulties import services
from difficulties.models import Difficulty
from difficulties.services.maintenance import forget_unconfirmed
from documents import uploads
from documents.api import AttachmentSerializer
from documents.models import Attachment, AttachmentKind
from documents.uploads import attachments_of
from processes.transitions import ConditionsUnmet
from tests.difficulties.builders import report_fields

pytestmark = pytest.mark.django_db


def pdf(name: str = "recu.pdf", filler: bytes = b"0") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + filler * 1024, "application/pdf")


def counts() -> tuple[int, int, int]:
    return (
        Difficulty.objects.count(),
        Attachment.objects.count(),
        HistoryEntry.objects.filter(content_type__app_label="difficulties").count(),
    )


def report(pieces: list[Any], **fields: Any) -> Difficulty:
    difficulty, created = services.difficulty_report(
        fields=report_fields(**fields), pieces=pieces, by=AnonymousUser(), source="web"
    )
    assert created
    return difficulty


def test_the_pieces_are_kept_as_evidence_without_an_uploader(cast: dict[str, Any]) -> None:
    difficulty = report([pdf("recu.pdf"), pdf("passeport.pdf", b"1")])
    pieces = list(attachments_of(difficulty).order_by("pk"))
    assert [p.original_name for p in pieces] == ["recu.pdf", "passeport.pdf"]
    assert {p.kind for p in pieces} == {AttachmentKind.EVIDENCE}
    assert {p.uploaded_by_id for p in pieces} == {None}
    assert all(p.file.storage.exists(str(p.file.name)) for p in pieces)
    attached = HistoryEntry.objects.filter(object_id=difficulty.pk, action="attach")
    assert attached.filter(content_type__app_label="difficulties").count() == 2


def test_a_disguised_piece_refuses_the_whole_report(cast: dict[str, Any]) -> None:
    disguised = SimpleUploadedFile("photo.pdf", b"MZ\x90\x00" + b"0" * 512, "application/pdf")
    before = counts()
    with pytest.raises(ConditionsUnmet) as refused:
        report([pdf(), disguised])
    assert "photo.pdf" in refused.value.fields["pieces"][0]
    assert counts() == before


def test_a_piece_failing_while_stored_leaves_no_report_no_row_no_file(
    cast: dict[str, Any],
) -> None:
    stored_names: list[str] = []
    real = uploads.store_attachment

    def second_fails(**kwargs: Any) -> Attachment:
        if stored_names:
            raise ConditionsUnmet(["Le fichier est vide."], fields={"file": ["vide"]})
        attachment = real(**kwargs)
        stored_names.append(str(attachment.file.name))
        return attachment

    before = counts()
    with (
        mock.patch("difficulties.services.pieces.store_attachment", second_fails),
        pytest.raises(ConditionsUnmet),
    ):
        report([pdf(), pdf("deux.pdf", b"2")])
    assert counts() == before
    assert len(stored_names) == 1
    assert not Attachment._meta.get_field("file").storage.exists(stored_names[0])


def test_an_unconfirmed_report_is_forgotten_with_its_pieces(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    difficulty = report([pdf()])
    piece = attachments_of(difficulty).get()
    storage = piece.file.storage
    assert storage.exists(str(piece.file.name))
    later = timezone.now() + datetime.timedelta(days=8)
    with django_capture_on_commit_callbacks(execute=True):
        assert forget_unconfirmed(now=later) == 1
    assert not Difficulty.objects.filter(pk=difficulty.pk).exists()
    assert not Attachment.objects.filter(pk=piece.pk).exists()
    assert not storage.exists(str(piece.file.name))


def test_a_recent_unconfirmed_report_and_a_phone_only_one_are_kept(cast: dict[str, Any]) -> None:
    recent = report([pdf()])
    phone_only = report([], email="", phone="+33 6 12 34 56 78")
    Difficulty.objects.filter(pk=phone_only.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=20)
    )
    assert forget_unconfirmed() == 0
    assert Difficulty.objects.filter(pk__in=[recent.pk, phone_only.pk]).count() == 2
    assert attachments_of(recent).count() == 1


def test_the_reporter_is_named_as_the_uploader(cast: dict[str, Any]) -> None:
    difficulty = report([pdf()])
    piece = attachments_of(difficulty).get()
    html = render_to_string(
        "documents/_attachments_panel.html",
        {"attachments": [piece], "download_route": "difficulties:attachment_download"},
    )
    assert "le déclarant" in html
    assert AttachmentSerializer(piece, context={"request": None}).data["uploaded_by"] is None
