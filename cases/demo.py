"""The cell's part of the demo cast: a few cases at different steps."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from audit.models import Source
from cases import services
from cases.models import Case
from registry.models import Prefecture, Region


def _intake(first: str, last: str, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "first_name": first,
        "last_name": last,
        "sex": "M",
        "birth_year": 1994,
        "phone": "+228 90 00 00 00",
        "return_date": timezone.localdate() - datetime.timedelta(days=40),
        "returned_from": "LY",
        "return_type": "assisted",
        "region": Region.objects.get(code="plateaux"),
        "prefecture": Prefecture.objects.get(code="kloto"),
        "consent_given": True,
        "vulnerabilities": [],
        "immediate_needs": "Hébergement temporaire, kit d'hygiène.",
    }
    values.update(extra)
    return values


def seed(password: str, cast: dict[str, Any]) -> None:
    if Case.objects.exists():
        return
    users = cast["users"]
    supervisor, first, second = users["supervisor"], users["caseworker1"], users["caseworker2"]
    source = Source.COMMAND

    planned = services.case_create(
        by=supervisor,
        source=source,
        caseworker="caseworker1",
        **_intake(
            "Komlan",
            "Agbodjan",
            vulnerabilities=["medical"],
            health_notes="Suivi médical pour une blessure à la jambe.",
        ),
    )
    planned = services.case_start_assessment(case=planned, by=first, source=source)
    services.assessment_save(
        case=planned,
        by=first,
        source=source,
        economic_notes="Ancien mécanicien, souhaite ouvrir un atelier à Kpalimé.",
        social_notes="Hébergé par un oncle ; famille présente.",
        psychosocial_notes="Fatigue, troubles du sommeil depuis le retour.",
        skills="Mécanique moto, soudure.",
        complete=True,
    )
    services.plan_item_add(
        case=planned,
        by=first,
        source=source,
        dimension="economic",
        kind="business",
        provider="Chambre des métiers de Kloto",
        budget=450_000,
        target_date=timezone.localdate() + datetime.timedelta(days=60),
        description="Outillage de base et fonds de roulement pour un atelier.",
    )
    services.case_submit_plan(case=planned, by=first, source=source)

    services.case_create(
        by=first,
        source=source,
        **_intake(
            "Ablavi",
            "Kudawoo",
            sex="F",
            birth_year=1999,
            returned_from="NE",
            return_type="voluntary",
            region=Region.objects.get(code="maritime"),
            prefecture=Prefecture.objects.get(code="zio"),
            vulnerabilities=["gbv_survivor"],
        ),
    )
    assessed = services.case_create(
        by=second,
        source=source,
        **_intake(
            "Yaovi",
            "Dzakpasu",
            returned_from="MA",
            return_type="forced",
            region=Region.objects.get(code="grand-lome"),
            prefecture=Prefecture.objects.get(code="golfe"),
        ),
    )
    services.case_start_assessment(case=assessed, by=second, source=source)
    services.case_create(
        by=supervisor,
        source=source,
        **_intake(
            "Essowazam",
            "Tcha",
            consent_given=False,
            returned_from="DZ",
            return_type="spontaneous",
            region=Region.objects.get(code="kara"),
            prefecture=Prefecture.objects.get(code="kozah"),
        ),
    )
