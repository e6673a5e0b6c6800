"""Returnee cases in every state, region and return type, from countries of the Paris
and Brussels jurisdictions and beyond, with vulnerabilities, referrals (completed,
overdue, pending, declined) and one to three follow-up visits; and the figures each
scope should see, counted here row by row in Python, independently of
`observatory.stats`.

The rows are written directly (the figures only read them); the demo cases of the
cast are there too and are counted like the others.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from cases.models import Case, FollowUp, Referral
from registry.models import Jurisdiction, Prefecture, Region

MASK = "<5"
STATUSES = [
    "registered",
    "assessment",
    "plan_submitted",
    "in_support",
    "follow_up",
    "closure_requested",
    "closed",
]
RETURN_TYPES = ["voluntary", "assisted", "forced", "spontaneous"]
VULNERABILITIES = [
    "minor",
    "trafficking_victim",
    "medical",
    "disability",
    "gbv_survivor",
    "elderly",
    "pregnant",
]
SERVICES = [
    "business",
    "training",
    "employment",
    "health",
    "housing",
    "psychosocial",
    "education",
    "legal_documents",
    "cash",
]
# 60 cases: 23 from Libya, 14 from France, 3 from Spain, 9 from Belgium, 2 from the
# Netherlands, 8 from Niger, 1 from Chad.
COUNTRIES = ["LY"] * 23 + ["FR"] * 14 + ["ES"] * 3 + ["BE"] * 9 + ["NL"] * 2 + ["NE"] * 8 + ["TD"]
SCORES = ("economic", "social", "psychosocial", "composite")


def today() -> datetime.date:
    return timezone.localdate()


def build() -> None:
    """60 cases, their referrals and follow-ups."""
    by = User.objects.get(username="supervisor")
    regions = list(Region.objects.order_by("code"))
    prefectures = {
        r.pk: list(Prefecture.objects.filter(region=r).order_by("code")) for r in regions
    }
    start = today() - datetime.timedelta(days=400)
    cases = []
    for i, country in enumerate(COUNTRIES):
        region = regions[i % 3]  # three regions of five: two stay empty
        cases.append(
            Case(
                reference=f"OBS-{i:03d}",
                first_name="Prénom",
                last_name=f"Nom{i}",
                sex="FM"[i % 2],
                birth_year=1980 + i % 20,
                return_date=start + datetime.timedelta(days=i * 3),
                returned_from=country,
                return_type=RETURN_TYPES[0 if i % 5 else 1 + i % 3],
                region=region,
                prefecture=prefectures[region.pk][0] if i % 4 else None,
                vulnerabilities=VULNERABILITIES[: i % 4] if i % 7 else ["minor", "pregnant"],
                status=STATUSES[min(i % 9, 6)],
                created_by=by,
            )
        )
    Case.objects.bulk_create(cases)
    referrals, follow_ups = [], []
    for i, case in enumerate(Case.objects.filter(reference__startswith="OBS-").order_by("pk")):
        kind = i % 4
        status, due = [
            ("completed", -30),
            ("sent", -5),  # overdue
            ("accepted", 20),
            ("declined", -40),
        ][kind]
        referrals.append(
            Referral(
                case=case,
                service=["health", "business", "health", "training"][kind],
                provider="CHR",
                due_date=today() + datetime.timedelta(days=due),
                status=status,
                created_by=by,
            )
        )
        if i % 6 == 5:  # an accepted referral long overdue too
            referrals.append(
                Referral(
                    case=case,
                    service="health",
                    provider="CHR",
                    due_date=today() - datetime.timedelta(days=60),
                    status="accepted",
                    created_by=by,
                )
            )
        for visit in range(i % 4):  # none, one, two or three visits
            score = Decimal(((i + visit * 3) % 10) / 10).quantize(Decimal("0.001"))
            follow_ups.append(
                FollowUp(
                    case=case,
                    visit_date=case.return_date + datetime.timedelta(days=30 * (visit + 1)),
                    economic=score,
                    social=Decimal("0.5"),
                    psychosocial=None if visit == 2 else score,
                    composite=score,
                    created_by=by,
                )
            )
    Referral.objects.bulk_create(referrals)
    FollowUp.objects.bulk_create(follow_ups)


# --- The figures, counted row by row ------------------------------------------------


def cases_of(embassies: list[str] | None) -> list[Case]:
    """Every case, or those returned from a country of these embassies' jurisdictions."""
    cases = list(Case.objects.select_related("region", "prefecture"))
    if embassies is None:
        return cases
    countries = set(
        Jurisdiction.objects.filter(embassy__code__in=embassies).values_list("country", flat=True)
    )
    return [case for case in cases if case.returned_from in countries]


def counts(values: list[str], domain: list[str]) -> dict[str, int]:
    counted = Counter(values)
    return {key: counted[key] for key in domain} | {
        key: n for key, n in counted.items() if key not in domain
    }


