"""The co-realisation part of the demo cast: the open call of README.md, « The demo cast »."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from workflows.models import Call, Criterion

CALL_TITLE = "Appel à projets de coréalisation"

CRITERIA = [
    ("relevance", "Pertinence au regard des besoins locaux", Decimal("3")),
    ("community", "Implication de la communauté", Decimal("2")),
    ("feasibility", "Faisabilité technique", Decimal("2")),
    ("sustainability", "Durabilité", Decimal("2")),
    ("budget", "Réalisme du budget", Decimal("1")),
    ("diaspora", "Implication de la diaspora", Decimal("1")),
]


def seed_call() -> Call:
    today = timezone.localdate()
    call, created = Call.objects.get_or_create(
        title=CALL_TITLE,
        year=today.year,
        defaults={
            "description": (
                "Cofinancement de projets de développement local portés par les associations "
                "de la diaspora dans leurs régions d'origine."
            ),
            "opens_at": timezone.now() - timedelta(days=30),
            "closes_at": timezone.now() + timedelta(days=180),
            "envelope": 500_000_000,
            "max_grant": 25_000_000,
            "matching_ratio": Decimal("1"),
            "max_grant_share": Decimal("0.5"),
            "min_community_share": Decimal("0.10"),
            "required_reviews": 2,
            "tranche_plan": [40, 40, 20],
        },
    )
    if created:
        for position, (code, label, weight) in enumerate(CRITERIA):
            Criterion.objects.create(
                call=call, code=code, label=label, weight=weight, position=position
            )
    return call


def seed(password: str, cast: dict[str, Any]) -> None:
    cast["call"] = seed_call()
