"""Time `GET /api/v1/stats/difficulties/` (the figures of the difficulties met abroad)
on a PostgreSQL database holding many reports, in-process and warm, as
bench/stats_missions.py measures the missions' figures.

    DATABASE_URL=postgres://…/diaspora .venv/bin/python bench/stats_difficulties.py \
        --reports 50000 [--runs 20]

The database must hold the demo cast (`seed_demo`). The script writes reports in bulk
straight into the table (a benchmark's data, not the services' history): random
categories, countries of the embassies' jurisdictions and a few others, every state
but `unconfirmed` (and some unconfirmed, never counted), administrations, referrals
with due dates (some past), answers and the reporters' word days to months after the
registration. Then the endpoint for observers of the demo cast, unfiltered and filtered
(bench/endpoints.py).
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.endpoints import measure_endpoint, observer_calls, production_django  # noqa: E402

URL = "/api/v1/stats/difficulties/"
ELSEWHERE = ["SN", "CI", "GH", "NG", "CA", "US", "GB", "CN"]


def fill_difficulties(reports: int, seed: int) -> None:
    from django.utils import timezone

    from difficulties.choices import Category, DifficultyStatus
    from difficulties.models import Administration, Difficulty
    from registry.models import Jurisdiction

    S = DifficultyStatus
    chance = random.Random(seed)
    embassy_of = {str(j.country): j.embassy_id for j in Jurisdiction.objects.all()}
    countries = [*embassy_of, *ELSEWHERE]
    administrations = list(Administration.objects.values_list("pk", flat=True))
    now = timezone.now()
    start = Difficulty.objects.count()
    rows = []
    for number in range(start, reports):
        status = chance.choice(S.values)
        country = chance.choice(countries)
        reported = now - timedelta(days=chance.randint(1, 700), hours=chance.randint(0, 23))
        referred = status in (S.REFERRED, S.ANSWERED, S.RESOLVED, S.UNRESOLVED, S.CLOSED)
        answered = status in (S.ANSWERED, S.RESOLVED, S.UNRESOLVED, S.CLOSED)
        word = status in (S.RESOLVED, S.UNRESOLVED) or (
            status == S.CLOSED and chance.random() < 0.5
        )
        answered_at = reported + timedelta(days=chance.randint(2, 120)) if answered else None
        rows.append(
            Difficulty(
                tracking_code=f"{number:05d}-BENCH",
                category=chance.choice(Category.values),
                country=country,
                embassy_id=embassy_of.get(country),
                administration_id=chance.choice([None, *administrations]),
                description="Une difficulté du banc d'essai, décrite assez longuement.",
                email=f"bench{number}@example.org",
                consent=True,
                fingerprint=f"bench-{number}",
                status=status,
                reported_at=None if status == S.UNCONFIRMED else reported,
                referred_to_id=chance.choice(administrations) if referred else None,
                referred_at=reported + timedelta(days=1) if referred else None,
                due_date=(reported + timedelta(days=chance.randint(10, 400))).date()
                if referred
                else None,
                answered_at=answered_at,
                first_answered_at=answered_at,
                feedback_at=answered_at + timedelta(days=chance.randint(1, 30))
                if word and answered_at
                else None,
                feedback_resolved=(status == S.RESOLVED or chance.random() < 0.6) if word else None,
            )
        )
    Difficulty.objects.bulk_create(rows, batch_size=2000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50_000, help="difficulties")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the rows added")
    options = parser.parse_args()
    production_django("Set DATABASE_URL to a PostgreSQL database holding the demo cast.")
    from django.db import connection

    from difficulties.models import Difficulty

    fill_difficulties(options.reports, options.seed)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    heading = f"{Difficulty.objects.count():,} reports"
    measure_endpoint(
        URL, observer_calls(URL, "year=2026&embassy=paris"), options.runs, options.warmup, heading
    )


if __name__ == "__main__":
    main()
