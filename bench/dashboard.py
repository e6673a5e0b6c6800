"""Time the observatory's dashboard, `/observatoire/`, on a PostgreSQL database filled
by `seed_scale`, in-process and warm, as bench/pages.py measures pages.

    DATABASE_URL=postgres://…/diaspora .venv/bin/python bench/dashboard.py [--runs 20]

The database must hold the demo cast and the large data set already (`seed_scale
--proposals 100000 --cases 50000`; bench/README.md). The site runs with its production
settings (`DEBUG` off, bench/settings.py on top, as bench/run.py does). Rows: the
trivial logged-in page (the baseline), then the whole page (its three sections, its
charts and maps drawn) for an officer unfiltered and filtered, a cell supervisor, an
auditor and a focal point, each `--warmup` times untimed, then `--runs` times (medians),
then once with its queries counted. Last, the queries of the officer's unfiltered page,
each with its own time (one run).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.endpoints import run

URL = "/observatoire/"


def pages() -> tuple[list[tuple[str, str]], str]:
    """Who asks for which page, and the data's size."""
    from cases.models import Case
    from workflows.models import Call, Proposal

    call = Call.objects.order_by("-year", "pk").first()
    assert call is not None, "no call: run seed_demo and seed_scale first"
    return [
        ("officer", URL),
        ("officer", f"{URL}?call={call.pk}&region=plateaux"),
        ("supervisor", URL),
        ("auditor", URL),
        ("focal_paris", URL),
    ], f"{Proposal.objects.count():,} proposals, {Case.objects.count():,} cases"


if __name__ == "__main__":
    run(__doc__ or "", URL, pages, runs=20)
