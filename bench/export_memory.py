"""The memory of a large export written in the request: resident size while it streams.

    DEBUG=1 .venv/bin/python bench/export_memory.py --database-url postgres://…/SEEDED_DB \\
        [--kind proposals] [--format csv] [--user officer] [--limit 100000]

On a database seeded by `manage.py seed_scale` (never changed: nothing is written), as
`--user` (the officer by default, who sees every proposal but the drafts), builds the
response of the export exactly as `observatory.exports.services.download` gives it in
the request (the CSV streamed chunk by chunk, the XLSX written to a temporary file), and
reads it to the end as a server sends it, counting bytes. Samples the process's
resident size (VmRSS) every `--every` rows and prints: the rows and bytes written, the
time, the resident size before the export, at each tenth of the rows, and the peak
(`ru_maxrss`). Flat memory: the resident size at the end is that of the first tenth.
`--limit` caps the rows (the export's own filters otherwise: none).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def resident_mb() -> float:
    """The process's resident size now, in MB (VmRSS)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a database seeded by seed_scale")
    parser.add_argument("--kind", default="proposals")
    parser.add_argument("--format", default="csv", choices=["csv", "xlsx"])
    parser.add_argument("--user", default="officer")
    parser.add_argument("--limit", type=int, default=0, help="at most this many rows")
    options = parser.parse_args()
    os.environ["DATABASE_URL"] = options.database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    run(options)


def run(options: Any) -> None:
    import django

    django.setup()

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import reset_queries

    from observatory.exports import datasets, services
    from observatory.exports.writers import csv_chunks, write_xlsx
    from observatory.models import Export

    # DEBUG keeps every query's text (up to 9,000): not what a server holds.
    settings.DEBUG = False
    user = get_user_model().objects.get(username=options.user)
    dataset = datasets.DATASETS[options.kind]
    export = Export(kind=options.kind, format=options.format, filters={}, requested_by=user)
    total = dataset.count(user, {})
    expected = min(total, options.limit) if options.limit else total
    every = max(1, expected // 10)
    samples: list[tuple[int, float]] = []
    counted = {"rows": 0}

    def watched(rows: Any) -> Any:
        for row in rows:
            counted["rows"] += 1
            if counted["rows"] % every == 0:
                samples.append((counted["rows"], resident_mb()))
                reset_queries()
            yield row

    before = resident_mb()
    started = time.perf_counter()
    table = services.table_of(export)
    rows = watched(islice(table.rows, options.limit) if options.limit else table.rows)
    size = 0
    if options.format == "csv":
        for chunk in csv_chunks(table.columns, rows):
            size += len(chunk)
    else:
        import tempfile

        with tempfile.TemporaryFile() as spooled:
            write_xlsx(table.columns, rows, spooled)
            size = spooled.seek(0, 2)
    elapsed = time.perf_counter() - started
    print(f"{options.kind} as {options.format}, as {options.user}: {counted['rows']} rows")
    print(f"  {len(table.columns)} columns, {size / 1e6:.1f} MB written in {elapsed:.1f} s")
    print(f"  resident before the export: {before:.0f} MB")
    for done, mb in samples:
        print(f"  after {done:>7} rows: {mb:.0f} MB")
    print(f"  peak resident size (ru_maxrss): {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
