"""The HTTP parts: gunicorn serving the site, locust loading it, a worker's memory.

`Server` starts gunicorn on the loopback interface with the environment bench/run.py
prepared (DEBUG off, bench.settings, the database's persistent connections as the
settings default them). `load()` runs locust headless once per scenario and number of
clients; `memory()` sends requests to a one-worker server and reads the worker's
resident size from /proc.
"""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = Path(sys.executable).parent

# Scenario (user class of bench/locustfile.py) and its label in the table.
SCENARIOS = {
    "Ping": "trivial logged-in page",
    "ProposalList": "proposal list page (officer)",
    "ApiProposals": "/api/v1/proposals/ (officer)",
    "Inbox": "/tasks/ (assoc_paris)",
    "ProposalPage": "proposal page (officer)",
    "CaseList": "case list page (supervisor)",
    "TransitionPair": "transition pair, API (return_for_completion + resubmit)",
}


# The read pages (persona, address), for the warm-up and the memory part.
PAGES = [
    ("officer", "/bench/ping/"),
    ("officer", "/projects/proposals/"),
    ("officer", "/api/v1/proposals/"),
    ("assoc_paris", "/tasks/"),
    ("officer", "/projects/proposals/{detail}/"),
    ("supervisor", "/cases/"),
]


@dataclass
class LoadRow:
    label: str
    clients: int
    requests: int
    errors: int
    rate: float
    p50: int
    p95: int
    p99: int
    ratio: float = 0.0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def get(url: str, cookie: str = "") -> int:
    """The status of one GET, redirects not followed."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=60) as answer:
            answer.read()
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@contextmanager
def server(env: dict[str, str], port: int, workers: int) -> Iterator[subprocess.Popen[bytes]]:
    """gunicorn serving the site until the block ends."""
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        "--timeout=120",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(f"http://127.0.0.1:{port}/bench/ping/") == 302:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.3)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def _locust(env: dict[str, str], port: int, scenario: str, clients: int, seconds: int) -> LoadRow:
    with tempfile.TemporaryDirectory(prefix="bench-locust-") as folder:
        prefix = f"{folder}/run"
        command = [
            str(BIN / "locust"),
            f"--locustfile={BENCH / 'locustfile.py'}",
            "--headless",
            "--only-summary",
            "--loglevel=WARNING",
            f"--users={clients}",
            f"--spawn-rate={clients}",
            f"--run-time={seconds}s",
            # A user stopped between the two halves of a transition pair would leave its
            # proposal returned: each finishes the task it is in.
            "--stop-timeout=120",
            f"--host=http://127.0.0.1:{port}",
            f"--csv={prefix}",
            scenario,
        ]
        # Its exit status is 1 when a request failed: the errors are counted below.
        said = subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True)
        if not Path(f"{prefix}_stats.csv").exists():
            raise RuntimeError(f"locust wrote no statistics for {scenario}:\n{said.stderr!r}")
        with open(f"{prefix}_stats.csv") as stats:
            total = next(r for r in csv.DictReader(stats) if r["Name"] == "Aggregated")
    return LoadRow(
        label=SCENARIOS[scenario],
        clients=clients,
        requests=int(total["Request Count"]),
        errors=int(total["Failure Count"]),
        rate=float(total["Requests/s"]),
        p50=_milliseconds(total["50%"]),
        p95=_milliseconds(total["95%"]),
        p99=_milliseconds(total["99%"]),
    )


def _milliseconds(cell: str) -> int:
    return int(cell) if cell.isdigit() else 0


def load(
    env: dict[str, str],
    port: int,
    workers: int,
    clients: list[int],
    seconds: int,
    scenarios: list[str],
) -> list[LoadRow]:
    """Each scenario alone, at each number of clients, on one server; each rate also as
    a share of the trivial page's rate at the same number of clients."""
    rows: list[LoadRow] = []
    with server(env, port, workers):
        _warm(port, json.loads(Path(env["BENCH_PLAN"]).read_text()), workers)
        for count in clients:
            for scenario in ["Ping", *(s for s in scenarios if s != "Ping")]:
                row = _locust(env, port, scenario, count, seconds)
                print(
                    f"  {row.label}, {count} client(s): {row.rate:.1f} req/s, "
                    f"p50 {row.p50} ms, errors {row.errors}",
                    file=sys.stderr,
                )
                rows.append(row)
    for row in rows:
        ping = next(r for r in rows if r.clients == row.clients and r.label == SCENARIOS["Ping"])
        row.ratio = row.rate / ping.rate if ping.rate else 0.0
    return rows


def load_markdown(rows: list[LoadRow], seconds: int, workers: int) -> str:
    lines = [
        f"HTTP, gunicorn {workers} workers, locust headless, {seconds} s per line:",
        "",
        "| | clients | req/s | p50 ms | p95 ms | p99 ms | errors | rate / trivial page |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {r.label} | {r.clients} | {r.rate:.1f} | {r.p50} | {r.p95} | {r.p99} "
            f"| {r.errors}/{r.requests} | {r.ratio:.0%} |"
            for r in rows
        ),
    ]
    return "\n".join(lines) + "\n"


def _sender(port: int, plan: dict[str, Any]) -> Callable[[int], int]:
    """Request number n asks for the n-th read page (in turn), as its persona."""
    cookie = {p: f"sessionid={key}" for p, key in plan["slots"][0]["sessions"].items()}

    def send(number: int) -> int:
        persona, path = PAGES[number % len(PAGES)]
        return get(f"http://127.0.0.1:{port}{path.format(detail=plan['detail'])}", cookie[persona])

    return send


def _warm(port: int, plan: dict[str, Any], workers: int) -> None:
    """Each worker loads the code behind every read page and compiles its templates
    before the first measured request (in turn, as many at once as there are workers)."""
    send = _sender(port, plan)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in range(2):
            for page in range(len(PAGES)):
                list(pool.map(send, [page] * workers))


def _resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def memory(env: dict[str, str], port: int, plan: dict[str, Any], requests: int) -> str:
    """A one-worker server answers `requests` requests (the read scenarios in turn, two
    clients); the worker's resident size after the first round, then every fifth."""
    send = _sender(port, plan)
    with server(env, port, workers=1) as process:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text()
        worker = int(children.split()[0])
        marks: list[tuple[int, float]] = []
        errors = 0
        done = 0
        with ThreadPoolExecutor(max_workers=2) as pool:
            for stop in [len(PAGES), *(requests * k // 5 for k in range(1, 6))]:
                errors += sum(s != 200 for s in pool.map(send, range(done, stop)))
                done = stop
                marks.append((done, _resident_mb(worker)))
                print(f"  {done} requests: worker {marks[-1][1]:.0f} MB", file=sys.stderr)
    lines = [
        f"Memory of one gunicorn worker (resident size) over {requests} requests "
        f"(the six read pages in turn, 2 clients, {errors} errors):",
        "",
        "| requests answered | resident MB |",
        "|---:|---:|",
        *(f"| {n} | {mb:.0f} |" for n, mb in marks),
    ]
    return "\n".join(lines) + "\n"
