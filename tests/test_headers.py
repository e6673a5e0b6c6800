"""Security headers on every answer: a Content-Security-Policy that lets no inline
script run, and a Permissions-Policy that turns off the browser features no page uses."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

PAGES = [
    ("officer", "/accounts/login/"),
    ("officer", "/"),
    ("officer", "/projects/proposals/"),
    ("supervisor", "/cases/"),
    ("officer", "/registry/associations/"),
    ("assoc_paris", "/projects/proposals/new/"),
]


def directives(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.parametrize(("username", "path"), PAGES)
def test_every_page_carries_a_policy_without_inline_script(
    client_for: Any, cast: dict[str, Any], username: str, path: str
) -> None:
    response = client_for(cast["users"][username]).get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]


def test_the_api_carries_the_policy_too(api_for: Any, officer: Any) -> None:
    response = api_for(officer).get("/api/v1/calls/")
    assert "'unsafe-inline'" not in directives(response)["script-src"]


@pytest.mark.parametrize(("username", "path"), PAGES)
def test_no_page_holds_an_inline_script_style_or_handler(
    client_for: Any, cast: dict[str, Any], username: str, path: str
) -> None:
    page = client_for(cast["users"][username]).get(path).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag, tag
    assert "<style" not in page
    assert not re.search(r"\sstyle=\"", page)
    assert not re.search(r"\son[a-z]+=\"", page)
    assert "javascript:" not in page


def test_the_api_documentation_loads_its_script_from_an_address_not_inline(
    client_for: Any, officer: Any
) -> None:
    response = client_for(officer).get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts and all("src=" in tag for tag in scripts)
    nonce = re.search(r"<style nonce=\"([^\"]+)\">", page)
    assert nonce is not None
    assert f"'nonce-{nonce.group(1)}'" in directives(response)["style-src"]
    script = client_for(officer).get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_the_server_error_page_has_no_inline_style(client: Any) -> None:
    from django.template import loader

    page = loader.get_template("500.html").render()
    assert "<style" not in page and "style=" not in page
    assert "css/error.css" in page


def test_browser_features_no_page_uses_are_turned_off(client: Any, db: None) -> None:
    header = client.get("/accounts/login/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in header


TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# Rendered to PDF by WeasyPrint, never served to a browser (the missions' own beside them).
PDF_TEMPLATES = (TEMPLATES / "documents", TEMPLATES / "missions" / "documents")


def _served_templates() -> list[Path]:
    return [
        path
        for path in sorted(TEMPLATES.rglob("*.html"))
        if not any(folder in path.parents for folder in PDF_TEMPLATES)
    ]


@pytest.mark.parametrize("path", _served_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_holds_what_the_policy_refuses(path: Path) -> None:
    """An inline script, handler or style would be blocked in the browser: none is written."""
    source = path.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", source):
        assert "src=" in tag, tag
    for tag in re.findall(r"<style\b[^>]*>", source):
        assert "nonce=" in tag, tag
    assert not re.search(r"\sstyle=", source)
    assert not re.search(r"\son[a-z]+=", source)
    assert "javascript:" not in source
