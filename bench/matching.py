"""Time `missions.matching.rank_candidates` (a need's 50 best candidates, with their
reasons) on a PostgreSQL database holding a large registry, in-process and warm.

    DATABASE_URL=postgres://…/diaspora .venv/bin/python bench/matching.py \
        [--experts 50000] [--runs 20] [--warmup 3]

The database must hold the demo cast (`seed_demo`). The script first adds experts,
written in bulk straight into the tables (a benchmark's data, not the services'
history), until the registry holds `--experts`: living in Europe (57 in 100), West
Africa (22), the rest of Africa (8), North America (11) or elsewhere (3); one to four
competence domains, the popular ones (health, teaching, IT, engineering) more often;
French for nine in ten, then English, Ewe, Kabiye and others; eight in ten consenting
to be listed; four in ten with one or two availability windows in the coming two
years; one in twenty-five with one to three certified missions on past needs of the
demo's hosts, each with the host's report and rating. A second run finds them and
adds nothing. Then, with the production settings (bench/settings.py, `DEBUG` off)
and parallel plans off, for each need measured (the demo's teaching need, its medical
need, and a four-domain technical need the script adds): `--warmup` rankings untimed,
then `--runs` timed: the wall clock (median, 90th percentile) and the mean CPU time
of this process and of the database server's backend (read from /proc: what the
ranking costs, whatever else the machine runs); then the number of queries and of
candidates; last, `EXPLAIN (ANALYZE, BUFFERS)` of the ranking query of the first need.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.endpoints import production_django, server_clock  # noqa: E402

LAST_NAME = "Banc-mission{number}"
NEED_TITLE = "Réseaux électriques solaires (banc d'essai)"
PAST_TITLE = "Mission passée du banc d'essai n° {number}"
PAST_NEEDS = 40
# Where the experts live, with weights: Europe, West Africa, the rest of Africa,
# North America, elsewhere.
COUNTRIES = {
    "FR": 30,
    "BE": 8,
    "DE": 8,
    "CH": 4,
    "IT": 3,
    "GB": 3,
    "ES": 2,
    "NL": 2,
    "GH": 6,
    "CI": 5,
    "BJ": 4,
    "NG": 3,
    "SN": 3,
    "BF": 2,
    "MA": 3,
    "GA": 2,
    "CM": 2,
    "ZA": 1,
    "US": 6,
    "CA": 6,
    "CN": 1,
    "AE": 1,
    "BR": 1,
}
# The competence domains drawn more often than the others, and how much more.
POPULAR = {"medicine": 6, "teaching": 6, "ict": 5, "engineering": 4, "nursing": 3}
LANGUAGES = {"fr": 0.9, "en": 0.55, "ee": 0.35, "kbp": 0.15, "de": 0.1, "es": 0.05, "ha": 0.03}


@dataclass
class Timing:
    label: str
    candidates: int
    queries: int
    median_ms: float
    p90_ms: float
    python_ms: float
    server_ms: float


def fill(experts: int, seed: int = 1) -> None:
    """Add experts (and their domains, availabilities, certified missions and reports)
    until the registry holds `experts`."""
    from registry.models import CompetenceDomain, EducationLevel, Expert

    chance = random.Random(seed)
    start = Expert.objects.count()
    if start >= experts:
        return
    domains = list(CompetenceDomain.objects.values_list("code", "pk"))
    weights = [POPULAR.get(code, 1) for code, _ in domains]
    countries, country_weights = list(COUNTRIES), list(COUNTRIES.values())
    made = Expert.objects.bulk_create(
        [
            Expert(
                first_name="Ama",
                last_name=LAST_NAME.format(number=number),
                country=chance.choices(countries, country_weights)[0],
                city="Ville",
                profession="Ingénieure",
                education_level=EducationLevel.MASTER,
                languages=[code for code, p in LANGUAGES.items() if chance.random() < p],
                consent_listed=chance.random() < 0.8,
            )
            for number in range(start, experts)
        ],
        batch_size=2000,
    )
    through = Expert.competences.through
    rows = []
    for expert in made:
        held: set[int] = set()
        while len(held) < chance.randint(1, 4):
            held.add(chance.choices(domains, weights)[0][1])
        rows += [through(expert_id=expert.pk, competencedomain_id=pk) for pk in held]
    through.objects.bulk_create(rows, batch_size=5000)
    _availabilities(made, chance)
    _certified_missions(made, chance)


def _availabilities(experts: list[Any], chance: random.Random) -> None:
    from missions.models import Availability

    today = date.today()
    rows = []
    for expert in experts:
        if chance.random() >= 0.4:
            continue
        for _ in range(chance.randint(1, 2)):
            starts = today + timedelta(days=chance.randint(-30, 700))
            ends = starts + timedelta(days=chance.randint(7, 180))
            rows.append(Availability(expert=expert, starts_on=starts, ends_on=ends))
    Availability.objects.bulk_create(rows, batch_size=5000)


def _certified_missions(experts: list[Any], chance: random.Random) -> None:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from missions.choices import MissionStatus, NeedStatus, ReportAuthor
    from missions.models import HostInstitution, Mission, MissionNeed, MissionReport

    hosts = list(HostInstitution.objects.all())
    officer = User.objects.get(username="officer")
    past = list(MissionNeed.objects.filter(title__startswith=PAST_TITLE.format(number="")))
    for number in range(len(past), PAST_NEEDS):
        host = hosts[number % len(hosts)]
        starts = date.today() - timedelta(days=60 + number * 20)
        past.append(
            MissionNeed.objects.create(
                host=host,
                title=PAST_TITLE.format(number=number),
                kind="teaching",
                discipline="Discipline",
                description="Mission passée.",
                place=host.city,
                region_id=host.region_id,
                prefecture_id=host.prefecture_id,
                starts_on=starts,
                ends_on=starts + timedelta(days=14),
                languages=["fr"],
                volunteers=50,
                status=NeedStatus.CLOSED,
                created_by=officer,
            )
        )
    now = timezone.now()
    missions = [
        Mission(expert=expert, need=need, status=MissionStatus.CERTIFIED, certified_at=now)
        for expert in experts
        if chance.random() < 0.04
        for need in chance.sample(past, chance.randint(1, 3))
    ]
    Mission.objects.bulk_create(missions, batch_size=2000)
    MissionReport.objects.bulk_create(
        [
            MissionReport(
                mission=mission,
                author=ReportAuthor.HOST,
                filed_by=officer,
                summary="Mission utile.",
                rating=chance.choice([3, 4, 4, 5, 5]),
            )
            for mission in missions
        ],
        batch_size=2000,
    )


def bench_need() -> Any:
    """The four-domain technical need the benchmark measures besides the demo's."""
    from django.contrib.auth.models import User

    from missions.choices import NeedStatus
    from missions.models import HostInstitution, MissionNeed
    from registry.models import CompetenceDomain

    found = MissionNeed.objects.filter(title=NEED_TITLE).first()
    if found is not None:
        return found
    host = HostInstitution.objects.order_by("id")[0]
    starts = date.today() + timedelta(days=90)
    need = MissionNeed.objects.create(
        host=host,
        title=NEED_TITLE,
        kind="technical",
        discipline="Énergie solaire",
        description="Installer et entretenir des mini-réseaux solaires.",
        place=host.city,
        region_id=host.region_id,
        prefecture_id=host.prefecture_id,
        starts_on=starts,
        ends_on=starts + timedelta(days=20),
        languages=["fr", "en"],
        volunteers=3,
        status=NeedStatus.PUBLISHED,
        created_by=User.objects.get(username="officer"),
    )
    need.domains.set(
        CompetenceDomain.objects.filter(
            code__in=["engineering", "energy", "construction", "environment"]
        )
    )
    return need


