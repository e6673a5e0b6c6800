"""The co-realisation part of the demo cast: the open call of README.md, « The demo cast »."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from audit.models import Source
from workflows import services
from workflows.models import Call

CALL_TITLE = "Appel à projets de coréalisation"

CRITERIA = [
    ("relevance", "Pertinence au regard des besoins locaux", Decimal("3")),
    ("community", "Implication de la communauté", Decimal("2")),
    ("feasibility", "Faisabilité technique", Decimal("2")),
    ("sustainability", "Durabilité", Decimal("2")),
    ("budget", "Réalisme du budget", Decimal("1")),
    ("diaspora", "Implication de la diaspora", Decimal("1")),
]


def seed_call(officer: User) -> Call:
    """The open call, created by the programme officer through the service."""
    today = timezone.localdate()
    call = Call.objects.filter(title=CALL_TITLE, year=today.year).first()
    if call is not None:
        return call
    call = Call(
        title=CALL_TITLE,
        year=today.year,
        description=(
            "Cofinancement de projets de développement local portés par les associations "
            "de la diaspora dans leurs régions d'origine."
        ),
        opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() + timedelta(days=180),
        envelope=500_000_000,
        max_grant=25_000_000,
        matching_ratio=Decimal("1"),
        max_grant_share=Decimal("0.5"),
        min_community_share=Decimal("0.10"),
        required_reviews=2,
        tranche_plan=[40, 40, 20],
    )
    return services.call_save(call=call, criteria=CRITERIA, by=officer, source=Source.COMMAND)


def seed(password: str, cast: dict[str, Any]) -> None:
    cast["call"] = seed_call(cast["users"]["officer"])
