"""A downloaded agreement verified at /verify/ by code and by file; a modified copy refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.e2e.browsing import Journey
from tests.workflows.conftest import (  # noqa: F401  (fixtures used by this test)
    approved,
    call,
    draft,
    in_committee,
    make_proposal,
    submitted,
    under_review,
)
from workflows.documents import generate_agreement

pytestmark = pytest.mark.browser

VERIFICATION_CODE = re.compile(r"\b[A-Z0-9]{5}-[A-Z0-9]{5}\b")
ISSUED = "Ce document a bien été émis par le Ministère."
NOT_FOUND = "Aucun document ne correspond"


@pytest.fixture
def agreement_of(approved, committee):  # noqa: F811
    assert generate_agreement(approved, committee) is not None
    return approved


def test_a_downloaded_agreement_is_verified_by_code_and_by_file(
    journey: Journey, agreement_of, tmp_path: Path
) -> None:
    page = journey.as_user("assoc_paris")
    journey.click(page.get_by_role("link", name=re.compile(agreement_of.reference)).first)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"Version 1")).first.click()
    original = tmp_path / "convention.pdf"
    download.value.save_as(original)

    # The code printed at the foot of each page.
    text = PdfReader(original).pages[0].extract_text()
    code = VERIFICATION_CODE.search(text)
    assert code, "no verification code printed on the agreement"

    public = journey.new_page("visitor")
    journey.visit(public, "/verify/")
    public.get_by_label("Code de vérification").fill(code.group(0))
    journey.click(public.get_by_role("button", name="Vérifier"))
    result = public.get_by_role("status")
    assert ISSUED in result.inner_text()
    assert agreement_of.reference in public.locator("main").inner_text()

    journey.click(public.get_by_role("link", name="Vérifier un autre document"))
    public.get_by_label(re.compile("fichier PDF")).set_input_files(original)
    journey.click(public.get_by_role("button", name="Vérifier"))
    assert ISSUED in public.get_by_role("status").inner_text()

    # One byte changed in the middle of the file: not the document that was issued.
    modified = tmp_path / "convention-modifiee.pdf"
    content = bytearray(original.read_bytes())
    content[len(content) // 2] ^= 0x01
    modified.write_bytes(bytes(content))
    journey.visit(public, "/verify/")
    public.get_by_label(re.compile("fichier PDF")).set_input_files(modified)
    journey.click(public.get_by_role("button", name="Vérifier"))
    verdict = public.get_by_role("status").inner_text()
    assert NOT_FOUND in verdict and ISSUED not in verdict

    journey.finish()
