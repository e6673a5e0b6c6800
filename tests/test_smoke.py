"""What someone sees first: the French login page, its assets, the demo cast logging in."""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PROJECT_DIRS = (
    "templates",
    "config",
    "accounts",
    "audit",
    "registry",
    "documents",
    "workflows",
    "cases",
)

# README.md, « The demo cast »: every one of them logs in with the demo password.
DEMO_USERNAMES = [
    "assoc_paris",
    "assoc_brussels",
    "officer",
    "evaluator1",
    "evaluator2",
    "evaluator3",
    "committee",
    "finance",
    "caseworker1",
    "caseworker2",
    "supervisor",
    "focal_paris",
    "auditor",
    "univ_lome",
    "chr_kara",
    "expert_paris",
    "doctor_brussels",
    "admin",
]

STATIC_REFERENCE = re.compile(r"""(?:href|src)="(/static/[^"?#]+)""")
STATIC_TAG = re.compile(r"""\{%\s*static\s+["']([^"']+)["']\s*%\}""")


def test_the_login_page_is_served_in_french(client: Client) -> None:
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Connexion" in page
    assert "Mot de passe" in page


def test_a_browser_asking_for_an_unsupported_language_gets_french(client: Client) -> None:
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")

    assert '<html lang="fr">' in response.content.decode()


def test_every_asset_the_login_page_references_is_served_by_the_app(
    client: Client, settings: Any
) -> None:
    # Outside DEBUG whitenoise serves STATIC_ROOT, which the suite does not build;
    # reading the source directories instead keeps the same middleware in play.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True

    page = client.get("/accounts/login/").content.decode()
    assets = STATIC_REFERENCE.findall(page)

    assert "/static/vendor/bootstrap/bootstrap.min.css" in assets
    assert "/static/vendor/htmx/htmx.min.js" in assets
    for url in assets:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.getvalue(), url
    css = client.get("/static/vendor/bootstrap/bootstrap.min.css")
    assert css["Content-Type"].startswith("text/css")


COLLECTSTATIC = """
import json
import django
from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string

django.setup()
backend = settings.STORAGES["staticfiles"]["BACKEND"]
storage_class = import_string(backend)
if hasattr(storage_class, "compress_files"):
    # Compression changes no name and takes minutes; hashing and reference
    # checking, which is what can fail, run exactly as in production.
    storage_class.compress_files = lambda self, paths: iter(())
call_command("collectstatic", interactive=False, verbosity=0)
print(json.dumps({"backend": backend}))
"""


def referenced_static_paths() -> set[str]:
    paths: set[str] = set()
    for directory in PROJECT_DIRS:
        for template in (ROOT / directory).rglob("*.html"):
            if "templates" in template.parts:
                paths.update(STATIC_TAG.findall(template.read_text(encoding="utf-8")))
    return paths


def test_collectstatic_builds_the_production_manifest_with_every_referenced_asset(
    tmp_path: Path,
) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "STATIC_ROOT": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", COLLECTSTATIC],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout)["backend"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    referenced = referenced_static_paths()
    assert "vendor/bootstrap/bootstrap.min.css" in referenced
    missing = sorted(path for path in referenced if path not in manifest)
    assert missing == []


@pytest.fixture
def demo_cast(db: None) -> None:
    # The same command `make run` uses; --force because the suite runs with DEBUG off.
    call_command("seed_demo", password="demo", force=True, stdout=io.StringIO())


def test_the_demo_cast_is_exactly_the_one_described(demo_cast: None) -> None:
    usernames = set(get_user_model().objects.values_list("username", flat=True))

    assert usernames == set(DEMO_USERNAMES)
    assert get_user_model().objects.get(username="admin").is_superuser


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_each_demo_user_logs_in_with_the_demo_password_and_lands_on_their_home_page(
    demo_cast: None, client: Client, username: str
) -> None:
    response = client.post(
        "/accounts/login/", {"username": username, "password": "demo"}, follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert response.context["user"].get_username() == username
    assert "Mon espace" in response.content.decode()


def test_a_wrong_password_is_refused_and_the_username_is_kept(
    demo_cast: None, client: Client
) -> None:
    response = client.post("/accounts/login/", {"username": "officer", "password": "nope"})

    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert 'value="officer"' in response.content.decode()


def expected_vendor() -> str:
    if os.environ.get("EXPECT_DB_VENDOR"):
        return os.environ["EXPECT_DB_VENDOR"]
    url = os.environ.get("DATABASE_URL", "")
    return (
        "postgresql" if url.startswith(("postgres://", "postgresql://", "pgsql://")) else "sqlite"
    )


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_it_was_pointed_at() -> None:
    assert connection.vendor == expected_vendor()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
