"""What the benchmarks of one API endpoint share (bench/stats_*.py): the site with its
production settings on a PostgreSQL database, and the table of the endpoint's timings
for several callers, as bench/pages.py measures pages (in-process, warm)."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Callable


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


def measure_endpoint(
    url: str, calls: list[tuple[str, str]], runs: int, warmup: int, heading: str
) -> None:
    """Print the trivial logged-in page (the baseline), then `url` for each (username,
    path) of `calls`, each `warmup` times untimed then `runs` times (medians), then once
    with its queries counted; last, the queries of the first call with their times."""
    from bench import pages

    rows = [
        pages._page(
            "baseline: trivial logged-in page",
            pages.logged_in("officer"),
            "/bench/ping/",
            runs,
            warmup,
        ),
    ]
    for username, path in calls:
        label = f"{path.removeprefix(url) or 'no filter'} ({username})"
        rows.append(pages._page(label, pages.logged_in(username), path, runs, warmup))
    for row in rows:
        row.ratio = row.median_ms / rows[0].median_ms
    print(f"{heading}; `{url}`, median of {runs}:\n")
    print(pages.markdown(rows, f"In-process (Django test client, warm, median of {runs}):"))
    username, path = calls[0]
    _, queries = pages.captured(lambda: pages.logged_in(username).get(path))
    print(f"Queries of {username}'s answer to {path} (one run):\n")
    for query in queries:
        print(f"- {float(query['time']) * 1000:.1f} ms: {query['sql'][:160]}")


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
