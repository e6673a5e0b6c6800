"""The aggregates of returnee cases that statistics read (the observatory's figures).

They read only what anonymisation keeps (`cases.services.personal_data`): status,
region, return type, country returned from, vulnerability categories, closure
reasons, plan budgets, referral services and outcomes, and the follow-up scores.
So the figures are the same before and after a case is anonymised. The caller
gives the cases it may count; small counts are not suppressed here.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, QuerySet, Sum

from cases.models import Case, FollowUp, PlanItem, Referral

SCORE_FIELDS = ("economic", "social", "psychosocial", "composite")


def _counts(cases: QuerySet[Any], field: str) -> dict[str, int]:
    rows = cases.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n")
    return {str(value or ""): n for value, n in rows}


def case_statistics(cases: QuerySet[Case]) -> dict[str, Any]:
    """Counts by status, region, return type, country, sex, vulnerability, month of return
    and closure reason;
    the plans' budget; referrals by service and status; the mean score per dimension
    over every follow-up (None when there is none)."""
    vulnerabilities: Counter[str] = Counter()
    for codes in cases.values_list("vulnerabilities", flat=True):
        vulnerabilities.update(codes or [])
    return_months = Counter(f"{day:%Y-%m}" for day in cases.values_list("return_date", flat=True))
    follow_ups = FollowUp.objects.filter(case__in=cases)
    means = follow_ups.aggregate(**{name: Avg(name) for name in SCORE_FIELDS})
    referrals = Referral.objects.filter(case__in=cases)
    return {
        "cases": cases.count(),
        "by_status": _counts(cases, "status"),
        "by_region": _counts(cases, "region__code"),
        "by_return_type": _counts(cases, "return_type"),
        "by_returned_from": _counts(cases, "returned_from"),
        "by_sex": _counts(cases, "sex"),
        "by_closure_reason": _counts(cases.exclude(closure_reason=""), "closure_reason"),
        "by_vulnerability": dict(sorted(vulnerabilities.items())),
        "by_return_month": dict(sorted(return_months.items())),
        "plan_budget": PlanItem.objects.filter(case__in=cases).aggregate(total=Sum("budget"))[
            "total"
        ]
        or 0,
        "referrals_by_service": _counts(referrals, "service"),
        "referrals_by_status": _counts(referrals, "status"),
        "scores": {
            name: None if means[name] is None else Decimal(means[name]).quantize(Decimal("0.001"))
            for name in SCORE_FIELDS
        },
    }
