"""The attachment kit of `documents`: file names in the download header, and the owners
registered by the process apps (which `documents` itself never imports)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.models import Case
from documents.attachments import content_disposition, safe_file_name
from documents.models import EXTENSIONS, AttachmentKind, DocumentKind
from documents.registry import producer_for, rules_for_model
from documents.uploads import display_name
from workflows.models import Proposal

DOCUMENTS = Path(__file__).resolve().parents[2] / "documents"


@pytest.mark.parametrize(
    ("sent", "header"),
    [
        ("devis.pdf", 'attachment; filename="devis.pdf"'),
        ("../../etc/passwd.pdf", 'attachment; filename="passwd.pdf"'),
        (
            "C:\\Users\\awa\\reçu.png",
            "attachment; filename=\"recu.png\"; filename*=UTF-8''re%C3%A7u.png",
        ),
        ('a"b;c\r\nd.pdf', 'attachment; filename="a_b_cd.pdf"'),
        ("", 'attachment; filename="fichier"'),
        ("...", 'attachment; filename="fichier"'),
        ("été.pdf", "attachment; filename=\"ete.pdf\"; filename*=UTF-8''%C3%A9t%C3%A9.pdf"),
    ],
)
def test_a_sent_file_name_never_breaks_the_download_header(sent: str, header: str) -> None:
    assert content_disposition(sent) == header


def test_a_safe_name_keeps_what_can_be_read() -> None:
    assert safe_file_name("Rapport  final (v2).pdf") == "Rapport final (v2).pdf"


def test_the_process_apps_register_their_owners_and_documents() -> None:
    proposal, case = rules_for_model(Proposal), rules_for_model(Case)
    assert proposal is not None and case is not None
    assert AttachmentKind.SIGNED_AGREEMENT in proposal.attachment_kinds
    assert set(case.attachment_kinds) == {AttachmentKind.IDENTITY, AttachmentKind.OTHER}
    agreement, plan = (
        producer_for(DocumentKind.AGREEMENT),
        producer_for(DocumentKind.REINTEGRATION_PLAN),
    )
    assert agreement is not None and agreement.model is Proposal
    assert plan is not None and plan.model is Case


def test_documents_imports_no_process_app() -> None:
    imported: set[str] = set()
    for module in DOCUMENTS.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
    assert not imported & {"workflows", "cases"}


@given(name=st.text(max_size=60), mime=st.sampled_from(sorted(EXTENSIONS)))
def test_a_kept_name_always_ends_with_an_extension_of_its_content(name: str, mime: str) -> None:
    kept = display_name(name, mime)
    assert kept.rsplit(".", 1)[-1].lower() in EXTENSIONS[mime]
    assert not kept.startswith(".")
    assert "/" not in kept and "\\" not in kept
    assert len(kept) <= 255
