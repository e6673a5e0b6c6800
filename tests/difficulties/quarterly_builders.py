"""A known quarter of the register (the first of 2025), for the quarterly report's tests.

Fifteen reports registered in it: seven about passports in France (all referred to the
national documentation directorate; six answered in 2, 4, … 12 days, five of them
resolved in 10, 20, … 50 days, the seventh's referral overdue), six about civil status
in Germany (referred to the civil-status office, four answered, two of them unresolved),
two about visas (France, Senegal) with no administration. Around it, what must not
count: a report the day before, one the day after, and a rejected one inside.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from difficulties.choices import DifficultyStatus
from difficulties.models import Administration, Difficulty
from tests.difficulties.builders import make_difficulty

S = DifficultyStatus
YEAR, QUARTER = 2025, 1
START = timezone.make_aware(datetime.datetime(2025, 1, 6, 10, 0))

# What the reporters wrote: their contact details and names must never reach the report.
EMAILS = ("kofi.mensah@example.org", "adjoa.amegah@example.org")
PHONES = ("+33 6 12 34 56 78", "+49 151 2345 6789")
NAMES = ("Kofi", "Mensah", "Amegah", "Dupont")
UNRESOLVED_TEXT = (
    "Je m'appelle Kofi Mensah. L'acte de naissance demandé à la mairie de Lomé n'arrive "
    "pas ; écrivez-moi à kofi.mensah@example.org ou au +33 6 12 34 56 78."
)
OVERDUE_TEXT = (
    "Mme Adjoa Amegah attend son passeport depuis six mois, dossier 2024123456, "
    "contact adjoa.amegah@example.org, tél. +49 151 2345 6789. M. Dupont ne répond pas."
)


def _registered(at: datetime.datetime, **fields: Any) -> Difficulty:
    """A report registered at `at`, then put as `fields` say (dates, state, referral)."""
    made = {k: fields.pop(k) for k in ("category", "country", "description") if k in fields}
    difficulty = make_difficulty(S.REPORTED, **made)
    Difficulty.objects.filter(pk=difficulty.pk).update(reported_at=at, **fields)
    difficulty.refresh_from_db()
    return difficulty


def known_quarter() -> list[Difficulty]:
    dgdn = Administration.objects.get(code="dgdn")
    civil = Administration.objects.get(code="etat-civil")
    day = datetime.timedelta(days=1)
    reports = []
    for n in range(7):
        at = START + n * day
        fields: dict[str, Any] = {
            "category": "passport",
            "country": "FR",
            "referred_to": dgdn,
            "status": S.ANSWERED,
        }
        if n < 6:
            fields["answered_at"] = fields["first_answered_at"] = at + 2 * (n + 1) * day
        if n < 5:
            fields.update(
                status=S.RESOLVED, feedback_at=at + 10 * (n + 1) * day, feedback_resolved=True
            )
        if n == 6:
            fields.update(
                status=S.REFERRED, due_date=datetime.date(2025, 2, 1), description=OVERDUE_TEXT
            )
        reports.append(_registered(at, **fields))
    for n in range(6):
        at = START + n * day
        fields = {"category": "civil_status", "country": "DE", "referred_to": civil}
        fields["status"] = S.REFERRED
        fields["due_date"] = timezone.localdate() + 30 * day
        if n < 4:
            answered = at + (n + 1) * day
            fields.update(status=S.ANSWERED, answered_at=answered, first_answered_at=answered)
        if n < 2:
            fields.update(
                status=S.UNRESOLVED,
                feedback_at=at + 9 * day,
                feedback_resolved=False,
                description=UNRESOLVED_TEXT,
            )
        reports.append(_registered(at, **fields))
    reports.append(_registered(START, category="visa", country="FR"))
    reports.append(_registered(START, category="visa", country="SN"))
    # Not counted: before, after, rejected.
    _registered(timezone.make_aware(datetime.datetime(2024, 12, 31, 23, 59)), category="visa")
    _registered(timezone.make_aware(datetime.datetime(2025, 4, 1, 0, 0)), category="visa")
    _registered(START, category="visa", status=S.REJECTED)
    return reports
