"""What the benchmarks of one API endpoint share (bench/stats_*.py): the site with its
production settings on a PostgreSQL database, and the table of the endpoint's timings
for several callers, in-process and warm, as bench/pages.py measures pages.

Each row gives the median wall-clock time, and the mean CPU time of the request in
all: this process's and the database server's (the backend's own, read from /proc,
parallel plans turned off so that no other process works for it). On a busy machine
the wall clock waits for the CPU; the CPU time is what the request costs, and about
what it takes on an idle one.
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

TICK = 1 / os.sysconf("SC_CLK_TCK")


def production_django(refusal: str) -> None:
    """Set Django up as bench/run.py does (`DEBUG` off, bench/settings.py on top of the
    production settings); exit with `refusal` when DATABASE_URL is not PostgreSQL."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(refusal)
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


def server_clock() -> Callable[[], float]:
    """Turn parallel plans off on Django's connection to PostgreSQL and return the
    clock of its server backend: the CPU seconds it has used so far (read from /proc:
    the server must run on this machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def server_seconds() -> float:
        fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * TICK  # utime, stime

    return server_seconds


def measure_endpoint(
    url: str, calls: list[tuple[str, str]], runs: int, warmup: int, heading: str
) -> None:
    """Print the trivial logged-in page (the baseline), then `url` for each (username,
    path) of `calls`, each `warmup` times untimed, then `runs` times, then once with its
    queries counted; last, the queries of the first call, each with its own time."""
    from bench import pages

    server_seconds = server_clock()
    rows = [("baseline: trivial logged-in page", "officer", "/bench/ping/")]
    for username, path in calls:
        rows.append((f"{path.removeprefix(url) or 'no filter'} ({username})", username, path))
    load = os.getloadavg()[0]
    print(f"{heading}; `{url}`, median of {runs} (load average {load:.1f} at the start):\n")
    print("| | queries | median ms (wall) | CPU ms: Python | CPU ms: server | CPU ms in all |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, username, path in rows:
        client = pages.logged_in(username)

        def send(client: Any = client, path: str = path) -> Any:
            return client.get(path)

        for _ in range(warmup):
            send()
        walls, pythons, servers = [], [], []
        for _ in range(runs):
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
    username, path = calls[0]
    first = pages.logged_in(username)
    first.get(path)
    _, queries = pages.captured(lambda: first.get(path))
    print(f"\nQueries of {username}'s answer to {path} (one run, wall clock):\n")
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


def run(
    doc: str, url: str, calls: Callable[[], tuple[list[tuple[str, str]], str]], runs: int = 30
) -> None:
    """A benchmark script's whole `main`: its options (`--runs`, `--warmup`), the site
    set up, then `measure_endpoint` over the (username, path) pairs and the heading that
    `calls()` returns once the site is set up."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=runs, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    options = parser.parse_args()
    production_django("Set DATABASE_URL to the PostgreSQL database seed_scale filled.")
    listed, heading = calls()
    measure_endpoint(url, listed, options.runs, options.warmup, heading)