def direct(cases: list[Case], embassies: list[str] | None, detail: bool) -> dict[str, Any]:
    """Every figure, unmasked."""
    regions = list(Region.objects.order_by("code").values_list("code", flat=True))
    jurisdictions = Jurisdiction.objects.order_by("country")
    if embassies is not None:
        jurisdictions = jurisdictions.filter(embassy__code__in=embassies)
    countries = [str(c) for c in jurisdictions.values_list("country", flat=True)]
    if embassies is None:  # and the countries of at least five returnees
        every = Counter(str(c.returned_from) for c in Case.objects.all())
        countries = sorted({*countries, *(c for c, n in every.items() if n >= 5)})
    outside = [case for case in cases if case.returned_from not in countries]
    by_country = counts([str(c.returned_from) for c in cases if c not in outside], countries)
    if embassies is None:
        by_country["other"] = len(outside)
    figures: dict[str, Any] = {
        "total": len(cases),
        "by_status": counts([c.status for c in cases], STATUSES),
        "by_region": counts([c.region.code for c in cases], regions),
        "by_return_type": counts([c.return_type for c in cases], RETURN_TYPES),
        "by_host_country": by_country,
        "by_vulnerability": counts([v for c in cases for v in c.vulnerabilities], VULNERABILITIES),
    }
    if detail:
        prefectures = list(Prefecture.objects.order_by("code").values_list("code", flat=True))
        figures["by_prefecture"] = counts(
            [c.prefecture.code if c.prefecture else "unknown" for c in cases],
            [*prefectures, "unknown"],
        )
    ids = {c.pk for c in cases}
    referrals = [r for r in Referral.objects.all() if r.case_id in ids]
    figures["referrals"] = {
        service: {
            "total": sum(1 for r in referrals if r.service == service),
            "completed": sum(
                1 for r in referrals if r.service == service and r.status == "completed"
            ),
            "overdue": sum(
                1
                for r in referrals
                if r.service == service
                and r.status in ("sent", "accepted")
                and r.due_date < today()
            ),
        }
        for service in SERVICES
    }
    visits: dict[int, list[FollowUp]] = {}
    for follow_up in FollowUp.objects.order_by("visit_date", "pk"):
        if follow_up.case_id in ids:
            visits.setdefault(follow_up.case_id, []).append(follow_up)
    figures["scores"] = means([v[-1] for v in visits.values()])
    figures["scores_by_round"] = [
        {
            "round": n,
            "count": sum(1 for v in visits.values() if len(v) >= n),
            **means([v[n - 1] for v in visits.values() if len(v) >= n]),
        }
        for n in (1, 2, 3)
    ]
    # Fewer than 5 cases with exactly one, two, or three visits or more: the first
    # round alone is shown.
    exactly = Counter(min(len(v), 3) for v in visits.values())
    if any(exactly[n] < 5 for n in (1, 2, 3)):
        figures["scores"] = dict.fromkeys(SCORES)
        for row in figures["scores_by_round"][1:]:
            row.update(dict.fromkeys(SCORES))
    return figures


def means(follow_ups: list[FollowUp]) -> dict[str, float | None]:
    result: dict[str, float | None] = {}
    for name in SCORES:
        values = [getattr(f, name) for f in follow_ups if getattr(f, name) is not None]
        result[name] = round(float(sum(values)) / len(values), 3) if len(values) >= 5 else None
    return result


def assert_shows(shown: Any, true: Any, path: str = "") -> int:
    """Every count shown equals its direct count, every count under 5 reads "<5"; a
    count of 5 or more may read "<5" (hidden to protect another). Returns how many
    counts are shown as numbers."""
    if isinstance(true, dict):
        if "completed" in true:  # a service's referrals: the rate only of what is shown
            both = MASK not in (shown["completed"], shown["total"])
            rate = shown["completed"] / shown["total"] if both else None
            assert shown["completion_rate"] == (None if rate is None else round(rate, 3)), path
            shown = {key: value for key, value in shown.items() if key != "completion_rate"}
        assert set(shown) == set(true), path
        return sum(assert_shows(shown[key], value, f"{path}/{key}") for key, value in true.items())
    if isinstance(true, list):
        assert len(shown) == len(true), path
        pairs = zip(shown, true, strict=True)
        return sum(assert_shows(s, t, f"{path}[{n}]") for n, (s, t) in enumerate(pairs))
    if isinstance(true, float) or true is None:
        assert shown == (None if true is None else pytest.approx(true, abs=1e-3)), path
        return 0
    if path.endswith("/round"):
        assert shown == true
        return 0
    if true < 5:
        assert shown == MASK, f"{path}: {true} shown as {shown}"
        return 0
    assert shown in (true, MASK), f"{path}: {true} shown as {shown}"
    return int(shown == true)
