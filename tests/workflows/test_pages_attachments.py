"""Pieces attached to a proposal through its page: every refusal is kept in the history,
and a download is never cached, never sniffed, under a name that cannot break the header."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import HistoryEntry, Outcome, Source
from documents.models import Attachment
from documents.uploads import attachments_of
from workflows import services
from workflows.models import Proposal


def _upload(client: Any, proposal: Proposal, kind: str, upload: SimpleUploadedFile) -> Any:
    return client.post(
        reverse("workflows:attachment_upload", args=[proposal.pk]), {"kind": kind, "file": upload}
    )


def _refusal(proposal: Proposal) -> HistoryEntry:
    return HistoryEntry.objects.for_object(proposal).get(action="attach", outcome=Outcome.REFUSED)


def test_a_piece_refused_to_someone_who_may_not_attach_is_kept_in_the_history(
    client_for: Any, committee: Any, in_committee: Proposal
) -> None:
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.7\n")
    response = _upload(client_for(committee), in_committee, "other", pdf)
    assert response.status_code == 403
    refusal = _refusal(in_committee)
    assert (refusal.by, refusal.source) == (committee, Source.WEB)
    assert refusal.comment.startswith("Seuls l'association porteuse et le chargé")


def test_a_piece_refused_on_a_withdrawn_proposal_is_kept_in_the_history(
    client_for: Any, assoc_paris: Any, draft: Proposal
) -> None:
    services.proposal_withdraw(proposal=draft, by=assoc_paris, source=Source.WEB)
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.7\n")
    response = _upload(client_for(assoc_paris), draft, "other", pdf)
    assert response.status_code == 403
    assert "on n'y joint plus de pièce" in _refusal(draft).comment


@pytest.mark.parametrize(
    ("kind", "content", "reason"),
    [
        ("other", b"just some text", "ni un PDF, ni une image JPEG ou PNG"),
        ("signed_agreement", b"%PDF-1.7\n", "La convention signée est déposée par un chargé"),
    ],
)
def test_a_piece_refused_on_the_form_is_kept_in_the_history(
    client_for: Any,
    assoc_paris: Any,
    in_execution: Proposal,
    kind: str,
    content: bytes,
    reason: str,
) -> None:
    upload = SimpleUploadedFile("piece.pdf", content)
    response = _upload(client_for(assoc_paris), in_execution, kind, upload)
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not Attachment.objects.exists()
    refusal = _refusal(in_execution)
    assert (refusal.by, reason in refusal.comment) == (assoc_paris, True)


def test_a_proposal_piece_downloads_private_unsniffed_and_under_its_own_name(
    client_for: Any, assoc_paris: Any, officer: Any, submitted: Proposal
) -> None:
    pdf = SimpleUploadedFile("devis d'été.pdf", b"%PDF-1.7\n%%EOF\n")
    assert _upload(client_for(assoc_paris), submitted, "other", pdf).status_code == 302
    attachment = attachments_of(submitted).get()
    response = client_for(officer).get(
        reverse("workflows:attachment_download", args=[attachment.pk])
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"devis d'ete.pdf\"; filename*=UTF-8''devis%20d%27%C3%A9t%C3%A9.pdf"
    )
