"""`manage.py verify_documents`: every stored document and attachment has its file,
with the SHA-256 its row recorded; a missing or changed file is named."""

from __future__ import annotations

from typing import Any

import pytest

from documents.models import Attachment, StoredDocument
from tests.commands import command_failure, command_output

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(agreement: StoredDocument, signed_scan: Attachment) -> dict[str, Any]:
    return {"agreement": agreement, "scan": signed_scan}


def test_every_file_present_and_unchanged_passes(files: dict[str, Any]) -> None:
    output = command_output("verify_documents")

    assert f"documents.storeddocument : {StoredDocument.objects.count()} fichier(s)" in output
    assert f"documents.attachment : {Attachment.objects.count()} fichier(s)" in output
    assert "Tous les fichiers sont présents et conformes à leur empreinte." in output


def test_a_changed_agreement_is_named_with_both_fingerprints(files: dict[str, Any]) -> None:
    agreement = files["agreement"]
    with agreement.file.storage.open(agreement.file.name, "ab") as handle:
        handle.write(b"%% appended")

    message = command_failure("verify_documents")

    assert f"documents.storeddocument {agreement.pk} ({agreement})" in message
    assert f"la base a enregistré {agreement.sha256}" in message


def test_a_missing_attachment_is_named(files: dict[str, Any]) -> None:
    scan = files["scan"]
    scan.file.storage.delete(scan.file.name)

    message = command_failure("verify_documents")

    assert f"documents.attachment {scan.pk} ({scan}) : fichier absent ({scan.file.name})" in message
    assert "documents.storeddocument" not in message
