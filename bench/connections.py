"""What a database connection per request costs: the trivial requests over HTTP, against
gunicorn, with CONN_MAX_AGE=0 (a connection opened per request) and with persistent
connections (the default, 60 s).

    DEBUG=1 .venv/bin/python bench/connections.py --database-url postgres://…/DB

The database is migrated, the static files collected to a temporary folder (DEBUG is
off, as in production) and given the demo cast (`seed_demo`, password "demo"); then,
for each CONN_MAX_AGE, gunicorn (4 sync workers) serves it on --port and the script
times, one client after the other then 8 at once, `/health/` (no login, one query) and
`/accounts/password/done/` (a signed-in page: the session and the user, two queries).
Prints the median and p95 latency of one client and the requests per second of 8.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PATHS = ("/health/", "/accounts/password/done/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database")
    parser.add_argument("--port", type=int, default=8012)
    parser.add_argument("--requests", type=int, default=300, help="per path and client count")
    options = parser.parse_args()
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    # As in production (DEBUG off), over plain HTTP on the loopback.
    env = {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [*manage, "seed_demo", "--password", "demo", "--force"], cwd=ROOT, env=env, check=True
    )
    cookie = session_cookie(env)
    print(f"{'CONN_MAX_AGE':>12} {'path':28} {'p50 ms':>7} {'p95 ms':>7} {'req/s x8':>9}")
    for age in ("0", "60"):
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{options.port}",
                "--workers",
                "4",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env={**env, "CONN_MAX_AGE": age},
        )
        try:
            wait_until_up(options.port)
            for path in PATHS:
                headers = {"Cookie": cookie} if path != "/health/" else {}
                fetch_all(options.port, path, headers, 50, 1)  # warm every worker
                single = fetch_all(options.port, path, headers, options.requests, 1)
                started = time.perf_counter()
                fetch_all(options.port, path, headers, options.requests, 8)
                rate = options.requests / (time.perf_counter() - started)
                p50 = statistics.median(single) * 1000
                p95 = statistics.quantiles(single, n=20)[-1] * 1000
                print(f"{age:>12} {path:28} {p50:7.1f} {p95:7.1f} {rate:9.0f}")
        finally:
            server.terminate()
            server.wait(timeout=30)


def session_cookie(env: dict[str, str]) -> str:
    """A signed-in session of the demo officer, made in the database."""
    script = (
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, "
        "HASH_SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "user = get_user_model().objects.get(username='officer')\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(user.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "s.create()\n"
        "print(s.session_key)\n"
    )
    found = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return f"sessionid={found.stdout.split()[-1]}"


def wait_until_up(port: int) -> None:
    for _ in range(300):
        try:
            fetch(port, "/health/", {})
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn did not answer on port {port}")


def fetch(port: int, path: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
    finally:
        connection.close()
    return time.perf_counter() - started


def fetch_all(
    port: int, path: str, headers: dict[str, str], count: int, clients: int
) -> list[float]:
    times: list[float] = []
    lock = threading.Lock()
    left = iter(range(count))

    def client() -> None:
        while True:
            with lock:
                if next(left, None) is None:
                    return
            elapsed = fetch(port, path, headers)
            with lock:
                times.append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


if __name__ == "__main__":
    main()
