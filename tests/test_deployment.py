"""Settings for one machine or several (config.deployment) and what `check --deploy` says
about them (config.checks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from config import checks, deployment
from tests.test_settings import manage, secret_key

BASE = Path("/srv/diaspora")
PG = "postgres://app@db-primary:5432/diaspora"
REPLICA = "postgres://app@db-replica:5432/diaspora"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in (
        "DATABASE_URL",
        "DATABASE_REPLICA_URL",
        "CONN_MAX_AGE",
        "CACHE_URL",
        "SESSION_STORE",
        "MEDIA_STORAGE",
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_ENDPOINT_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# --- Settings ---------------------------------------------------------------------------


def test_database_connections_persist_by_default_and_are_checked_before_reuse(
    clean_environment,
):
    clean_environment.setenv("DATABASE_URL", PG)
    default = deployment.databases(BASE)["default"]
    assert default["CONN_MAX_AGE"] == 60
    assert default["CONN_HEALTH_CHECKS"] is True


def test_conn_max_age_zero_opens_a_connection_per_request(clean_environment):
    clean_environment.setenv("DATABASE_URL", PG)
    clean_environment.setenv("CONN_MAX_AGE", "0")
    assert deployment.databases(BASE)["default"]["CONN_MAX_AGE"] == 0


def test_a_replica_url_adds_the_replica_alias(clean_environment):
    clean_environment.setenv("DATABASE_URL", PG)
    assert set(deployment.databases(BASE)) == {"default"}
    clean_environment.setenv("DATABASE_REPLICA_URL", REPLICA)
    found = deployment.databases(BASE)
    assert found["replica"]["HOST"] == "db-replica"
    assert found["replica"]["TEST"] == {"MIRROR": "default"}
    assert found["replica"]["CONN_MAX_AGE"] == 60


def test_the_cache_is_each_process_s_own_unless_cache_url_names_redis(clean_environment):
    assert deployment.caches()["default"]["BACKEND"].endswith("LocMemCache")
    clean_environment.setenv("CACHE_URL", "redis://cache:6379/1")
    shared = deployment.caches()["default"]
    assert shared["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["LOCATION"] == "redis://cache:6379/1"


def test_a_cache_url_that_is_not_redis_is_refused(clean_environment):
    clean_environment.setenv("CACHE_URL", "memcached://cache:11211")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        deployment.caches()


def test_sessions_are_in_the_database_and_through_a_shared_cache_when_there_is_one(
    clean_environment,
):
    assert deployment.session_engine() == "django.contrib.sessions.backends.db"
    clean_environment.setenv("CACHE_URL", "redis://cache:6379/1")
    assert deployment.session_engine() == "django.contrib.sessions.backends.cached_db"
    clean_environment.setenv("SESSION_STORE", "cache")
    assert deployment.session_engine() == "django.contrib.sessions.backends.cache"
    clean_environment.setenv("SESSION_STORE", "memory")
    with pytest.raises(ImproperlyConfigured, match="SESSION_STORE"):
        deployment.session_engine()


def test_media_go_to_a_private_bucket_with_media_storage_s3(clean_environment):
    assert deployment.media_storage()["BACKEND"].endswith("FileSystemStorage")
    clean_environment.setenv("MEDIA_STORAGE", "s3")
    clean_environment.setenv("AWS_STORAGE_BUCKET_NAME", "diaspora-media")
    clean_environment.setenv("AWS_S3_ENDPOINT_URL", "https://objects.example.tg")
    storage = deployment.media_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "diaspora-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://objects.example.tg"
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage["OPTIONS"]["file_overwrite"] is False
    clean_environment.setenv("MEDIA_STORAGE", "ftp")
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE"):
        deployment.media_storage()


# --- check --deploy ---------------------------------------------------------------------


def ids(found) -> set[str]:
    return {message.id for message in found}


def every_check() -> set[str]:
    return ids(
        [
            *checks.check_several_servers(),
            *checks.check_media_storage(),
            *checks.check_replica(),
        ]
    )


def test_one_machine_needs_nothing_more(settings):
    assert every_check() == set()


def test_several_app_servers_need_a_shared_cache_and_shared_media(settings):
    settings.APP_SERVERS = 3
    assert every_check() == {"deployment.E002", "deployment.W001"}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": checks.S3_STORAGE, "OPTIONS": {"bucket_name": "media"}},
    }
    assert every_check() == set()


def test_sessions_in_a_process_s_own_cache_are_refused(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    assert every_check() == {"deployment.E001"}


def test_object_storage_needs_a_bucket(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": checks.S3_STORAGE, "OPTIONS": {}},
    }
    assert every_check() == {"deployment.E003"}


def test_a_replica_wants_a_shared_cache_and_persistent_connections(settings, monkeypatch):
    settings.REPLICA_DATABASE = "replica"
    monkeypatch.setitem(settings.DATABASES, "replica", {"CONN_MAX_AGE": 60})
    assert every_check() == {"deployment.W002"}
    monkeypatch.setitem(settings.DATABASES, "replica", {"CONN_MAX_AGE": 0})
    assert every_check() == {"deployment.W002", "deployment.W003"}


# The several-machine layout of docs/deployment.md, as its environment file says it.
SEVERAL_MACHINES = {
    "APP_SERVERS": "2",
    "DATABASE_URL": PG,
    "DATABASE_REPLICA_URL": REPLICA,
    "CACHE_URL": "redis://cache:6379/0",
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "diaspora-media",
    "AWS_S3_ENDPOINT_URL": "https://objects.example.tg",
}


def deploy_check(**env: str):
    return manage("check", "--deploy", *("--fail-level", "WARNING"), **production(**env))


def production(**env: str) -> dict[str, str]:
    return {"SECRET_KEY": secret_key(), "ALLOWED_HOSTS": "example.org", **env}


def test_the_deploy_check_names_what_several_servers_lack():
    result = deploy_check(APP_SERVERS="2", MEDIA_STORAGE="s3")
    assert result.returncode != 0
    assert "deployment.E002" in result.stderr
    assert "deployment.E003" in result.stderr
    assert "CACHE_URL" in result.stderr
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_the_deploy_check_passes_for_the_documented_several_machine_layout():
    result = deploy_check(**SEVERAL_MACHINES)
    assert result.returncode == 0, result.stderr


# --- /health/ ---------------------------------------------------------------------------


def test_health_answers_without_login_after_asking_the_database(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert len(queries) == 1
    assert "Set-Cookie" not in response


def test_health_answers_503_when_the_database_does_not(client, db, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", unreachable)
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_the_load_balancer_probes_health_over_plain_http(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 200
    assert client.get("/accounts/login/").status_code == 301
