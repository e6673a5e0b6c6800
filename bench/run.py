"""The benchmark: one command, on PostgreSQL, at a chosen size (see bench/README.md).

    .venv/bin/python bench/run.py --proposals 1000
    .venv/bin/python bench/run.py --proposals 100000 --database-url postgres://…/db
    .venv/bin/python bench/run.py --proposals 1000 --pages --runs 10   # one part, quick

Builds the data (`manage.py seed_demo`, then `manage.py seed_scale`), then runs the
parts asked for (all four when none is named): --pages (in-process table), --http
(locust against gunicorn), --pgbench (PostgreSQL's floor for a transition), --memory
(a gunicorn worker's resident size after --requests requests). Prints progress on
stderr and the Markdown tables on stdout (and into --output).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The repository, not bench/, is where modules are found (bench/ holds no stdlib twin).
sys.path[0] = str(ROOT)

from bench import load  # noqa: E402
from bench.cluster import Cluster  # noqa: E402

PASSWORD = "demo"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_argument_group("data")
    size.add_argument("--proposals", type=int, default=1000, help="seed_scale --proposals")
    size.add_argument("--cases", type=int, help="seed_scale --cases (default: proposals / 2)")
    size.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL database (default: $DATABASE_URL; none: a throwaway cluster)",
    )
    size.add_argument("--port", type=int, default=55490, help="the throwaway cluster's port")
    parts = parser.add_argument_group("parts (all when none is named)")
    for name in ("pages", "http", "pgbench", "memory"):
        parts.add_argument(f"--{name}", action="store_true")
    knobs = parser.add_argument_group("knobs")
    knobs.add_argument("--runs", type=int, default=30, help="timed requests per page")
    knobs.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    knobs.add_argument("--duration", type=int, default=30, help="seconds per locust line")
    knobs.add_argument("--clients", default="1,8", help="locust clients, comma-separated")
    knobs.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    knobs.add_argument("--scenarios", default=",".join(load.SCENARIOS), help="locust users")
    knobs.add_argument("--pgbench-seconds", type=int, default=20)
    knobs.add_argument("--requests", type=int, default=10_000, help="for --memory")
    knobs.add_argument("--http-port", type=int, default=8790)
    parser.add_argument("--output", type=Path, help="also write the Markdown here")
    options = parser.parse_args()
    if not any((options.pages, options.http, options.pgbench, options.memory)):
        options.pages = options.http = options.pgbench = options.memory = True
    if options.cases is None:
        options.cases = options.proposals // 2
    return options


def site_env(database_url: str, static_root: str) -> dict[str, str]:
    """The environment the site runs in: production settings (DEBUG off), plus the
    bench URLconf; mail is not sent and the API's per-user rate is out of the way."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": static_root,
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "API_RATE_USER": "1000000/minute",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict[str, str], *command: str) -> None:
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def build_data(env: dict[str, str], proposals: int, cases: int) -> None:
    """Migrate, load the demo cast, then top the large data set up to the size asked
    (`seed_scale` adds as many as it is told)."""
    seeding = {**env, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    manage(seeding, "migrate", "--noinput", "-v0")
    manage(seeding, "seed_demo", "--password", PASSWORD)
    import django

    django.setup()
    from cases.models import Case
    from workflows.models import Proposal

    more_proposals = max(proposals - Proposal.objects.count(), 0)
    more_cases = max(cases - Case.objects.count(), 0)
    if not (more_proposals or more_cases):
        return
    started = time.monotonic()
    counts = ["--proposals", str(more_proposals), "--cases", str(more_cases)]
    manage(seeding, "seed_scale", *counts, "--password", PASSWORD)
    print(f"seed_scale: {time.monotonic() - started:.0f} s", file=sys.stderr)


def sizes() -> str:
    from viewflow.workflow.models import Task

    from audit.models import HistoryEntry
    from cases.models import Case
    from workflows.models import Proposal

    tasks = Task.objects.count()
    return (
        f"{Proposal.objects.count():,} proposals, {Case.objects.count():,} cases, "
        f"{tasks:,} viewflow tasks, {HistoryEntry.objects.count():,} history rows"
    )


def plan(clients: int, pool: list[int], detail: int) -> dict[str, object]:
    """Sessions opened for each virtual user, and its own proposals of the pool."""
    from django.conf import settings

    from bench import pages

    slots = []
    for number in range(clients):
        sessions = {}
        for persona in (pages.OFFICER, pages.MEMBER, pages.SUPERVISOR):
            sessions[persona] = pages.logged_in(persona).cookies[settings.SESSION_COOKIE_NAME].value
        slots.append({"sessions": sessions, "pool": pool[number::clients]})
    return {"csrf": secrets.token_hex(16), "slots": slots, "detail": detail}


def machine() -> str:
    cpus = os.cpu_count()
    memory = next(
        int(line.split()[1]) // 1024
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0].split()[0]
    return (
        f"{cpus} CPUs, {memory:,} MB, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, PostgreSQL {server}, "
        f"load average {os.getloadavg()[0]:.1f} at the start"
    )


def main() -> None:
    options = arguments()
    # Stopped (SIGTERM), it still stops its servers and its cluster on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    cluster = None
    database_url = options.database_url
    if not database_url.startswith("postgres"):
        cluster = Cluster(options.port)
        database_url = cluster.start()
        print(f"throwaway PostgreSQL cluster on port {options.port}", file=sys.stderr)
    env = site_env(database_url, os.environ.get("STATIC_ROOT", str(ROOT / "staticfiles")))
    os.environ.update(env)
    try:
        run(options, env, database_url)
    finally:
        if cluster is not None:
            cluster.stop()


def run(options: argparse.Namespace, env: dict[str, str], database_url: str) -> None:
    if not (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():
        # Once (a few minutes: every file compressed); remove the folder to refresh it.
        manage(env, "collectstatic", "--noinput", "-v0")
    build_data(env, options.proposals, options.cases)
    from bench import floor, pages

    clients = [int(c) for c in options.clients.split(",")]
    found = pages.subjects(pool_size=max(max(clients) * 2, 10))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if options.output:
        options.output.write_text("")

    def report(markdown: str) -> None:
        """Each part's table as soon as it is measured: a run stopped early keeps them."""
        print(markdown, flush=True)
        if options.output:
            with options.output.open("a") as output:
                output.write(markdown + "\n")

    report(f"### {sizes()}\n\nMeasured {when} on {machine()}.\n")
    if options.pages:
        print("in-process pages…", file=sys.stderr)
        rows = pages.measure(found, runs=options.runs, warmup=options.warmup)
        heading = f"In-process (Django test client, warm, median of {options.runs}):"
        report(pages.markdown(rows, heading))
    if options.pgbench:
        print("pgbench…", file=sys.stderr)
        report(floor.pgbench(database_url, found.pool[0], options.pgbench_seconds))
    if options.http or options.memory:
        the_plan = plan(max(clients), found.pool, found.detail)
        path = Path(tempfile.mkdtemp(prefix="bench-plan-")) / "plan.json"
        path.write_text(json.dumps(the_plan))
        env = {**env, "BENCH_PLAN": str(path)}
    if options.http:
        print("HTTP load…", file=sys.stderr)
        scenarios = options.scenarios.split(",")
        rows = load.load(
            env, options.http_port, options.workers, clients, options.duration, scenarios
        )
        report(load.load_markdown(rows, options.duration, options.workers))
    if options.memory:
        print("worker memory…", file=sys.stderr)
        report(load.memory(env, options.http_port, the_plan, options.requests))


if __name__ == "__main__":
    main()
