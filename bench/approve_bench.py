"""Time the committee's approval request, with the agreement rendered in the request
(no broker) and on a Celery worker (a Redis broker).

    DEBUG=1 .venv/bin/python bench/approve_bench.py --broker redis://127.0.0.1:6391/0 [--runs 15]

On a fresh SQLite database in a temporary folder (or the empty PostgreSQL database
`DATABASE_URL` names: it is migrated and filled with the demo cast): builds
`--runs` proposals in committee for each mode through the services, then approves
each one from its page (Django test client, logged in as the committee member) and
times the request, median and slowest:

- in-process: no broker, the agreement's PDF and the mails are made after the
  commit, inside the request (the default);
- on a worker: `CELERY_BROKER_URL` set, the request only publishes the tasks; a
  `celery -A config worker` started by this script on the same database renders
  them, and the time from the answer to the stored document is measured too.

The broker must be running (e.g. `redis-server --port 6391 --save ''`).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seconds(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.0f} ms, slowest {max(values) * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--broker", required=True, help="a running Redis, redis://host:port/db")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="approve-bench-") as workdir:
        run(options.runs, options.broker, workdir)


def run(runs: int, broker: str, workdir: str) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["MEDIA_ROOT"] = f"{workdir}/media"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)

    from accounts.management.commands.seed_demo import seed_all
    from documents.models import StoredDocument
    from tests.workflows.builders import make_proposal
    from workflows.models import ProposalStatus

    cast = seed_all("bench")
    client = Client()
    client.force_login(cast["users"]["committee"])
    print(f"building {2 * runs + 1} proposals in committee…")
    proposals = [
        make_proposal(ProposalStatus.IN_COMMITTEE, call=cast["call"]) for _ in range(2 * runs + 1)
    ]

    def approve(proposal: Any) -> float:
        url = reverse("workflows:proposal_transition", args=[proposal.pk, "approve"])
        started = time.perf_counter()
        answer = client.post(url, {"grant_amount": "8 000 000", "expected_state": "in_committee"})
        elapsed = time.perf_counter() - started
        assert answer.status_code == 302, answer.status_code
        return elapsed

    # The first rendering of a process loads WeasyPrint and the fonts: not counted.
    approve(proposals.pop())
    inline = [approve(p) for p in proposals[:runs]]
    print(f"approve, PDF and mails in the request (no broker): {seconds(inline)}")

    settings.CELERY_BROKER_URL = broker
    from config.celery import app

    app.conf.broker_url = broker
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "--concurrency", "1"],
        cwd=ROOT,
        env={**os.environ, "CELERY_BROKER_URL": broker, "CONN_MAX_AGE": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=1):
            if time.monotonic() > deadline:
                raise SystemExit("The worker did not start.")
        queued, ready = [], []
        for proposal in proposals[runs:]:
            queued.append(approve(proposal))
            answered = time.perf_counter()
            while not StoredDocument.objects.for_owner(proposal).exists():
                time.sleep(0.01)
            ready.append(time.perf_counter() - answered)
        print(f"approve, PDF and mails on a worker (broker {broker}): {seconds(queued)}")
        print(f"  from the answer to the stored agreement on the worker: {seconds(ready)}")
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    print(
        f"database {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
