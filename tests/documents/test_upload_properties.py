"""The upload checks, on any bytes and any file name (Hypothesis): the type comes from
the content alone, the size cap holds, and no sent name can break the download header."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from documents.attachments import content_disposition
from documents.uploads import SIGNATURES, check_upload
from processes.transitions import ConditionsUnmet

LIMIT = 4096
signatures = st.sampled_from(SIGNATURES)
names = st.text(max_size=300)
# What Django's upload parser hands on: a base name, never a path.
file_names = names.map(lambda name: "f" + name.replace("/", "").replace("\\", "") + ".exe")
claimed_types = st.sampled_from(["application/pdf", "image/png", "text/html", "", "x/y"])


def upload(content: bytes, name: str = "piece.pdf", claimed: str = "application/pdf") -> Any:
    return SimpleUploadedFile(name, content, content_type=claimed)


def detected(content: bytes, name: str = "piece.pdf", claimed: str = "") -> str | None:
    with override_settings(FILE_UPLOAD_MAX_BYTES=LIMIT):
        try:
            return check_upload(upload(content, name, claimed))
        except ConditionsUnmet as refusal:
            assert list(refusal.fields) == ["file"]
            assert all(message.strip() for message in refusal.fields["file"])
            return None


@given(signatures, st.binary(max_size=LIMIT - 16), file_names, claimed_types)
def test_a_file_is_taken_for_what_its_first_bytes_say_whatever_its_name(
    signature: tuple[bytes, str], rest: bytes, name: str, claimed: str
) -> None:
    head, mime = signature
    assert detected(head + rest, name, claimed) == mime


@given(st.binary(min_size=1, max_size=LIMIT), file_names, claimed_types)
def test_a_file_without_a_known_signature_is_refused_in_words(
    content: bytes, name: str, claimed: str
) -> None:
    if any(content.startswith(head) for head, _mime in SIGNATURES):
        return
    assert detected(content, name, claimed) is None


@given(signatures, st.integers(min_value=1, max_value=2048))
def test_no_file_over_the_limit_is_kept(signature: tuple[bytes, str], over: int) -> None:
    head, _mime = signature
    assert detected(head + b"\0" * (LIMIT - len(head) + over)) is None


@pytest.mark.parametrize("content", [b""])
def test_an_empty_file_is_refused(content: bytes) -> None:
    assert detected(content) is None


@given(names)
def test_no_sent_name_breaks_the_download_header(name: str) -> None:
    header = content_disposition(name)
    assert "\r" not in header and "\n" not in header
    plain = re.fullmatch(r'attachment; filename="([^"]*)"(; filename\*=UTF-8\'\'(\S+))?', header)
    assert plain is not None, header
    fallback = plain.group(1)
    assert fallback and fallback.isascii()
    assert not set(fallback) & set('/\\";\x00')
    if plain.group(3):
        assert plain.group(3).isascii()
