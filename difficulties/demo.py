"""The difficulties part of the demo cast (README.md, « The demo cast »): the online
services the ministry promotes, and a few reports of the Paris embassy's jurisdiction
and of the ministry's desk, at different steps: one waiting for the focal point, one
referred and overdue, one answered, one merged into another.

Everything past its first state is brought there by the services, fired by the
persona whose job it is (`focal_paris`, `officer`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from audit.models import Source
from difficulties import services
from difficulties.models import Difficulty, OnlineService
from difficulties.services.maintenance import escalate_overdue

SOURCE = Source.COMMAND

ONLINE_SERVICES = [
    (
        "Demande de visa électronique (e-visa)",
        "https://voyage.gouv.tg/",
        "Le visa d'entrée au Togo se demande en ligne, avant le départ.",
        ["visa"],
    ),
    (
        "Carte consulaire",
        "https://diplomatie.gouv.tg/",
        "La carte consulaire se demande à l'ambassade ou au consulat de votre pays de résidence.",
        ["consular_card"],
    ),
    (
        "Passeport biométrique",
        "https://service-public.gouv.tg/",
        "La prise de rendez-vous et le suivi de la demande de passeport.",
        ["passport", "laissez_passer"],
    ),
    (
        "Carte nationale d'identité",
        "https://service-public.gouv.tg/",
        "Les pièces à fournir et le suivi de la demande de carte d'identité.",
        ["national_id"],
    ),
]

# The demo's reports: (key, category, country, description, e-mail).
REPORTS = [
    (
        "waiting",
        "passport",
        "FR",
        "Ma demande de renouvellement de passeport déposée au consulat il y a cinq mois "
        "n'a reçu aucune réponse.",
        "reporter.passport@example.org",
    ),
    (
        "overdue",
        "civil_status",
        "FR",
        "Impossible d'obtenir la copie intégrale de mon acte de naissance auprès de la mairie "
        "de Lomé pour mon mariage en France.",
        "reporter.civil@example.org",
    ),
    (
        "answered",
        "consular_card",
        "ES",
        "On me demande une carte consulaire pour ouvrir un compte bancaire, mais le consulat "
        "ne donne pas de rendez-vous.",
        "reporter.card@example.org",
    ),
    (
        "duplicate",
        "passport",
        "FR",
        "Mon passeport demandé à Paris n'est toujours pas arrivé après cinq mois d'attente.",
        "reporter.passport2@example.org",
    ),
    (
        "desk",
        "customs",
        "SN",
        "Les douanes du port de Lomé réclament des droits sur des effets personnels envoyés "
        "lors de mon retour définitif.",
        "reporter.customs@example.org",
    ),
]


def _online_services() -> None:
    for position, (title, url, description, categories) in enumerate(ONLINE_SERVICES):
        OnlineService.objects.get_or_create(
            title=title,
            defaults={
                "url": url,
                "description": description,
                "categories": categories,
                "position": position,
            },
        )


def _report(category: str, country: str, description: str, email: str) -> Difficulty:
    difficulty, _created = services.difficulty_report(
        fields={
            "category": category,
            "country": country,
            "description": description,
            "email": email,
            "consent": True,
        },
        by=AnonymousUser(),
        source=SOURCE,
    )
    return services.difficulty_confirm_by_link(difficulty=difficulty, source=SOURCE)


def seed(password: str, cast: dict[str, Any]) -> None:
    _online_services()
    if Difficulty.objects.exists():
        return
    users = cast["users"]
    focal, officer = users["focal_paris"], users["officer"]
    made = {key: _report(*rest) for key, *rest in REPORTS}
    by_focal = {"by": focal, "source": SOURCE}

    overdue = services.difficulty_qualify(
        difficulty=made["overdue"], administration="etat-civil", urgency="urgent", **by_focal
    )
    overdue = services.difficulty_refer(
        difficulty=overdue,
        administration="etat-civil",
        due_date=timezone.localdate() + datetime.timedelta(days=14),
        **by_focal,
    )
    # A referral whose answer is late: its due date has passed (as if referred long ago).
    Difficulty.objects.filter(pk=overdue.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    escalate_overdue()

    answered = services.difficulty_qualify(
        difficulty=made["answered"], administration="consulaire", **by_focal
    )
    services.difficulty_answer(
        difficulty=answered,
        answer="Le consulat de Madrid reçoit sans rendez-vous le mardi matin ; présentez-vous "
        "avec votre passeport et un justificatif de domicile.",
        **by_focal,
    )
    services.difficulty_merge(
        difficulty=made["duplicate"], into=made["waiting"].tracking_code, **by_focal
    )
    services.difficulty_qualify(
        difficulty=made["desk"], administration="douanes", by=officer, source=SOURCE
    )
    cast["difficulties"] = made
