"""Settings as an operator meets them: a fresh process with only the environment given.

Each test starts Python in a subprocess with a clean environment, so nothing
from the test run (DEBUG=1, pytest-django's overrides) leaks into what is read.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(
    args: list[str], env: dict[str, str] | None = None, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONDONTWRITEBYTECODE": "1"}
    clean_env.update(env or {})
    return subprocess.run(
        args,
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "manage.py", *args], env)


def secret_key() -> str:
    return secrets.token_urlsafe(50)


READ_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "HOST": db.get("HOST", ""),
    "PORT": db.get("PORT", ""),
    "USER": db.get("USER", ""),
    "LANGUAGE_CODE": settings.LANGUAGE_CODE,
    "LANGUAGES": [code for code, _name in settings.LANGUAGES],
    "TIME_ZONE": settings.TIME_ZONE,
    "USE_TZ": settings.USE_TZ,
}))
"""


def read_settings(**env: str) -> dict[str, object]:
    result = run(
        [sys.executable, "-c", READ_SETTINGS], {"DJANGO_SETTINGS_MODULE": "config.settings", **env}
    )
    assert result.returncode == 0, result.stderr
    settings: dict[str, object] = json.loads(result.stdout)
    return settings


def test_the_deploy_check_passes_with_only_a_secret_key_and_allowed_hosts() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secret_key(),
        ALLOWED_HOSTS="example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_asked_for() -> None:
    assert read_settings(SECRET_KEY=secret_key())["DEBUG"] is False


def test_without_a_secret_key_and_debug_off_manage_py_refuses_in_one_clear_line() -> None:
    result = manage("check")

    assert result.returncode != 0
    assert "Configuration error: SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_migrations_check_needs_no_secret_key_and_finds_nothing_missing() -> None:
    result = manage("makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_debug_set_to_zero_still_requires_a_secret_key() -> None:
    result = manage("check", DEBUG="0")

    assert result.returncode != 0
    assert "Configuration error: SECRET_KEY is not set" in result.stderr


def test_without_a_secret_key_gunicorn_stops_and_logs_why() -> None:
    result = run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            "127.0.0.1:0",
            "--workers",
            "1",
        ],
        timeout=60,
    )

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Worker failed to boot" in result.stderr


def test_the_database_defaults_to_the_sqlite_file_at_the_repository_root() -> None:
    settings = read_settings(DEBUG="1")

    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["NAME"] == str(ROOT / "db.sqlite3")


def test_a_postgres_database_url_selects_postgresql() -> None:
    settings = read_settings(
        DEBUG="1", DATABASE_URL="postgres://diaspora:s3cret@db.example.org:5433/diaspora"
    )

    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert settings["NAME"] == "diaspora"
    assert settings["HOST"] == "db.example.org"
    assert settings["PORT"] == 5433
    assert settings["USER"] == "diaspora"


def test_the_platform_speaks_french_first_with_english_available_on_lome_time() -> None:
    settings = read_settings(SECRET_KEY=secret_key())

    assert settings["LANGUAGE_CODE"] == "fr"
    assert settings["LANGUAGES"] == ["fr", "en"]
    assert settings["TIME_ZONE"] == "Africa/Lome"
    assert settings["USE_TZ"] is True
