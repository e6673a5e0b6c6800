"""Time the co-funding agreement's PDF: 20 generations of a realistic proposal.

    DEBUG=1 .venv/bin/python bench/render_agreement.py [--runs 20]

On a fresh SQLite database in a temporary folder: loads the demo cast, builds
an approved proposal with a full budget (twelve lines, four contributions, a
long summary) and generates its agreement `--runs` times through
`documents.services.generate_for` (context, rendering, hash, storage, history),
then renders it `--runs` times more through `render_pdf` alone. Prints the
median and slowest wall-clock and CPU times, then the memory: the peak of
Python allocations during one generation (tracemalloc, measured in a separate
pass because tracing slows everything down) and the process's peak resident
size (ru_maxrss, which includes Django, the fonts and Pango). The first
generation of a process loads WeasyPrint and the fonts; it is shown apart.
Targets: median ≤ 0.5 s, peak ≤ 150 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MEDIAN_S = 0.5
TARGET_PEAK_MB = 150

BUDGET = [
    ("Études techniques et topographiques", 1_200_000),
    ("Forage à 80 m et essais de pompage", 9_500_000),
    ("Pompe immergée et panneaux solaires", 6_800_000),
    ("Château d'eau de 50 m³", 7_400_000),
    ("Réseau de distribution (2,4 km)", 5_600_000),
    ("Quatre bornes-fontaines", 2_400_000),
    ("Clôture et aménagement du site", 1_300_000),
    ("Formation du comité de gestion de l'eau", 900_000),
    ("Sensibilisation à l'hygiène (écoles, marchés)", 700_000),
    ("Suivi-évaluation et contrôle des travaux", 1_100_000),
    ("Main-d'œuvre locale (apport communautaire)", 2_600_000),
    ("Imprévus (5 %)", 500_000),
]
CONTRIBUTIONS = [
    ("association", "cash", 16_000_000),
    ("community", "in_kind", 4_000_000),
    ("state", "cash", 16_000_000),
    ("partner", "cash", 4_000_000),
]
SUMMARY = (
    "Le village d'Agou-Nyogbo (4 200 habitants) s'approvisionne aujourd'hui à deux puits "
    "traditionnels qui tarissent de janvier à avril ; les femmes et les enfants parcourent "
    "jusqu'à trois kilomètres pour puiser une eau souvent impropre à la consommation. Le "
    "projet réalise un forage équipé d'une pompe solaire, un château d'eau et quatre "
    "bornes-fontaines, et forme un comité de gestion chargé de la vente de l'eau, de "
    "l'entretien et de la tenue des comptes. L'association finance la moitié des travaux "
    "grâce aux cotisations de ses membres en France ; la commune met à disposition le "
    "terrain et la main-d'œuvre non qualifiée."
)


def seconds(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} s, slowest {max(values):.3f} s"


def resident_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(step: Callable[[], Any], runs: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="agreement-bench-")
    try:
        run(options.runs, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(runs: int, workdir: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{workdir}/media"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import translation

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)

    from accounts.management.commands.seed_demo import seed_all
    from audit.models import Source
    from documents.rendering import render_pdf
    from documents.services import generate_for
    from registry.models import Prefecture, Region
    from workflows import services
    from workflows.documents import KIND, agreement_spec
    from workflows.services import BudgetInput, ContributionInput

    cast = seed_all("bench")
    users = cast["users"]
    proposal = services.proposal_create(
        by=users["assoc_paris"],
        source=Source.WEB,
        call=cast["call"],
        association=cast["paris"],
        budget_lines=[BudgetInput(label, amount) for label, amount in BUDGET],
        contributions=[ContributionInput(s, k, a) for s, k, a in CONTRIBUTIONS],
        title="Adduction d'eau potable solaire à Agou-Nyogbo",
        summary=SUMMARY,
        sector="water",
        region=Region.objects.get(code="plateaux"),
        prefecture=Prefecture.objects.get(code="kloto"),
        locality="Agou-Nyogbo",
        local_partner="Commune d'Agou 1 et comité villageois de développement d'Agou-Nyogbo",
    )
    proposal = services.proposal_submit(proposal=proposal, by=users["assoc_paris"], source="web")
    proposal = services.proposal_declare_admissible(
        proposal=proposal,
        by=users["officer"],
        source="web",
        evaluators=["evaluator1", "evaluator2"],
    )
    scores = dict.fromkeys(cast["call"].criteria.values_list("code", flat=True), 4)
    for name in ("evaluator1", "evaluator2"):
        services.review_file(
            proposal=proposal,
            by=users[name],
            source="web",
            scores=scores,
            recommendation="favourable",
        )
    proposal.refresh_from_db()
    proposal = services.proposal_approve(
        proposal=proposal, by=users["committee"], source="web", grant_amount=16_000_000
    )
    committee = users["committee"]

    def generate() -> Any:
        return generate_for(proposal, KIND, by=committee, source=Source.COMMAND)

    rss_before = resident_mb()
    first_wall = time.perf_counter()
    document = generate()
    first = time.perf_counter() - first_wall
    print(f"{proposal.reference}: {len(BUDGET)} budget lines, {document.size / 1024:.0f} KiB PDF")
    print(f"first generation (loads WeasyPrint and the fonts): {first:.3f} s")
    rss_first = resident_mb()

    walls, cpus = measure(generate, runs)
    print(f"generate_for × {runs}: wall {seconds(walls)}; CPU {seconds(cpus)}")

    with translation.override("fr"):
        spec = agreement_spec(proposal)
    context = {
        **spec.context,
        "document": {**document.payload["document"], "generated_on": "1 janvier 2026"},
    }

    def render() -> bytes:
        return render_pdf(
            spec.template_name,
            context,
            attachments_json=spec.payload,
            footer_fields={"line": "Convention", "verify": "Vérification"},
        )

    render_walls, render_cpus = measure(render, runs)
    print(f"render_pdf × {runs}: wall {seconds(render_walls)}; CPU {seconds(render_cpus)}")

    tracemalloc.start()
    generate()
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_peak = resident_mb()
    print(f"peak Python allocations during one generation: {traced_peak / 2**20:.1f} MB")
    print(
        f"peak resident size of the process: {rss_peak:.0f} MB "
        f"({rss_before:.0f} MB before the first generation: Django, the database, the demo; "
        f"{rss_first:.0f} MB after it)"
    )

    median = statistics.median(walls)
    verdict = "met" if median <= TARGET_MEDIAN_S and rss_peak <= TARGET_PEAK_MB else "MISSED"
    print(
        f"targets (median ≤ {TARGET_MEDIAN_S} s, peak ≤ {TARGET_PEAK_MB} MB): {verdict} "
        f"({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    main()
