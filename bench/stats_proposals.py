"""Time `GET /api/v1/stats/proposals/` (the co-realisation figures) on a PostgreSQL
database filled by `seed_scale`, in-process and warm, as bench/pages.py measures pages.

    DATABASE_URL=postgres://…/diaspora .venv/bin/python bench/stats_proposals.py [--runs 30]

The database must hold the demo cast and the large data set already (`seed_scale
--proposals 100000`; bench/README.md). The site runs with its production settings
(`DEBUG` off, bench/settings.py on top, as bench/run.py does). Rows: the trivial
logged-in page (the baseline), then the endpoint for each observer of the demo cast,
unfiltered and filtered, each `--warmup` times untimed, then `--runs` times, then once
with its queries counted: the median wall-clock time and the mean CPU time of the
request, this process's and the database server's (bench/endpoints.py). Last, the
queries of the officer's unfiltered answer, each with its own time (one run).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.endpoints import measure_endpoint, production_django  # noqa: E402

URL = "/api/v1/stats/proposals/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    options = parser.parse_args()
    production_django("Set DATABASE_URL to the PostgreSQL database seed_scale filled.")
    from workflows.models import Call, Proposal

    call = Call.objects.order_by("-year", "pk").first()
    assert call is not None, "no call: run seed_demo and seed_scale first"
    plain, filtered = URL, f"{URL}?call={call.pk}&region=plateaux"
    calls = [
        ("officer", plain),
        ("officer", filtered),
        ("committee", plain),
        ("finance", plain),
        ("auditor", plain),
        ("focal_paris", plain),
        ("focal_paris", filtered),
    ]
    heading = f"{Proposal.objects.count():,} proposals"
    measure_endpoint(URL, calls, options.runs, options.warmup, heading)


if __name__ == "__main__":
    main()
