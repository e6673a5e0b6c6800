"""Time `GET /api/v1/stats/missions/` (the volunteering missions' figures) on a
PostgreSQL database holding many needs and missions, in-process and warm, as
bench/stats_diaspora.py measures the diaspora's figures.

    DATABASE_URL=postgres://…/diaspora .venv/bin/python bench/stats_missions.py \
        --experts 50000 --needs 5000 --missions 50000 [--runs 20]

The database must hold the demo cast (`seed_demo`). The script first adds experts (as
bench/stats_diaspora.py does), then needs and missions, written in bulk straight into
the tables (a benchmark's data, not the services' history): needs of the demo's two
host institutions in every region, of every kind and status but draft; missions of
random experts on them in every state, the approved ones with an approval date a few
days to a few months after the candidacy, the reported and certified ones with the
expert's and the host's reports. Then the endpoint for observers of the demo cast,
unfiltered and filtered (bench/endpoints.py).
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
from bench.stats_diaspora import fill_registry  # noqa: E402

URL = "/api/v1/stats/missions/"


def fill_missions(needs: int, missions: int, seed: int) -> None:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from missions.choices import HOLDING_STATES, MissionKind, MissionStatus, NeedStatus
    from missions.models import HostInstitution, Mission, MissionNeed, MissionReport
    from registry.models import Expert, Prefecture

    chance = random.Random(seed)
    hosts = list(HostInstitution.objects.prefetch_related("members"))
    prefectures = list(Prefecture.objects.all())
    officer = User.objects.get(username="officer")
    today = timezone.localdate()
    start = MissionNeed.objects.count()
    states = [s for s in NeedStatus.values if s != NeedStatus.DRAFT]
    made = MissionNeed.objects.bulk_create(
        [
            MissionNeed(
                host=(host := chance.choice(hosts)),
                title=f"Demande du banc d'essai n° {number}",
                kind=chance.choice(MissionKind.values),
                discipline="Discipline",
                description="Description.",
                place="Lieu",
                region_id=(prefecture := chance.choice(prefectures)).region_id,
                prefecture=prefecture,
                starts_on=(day := today + timedelta(days=chance.randint(-900, 300))),
                ends_on=day + timedelta(days=14),
                volunteers=chance.randint(1, 20),
                status=chance.choice(states),
                created_by=host.members.first() or officer,
            )
            for number in range(start, needs)
        ],
        batch_size=2000,
    )
    need_ids = [need.pk for need in made] or list(MissionNeed.objects.values_list("pk", flat=True))
    expert_ids = list(Expert.objects.values_list("pk", flat=True))
    taken = set(Mission.objects.values_list("need_id", "expert_id"))
    rows, candidacies = [], []
    while len(taken) < missions:
        pair = (chance.choice(need_ids), chance.choice(expert_ids))
        if pair in taken:
            continue
        taken.add(pair)
        status = chance.choice(MissionStatus.values)
        created = timezone.now() - timedelta(days=chance.randint(30, 900))
        candidacies.append(created)
        rows.append(
            Mission(
                need_id=pair[0],
                expert_id=pair[1],
                status=status,
                created_at=created,
                approved_at=created + timedelta(days=chance.randint(2, 120))
                if status in HOLDING_STATES
                else None,
            )
        )
    added = Mission.objects.bulk_create(rows, batch_size=2000)
    # auto_now_add set created_at to now: put the candidacy's date back.
    for mission, created in zip(added, candidacies, strict=True):
        mission.created_at = created
    Mission.objects.bulk_update(added, ["created_at"], batch_size=2000)
    reported = [m for m in added if m.status in (MissionStatus.REPORTED, MissionStatus.CERTIFIED)]
    MissionReport.objects.bulk_create(
        [
            MissionReport(
                mission=mission,
                author=author,
                filed_by=officer,
                summary="Rapport.",
                students=chance.randint(0, 200),
                patients=chance.randint(0, 300),
                rating=chance.randint(1, 5),
            )
            for mission in reported
            for author in ("expert", "host")
        ],
        batch_size=2000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=50_000, help="registry size")
    parser.add_argument("--needs", type=int, default=5_000, help="mission needs")
    parser.add_argument("--missions", type=int, default=50_000, help="missions")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the rows added")
    options = parser.parse_args()
    production_django("Set DATABASE_URL to a PostgreSQL database holding the demo cast.")
    from django.db import connection

    from missions.models import Mission, MissionNeed, MissionReport
    from registry.models import Association

    fill_registry(Association.objects.count(), options.experts, options.seed)
    fill_missions(options.needs, options.missions, options.seed)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    heading = (
        f"{MissionNeed.objects.count():,} needs, {Mission.objects.count():,} missions, "
        f"{MissionReport.objects.count():,} reports"
    )
    measure_endpoint(
        URL, observer_calls(URL, "region=kara&embassy=paris"), options.runs, options.warmup, heading
    )


if __name__ == "__main__":
    main()
