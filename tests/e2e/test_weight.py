"""Page weight as served in production: gunicorn, DEBUG off, whitenoise's compressed files.

The login page and each role's home page, on a cold cache (a new browser context) and a
warm one (the same context, a second visit), counted in bytes on the wire (headers and
encoded bodies, as Chromium's network layer reports them). Ceilings: 100 KB cold, 20 KB warm.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import global_settings, settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test import override_settings

from tests.e2e.browsing import DESKTOP, PASSWORD, REPO_ROOT

pytestmark = pytest.mark.browser

COLD_CEILING = 100_000
WARM_CEILING = 20_000
# One person per role (and the administrator's home is not a role's).
ROLES = {
    "assoc_paris": "Membre d'association",
    "focal_paris": "Point focal d'ambassade",
    "officer": "Chargé de programme",
    "evaluator1": "Évaluateur technique",
    "committee": "Membre du comité",
    "finance": "Agent financier",
    "caseworker1": "Travailleur social",
    "supervisor": "Superviseur",
    "auditor": "Auditeur",
}


def database_url() -> str:
    """The test database the live test session uses, as a DATABASE_URL."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(database['NAME']).resolve()}"
    user = quote(database.get("USER") or "", safe="")
    password = quote(database.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(database['NAME'], safe='')}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn stopped:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise AssertionError(f"gunicorn did not answer in 60 s:\n{log.read_text(errors='replace')}")


# Other applications' assets (the API's Swagger UI, the admin, flags): no page measured
# here uses them, and compressing their 40 MB would take most of the test's time.
UNUSED_STATIC = ["drf_spectacular_sidecar", "rest_framework", "admin", "flags", "guardian"]


@pytest.fixture
def production_server(
    transactional_db: None,
    django_db_serialized_rollback: None,
    cast: dict[str, Any],
    tmp_path: Path,
) -> Iterator[str]:
    """gunicorn serving the committed demo cast with production settings, on a free port."""
    # The test session stores fast password hashes that production settings do not read.
    with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):
        User.objects.filter(username__in=ROLES).update(password=make_password(PASSWORD))
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "browser-tests-only-not-a-secret-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url(),
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
        + [option for name in UNUSED_STATIC for option in ("--ignore", name)],
        cwd=REPO_ROOT,
        env=env,
        check=True,
    )
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                str(bin_dir / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers=2",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{url}/accounts/login/", process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Wire:
    """Bytes received by one page (headers and encoded bodies), from Chromium's network layer."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.received: dict[str, int] = {}
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.loadingFinished", self._finished)

    def _finished(self, event: dict[str, Any]) -> None:
        self.received[event["requestId"]] = int(event["encodedDataLength"])

    def visit(self, url: str) -> tuple[int, int]:
        """Open the address; returns (bytes on the wire, requests that used the network)."""
        self.received.clear()
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url}: {response and response.status}"
        self.page.wait_for_load_state("networkidle")
        return sum(self.received.values()), sum(1 for size in self.received.values() if size)


def log_in(context: Any, base: str, username: str) -> None:
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{base}/")
    page.close()


def test_login_and_home_pages_stay_light(chromium: Any, production_server: str) -> None:
    base = production_server
    figures: list[tuple[str, int, int, int, int]] = []

    def measure(name: str, context: Any, url: str) -> None:
        wire = Wire(context.new_page())
        cold, cold_requests = wire.visit(url)
        warm, warm_requests = wire.visit(url)
        figures.append((name, cold, cold_requests, warm, warm_requests))

    def new_context(**extra: Any) -> Any:
        return chromium.new_context(locale="fr-FR", viewport=DESKTOP, **extra)

    context = new_context()
    measure("login page (anonymous)", context, f"{base}/accounts/login/")
    context.close()
    for username, role in ROLES.items():
        login_context = new_context()
        log_in(login_context, base, username)
        session = login_context.storage_state()
        login_context.close()
        # A new context with only the session cookie: nothing cached yet.
        context = new_context(storage_state=session)
        measure(f"home page, {role} ({username})", context, f"{base}/")
        context.close()

    lines = [
        f"{'page':<58} {'cold':>9} {'req':>4} {'warm':>9} {'req':>4}",
        *(
            f"{name:<58} {cold:>9,} {cold_n:>4} {warm:>9,} {warm_n:>4}"
            for name, cold, cold_n, warm, warm_n in figures
        ),
    ]
    print("\nBytes on the wire (headers and encoded bodies):\n" + "\n".join(lines))
    too_heavy = [
        f"{name}: {cold:,} bytes cold (ceiling {COLD_CEILING:,})"
        for name, cold, _, _, _ in figures
        if cold > COLD_CEILING
    ] + [
        f"{name}: {warm:,} bytes warm (ceiling {WARM_CEILING:,})"
        for name, _, _, warm, _ in figures
        if warm > WARM_CEILING
    ]
    assert not too_heavy, "Pages over their weight ceiling:\n  " + "\n  ".join(too_heavy)
