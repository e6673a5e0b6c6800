"""How the platform runs on one machine or on several, read from the environment.

One machine needs none of these variables: SQLite or `DATABASE_URL`, an in-process cache,
sessions in the database and media under MEDIA_ROOT. Several app servers behind a load
balancer share what one process would otherwise keep to itself:

- `CONN_MAX_AGE` (seconds, 60 by default; 0 opens a connection per request): each
  worker keeps its database connection, checked before reuse;
- `DATABASE_REPLICA_URL`: a streaming replica, the `replica` alias, read by the pages
  listed in `config.routers.REPLICA_PAGES` (`config.routers`);
- `CACHE_URL` (`redis://host:6379/0`): the cache every server shares (API throttles,
  cached sessions, cached fragments); an in-process cache without it;
- `SESSION_STORE`: `db` (the default without a shared cache), `cached_db` (the default
  with one: read from the cache, kept in the database) or `cache`;
- `MEDIA_STORAGE=s3`: uploaded pieces and generated PDFs in an S3-compatible bucket
  (`AWS_STORAGE_BUCKET_NAME`, `AWS_S3_ENDPOINT_URL`, `AWS_S3_REGION_NAME`, keys from
  `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`), private, read back through the app.

docs/deployment.md describes both layouts; `config.checks` tells `check --deploy` what a
combination lacks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.environment import env, env_int

REPLICA = "replica"
# Seconds a worker keeps its database connection; 0: one connection per request.
DEFAULT_CONN_MAX_AGE = 60
SESSION_ENGINES = {
    "db": "django.contrib.sessions.backends.db",
    "cached_db": "django.contrib.sessions.backends.cached_db",
    "cache": "django.contrib.sessions.backends.cache",
}
CACHE_SCHEMES = ("redis://", "rediss://", "unix://")


def _database(url: str, conn_max_age: int) -> dict[str, Any]:
    database: dict[str, Any] = dict(
        dj_database_url.parse(
            url,
            conn_max_age=conn_max_age,
            # A persistent connection is checked before reuse, so a database restart
            # does not turn the next request of every worker into an error.
            conn_health_checks=True,
        )
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # Writers queue (each transaction takes the write lock when it begins) and wait
        # for one another instead of failing at once with "database is locked".
        database.setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    return database


def databases(base_dir: Path) -> dict[str, dict[str, Any]]:
    """`default`, the primary, and `replica` when DATABASE_REPLICA_URL names one."""
    conn_max_age = env_int("CONN_MAX_AGE", DEFAULT_CONN_MAX_AGE)
    primary = _database(env("DATABASE_URL", f"sqlite:///{base_dir / 'db.sqlite3'}"), conn_max_age)
    if primary["ENGINE"] == "django.db.backends.sqlite3":
        # A file, not shared memory, so that concurrent connections in tests queue too.
        primary["TEST"] = {"NAME": str(base_dir / ".test-db.sqlite3")}
    found = {"default": primary}
    replica_url = env("DATABASE_REPLICA_URL")
    if replica_url:
        replica = _database(replica_url, conn_max_age)
        # The test run reads the primary's test database under this alias too.
        replica["TEST"] = {"MIRROR": "default"}
        found[REPLICA] = replica
    return found


def caches() -> dict[str, dict[str, Any]]:
    """The shared cache named by CACHE_URL (Redis), or one in each process."""
    url = env("CACHE_URL")
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if not url.startswith(CACHE_SCHEMES):
        raise ImproperlyConfigured(
            f"CACHE_URL must be a Redis address (redis://, rediss:// or unix://), not {url!r}."
        )
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "diaspora"),
        }
    }


def session_engine() -> str:
    """Where sessions live: SESSION_STORE, by default the database (through the cache
    when a shared one is configured)."""
    store = env("SESSION_STORE", "cached_db" if env("CACHE_URL") else "db")
    if store not in SESSION_ENGINES:
        raise ImproperlyConfigured(
            f"SESSION_STORE must be one of {', '.join(SESSION_ENGINES)}, not {store!r}."
        )
    return SESSION_ENGINES[store]


def media_storage() -> dict[str, Any]:
    """Where uploaded pieces and generated documents are kept: MEDIA_ROOT, or a private
    S3-compatible bucket with MEDIA_STORAGE=s3. Either way they are read back through
    the app's own views, which check access: no public or pre-signed address is given."""
    kind = env("MEDIA_STORAGE", "local")
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be local or s3, not {kind!r}.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "location": env("AWS_LOCATION"),
            # The keys are read by boto3 from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
            "default_acl": "private",
            "querystring_auth": True,
            # A name already taken gets a suffix: a stored file is never replaced.
            "file_overwrite": False,
        },
    }
