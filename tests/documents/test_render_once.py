"""The retry button and `regenerate_documents` leave alone a document a worker is
rendering at that moment (its pending row is locked): one version, not two."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from audit.models import Source
from documents import services
from documents.models import DocumentKind, PendingDocument, StoredDocument
from tests.concurrency import CONCURRENT
from tests.workflows.builders import make_proposal
from workflows.models import ProposalStatus

pytestmark = [
    *CONCURRENT,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks (FOR UPDATE SKIP LOCKED) are PostgreSQL's; SQLite has one writer.",
    ),
]


def test_a_document_being_rendered_elsewhere_is_not_rendered_twice(cast: dict[str, Any]) -> None:
    proposal = make_proposal(ProposalStatus.APPROVED)
    officer = cast["users"]["officer"]
    versions = StoredDocument.objects.filter(object_id=proposal.pk, kind=DocumentKind.AGREEMENT)
    before = versions.count()
    pending = PendingDocument.objects.create(
        content_type=ContentType.objects.get_for_model(proposal),
        object_id=proposal.pk,
        kind=DocumentKind.AGREEMENT,
        by=officer,
        source=Source.SYSTEM,
    )
    locked, release = threading.Event(), threading.Event()

    def worker() -> None:
        try:
            with transaction.atomic():
                PendingDocument.objects.select_for_update().get(pk=pending.pk)
                locked.set()
                release.wait(20)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert locked.wait(20)
        retried = services.generate_or_record_failure(
            owner=proposal, kind=DocumentKind.AGREEMENT, by=officer, source=Source.WEB
        )
        assert retried is None
        assert versions.count() == before
    finally:
        release.set()
        thread.join()
    again = services.generate_or_record_failure(
        owner=proposal, kind=DocumentKind.AGREEMENT, by=officer, source=Source.WEB
    )
    assert again is not None and versions.count() == before + 1
