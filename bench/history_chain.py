"""What the hash chain costs per history row: writing and verifying.

    DEBUG=1 .venv/bin/python bench/history_chain.py [--rows 2000]
    DEBUG=1 .venv/bin/python bench/history_chain.py --database-url postgres://…/EMPTY_DB

On a fresh SQLite database in a temporary folder (or on the given database, which
must be empty: it is migrated, then the rows are written and left there), writes
`--rows` history rows, each in its own transaction as a transition does, first
through `audit.services.record_history` (chained: lock, last hash, SHA-256), then the
chain checked as `verify_audit` walks it; then the same rows inserted without the
chain. Prints the
mean wall-clock and CPU time per row of each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--database-url", help="an empty database (default: temporary SQLite)")
    options = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="chain-bench-")
    os.environ["DATABASE_URL"] = options.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    try:
        run(options.rows)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(rows: int) -> None:
    import django

    django.setup()

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, models, transaction

    from audit.chain import verify
    from audit.models import HistoryEntry, Source
    from audit.services import record_history

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create(username=f"bench-{uuid.uuid4().hex[:8]}")
    facts: dict[str, Any] = {
        "action": "approve",
        "by": user,
        "source": Source.API,
        "source_state": "in_committee",
        "target_state": "approved",
        "data": {"grant": 16_000_000, "message": "Subvention accordée : %(grant)s"},
    }

    started, cpu = time.perf_counter(), time.process_time()
    for number in range(rows):
        with transaction.atomic():
            record_history(obj=user, comment=f"Décision n° {number}", **facts)
    chained = (time.perf_counter() - started) / rows
    chained_cpu = (time.process_time() - cpu) / rows

    total = HistoryEntry.objects.count()
    started = time.perf_counter()
    verify(HistoryEntry, "default")
    walked = (time.perf_counter() - started) / total

    template = HistoryEntry.objects.order_by("-pk").first()
    assert template is not None
    started, cpu = time.perf_counter(), time.process_time()
    for number in range(rows):
        with transaction.atomic():
            row = HistoryEntry(
                content_type_id=template.content_type_id,
                object_id=user.pk,
                comment=f"Décision n° {number}",
                **facts,
                previous_hash=uuid.uuid4().hex,  # unchained, but each row's own
            )
            models.Model.save(row)
    plain = (time.perf_counter() - started) / rows
    plain_cpu = (time.process_time() - cpu) / rows

    print(f"{connection.vendor}, {rows} rows each way, {total} rows walked")
    print(f"{'per row':20} {'wall':>8} {'CPU':>8} (µs, CPU of this process only)")
    print(f"{'write, chained':20} {chained * 1e6:8.0f} {chained_cpu * 1e6:8.0f}")
    print(f"{'write, not chained':20} {plain * 1e6:8.0f} {plain_cpu * 1e6:8.0f}")
    print(f"{'the chain':20} {(chained - plain) * 1e6:8.0f} {(chained_cpu - plain_cpu) * 1e6:8.0f}")
    print(f"{'verify_audit':20} {walked * 1e6:8.0f}")


if __name__ == "__main__":
    main()
