"""A backup restores into an empty database and a fresh media folder, and the restored
platform passes its checks: every stored document's SHA-256 against its file, and the
history's hash chain (docs/operations.md, « Backups »)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

from audit.append_only import trigger_name
from audit.models import HistoryEntry
from documents.models import Attachment, StoredDocument
from tests.audit.tampering import TABLE
from tests.commands import command_output
from tests.concurrency import COMMITTED

pytestmark = [
    *COMMITTED,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Backups are taken with pg_dump and restored with pg_restore: PostgreSQL only "
        "(runs in CI on PostgreSQL).",
    ),
]

RESTORED = "restored"


def postgresql_program(name: str) -> str:
    """`name` from the newest PostgreSQL bin directory, as .ci/run finds the server."""
    folders = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    for folder in reversed(folders):
        if (folder / name).exists():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed (PostgreSQL client programs)")
    return found


def run(program: str, *arguments: str) -> None:
    """Run a PostgreSQL program against the test database's server."""
    settings = connection.settings_dict
    environment = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    server = ["--host", str(settings.get("HOST") or "localhost")]
    if settings.get("PORT"):
        server += ["--port", str(settings["PORT"])]
    server += ["--username", str(settings.get("USER") or "postgres")]
    subprocess.run(
        [postgresql_program(program), *server, *arguments],
        env=environment,
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def restored_database(tmp_path: Path) -> Iterator[str]:
    """The test database dumped (custom format) and restored into a new empty database,
    reachable as the `restored` connection."""
    name = f"restored_{uuid.uuid4().hex[:12]}"
    dump = tmp_path / "diaspora.dump"
    run("pg_dump", "--format=custom", f"--file={dump}", connection.settings_dict["NAME"])
    run("createdb", "--template=template0", name)
    restored = None
    try:
        run("pg_restore", "--exit-on-error", "--no-owner", f"--dbname={name}", str(dump))
        restored = type(connections["default"])(
            {**connection.settings_dict, "NAME": name}, RESTORED
        )
        # A connection made here, not in DATABASES: the test case lets it through.
        connections[RESTORED] = restored
        yield RESTORED
    finally:
        if restored is not None:
            restored.close()
            del connections[RESTORED]
        run("dropdb", "--force", name)


def back_up_and_restore_media(settings: Any, tmp_path: Path) -> None:
    """MEDIA_ROOT archived, then unpacked into an empty folder the platform now uses."""
    archive = tmp_path / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(settings.MEDIA_ROOT, arcname="media")
    restored = tmp_path / "restored"
    with tarfile.open(archive) as tar:
        tar.extractall(restored, filter="data")
    settings.MEDIA_ROOT = restored / "media"


def test_a_restored_backup_has_every_document_and_an_intact_history(
    agreement: StoredDocument,
    signed_scan: Attachment,
    restored_database: str,
    settings: Any,
    tmp_path: Path,
) -> None:
    back_up_and_restore_media(settings, tmp_path)

    restored_rows = HistoryEntry.objects.using(restored_database)
    assert restored_rows.count() == HistoryEntry.objects.count() > 0
    last_hash = HistoryEntry.objects.order_by("-pk").values_list("hash", flat=True).first()
    assert restored_rows.order_by("-pk").values_list("hash", flat=True).first() == last_hash
    chain = command_output("verify_audit", database=restored_database)
    assert f"{restored_rows.count()} ligne(s), chaîne intacte" in chain

    with connections[restored_database].cursor() as cursor:
        cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = %s", [trigger_name(TABLE)])
        assert cursor.fetchone() == ("O",), "the history's append-only trigger was not restored"

    restored_documents = StoredDocument.objects.using(restored_database)
    assert restored_documents.get(pk=agreement.pk).sha256 == agreement.sha256
    assert Attachment.objects.using(restored_database).get(pk=signed_scan.pk).sha256 == (
        signed_scan.sha256
    )
    checked = command_output("verify_documents", database=restored_database)
    assert f"documents.storeddocument : {restored_documents.count()} fichier(s)" in checked
    assert f"documents.attachment : {Attachment.objects.count()} fichier(s)" in checked
    assert "Tous les fichiers sont présents et conformes à leur empreinte." in checked
