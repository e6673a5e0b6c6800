"""Time the CSV import on a fresh database: read + preview, then import.

    DEBUG=1 .venv/bin/python bench/import_bench.py [--rows 5000] [--kind associations|experts]
    DEBUG=1 .venv/bin/python bench/import_bench.py --database-url postgres://…/EMPTY_DB

On a fresh SQLite database in a temporary folder (or on the given database, which
must be empty: it is migrated and seeded with the demo registry, and the imported
rows are left there), generates N valid rows spread over the demo jurisdictions,
then measures, as the programme officer: reading and validating the file (what
the upload and preview pages do), validating a kept batch again, and the
all-or-nothing import through the registry services; then checks the history's
hash chain as `manage.py verify_audit` does. Prints the wall-clock time, the CPU
time of this process and the query count of each step.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUNTRIES = ["FR", "ES", "PT", "BE", "NL", "LU", "DE", "AT", "CH", "US", "CA", "GH"]
PLACES = [("plateaux", "kloto"), ("kara", "kozah"), ("maritime", "zio"), ("savanes", "tone")]


def association_rows(count: int) -> tuple[list[str], list[list[str]]]:
    header = [
        "nom",
        "sigle",
        "pays",
        "ville",
        "annee_creation",
        "nombre_membres",
        "secteurs",
        "region_origine",
        "prefecture_origine",
        "contact_nom",
        "contact_email",
    ]
    rows = []
    for n in range(count):
        region, prefecture = PLACES[n % len(PLACES)]
        rows.append(
            [
                f"Association de test numéro {n}",
                f"AT{n}",
                COUNTRIES[n % len(COUNTRIES)],
                "Ville",
                str(1990 + n % 30),
                str(10 + n % 500),
                "water|health" if n % 2 else "education",
                region,
                prefecture,
                f"Contact {n}",
                f"contact{n}@example.org",
            ]
        )
    return header, rows


def expert_rows(count: int) -> tuple[list[str], list[list[str]]]:
    header = [
        "prenom",
        "nom",
        "email",
        "pays",
        "ville",
        "profession",
        "niveau_etudes",
        "competences",
        "langues",
        "disponible_enseignement",
        "region_origine",
        "consentement_repertoire",
    ]
    rows = []
    for n in range(count):
        rows.append(
            [
                "Prénom",
                f"Nom{n}",
                f"expert{n}@example.org",
                COUNTRIES[n % len(COUNTRIES)],
                "Ville",
                "Ingénieur",
                "master",
                "engineering|ict" if n % 2 else "medicine",
                "fr|ee",
                "oui" if n % 3 else "non",
                PLACES[n % len(PLACES)][0],
                "oui",
            ]
        )
    return header, rows


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def timed(label: str, step: Callable[[], Any]) -> Any:
    from django.db import connection

    # Counted with a wrapper: Django's query log keeps only the last 9000 queries.
    count = 0

    def counter(execute: Callable[..., Any], *args: Any) -> Any:
        nonlocal count
        count += 1
        return execute(*args)

    with connection.execute_wrapper(counter):
        start, cpu = time.perf_counter(), time.process_time()
        result = step()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    # The CPU time (this process's) is the figure to compare on a busy machine.
    print(f"{label:<36} {elapsed:8.2f} s wall {cpu:8.2f} s CPU {count:8d} queries")
    return result


def render_preview(pk: int, user: Any) -> int:
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(f"/registry/import/{pk}/", HTTP_HOST="localhost")
    assert response.status_code == 200, response.status_code
    return len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--kind", choices=["associations", "experts"], default="associations")
    parser.add_argument("--database-url", help="an empty database (default: temporary SQLite)")
    options = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="import-bench-")
    os.environ["DATABASE_URL"] = options.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    try:
        run(options.rows, options.kind)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(rows: int, kind: str) -> None:
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.REGISTRY_IMPORT_MAX_BYTES = 100 * 1024 * 1024
    call_command("migrate", verbosity=0)

    from audit.models import Source
    from registry import importing
    from registry.demo import seed_registry

    seed_registry("bench")
    officer = get_user_model().objects.get(username="officer")
    make = association_rows if kind == "associations" else expert_rows
    data = csv_bytes(*make(rows))
    from django.db import connection

    print(f"{rows} {kind} rows, {len(data) / 1024:.0f} KiB, {connection.vendor}")

    parsed = timed("read (decode, delimiter, header)", lambda: importing.read(kind, data))
    preview = timed("validate every row (preview)", lambda: importing.validate(parsed, officer))
    assert preview.importable, [str(e) for e in preview.errors[:5]]
    batch = timed(
        "save the batch",
        lambda: importing.save_batch(
            parsed=parsed, preview=preview, file_name="bench.csv", by=officer
        ),
    )
    timed("preview page (validate again)", lambda: importing.preview_batch(batch=batch, by=officer))
    timed("preview page (validate and render)", lambda: render_preview(batch.pk, officer))
    count = timed(
        "import (all or nothing)",
        lambda: importing.import_batch(batch=batch, by=officer, source=Source.WEB),
    )
    print(f"imported: {count}")
    timed("verify the history chain", lambda: call_command("verify_audit", stdout=io.StringIO()))


if __name__ == "__main__":
    main()
