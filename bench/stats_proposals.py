"""Time `GET /api/v1/stats/proposals/` (the co-realisation figures) on a PostgreSQL
database filled by `seed_scale`, in-process and warm, as bench/pages.py measures pages.

    DATABASE_URL=postgres://…/diaspora .venv/bin/python bench/stats_proposals.py [--runs 30]

The database must hold the demo cast and the large data set already (`seed_scale
--proposals 100000`; bench/README.md). The site runs with its production settings
(`DEBUG` off, bench/settings.py on top, as bench/run.py does). Rows: the trivial
logged-in page (the baseline), then the endpoint for each observer of the demo cast,
unfiltered and filtered, each `--warmup` times untimed, then `--runs` times, then once
with its queries counted. Each row gives the median wall-clock time, and the mean CPU
time of the request in all: this process's and the database server's (the backend's
own, read from /proc, parallel plans turned off so that no other process works for
it). On a busy machine the wall clock waits for the CPU; the CPU time is what the
request costs, and about what it takes on an idle one. Last, the queries of the
officer's unfiltered answer, each with its own time (one run).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URL = "/api/v1/stats/proposals/"
TICK = 1 / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database seed_scale filled.")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "API_RATE_USER": "1000000/minute",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.db import connection

    from bench import pages
    from workflows.models import Call, Proposal

    call = Call.objects.order_by("-year", "pk").first()
    assert call is not None, "no call: run seed_demo and seed_scale first"
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def server_seconds() -> float:
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * TICK  # utime, stime

    plain, filtered = URL, f"{URL}?call={call.pk}&region=plateaux"
    rows = [("baseline: trivial logged-in page", "officer", "/bench/ping/")]
    for username, path in [
        ("officer", plain),
        ("officer", filtered),
        ("committee", plain),
        ("finance", plain),
        ("auditor", plain),
        ("focal_paris", plain),
        ("focal_paris", filtered),
    ]:
        rows.append((f"{path.removeprefix(URL) or 'no filter'} ({username})", username, path))
    load = os.getloadavg()[0]
    print(
        f"{Proposal.objects.count():,} proposals; `{URL}`, median of {options.runs} "
        f"(load average {load:.1f} at the start):\n"
    )
    print("| | queries | median ms (wall) | CPU ms: Python | CPU ms: server | CPU ms in all |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, username, path in rows:
        client = pages.logged_in(username)

        def send(client: Any = client, path: str = path) -> Any:
            return client.get(path)

        for _ in range(options.warmup):
            send()
        walls, pythons, servers = [], [], []
        for _ in range(options.runs):
            wall, python, server = _measured(send, server_seconds)
            walls.append(wall)
            pythons.append(python)
            servers.append(server)
        queries = len(pages.captured(send)[1])
        python_ms, server_ms = statistics.mean(pythons) * 1000, statistics.mean(servers) * 1000
        print(
            f"| {label} | {queries} | {statistics.median(walls) * 1000:.0f} | {python_ms:.0f} "
            f"| {server_ms:.0f} | {python_ms + server_ms:.0f} |"
        )
    officer = pages.logged_in("officer")
    officer.get(plain)
    _, queries = pages.captured(lambda: officer.get(plain))
    print("\nQueries of the officer's answer (one run, wall clock):\n")
    for query in queries:
        print(f"- {float(query['time']) * 1000:.1f} ms: {query['sql'][:160]}")


def _measured(send: Callable[[], Any], server: Callable[[], float]) -> tuple[float, float, float]:
    """The wall-clock, this process's CPU and the server backend's CPU seconds of one
    request, which must answer 200."""
    started, cpu, served = time.perf_counter(), time.process_time(), server()
    response = send()
    elapsed = time.perf_counter() - started, time.process_time() - cpu, server() - served
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {response!r}")
    return elapsed


if __name__ == "__main__":
    main()