def needs_measured() -> list[tuple[str, Any]]:
    from missions.demo import MEDICAL_TITLE, TEACHING_TITLE
    from missions.models import MissionNeed

    return [
        ("teaching need: ict, teaching; fr", MissionNeed.objects.get(title=TEACHING_TITLE)),
        ("medical need: medicine; fr, kbp", MissionNeed.objects.get(title=MEDICAL_TITLE)),
        ("technical need: 4 domains; fr, en", bench_need()),
    ]


def measure(
    needs: list[tuple[str, Any]],
    runs: int,
    warmup: int,
    server_seconds: Callable[[], float] = lambda: 0.0,
) -> list[Timing]:
    """Rank the candidates of each need and write their reasons' sentences, `warmup`
    times untimed, then `runs` times: the wall clock (median, 90th percentile), the CPU
    time of this process and of the database server (`server_seconds`, means), then
    once with the queries counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from missions.matching import rank_candidates, reason_lines

    def rank(need: Any) -> list[Any]:
        ranked = rank_candidates(need)
        for candidate in ranked:
            reason_lines(candidate)
        return ranked

    timings = []
    for label, need in needs:
        for _ in range(warmup):
            rank(need)
        walls, pythons, servers = [], [], []
        for _ in range(runs):
            started, cpu, served = time.perf_counter(), time.process_time(), server_seconds()
            rank(need)
            walls.append(time.perf_counter() - started)
            pythons.append(time.process_time() - cpu)
            servers.append(server_seconds() - served)
        with CaptureQueriesContext(connection) as queries:
            ranked = rank(need)
        p90 = statistics.quantiles(walls, n=10)[-1] if len(walls) > 1 else walls[0]
        timings.append(
            Timing(
                label,
                len(ranked),
                len(queries),
                statistics.median(walls) * 1000,
                p90 * 1000,
                statistics.mean(pythons) * 1000,
                statistics.mean(servers) * 1000,
            )
        )
    return timings


def markdown(timings: list[Timing], heading: str) -> str:
    lines = [
        heading,
        "",
        "| need | candidates shown | queries | median ms (wall) | p90 ms (wall) "
        "| CPU ms: Python | CPU ms: server | CPU ms in all |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {t.label} | {t.candidates} | {t.queries} | {t.median_ms:.0f} | {t.p90_ms:.0f} "
        f"| {t.python_ms:.0f} | {t.server_ms:.0f} | {t.python_ms + t.server_ms:.0f} |"
        for t in timings
    ]
    return "\n".join(lines)


def explain(need: Any) -> str:
    from django.db import connection

    from missions.matching import candidates_queryset

    queryset = candidates_queryset(need, list(need.domains.all()))[:50]
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=50_000, help="registry size")
    parser.add_argument("--runs", type=int, default=20, help="timed rankings per need")
    parser.add_argument("--warmup", type=int, default=3, help="untimed rankings first")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the rows added")
    options = parser.parse_args()
    production_django("Set DATABASE_URL to a PostgreSQL database holding the demo cast.")
    import os

    from django.db import connection

    from missions.models import Availability, Mission
    from registry.models import Expert

    fill(options.experts, options.seed)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    needs = needs_measured()
    heading = (
        f"{Expert.objects.count():,} experts "
        f"({Expert.objects.filter(consent_listed=True).count():,}"
        f" listed, {Expert.competences.through.objects.count():,} competences, "
        f"{Availability.objects.count():,} availabilities, "
        f"{Mission.objects.filter(status='certified').count():,} certified missions); "
        f"`rank_candidates(need)` and the reasons' sentences, {options.runs} runs after "
        f"{options.warmup} untimed (load average {os.getloadavg()[0]:.1f} at the start):"
    )
    timings = measure(needs, options.runs, options.warmup, server_clock())
    print(markdown(timings, heading))
    print(f"\nEXPLAIN ANALYZE of the ranking query of the {needs[0][0]}:\n")
    print(explain(needs[0][1]))


if __name__ == "__main__":
    main()
