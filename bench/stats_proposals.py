"""Time `GET /api/v1/stats/proposals/` (the co-realisation figures) on a PostgreSQL
database filled by `seed_scale`, in-process and warm, as bench/pages.py measures pages.

    DATABASE_URL=postgres://…/diaspora .venv/bin/python bench/stats_proposals.py [--runs 30]

The database must hold the demo cast and the large data set already (`seed_scale
--proposals 100000`; bench/README.md). The site runs with its production settings
(`DEBUG` off, bench/settings.py on top, as bench/run.py does). Rows: the trivial
logged-in page (the baseline), then the endpoint for each observer of the demo cast,
unfiltered and filtered, each `--warmup` times untimed, then `--runs` times (medians of
the wall-clock and CPU times), then once with its queries counted. Last, the queries
of the officer's unfiltered answer, each with its own time (one run).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URL = "/api/v1/stats/proposals/"


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
    from bench import pages
    from workflows.models import Call, Proposal

    call = Call.objects.order_by("-year", "pk").first()
    assert call is not None, "no call: run seed_demo and seed_scale first"
    plain, filtered = URL, f"{URL}?call={call.pk}&region=plateaux"
    rows = [
        pages._page(
            "baseline: trivial logged-in page",
            pages.logged_in("officer"),
            "/bench/ping/",
            options.runs,
            options.warmup,
        ),
    ]
    for username, path in [
        ("officer", plain),
        ("officer", filtered),
        ("committee", plain),
        ("finance", plain),
        ("auditor", plain),
        ("focal_paris", plain),
        ("focal_paris", filtered),
    ]:
        label = f"{path.removeprefix(URL) or 'no filter'} ({username})"
        rows.append(
            pages._page(label, pages.logged_in(username), path, options.runs, options.warmup)
        )
    for row in rows:
        row.ratio = row.median_ms / rows[0].median_ms
    print(f"{Proposal.objects.count():,} proposals; `{URL}`, median of {options.runs}:\n")
    print(pages.markdown(rows, f"In-process (Django test client, warm, median of {options.runs}):"))
    _, queries = pages.captured(lambda: pages.logged_in("officer").get(plain))
    print("Queries of the officer's answer (one run):\n")
    for query in queries:
        print(f"- {float(query['time']) * 1000:.1f} ms: {query['sql'][:160]}")


if __name__ == "__main__":
    main()
