"""Time the difficulties register's page (`/difficultes/`: a page of reports and the
median delays of the filtered ones) on a PostgreSQL database holding many reports,
in-process and warm.

    DATABASE_URL=postgres://…/diaspora .venv/bin/python bench/difficulties_register.py \
        [--reports 20000] [--runs 30] [--warmup 3]

The database must hold the demo cast (`seed_demo`). The script first adds reports,
written in bulk straight into the table (a benchmark's data, not the services'
history), until the register holds `--reports`: over the last two years, in the
countries of the demo's embassies (France for four in ten) and of the ministry's desk,
each category, in every state; those past `referred` answered 1 to 60 days after
their report, half of those resolved 1 to 30 days later. A second run finds them and
adds nothing. Then the production settings (bench/settings.py, `DEBUG` off) and the
endpoint benchmark of bench/endpoints.py: the officer unfiltered and by category, the
auditor, the focal point of Paris unfiltered and « en retard ».
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.endpoints import run  # noqa: E402

URL = "/difficultes/"
COUNTRIES = {"FR": 40, "BE": 10, "DE": 10, "ES": 8, "US": 8, "SN": 12, "CI": 12}
DESCRIPTION = "Difficulté du banc d'essai n° {number} : une démarche sans réponse depuis des mois."


def fill(reports: int, seed: int = 1) -> None:
    from django.utils import timezone

    from difficulties.choices import Category, DifficultyStatus
    from difficulties.codes import new_code
    from difficulties.models import Administration, Difficulty
    from difficulties.services.common import competent_embassy

    S = DifficultyStatus
    missing = reports - Difficulty.objects.count()
    if missing <= 0:
        return
    chance = random.Random(seed)
    embassies = {country: competent_embassy(country) for country in COUNTRIES}
    administrations = list(Administration.objects.all())
    states = [s for s in S if s != S.UNCONFIRMED]
    now = timezone.now()
    rows = []
    for number in range(missing):
        country = chance.choices(list(COUNTRIES), weights=list(COUNTRIES.values()))[0]
        status = chance.choice(states)
        reported = now - timedelta(days=chance.uniform(1, 730))
        administration = chance.choice(administrations)
        answered = feedback = None
        past_referral = status in (S.ANSWERED, S.RESOLVED, S.UNRESOLVED, S.CLOSED)
        if past_referral:
            answered = reported + timedelta(days=chance.uniform(1, 60))
            if chance.random() < 0.5:
                feedback = answered + timedelta(days=chance.uniform(1, 30))
        referred = status == S.REFERRED or past_referral
        rows.append(
            Difficulty(
                tracking_code=new_code(),
                category=chance.choice(list(Category)),
                country=country,
                embassy=embassies[country],
                administration=administration,
                description=DESCRIPTION.format(number=number),
                email=f"banc{number}@example.org",
                consent=True,
                fingerprint=f"bench-{number}",
                status=status,
                created_at=reported,
                reported_at=reported,
                referred_to=administration if referred else None,
                referred_at=reported + timedelta(days=1) if referred else None,
                due_date=(reported + timedelta(days=chance.uniform(10, 90))).date()
                if referred
                else None,
                answered_at=answered,
                first_answered_at=answered,
                feedback_at=feedback,
                feedback_resolved=True if feedback else None,
            )
        )
    Difficulty.objects.bulk_create(rows, batch_size=2000)


def calls() -> tuple[list[tuple[str, str]], str]:
    from difficulties.models import Difficulty

    fill(SIZE["reports"])
    listed = [
        ("officer", URL),
        ("officer", f"{URL}?category=passport"),
        ("auditor", URL),
        ("focal_paris", URL),
        ("focal_paris", f"{URL}?overdue=on"),
    ]
    return listed, f"The register with {Difficulty.objects.count():,} reports"


SIZE = {"reports": 20_000}

if __name__ == "__main__":
    # `run` reads --runs and --warmup; --reports is this script's own.
    sized = argparse.ArgumentParser(add_help=False)
    sized.add_argument("--reports", type=int, default=SIZE["reports"])
    known, rest = sized.parse_known_args()
    SIZE["reports"] = known.reports
    sys.argv = [sys.argv[0], *rest]
    run(__doc__ or "", URL, calls)
