"""The needs' pages cost the same number of queries for a few rows or many: the lists
(each role's), the need's page with its candidates and history, the ranked candidates
and the institutions' list; the filters' choices are read once."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from missions.choices import MissionStatus, NeedStatus
from missions.models import MissionNeed
from tests.missions.builders import _fresh_expert, host_of, make_mission, make_need

pytestmark = pytest.mark.django_db

# Session, user, roles, then the page: an expert and a host also read who they act as.
LIST_QUERIES = {"officer": 4, "auditor": 4, "univ_lome": 5, "expert_paris": 5, "focal_paris": 5}
# The need, its domains, its missions, its pieces, its history (and who the user acts as;
# for a host, whether an approved mission bars its cancel).
DETAIL_QUERIES = {"officer": 8, "univ_lome": 10, "expert_paris": 9}
# The need, its domains, the ranking, the missions on it (and a host's contacts).
CANDIDATES_QUERIES = {"officer": 7, "univ_lome": 9}
INSTITUTION_LIST_QUERIES = 4


def _needs(count: int, state: str = NeedStatus.PUBLISHED) -> None:
    """`count` needs of the university in `state`, as the list reads them."""
    made = [make_need(NeedStatus.DRAFT, title=f"Besoin n° {n}").pk for n in range(count)]
    MissionNeed.objects.filter(pk__in=made).update(status=state)


@pytest.mark.parametrize("persona", list(LIST_QUERIES))
@pytest.mark.parametrize("rows", [2, 30])
def test_each_list_runs_a_constant_number_of_queries(
    cast: dict[str, Any], client_for: Any, django_assert_num_queries: Any, persona: str, rows: int
) -> None:
    _needs(rows)
    web = client_for(cast["users"][persona])
    web.get(reverse("missions:need_list"))  # the filters' choices, read once
    with django_assert_num_queries(LIST_QUERIES[persona]):
        response = web.get(reverse("missions:need_list"))
    assert response.status_code == 200


def _candidacies(need: MissionNeed, count: int) -> None:
    """`count` experts applied to `need` (the builders' consenting experts)."""
    for _ in range(count):
        make_mission(MissionStatus.APPLIED, need=need, expert=_fresh_expert(need))


@pytest.mark.parametrize("persona", list(DETAIL_QUERIES))
@pytest.mark.parametrize("rows", [1, 12])
def test_the_needs_page_runs_a_constant_number_of_queries(
    cast: dict[str, Any], client_for: Any, django_assert_num_queries: Any, persona: str, rows: int
) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    _candidacies(need, rows)
    web = client_for(cast["users"][persona])
    with django_assert_num_queries(DETAIL_QUERIES[persona]):
        response = web.get(need.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("persona", list(CANDIDATES_QUERIES))
@pytest.mark.parametrize("rows", [1, 12])
def test_the_candidates_page_runs_a_constant_number_of_queries(
    cast: dict[str, Any], client_for: Any, django_assert_num_queries: Any, persona: str, rows: int
) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    _candidacies(need, rows)
    for _ in range(rows):
        _fresh_expert(need)  # ranked, not yet candidates
    web = client_for(cast["users"][persona])
    with django_assert_num_queries(CANDIDATES_QUERIES[persona]):
        response = web.get(reverse("missions:need_candidates", args=[need.pk]))
    assert response.status_code == 200
    assert len(response.context["rows"]) >= rows


@pytest.mark.parametrize("page", ["list", "detail"])
def test_the_institutions_pages_run_a_constant_number_of_queries(
    client_for: Any, officer: Any, django_assert_num_queries: Any, page: str
) -> None:
    _needs(12)
    web = client_for(officer)
    url = (
        reverse("missions:institution_list")
        if page == "list"
        else host_of("univ_lome").get_absolute_url()
    )
    web.get(url)
    with django_assert_num_queries(INSTITUTION_LIST_QUERIES if page == "list" else 7):
        assert web.get(url).status_code == 200
