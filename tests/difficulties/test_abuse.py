"""The public form against abuse, without hurting people: rates per address and per
e-mail, the honeypot, the uploads' size, type and count; and the lookups' rate."""

from __future__ import annotations

import html as markup
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from difficulties.models import Difficulty
from documents.models import Attachment
from tests.a11y import Page
from tests.difficulties.builders import make_difficulty, report_fields

pytestmark = pytest.mark.django_db

FORM = reverse("difficulties:report")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(**fields: Any) -> dict[str, Any]:
    return {**report_fields(**fields), "consent": "on"}


def nothing_saved(before: int) -> None:
    assert Difficulty.objects.count() == before
    assert not Attachment.objects.filter(content_type__app_label="difficulties").exists()


def test_beyond_the_rate_per_address_the_form_answers_429_in_words(
    cast: Any, client: Client, settings: Any
):
    settings.DIFFICULTY_RATE_PER_ADDRESS = "2/h"
    assert client.post(FORM, form_data()).status_code == 302
    assert client.post(FORM, form_data()).status_code == 302
    before = Difficulty.objects.count()
    response = client.post(FORM, form_data())
    assert response.status_code == 429
    assert "Trop de signalements envoyés depuis cette connexion" in markup.unescape(
        response.content.decode()
    )
    nothing_saved(before)
    # Another address is still welcome.
    assert client.post(FORM, form_data(), REMOTE_ADDR="198.51.100.7").status_code == 302


def test_beyond_the_rate_per_email_the_form_answers_429_in_words(
    cast: Any, client: Client, settings: Any
):
    settings.DIFFICULTY_RATE_PER_EMAIL = "2/h"
    for address in ("198.51.100.1", "198.51.100.2"):
        response = client.post(FORM, form_data(email="same@example.org"), REMOTE_ADDR=address)
        assert response.status_code == 302
    response = client.post(FORM, form_data(email="SAME@example.org "), REMOTE_ADDR="198.51.100.3")
    assert response.status_code == 429
    assert "avec cette adresse e-mail" in response.content.decode()
    other = client.post(FORM, form_data(email="other@example.org"), REMOTE_ADDR="198.51.100.3")
    assert other.status_code == 302


def test_a_filled_honeypot_looks_like_a_success_and_registers_nothing(cast: Any, client: Client):
    page = Page(client.get(FORM))
    trap = page.by_id["id_website"]
    assert trap.attrs.get("name") == "website"
    assert trap.attrs.get("tabindex") == "-1" and trap.attrs.get("autocomplete") == "off"
    assert any(
        "visually-hidden" in a.attrs.get("class", "") and a.attrs.get("aria-hidden") == "true"
        for a in trap.ancestors()
    )
    before = Difficulty.objects.count()
    response = client.post(FORM, form_data(website="https://cheap.example"))
    assert response.status_code == 302
    made_up = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert not Difficulty.objects.filter(tracking_code=made_up).exists()
    shown = client.get(response["Location"])
    assert shown.status_code == 200
    assert made_up in shown.content.decode()
    assert "Consultez votre boîte aux lettres" in shown.content.decode()
    nothing_saved(before)


def post_pieces(client: Client, *pieces: SimpleUploadedFile) -> Any:
    return client.post(FORM, {**form_data(), "pieces": list(pieces)})


def test_an_oversized_piece_is_refused_and_nothing_is_saved(
    cast: Any, client: Client, settings: Any
):
    settings.FILE_UPLOAD_MAX_BYTES = 1024
    before = Difficulty.objects.count()
    big = SimpleUploadedFile("acte.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    response = post_pieces(client, big)
    assert response.status_code == 400
    assert "la limite est de 1,0" in response.context["form"].errors["pieces"][0]
    nothing_saved(before)


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", b"<html><script>alert(1)</script></html>"],
)
def test_a_disguised_piece_is_refused_and_nothing_is_saved(
    cast: Any, client: Client, content: bytes
):
    before = Difficulty.objects.count()
    fake = SimpleUploadedFile("passeport.pdf", content, content_type="application/pdf")
    response = post_pieces(client, fake)
    assert response.status_code == 400
    assert "ni un PDF" in response.context["form"].errors["pieces"][0]
    assert "passeport.pdf" in response.content.decode()
    nothing_saved(before)


def test_four_pieces_are_refused_and_nothing_is_saved(cast: Any, client: Client):
    before = Difficulty.objects.count()
    pieces = [
        SimpleUploadedFile(f"piece{i}.pdf", PDF, content_type="application/pdf") for i in range(4)
    ]
    response = post_pieces(client, *pieces)
    assert response.status_code == 400
    assert "au plus 3 pièces" in response.context["form"].errors["pieces"][0]
    nothing_saved(before)


def test_beyond_the_lookup_rate_the_tracking_pages_answer_429(
    cast: Any, client: Client, settings: Any
):
    settings.DIFFICULTY_RATE_LOOKUP = "3/h"
    difficulty = make_difficulty("answered")
    tracking = reverse("difficulties:tracking", args=[difficulty.tracking_code])
    lookup = reverse("difficulties:tracking_lookup")
    assert client.get(lookup, {"code": "AAAAA-AAAAA"}).status_code == 404
    assert client.get(tracking).status_code == 200
    assert client.get(lookup, {"code": "AAAAA-AAAAB"}).status_code == 404
    for refused in (
        client.get(lookup, {"code": difficulty.tracking_code}),
        client.get(tracking),
        client.post(tracking, {"resolved": "yes"}),
    ):
        assert refused.status_code == 429
        assert "Trop de consultations" in refused.content.decode()
    difficulty.refresh_from_db()
    assert difficulty.status == "answered"
    assert client.get(lookup).status_code == 200  # the empty form counts nothing


def test_up_to_three_good_pieces_are_kept_with_the_report(cast: Any, client: Client):
    pieces = [
        SimpleUploadedFile(f"acte{i}.pdf", PDF, content_type="application/pdf") for i in range(3)
    ]
    response = client.post(FORM, {**form_data(email="piece@example.org"), "pieces": pieces})
    assert response.status_code == 302
    difficulty = Difficulty.objects.get(email="piece@example.org")
    kept = Attachment.objects.filter(
        content_type__app_label="difficulties", object_id=difficulty.pk
    )
    assert sorted(a.original_name for a in kept) == ["acte0.pdf", "acte1.pdf", "acte2.pdf"]
