"""Time `GET /api/v1/stats/diaspora/` (the diaspora's figures) on a PostgreSQL database
holding a large registry, in-process and warm, as bench/pages.py measures pages.

    DATABASE_URL=postgres://…/diaspora .venv/bin/python bench/stats_diaspora.py \
        --associations 20000 --experts 100000 [--runs 30]

The database must hold the demo cast (`seed_demo`, or `seed_scale`, which makes only a
few dozen associations and no expert). The script first adds registry rows, written in
bulk straight into the tables (a benchmark's data, not the services' history), until
the registry holds `--associations` associations and `--experts` experts: spread over
the demo's embassies and the countries of their jurisdictions and a few others, every
home region and prefecture, four in five verified, one in twenty rejected; experts with
one to three competence domains, seven in ten consenting to be listed. Then, with the
production settings (bench/settings.py, `DEBUG` off): the trivial logged-in page (the
baseline), the endpoint for observers of the demo cast, unfiltered and filtered, each
`--warmup` times untimed then `--runs` times (medians), then once with its queries
counted; last, the queries of the officer's unfiltered answer with their own times.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.endpoints import measure_endpoint, observer_calls, production_django  # noqa: E402

URL = "/api/v1/stats/diaspora/"
NAME = "Association du banc d'essai n° {number}"
# Countries without an embassy of their own: registered with a random embassy.
ELSEWHERE = ["IT", "GB", "CI", "SN", "BJ", "NG", "CN", "JP", "BR", "SG", "AE", "MA"]


def fill_registry(associations: int, experts: int, seed: int) -> None:
    from registry.models import (
        Association,
        AssociationStatus,
        CompetenceDomain,
        EducationLevel,
        Embassy,
        Expert,
        Jurisdiction,
        Prefecture,
    )

    chance = random.Random(seed)
    embassies = list(Embassy.objects.all())
    covered = {str(j.country): j.embassy for j in Jurisdiction.objects.select_related("embassy")}
    countries = list(covered) + ELSEWHERE
    prefectures = list(Prefecture.objects.all())
    domains = list(CompetenceDomain.objects.values_list("pk", flat=True))

    def place() -> tuple[str, Embassy]:
        country = chance.choice(countries)
        return country, covered.get(country) or chance.choice(embassies)

    start = Association.objects.count()
    rows = []
    for number in range(start, associations):
        country, embassy = place()
        prefecture = chance.choice(prefectures)
        draw = chance.random()
        status = (
            AssociationStatus.REJECTED
            if draw < 0.05
            else AssociationStatus.PENDING
            if draw < 0.2
            else AssociationStatus.VERIFIED
        )
        rows.append(
            Association(
                name=NAME.format(number=number),
                country=country,
                city="Ville",
                embassy=embassy,
                founded_year=2000 + number % 25,
                members_count=10 + number % 200,
                home_region_id=prefecture.region_id,
                home_prefecture=prefecture if chance.random() < 0.8 else None,
                contact_name="Contact",
                contact_email="contact@example.org",
                status=status,
            )
        )
    Association.objects.bulk_create(rows, batch_size=2000)
    start = Expert.objects.count()
    made = Expert.objects.bulk_create(
        [
            Expert(
                first_name="Ama",
                last_name=f"Banc{number}",
                country=(placed := place())[0],
                embassy=placed[1],
                city="Ville",
                profession="Ingénieure",
                education_level=EducationLevel.MASTER,
                home_region_id=chance.choice(prefectures).region_id
                if chance.random() < 0.9
                else None,
                consent_listed=chance.random() < 0.7,
            )
            for number in range(start, experts)
        ],
        batch_size=2000,
    )
    through = Expert.competences.through
    through.objects.bulk_create(
        [
            through(expert_id=expert.pk, competencedomain_id=domain)
            for expert in made
            for domain in chance.sample(domains, chance.randint(1, 3))
        ],
        batch_size=5000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--associations", type=int, default=20_000, help="registry size")
    parser.add_argument("--experts", type=int, default=100_000, help="registry size")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the rows added")
    options = parser.parse_args()
    production_django("Set DATABASE_URL to a PostgreSQL database holding the demo cast.")
    from django.db import connection

    from registry.models import Association, Expert

    fill_registry(options.associations, options.experts, options.seed)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    heading = (
        f"{Association.objects.count():,} associations, {Expert.objects.count():,} experts "
        f"({Expert.competences.through.objects.count():,} competences)"
    )
    measure_endpoint(
        URL,
        observer_calls(URL, "region=plateaux&embassy=paris"),
        options.runs,
        options.warmup,
        heading,
    )


if __name__ == "__main__":
    main()
