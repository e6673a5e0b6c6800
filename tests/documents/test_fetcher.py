"""Rendering loads nothing but the project's static files and data: URLs."""

from __future__ import annotations

import socket
import threading
import urllib.request

import pytest

from audit.models import Source
from documents import rendering
from documents.fetcher import STATIC_BASE, ProjectFetcher, RefusedURL
from documents.rendering import RenderingError, render_pdf
from tests.documents.conftest import text_of
from workflows import services
from workflows.documents import generate_agreement

HOSTILE_TITLE = 'Forage <img src="http://example.com/x.png"> <link href="file:///etc/passwd">'
HOSTILE_SUMMARY = (
    '<style>@import url("https://example.com/a.css");</style>'
    '<object data="file:///etc/shadow"></object> <a href="ftp://example.com/">lien</a>'
)


@pytest.fixture
def no_network(monkeypatch):
    """Any network connection, or any file:// read through urllib, fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("something tried to reach the network or a file URL")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request.FileHandler, "file_open", refuse)
    monkeypatch.setattr(urllib.request.FTPHandler, "ftp_open", refuse)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/x.png",
        "file:///etc/passwd",
        "ftp://example.com/file.txt",
        "https://127.0.0.1/static/fonts/DejaVuSans.ttf",
        f"http://{STATIC_BASE[8:]}static/fonts/DejaVuSans.ttf",
        f"{STATIC_BASE}etc/passwd",
        f"{STATIC_BASE}static/../config/settings.py",
        f"{STATIC_BASE}static/%2e%2e/config/settings.py",
        f"{STATIC_BASE}static/fonts/DejaVuSans.ttf?x=1",
        f"{STATIC_BASE}static/fonts/missing.ttf",
        "gopher://example.com/",
    ],
)
def test_the_fetcher_refuses_anything_but_the_projects_static_files(url, no_network):
    with pytest.raises(RefusedURL):
        ProjectFetcher().fetch(url)


def test_the_fetcher_serves_the_shipped_fonts_and_data_urls(no_network, settings):
    font = ProjectFetcher().fetch(f"{STATIC_BASE}static/fonts/DejaVuSans.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"
    data = ProjectFetcher().fetch("data:text/plain;base64,Qm9uam91cg==")
    assert data.read() == b"Bonjour"


def test_a_template_asking_for_a_remote_resource_is_not_rendered(monkeypatch, no_network):
    monkeypatch.setattr(
        rendering,
        "render_html",
        lambda name, context: '<p>Logo</p><img src="http://example.com/logo.png">',
    )
    with pytest.raises(RenderingError):
        render_pdf("any.html", {}, attachments_json={}, footer_fields={})


def test_hostile_text_renders_literally_and_fetches_nothing(
    make_proposal, cast, committee, monkeypatch, no_network
):
    proposal = make_proposal(
        "in_committee",
        title=HOSTILE_TITLE,
        summary=HOSTILE_SUMMARY,
        local_partner='<b onload="x">Mairie</b>',
    )
    proposal = services.proposal_approve(
        proposal=proposal, by=committee, source=Source.WEB, grant_amount=8_000_000
    )
    asked: list[str] = []
    fetch = ProjectFetcher.fetch
    # Fonts are loaded once per thread: start from a fresh cache so they are fetched again.
    monkeypatch.setattr(rendering, "_fonts", threading.local())

    def spy(self, url, headers=None):
        asked.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(ProjectFetcher, "fetch", spy)
    document = generate_agreement(proposal, committee)

    assert document is not None
    # Lines may wrap anywhere in these long strings: compare without whitespace.
    text = "".join(text_of(document).split())
    for hostile in (HOSTILE_TITLE, HOSTILE_SUMMARY, '<b onload="x">Mairie</b>'):
        assert "".join(hostile.split()) in text
    assert asked, "the fonts are loaded through the fetcher"
    assert all(url.startswith(f"{STATIC_BASE}static/fonts/") for url in asked)
