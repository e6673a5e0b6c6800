"""`/api/v1/experts/`: the directory of diaspora competences."""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import HistoryEntry, Source
from registry.models import Expert


def last_names(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["last_name"] for row in response.json()["results"]}


def test_a_profile_carries_every_field_of_the_contract_as_codes(
    api_for: Any, officer: Any, cast: Any
) -> None:
    kossi = Expert.objects.get(last_name="Amedome")
    row = api_for(officer).get(f"/api/v1/experts/{kossi.pk}/").json()
    assert row == {
        "id": kossi.pk,
        "first_name": "Kossi",
        "last_name": "Amedome",
        "email": "kossi.amedome@example.org",
        "phone": "",
        "country": "FR",
        "city": "Paris",
        "embassy": "paris",
        "profession": "Cardiologue",
        "education_level": "doctorate",
        "education_field": "Médecine",
        "competences": ["medicine"],
        "languages": ["fr", "ee"],
        "available_teaching": False,
        "available_medical": True,
        "home_region": "maritime",
        "consent_listed": True,
    }


def test_the_directory_is_paginated(api_for: Any, officer: Any) -> None:
    first = api_for(officer).get("/api/v1/experts/", {"page_size": 4})
    assert len(first.json()["results"]) == 4
    second = api_for(officer).get(first.json()["next"])
    assert second.json()["next"] is None
    assert len(second.json()["results"]) == Expert.objects.count() - 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"competence": "medicine"}, {"Amedome", "Kpegba"}),
        ({"competence": "engineering"}, {"Bodjona"}),
        ({"country": "BE"}, {"Bodjona", "Kpegba"}),
        ({"available": "medical"}, {"Amedome", "Dzidzienyo", "Kpegba"}),
        ({"available": "teaching"}, {"Mensah-Attipoe", "Bodjona", "Kuevidjen", "Afanou"}),
        ({"q": "cardio"}, {"Amedome"}),
        ({"q": "kossi amedome"}, {"Amedome"}),
        ({"q": "ingénieur solaire"}, {"Bodjona"}),
        ({"available": "teaching", "country": "FR"}, {"Mensah-Attipoe", "Afanou"}),
        ({"competence": "astrology"}, set()),
    ],
)
def test_filters_narrow_the_directory(
    api_for: Any, officer: Any, query: dict[str, str], expected: set[str]
) -> None:
    assert last_names(api_for(officer).get("/api/v1/experts/", query)) == expected


def test_an_unknown_availability_is_a_field_error(api_for: Any, officer: Any) -> None:
    response = api_for(officer).get("/api/v1/experts/", {"available": "weekends"})
    assert response.status_code == 400
    assert "available" in response.json()["errors"]


def test_filters_never_show_a_profile_that_did_not_consent(api_for: Any, evaluator1: Any) -> None:
    response = api_for(evaluator1).get("/api/v1/experts/", {"competence": "accounting"})
    assert last_names(response) == set()


def new_expert(**overrides: Any) -> dict[str, Any]:
    payload = {
        "first_name": "Elom",
        "last_name": "Ayivi",
        "email": "elom.ayivi@example.org",
        "country": "BE",
        "city": "Liège",
        "profession": "Pédiatre",
        "education_level": "doctorate",
        "competences": ["medicine"],
        "languages": ["fr", "ee"],
        "available_medical": True,
        "home_region": "maritime",
        "consent_listed": True,
    }
    payload.update(overrides)
    return payload


def test_an_officer_adds_a_profile_whose_embassy_follows_the_country(
    api_for: Any, officer: Any
) -> None:
    response = api_for(officer).post("/api/v1/experts/", new_expert(), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["embassy"] == "bruxelles"
    created = Expert.objects.get(pk=response.json()["id"])
    assert list(created.competences.values_list("code", flat=True)) == ["medicine"]
    entry = HistoryEntry.objects.for_object(created).get()
    assert (entry.action, entry.source, entry.by) == ("create", Source.API, officer)


def test_an_embassy_sent_with_a_profile_is_ignored(api_for: Any, officer: Any) -> None:
    response = api_for(officer).post("/api/v1/experts/", new_expert(embassy="paris"), format="json")
    assert response.status_code == 201
    assert response.json()["embassy"] == "bruxelles"


def test_a_focal_point_adds_profiles_only_in_its_jurisdiction(
    api_for: Any, focal_paris: Any
) -> None:
    refused = api_for(focal_paris).post("/api/v1/experts/", new_expert(), format="json")
    assert refused.status_code == 403
    assert not Expert.objects.filter(last_name="Ayivi").exists()

    accepted = api_for(focal_paris).post(
        "/api/v1/experts/", new_expert(country="FR", city="Lyon"), format="json"
    )
    assert accepted.status_code == 201
    assert accepted.json()["embassy"] == "paris"


def test_a_role_that_does_not_add_profiles_is_refused_before_any_check(
    api_for: Any, caseworker1: Any
) -> None:
    response = api_for(caseworker1).post("/api/v1/experts/", {}, format="json")
    assert response.status_code == 403
    assert "errors" not in response.json()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"competences": []}, "competences"),
        ({"competences": ["astrology"]}, "competences"),
        ({"languages": ["fr", "tlh"]}, "languages"),
        ({"education_level": "kindergarten"}, "education_level"),
        ({"country": "Togoland"}, "country"),
        ({"home_region": "atlantis"}, "home_region"),
        ({"email": "pas-une-adresse"}, "email"),
    ],
    ids=[
        "no-competence",
        "unknown-competence",
        "unknown-language",
        "unknown-education-level",
        "not-a-country-code",
        "unknown-region",
        "bad-email",
    ],
)
def test_a_bad_profile_names_the_field_and_saves_nothing(
    api_for: Any, officer: Any, overrides: dict[str, Any], field: str
) -> None:
    count = Expert.objects.count()
    response = api_for(officer).post("/api/v1/experts/", new_expert(**overrides), format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert Expert.objects.count() == count


def test_a_focal_point_edits_a_profile_of_its_jurisdiction(
    api_for: Any, focal_paris: Any, cast: Any
) -> None:
    abalo = Expert.objects.get(last_name="Pitassa")
    response = api_for(focal_paris).patch(
        f"/api/v1/experts/{abalo.pk}/",
        {"available_teaching": True, "competences": ["accounting", "teaching"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    abalo.refresh_from_db()
    assert abalo.available_teaching
    assert sorted(abalo.competences.values_list("code", flat=True)) == ["accounting", "teaching"]
    assert abalo.profession == "Expert-comptable"


def test_moving_a_profile_to_another_country_moves_its_embassy(
    api_for: Any, officer: Any, cast: Any
) -> None:
    kossi = Expert.objects.get(last_name="Amedome")
    response = api_for(officer).patch(
        f"/api/v1/experts/{kossi.pk}/", {"country": "DE", "city": "Berlin"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["embassy"] == "berlin"


def test_a_bad_edit_of_a_profile_changes_nothing(api_for: Any, officer: Any, cast: Any) -> None:
    kossi = Expert.objects.get(last_name="Amedome")
    response = api_for(officer).patch(
        f"/api/v1/experts/{kossi.pk}/",
        {"city": "Nantes", "competences": []},
        format="json",
    )
    assert response.status_code == 400
    kossi.refresh_from_db()
    assert kossi.city == "Paris"
    assert list(kossi.competences.values_list("code", flat=True)) == ["medicine"]
