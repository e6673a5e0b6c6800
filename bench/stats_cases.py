"""Time `GET /api/v1/stats/cases/` on a database filled by `seed_scale`.

    DATABASE_URL=postgres://…/db DEBUG=1 .venv/bin/python bench/stats_cases.py [--runs 20]

In-process (Django's test client, the caller signed in), warm: each query string
`--warmup` times, then `--runs` timed requests; the median and the slowest (wall
clock), and the number of SQL queries of one more request. As the cell supervisor
(the whole programme, prefectures included), the auditor (region level) and the Paris
focal point (its jurisdiction's cases), without filters and with each filter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URL = "/api/v1/stats/cases/"
CALLERS = ("supervisor", "auditor", "focal_paris")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    options = parser.parse_args()
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()

    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    from django.contrib.auth.models import User
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from cases.models import Case, FollowUp, Referral

    print(
        f"{Case.objects.count()} cases, {Referral.objects.count()} referrals, "
        f"{FollowUp.objects.count()} follow-ups ({connection.vendor})\n"
    )
    year = Case.objects.order_by("-return_date").values_list("return_date", flat=True).first()
    queries = {
        "no filter": {},
        "year": {"year": year.year if year else 2025},
        "region": {"region": "plateaux"},
        "embassy": {"embassy": "paris"},
    }
    print("| caller | filters | median | slowest | queries |")
    print("|---|---|---|---|---|")
    for username in CALLERS:
        client = APIClient()
        client.force_authenticate(User.objects.get(username=username))
        for label, query in queries.items():
            for _ in range(options.warmup):
                assert client.get(URL, query).status_code == 200
            times = []
            for _ in range(options.runs):
                start = time.perf_counter()
                answer = client.get(URL, query)
                times.append(time.perf_counter() - start)
                assert answer.status_code == 200, answer.content
            with CaptureQueriesContext(connection) as captured:
                client.get(URL, query)
            print(
                f"| {username} | {label} | {statistics.median(times) * 1000:.0f} ms "
                f"| {max(times) * 1000:.0f} ms | {len(captured)} |"
            )


if __name__ == "__main__":
    main()
