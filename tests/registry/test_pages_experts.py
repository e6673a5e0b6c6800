"""The expert directory pages: search, visibility, contact details, create and edit."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import HistoryEntry, Source
from registry.models import CompetenceDomain, Embassy, Expert
from tests.factories import ExpertFactory


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _client(request: pytest.FixtureRequest, persona: str) -> Client:
    return request.getfixturevalue("client_for")(request.getfixturevalue(persona))


def _expert(last_name: str) -> Expert:
    return Expert.objects.get(last_name=last_name)


# The demo directory: Amedome (FR, cardiologist, medical), Mensah-Attipoe (FR,
# hydrology, teaching), Bodjona (BE, solar energy, teaching), Dzidzienyo (DE,
# midwife, medical), Kuevidjen (US, software, teaching), and Pitassa (FR,
# accountant) who did not consent to be listed; and the volunteering missions' experts
# Afanou (FR, computer science, teaching) and Kpegba (BE, surgeon, medical).


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        (
            {},
            {
                "Amedome",
                "Mensah-Attipoe",
                "Bodjona",
                "Dzidzienyo",
                "Kuevidjen",
                "Afanou",
                "Kpegba",
            },
        ),
        ({"competence": "medicine"}, {"Amedome", "Kpegba"}),
        ({"country": "DE"}, {"Dzidzienyo"}),
        ({"teaching": "on"}, {"Mensah-Attipoe", "Bodjona", "Kuevidjen", "Afanou"}),
        ({"medical": "on"}, {"Amedome", "Dzidzienyo", "Kpegba"}),
        ({"medical": "on", "country": "FR"}, {"Amedome"}),
        ({"q": "solaire"}, {"Bodjona"}),
        ({"q": "maïeutique"}, {"Dzidzienyo"}),
        ({"q": "yawa sage"}, {"Dzidzienyo"}),
        ({"q": "astronaute"}, set()),
    ],
)
def test_the_directory_searches_and_filters(
    client_for: Any, evaluator1: Any, query: dict[str, str], shown: set[str]
) -> None:
    if "competence" in query:
        query = {**query, "competence": str(CompetenceDomain.objects.get(code="medicine").pk)}
    response = client_for(evaluator1).get(reverse("registry:expert_list"), query)
    assert response.status_code == 200
    assert {e.last_name for e in response.context["experts"]} == shown


def test_the_directory_shows_profession_competences_languages_and_availability(
    client_for: Any, evaluator1: Any
) -> None:
    page = _text(client_for(evaluator1).get(reverse("registry:expert_list"), {"q": "Amedome"}))
    assert "Cardiologue" in page
    assert "Paris, France" in page
    assert "Médecine" in page
    assert "Éwé" in page
    assert "Missions médicales" in page


def test_an_empty_search_says_so(client_for: Any, evaluator1: Any) -> None:
    page = _text(client_for(evaluator1).get(reverse("registry:expert_list"), {"q": "zzz"}))
    assert "Aucun profil ne correspond à ces critères." in page


@pytest.mark.parametrize(
    ("persona", "sees_unlisted"),
    [
        ("officer", True),
        ("focal_paris", True),
        ("evaluator1", False),
        ("supervisor", False),
        ("auditor", False),
    ],
)
def test_a_profile_without_consent_is_seen_only_by_officers_and_its_focal_point(
    request: pytest.FixtureRequest, persona: str, sees_unlisted: bool
) -> None:
    client = _client(request, persona)
    unlisted = _expert("Pitassa")
    listed = _text(client.get(reverse("registry:expert_list")))
    assert ("Pitassa" in listed) is sees_unlisted
    assert client.get(unlisted.get_absolute_url()).status_code == (200 if sees_unlisted else 404)


@pytest.mark.parametrize("persona", ["assoc_paris", "assoc_brussels"])
def test_association_members_do_not_browse_the_directory(
    request: pytest.FixtureRequest, persona: str
) -> None:
    client = _client(request, persona)
    response = client.get(reverse("registry:expert_list"))
    assert response.status_code == 200
    assert response.context["experts"] == []
    assert client.get(_expert("Amedome").get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees_contact"),
    [("officer", True), ("focal_paris", True), ("evaluator1", False), ("caseworker1", False)],
)
def test_contact_details_are_shown_only_to_those_who_may_edit_the_profile(
    request: pytest.FixtureRequest, persona: str, sees_contact: bool
) -> None:
    client = _client(request, persona)
    expert = _expert("Amedome")
    page = _text(client.get(expert.get_absolute_url()))
    assert "Cardiologue" in page
    assert (expert.email in page) is sees_contact
    assert ("Coordonnées" in page) is sees_contact


@pytest.mark.parametrize(
    ("persona", "paris_status", "brussels_status"),
    [
        ("officer", 200, 200),
        ("focal_paris", 200, 404),
        ("evaluator1", 403, 403),
        ("caseworker1", 403, 403),
        ("assoc_paris", 404, 404),
    ],
)
def test_the_expert_edit_page_follows_the_access_rules(
    request: pytest.FixtureRequest, persona: str, paris_status: int, brussels_status: int
) -> None:
    client = _client(request, persona)
    for expert, expected in (
        (_expert("Amedome"), paris_status),
        (_expert("Bodjona"), brussels_status),
    ):
        assert client.get(reverse("registry:expert_edit", args=[expert.pk])).status_code == expected


def _expert_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "first_name": "Mawuena",
        "last_name": "Gbeassor",
        "email": "mawuena@example.org",
        "phone": "",
        "country": "PT",
        "city": "Lisbonne",
        "profession": "Pédiatre",
        "education_level": "doctorate",
        "education_field": "Médecine",
        "competences": [str(CompetenceDomain.objects.get(code="medicine").pk)],
        "languages": ["fr", "pt"],
        "available_medical": "on",
        "consent_listed": "on",
    }
    data.update(overrides)
    return data


def test_a_focal_point_registers_an_expert_of_its_jurisdiction(
    client_for: Any, focal_paris: Any, paris_embassy: Embassy
) -> None:
    response = client_for(focal_paris).post(reverse("registry:expert_create"), _expert_data())
    expert = Expert.objects.get(last_name="Gbeassor")
    assert response.status_code == 302
    assert response["Location"] == expert.get_absolute_url()
    assert expert.embassy == paris_embassy
    assert expert.available_medical and not expert.available_teaching
    assert expert.languages == ["fr", "pt"]
    assert HistoryEntry.objects.for_object(expert).get(action="create").source == Source.WEB


def test_a_focal_point_cannot_register_an_expert_living_outside_its_jurisdiction(
    client_for: Any, focal_paris: Any
) -> None:
    response = client_for(focal_paris).post(
        reverse("registry:expert_create"), _expert_data(country="BE", city="Gand")
    )
    assert response.status_code == 200
    assert "n'est pas dans votre juridiction" in " ".join(
        response.context["form"].errors["country"]
    )
    assert not Expert.objects.filter(last_name="Gbeassor").exists()


def test_a_bad_expert_form_keeps_what_was_typed_and_saves_nothing(
    client_for: Any, officer: Any
) -> None:
    response = client_for(officer).post(
        reverse("registry:expert_create"),
        _expert_data(competences=[], profession="", email="pas-un-courriel"),
    )
    assert response.status_code == 200
    page = _text(response)
    assert page.count("Ce champ est obligatoire.") == 2
    assert "Saisissez une adresse e-mail valide." in page
    assert 'value="Lisbonne"' in page
    assert not Expert.objects.filter(last_name="Gbeassor").exists()


@pytest.mark.parametrize("persona", ["evaluator1", "caseworker1", "assoc_paris", "auditor"])
def test_roles_that_do_not_register_experts_get_403(
    request: pytest.FixtureRequest, persona: str
) -> None:
    client = _client(request, persona)
    assert client.get(reverse("registry:expert_create")).status_code == 403
    assert client.post(reverse("registry:expert_create"), _expert_data()).status_code == 403
    assert not Expert.objects.filter(last_name="Gbeassor").exists()


def test_an_officer_edits_a_profile(client_for: Any, officer: Any) -> None:
    expert = _expert("Bodjona")
    data = _expert_data(
        first_name=expert.first_name,
        last_name=expert.last_name,
        country="BE",
        city="Namur",
        profession=expert.profession,
        competences=[str(pk) for pk in expert.competences.values_list("pk", flat=True)],
        available_teaching="on",
    )
    response = client_for(officer).post(reverse("registry:expert_edit", args=[expert.pk]), data)
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.city == "Namur"
    assert HistoryEntry.objects.for_object(expert).get(action="update").by == officer


@pytest.mark.parametrize("rows", [5, 50])
def test_the_directory_runs_a_constant_number_of_queries(
    client_for: Any, django_assert_max_num_queries: Any, evaluator1: Any, rows: int
) -> None:
    for _ in range(rows):
        ExpertFactory(competences=["medicine", "teaching"], languages=["fr", "ee"])
    client = client_for(evaluator1)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("registry:expert_list"))
    assert len(response.context["experts"]) >= min(rows, 25)


def test_the_directory_pages_forward(client_for: Any, officer: Any) -> None:
    for n in range(30):
        ExpertFactory(last_name=f"Zz{n:03d}")
    client = client_for(officer)
    first = client.get(reverse("registry:expert_list"), {"q": "Zz"})
    assert len(first.context["experts"]) == 25
    second = client.get(reverse("registry:expert_list") + first.context["next_url"])
    assert [e.last_name for e in second.context["experts"]] == [f"Zz{n:03d}" for n in range(25, 30)]
