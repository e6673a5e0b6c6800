"""What `manage.py check --deploy` says about a layout of several machines
(docs/deployment.md): a combination of settings that works on one machine but not on
several, or that lacks a piece it needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

LOCAL_CACHE = "django.core.cache.backends.locmem.LocMemCache"
CACHE_SESSIONS = "django.contrib.sessions.backends.cache"
FILE_STORAGE = "django.core.files.storage.FileSystemStorage"
S3_STORAGE = "storages.backends.s3.S3Storage"


def _shared_cache() -> bool:
    return bool(settings.CACHES["default"]["BACKEND"] != LOCAL_CACHE)


@register(deploy=True)
def check_several_servers(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    found: list[CheckMessage] = []
    if settings.SESSION_ENGINE == CACHE_SESSIONS and not _shared_cache():
        found.append(
            Error(
                "Sessions are kept in the cache, but the cache is each process's own: a "
                "user is signed out whenever another worker answers.",
                hint="Set CACHE_URL=redis://… or SESSION_STORE=db.",
                id="deployment.E001",
            )
        )
    if settings.APP_SERVERS <= 1:
        return found
    if not _shared_cache():
        found.append(
            Error(
                f"APP_SERVERS={settings.APP_SERVERS} but no shared cache: each server "
                "counts the API's rates alone and keeps its own cached data.",
                hint="Set CACHE_URL=redis://… to a Redis every app server reaches.",
                id="deployment.E002",
            )
        )
    if settings.STORAGES["default"]["BACKEND"] == FILE_STORAGE:
        found.append(
            Warning(
                f"APP_SERVERS={settings.APP_SERVERS} with media under MEDIA_ROOT: a file "
                "stored by one server (or a worker) is missing on the others unless "
                "MEDIA_ROOT is a folder they all share.",
                hint="Set MEDIA_STORAGE=s3 (docs/deployment.md), or mount one shared "
                "MEDIA_ROOT on every app server and worker.",
                id="deployment.W001",
            )
        )
    return found


@register(deploy=True)
def check_media_storage(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    storage = settings.STORAGES["default"]
    if storage["BACKEND"] != S3_STORAGE or storage["OPTIONS"].get("bucket_name"):
        return []
    return [
        Error(
            "MEDIA_STORAGE=s3 needs a bucket: no document could be stored or read.",
            hint="Set AWS_STORAGE_BUCKET_NAME (and AWS_S3_ENDPOINT_URL for a store that "
            "is not AWS).",
            id="deployment.E003",
        )
    ]


@register(deploy=True)
def check_replica(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    replica = settings.REPLICA_DATABASE
    if not replica:
        return []
    found: list[CheckMessage] = []
    if not _shared_cache():
        found.append(
            Warning(
                "DATABASE_REPLICA_URL is set without a shared cache: the mark that keeps a "
                "user who just wrote on the primary stays in the process that took the "
                "write, so that user may not see the change on another server.",
                hint="Set CACHE_URL=redis://….",
                id="deployment.W002",
            )
        )
    if not settings.DATABASES[replica].get("CONN_MAX_AGE"):
        found.append(
            Warning(
                "DATABASE_REPLICA_URL is set with CONN_MAX_AGE=0: every page read from the "
                "replica opens two database connections.",
                hint="Leave CONN_MAX_AGE at its default (60) or set it above 0.",
                id="deployment.W003",
            )
        )
    return found
