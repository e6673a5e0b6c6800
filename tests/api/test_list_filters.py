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

# Each list: its address, who asks, the model it lists.
LISTS: dict[str, tuple[str, str, type[Model]]] = {
    "proposals": ("/api/v1/proposals/", "officer", Proposal),
    "associations": ("/api/v1/associations/", "officer", Association),
    "experts": ("/api/v1/experts/", "officer", Expert),
    "referrals": ("/api/v1/referrals/", "supervisor", Referral),
}


def _words_of_association(a: Association) -> Q:
    return Q(name__icontains=a.name.split()[-1]) & (
        Q(name__icontains=a.acronym) | Q(acronym__icontains=a.acronym)
    )


def _words_of_expert(e: Expert) -> Q:
    word = e.last_name
    return (
        Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(profession__icontains=word)
    )


# (list, query parameter, its value taken from one listed row, the rows it must keep)
FILTERS: list[tuple[str, str, Callable[[Any], str], Callable[[Any], Q]]] = [
    ("proposals", "status", lambda p: p.status, lambda p: Q(status=p.status)),
    ("proposals", "call", lambda p: p.call_id, lambda p: Q(call_id=p.call_id)),
    ("proposals", "region", lambda p: p.region.code, lambda p: Q(region=p.region)),
    ("proposals", "sector", lambda p: p.sector, lambda p: Q(sector=p.sector)),
    (
        "proposals",
        "association",
        lambda p: p.association_id,
        lambda p: Q(association=p.association),
    ),
    ("associations", "status", lambda a: a.status, lambda a: Q(status=a.status)),
    ("associations", "country", lambda a: str(a.country).lower(), lambda a: Q(country=a.country)),
    (
        "associations",
        "sector",
        lambda a: a.sectors.first().code,
        lambda a: Q(sectors=a.sectors.first()),
    ),
    ("associations", "embassy", lambda a: a.embassy.code, lambda a: Q(embassy=a.embassy)),
    (
        "associations",
        "home_region",
        lambda a: a.home_region.code,
        lambda a: Q(home_region=a.home_region),
    ),
    ("associations", "q", lambda a: f"{a.name.split()[-1]} {a.acronym}", _words_of_association),
    ("experts", "country", lambda e: e.country, lambda e: Q(country=e.country)),
    (
        "experts",
        "competence",
        lambda e: e.competences.first().code,
        lambda e: Q(competences=e.competences.first()),
    ),
    ("experts", "available", lambda e: "teaching", lambda e: Q(available_teaching=True)),
    ("experts", "available", lambda e: "medical", lambda e: Q(available_medical=True)),
    ("experts", "q", lambda e: e.last_name, _words_of_expert),
    ("referrals", "status", lambda r: r.status, lambda r: Q(status=r.status)),
    ("referrals", "case", lambda r: r.case_id, lambda r: Q(case=r.case_id)),
]


def _ids(client: Any, url: str, params: dict[str, str]) -> set[int]:
    response = client.get(url, {**params, "page_size": 500})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(("listed", "name", "value", "kept"), FILTERS)
def test_a_list_filter_keeps_exactly_the_rows_it_names(
    listed: str, name: str, value: Callable[[Any], str], kept: Callable[[Any], Q], api_as: Any
) -> None:
    url, persona, model = LISTS[listed]
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
    assert row.pk in expected or name == "available"
    assert _ids(client, url, {name: str(value(row))}) == expected
