"""Every list filter of the API keeps exactly the rows it names, among those the caller sees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import Model, Q

from cases.models import Referral, ReferralStatus
from registry.models import Association, Expert, Prefecture, Region
from tests.cases.builders import make_referral
from tests.workflows.builders import make_proposal
from workflows.models import Proposal, ProposalStatus

# The endpoint, who asks, the model listed, the query parameters (made from one listed
# row), and the rows they must keep.
Filter = tuple[
    str,
    str,
    type[Model],
    Callable[[Any], dict[str, str]],
    Callable[[Any], Q],
]

FILTERS: dict[str, Filter] = {
    "proposals-status": (
        "/api/v1/proposals/",
        "officer",
        Proposal,
        lambda p: {"status": p.status},
        lambda p: Q(status=p.status),
    ),
    "proposals-call": (
        "/api/v1/proposals/",
        "officer",
        Proposal,
        lambda p: {"call": str(p.call_id)},
        lambda p: Q(call_id=p.call_id),
    ),
    "proposals-region": (
        "/api/v1/proposals/",
        "officer",
        Proposal,
        lambda p: {"region": p.region.code},
        lambda p: Q(region__code=p.region.code),
    ),
    "proposals-sector": (
        "/api/v1/proposals/",
        "officer",
        Proposal,
        lambda p: {"sector": p.sector},
        lambda p: Q(sector=p.sector),
    ),
    "proposals-association": (
        "/api/v1/proposals/",
        "officer",
        Proposal,
        lambda p: {"association": str(p.association_id)},
        lambda p: Q(association_id=p.association_id),
    ),
    "associations-status": (
        "/api/v1/associations/",
        "officer",
        Association,
        lambda a: {"status": a.status},
        lambda a: Q(status=a.status),
    ),
    "associations-country": (
        "/api/v1/associations/",
        "officer",
        Association,
        lambda a: {"country": str(a.country).lower()},
        lambda a: Q(country=a.country),
    ),
    "associations-sector": (
        "/api/v1/associations/",
        "officer",
        Association,
        lambda a: {"sector": a.sectors.first().code},
        lambda a: Q(sectors__code=a.sectors.first().code),
    ),
    "associations-embassy": (
        "/api/v1/associations/",
        "officer",
        Association,
        lambda a: {"embassy": a.embassy.code},
        lambda a: Q(embassy__code=a.embassy.code),
    ),
    "associations-home-region": (
        "/api/v1/associations/",
        "officer",
        Association,
        lambda a: {"home_region": a.home_region.code},
        lambda a: Q(home_region__code=a.home_region.code),
    ),
    "associations-words": (
        "/api/v1/associations/",
        "officer",
        Association,
        lambda a: {"q": f"{a.name.split()[-1]} {a.acronym}"},
        lambda a: (
            Q(name__icontains=a.name.split()[-1])
            & (Q(name__icontains=a.acronym) | Q(acronym__icontains=a.acronym))
        ),
    ),
    "experts-country": (
        "/api/v1/experts/",
        "officer",
        Expert,
        lambda e: {"country": str(e.country)},
        lambda e: Q(country=e.country),
    ),
    "experts-competence": (
        "/api/v1/experts/",
        "officer",
        Expert,
        lambda e: {"competence": e.competences.first().code},
        lambda e: Q(competences__code=e.competences.first().code),
    ),
    "experts-teaching": (
        "/api/v1/experts/",
        "officer",
        Expert,
        lambda e: {"available": "teaching"},
        lambda e: Q(available_teaching=True),
    ),
    "experts-medical": (
        "/api/v1/experts/",
        "officer",
        Expert,
        lambda e: {"available": "medical"},
        lambda e: Q(available_medical=True),
    ),
    "experts-words": (
        "/api/v1/experts/",
        "officer",
        Expert,
        lambda e: {"q": e.last_name},
        lambda e: (
            Q(first_name__icontains=e.last_name)
            | Q(last_name__icontains=e.last_name)
            | Q(profession__icontains=e.last_name)
        ),
    ),
    "referrals-status": (
        "/api/v1/referrals/",
        "supervisor",
        Referral,
        lambda r: {"status": r.status},
        lambda r: Q(status=r.status),
    ),
    "referrals-case": (
        "/api/v1/referrals/",
        "supervisor",
        Referral,
        lambda r: {"case": str(r.case_id)},
        lambda r: Q(case_id=r.case_id),
    ),
}


def _ids(client: Any, url: str, params: dict[str, str]) -> set[int]:
    response = client.get(url, {**params, "page_size": 500})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("key", sorted(FILTERS))
def test_a_list_filter_keeps_exactly_the_rows_it_names(key: str, api_as: Any) -> None:
    url, persona, model, params, kept = FILTERS[key]
    if model is Referral:
        make_referral(ReferralStatus.ACCEPTED)
        make_referral(ReferralStatus.SENT)
    if model is Proposal:
        make_proposal(ProposalStatus.SUBMITTED)
        make_proposal(
            ProposalStatus.UNDER_REVIEW,
            association=Association.objects.get(acronym="DSSB"),
            sector="health",
            region=Region.objects.get(code="kara"),
            prefecture=Prefecture.objects.get(code="kozah"),
        )
    client = api_as(persona)
    seen = _ids(client, url, {})
    row = model._default_manager.filter(pk__in=seen).order_by("pk").first()
    assert row is not None
    expected = seen & set(model._default_manager.filter(kept(row)).values_list("pk", flat=True))
    assert row.pk in expected or "available" in params(row)
    assert _ids(client, url, params(row)) == expected
