"""What the observatory's stage figures cost: `stage_days`, `waiting_longest`, `open_reviews`.

    DATABASE_URL=postgres://…/db DEBUG=1 .venv/bin/python bench/stages.py [--runs 20]

On a database built by `seed_scale` (see docs/performance.md, « Observatory: time spent
in each stage »), over the proposals a programme officer counts (`observatory.access`:
every proposal but the drafts), then narrowed to one region and to one year. Each
function runs once to warm up, then `--runs` times; prints the median and the slowest
wall-clock time, the mean CPU time of a call (this process's and, on PostgreSQL on
the same machine, the server process's: what an idle machine would take, the data
being in memory), the queries of one call, and PostgreSQL's plans of `stage_days`
(`--explain`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--explain", action="store_true", help="print the stays query's plan")
    options = parser.parse_args()
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    run(options.runs, options.explain)


def server_cpu() -> float:
    """The CPU seconds the database server's process of this connection has used
    (PostgreSQL on this machine: read from /proc; 0 elsewhere)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(function: Any, proposals: Any, runs: int) -> tuple[float, float, float, int]:
    """Median and slowest wall time (ms) of `runs` calls after one warm-up, the mean CPU
    time (ms) of this process and of the server's, and the queries of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        function(proposals)
    times = []
    cpu, server = time.process_time(), server_cpu()
    for _ in range(runs):
        started = time.perf_counter()
        function(proposals)
        times.append((time.perf_counter() - started) * 1000)
    used = (time.process_time() - cpu + server_cpu() - server) * 1000 / runs
    return statistics.median(times), max(times), used, len(queries)


def run(runs: int, explain: bool) -> None:
    import django

    django.setup()

    from django.contrib.auth.models import User
    from django.db import connection

    from audit.models import HistoryEntry
    from observatory.access import proposals_in, scope_of
    from observatory.stages import open_reviews, stage_days, waiting_longest
    from registry.models import Region
    from workflows.models import Proposal

    scope = scope_of(User.objects.get(username="officer"))
    assert scope is not None
    everything = proposals_in(scope)
    region = Region.objects.order_by("pk").first()
    year = Proposal.objects.order_by("call__year").values_list("call__year", flat=True).first()
    sets = {
        "all": everything,
        f"region {region.code if region else '-'}": everything.filter(region=region),
        f"year {year}": everything.filter(call__year=year),
    }
    print(
        f"{connection.vendor}: {Proposal.objects.count()} proposals, "
        f"{HistoryEntry.objects.count()} history rows, "
        f"{HistoryEntry.objects.exclude(source_since=None).count()} stays; {runs} runs"
    )
    print(f"{'function':18} {'proposals':14} {'median ms':>10} {'max ms':>8} {'CPU ms':>8} queries")
    for name, proposals in sets.items():
        for function in (stage_days, waiting_longest, open_reviews):
            median, slowest, used, queries = timed(function, proposals, runs)
            print(
                f"{function.__name__:18} {name:14} {median:10.1f} {slowest:8.1f} {used:8.1f} "
                f"{queries:7}"
            )
    print(stage_days(everything))
    if explain and connection.vendor == "postgresql":
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            stage_days(everything)
        with connection.cursor() as cursor:
            for query in queries.captured_queries:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                print("\n".join(line for (line,) in cursor.fetchall()), "\n")


if __name__ == "__main__":
    main()
