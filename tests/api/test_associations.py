"""`/api/v1/associations/`: listing, filters, registration and edits."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import HistoryEntry, Source
from registry.models import Association, AssociationStatus, Membership


def acronyms(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["acronym"] for row in response.json()["results"]}


# --- Listing ------------------------------------------------------------------


def test_the_list_is_a_page_of_results_with_a_link_to_the_next(api_for: Any, officer: Any) -> None:
    client = api_for(officer)
    first = client.get("/api/v1/associations/", {"page_size": 3})
    assert set(first.json()) == {"results", "next"}
    assert len(first.json()["results"]) == 3
    assert first.json()["next"].startswith("http://testserver/api/v1/associations/?cursor=")

    second = client.get(first.json()["next"])
    assert len(second.json()["results"]) == 1
    assert second.json()["next"] is None
    seen = [row["id"] for row in first.json()["results"] + second.json()["results"]]
    assert sorted(seen) == sorted(Association.objects.values_list("id", flat=True))


def test_the_next_link_keeps_the_filters(api_for: Any, officer: Any) -> None:
    first = api_for(officer).get("/api/v1/associations/", {"page_size": 1, "status": "pending"})
    assert "status=pending" in first.json()["next"]
    second = api_for(officer).get(first.json()["next"])
    assert acronyms(first) | acronyms(second) == {"AOKL", "CFZA"}


def test_listing_never_counts_the_rows(api_for: Any, officer: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        api_for(officer).get("/api/v1/associations/", {"page_size": 2})
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_a_row_carries_every_field_of_the_contract_as_codes(
    api_for: Any, officer: Any, paris_association: Any
) -> None:
    row = api_for(officer).get(f"/api/v1/associations/{paris_association.pk}/").json()
    assert row == {
        "id": paris_association.pk,
        "name": "Association des Ressortissants de Kloto en France",
        "acronym": "ARKF",
        "country": "FR",
        "city": "Paris",
        "embassy": "paris",
        "founded_year": 2004,
        "members_count": 140,
        "sectors": ["health", "water"],
        "home_region": "plateaux",
        "home_prefecture": "kloto",
        "contact_name": "Koffi Agbeko",
        "contact_email": "contact@arkf.example.org",
        "contact_phone": "",
        "description": "",
        "status": "verified",
        "status_comment": "",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "pending"}, {"AOKL", "CFZA"}),
        ({"status": "verified"}, {"ARKF", "DSSB"}),
        ({"country": "BE"}, {"DSSB", "CFZA"}),
        ({"country": "be"}, {"DSSB", "CFZA"}),
        ({"sector": "education"}, {"DSSB", "AOKL"}),
        ({"embassy": "paris"}, {"ARKF", "AOKL"}),
        ({"embassy": "nowhere"}, set()),
        ({"home_region": "kara"}, {"AOKL"}),
        ({"q": "kozah"}, {"AOKL"}),
        ({"q": "arkf"}, {"ARKF"}),
        ({"q": "femmes zio"}, {"CFZA"}),
        ({"q": "femmes kozah"}, set()),
        ({"status": "pending", "country": "FR"}, {"AOKL"}),
    ],
)
def test_filters_narrow_the_list(
    api_for: Any, officer: Any, query: dict[str, str], expected: set[str]
) -> None:
    assert acronyms(api_for(officer).get("/api/v1/associations/", query)) == expected


def test_empty_filters_filter_nothing(api_for: Any, officer: Any) -> None:
    response = api_for(officer).get("/api/v1/associations/", {"q": " ", "status": ""})
    assert acronyms(response) == {"ARKF", "DSSB", "AOKL", "CFZA"}


def test_filters_never_widen_the_scope(api_for: Any, focal_paris: Any) -> None:
    response = api_for(focal_paris).get("/api/v1/associations/", {"country": "BE"})
    assert acronyms(response) == set()


@pytest.mark.parametrize(
    ("query", "field"),
    [({"sector": "mining"}, "sector"), ({"country": "XX"}, "country")],
)
def test_a_filter_value_outside_its_codes_is_a_400(
    api_for: Any, officer: Any, query: dict[str, str], field: str
) -> None:
    response = api_for(officer).get("/api/v1/associations/", query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


# --- Registration ---------------------------------------------------------------


def new_association(**overrides: Any) -> dict[str, Any]:
    payload = {
        "name": "Union des Ressortissants de l'Ogou à Nice",
        "acronym": "URON",
        "country": "FR",
        "city": "Nice",
        "founded_year": 2015,
        "members_count": 40,
        "sectors": ["water", "health"],
        "home_region": "plateaux",
        "home_prefecture": "ogou",
        "contact_name": "Yawo Kpeto",
        "contact_email": "contact@uron.example.org",
    }
    payload.update(overrides)
    return payload


def test_a_member_registers_an_association_that_waits_for_verification(
    api_for: Any, assoc_paris: Any
) -> None:
    response = api_for(assoc_paris).post("/api/v1/associations/", new_association(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["embassy"] == "paris"  # the embassy whose jurisdiction covers France
    assert sorted(body["sectors"]) == ["health", "water"]
    created = Association.objects.get(pk=body["id"])
    assert Membership.objects.filter(user=assoc_paris, association=created).exists()
    entry = HistoryEntry.objects.for_object(created).get()
    assert (entry.action, entry.source, entry.by) == ("create", Source.API, assoc_paris)


def test_a_status_sent_at_registration_is_ignored(api_for: Any, assoc_paris: Any) -> None:
    response = api_for(assoc_paris).post(
        "/api/v1/associations/", new_association(status="verified"), format="json"
    )
    assert response.status_code == 201
    assert Association.objects.get(pk=response.json()["id"]).status == AssociationStatus.PENDING


def test_an_officer_names_the_embassy_for_a_country_no_embassy_covers(
    api_for: Any, officer: Any
) -> None:
    response = api_for(officer).post(
        "/api/v1/associations/",
        new_association(country="JP", city="Tokyo", embassy="paris"),
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["embassy"] == "paris"


def test_a_country_no_embassy_covers_needs_an_embassy(api_for: Any, officer: Any) -> None:
    response = api_for(officer).post(
        "/api/v1/associations/", new_association(country="JP", city="Tokyo"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["embassy"] == [
        "Aucune ambassade ne couvre ce pays : choisissez l'ambassade."
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"country": "ZZ"},
            "country",
            "« ZZ » n'est pas un code de pays ISO 3166-1 (deux lettres, ex. FR).",
        ),
        ({"embassy": "tokyo"}, "embassy", "Ambassade inconnue : « tokyo »."),
        ({"sectors": ["water", "mining"]}, "sectors", "Secteur inconnu : « mining »."),
        ({"home_region": "atlantis"}, "home_region", "Région inconnue : « atlantis »."),
        ({"members_count": 0}, "members_count", None),
        ({"contact_email": "pas-une-adresse"}, "contact_email", None),
        ({"founded_year": 2999}, "founded_year", None),
        (
            {"home_prefecture": "kozah"},
            "home_prefecture",
            "La préfecture Kozah n'est pas dans la région Plateaux.",
        ),
    ],
    ids=[
        "unknown-country",
        "unknown-embassy",
        "unknown-sector",
        "unknown-region",
        "no-members",
        "bad-email",
        "founded-in-the-future",
        "prefecture-of-another-region",
    ],
)
def test_a_bad_registration_names_the_field_and_saves_nothing(
    api_for: Any,
    officer: Any,
    overrides: dict[str, Any],
    field: str,
    message: str | None,
) -> None:
    count = Association.objects.count()
    created = HistoryEntry.objects.filter(
        action="create", content_type=ContentType.objects.get_for_model(Association)
    ).count()
    response = api_for(officer).post(
        "/api/v1/associations/", new_association(**overrides), format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    if message is not None:
        assert errors[field] == [message]
    assert response.json()["detail"]
    assert Association.objects.count() == count
    assert (
        HistoryEntry.objects.filter(
            action="create", content_type=ContentType.objects.get_for_model(Association)
        ).count()
        == created
    )


def test_an_association_already_listed_in_that_country_is_refused(
    api_for: Any, officer: Any, paris_association: Any
) -> None:
    response = api_for(officer).post(
        "/api/v1/associations/", new_association(name=paris_association.name), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"]
    assert Association.objects.filter(name=paris_association.name).count() == 1


def test_a_focal_point_registers_only_in_its_own_jurisdiction(
    api_for: Any, focal_paris: Any
) -> None:
    refused = api_for(focal_paris).post(
        "/api/v1/associations/",
        new_association(country="BE", city="Liège"),
        format="json",
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "L'ambassade Ambassade du Togo en Belgique n'est pas dans votre juridiction."
    )
    assert not Association.objects.filter(acronym="URON").exists()

    accepted = api_for(focal_paris).post("/api/v1/associations/", new_association(), format="json")
    assert accepted.status_code == 201


def test_a_role_that_does_not_register_associations_is_refused_before_any_check(
    api_for: Any, evaluator1: Any
) -> None:
    response = api_for(evaluator1).post("/api/v1/associations/", {}, format="json")
    assert response.status_code == 403
    assert "errors" not in response.json()


# --- Edits ----------------------------------------------------------------------


def test_a_member_edits_its_association(
    api_for: Any, assoc_paris: Any, paris_association: Any
) -> None:
    response = api_for(assoc_paris).patch(
        f"/api/v1/associations/{paris_association.pk}/",
        {"members_count": 150, "sectors": ["water", "education"], "contact_phone": "+33 6 00"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["members_count"] == 150
    assert sorted(response.json()["sectors"]) == ["education", "water"]
    paris_association.refresh_from_db()
    assert paris_association.members_count == 150
    assert paris_association.contact_phone == "+33 6 00"
    assert sorted(paris_association.sectors.values_list("code", flat=True)) == [
        "education",
        "water",
    ]
    entry = HistoryEntry.objects.for_object(paris_association).exclude(source=Source.COMMAND).get()
    assert (entry.action, entry.source, entry.by) == ("update", Source.API, assoc_paris)


def test_an_edit_leaves_out_fields_it_does_not_name(
    api_for: Any, assoc_paris: Any, paris_association: Any
) -> None:
    api_for(assoc_paris).patch(
        f"/api/v1/associations/{paris_association.pk}/", {"city": "Créteil"}, format="json"
    )
    paris_association.refresh_from_db()
    assert paris_association.city == "Créteil"
    assert sorted(paris_association.sectors.values_list("code", flat=True)) == ["health", "water"]
    assert paris_association.embassy.code == "paris"


def test_moving_to_another_country_moves_to_the_embassy_that_covers_it(
    api_for: Any, officer: Any, paris_association: Any
) -> None:
    response = api_for(officer).patch(
        f"/api/v1/associations/{paris_association.pk}/",
        {"country": "BE", "city": "Namur"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["embassy"] == "bruxelles"


def test_a_focal_point_cannot_move_an_association_out_of_its_jurisdiction(
    api_for: Any, focal_paris: Any, pending_paris_association: Any
) -> None:
    response = api_for(focal_paris).patch(
        f"/api/v1/associations/{pending_paris_association.pk}/",
        {"country": "BE", "city": "Namur"},
        format="json",
    )
    assert response.status_code == 403
    pending_paris_association.refresh_from_db()
    assert (pending_paris_association.country, pending_paris_association.city) == ("FR", "Lyon")


def test_a_bad_edit_names_the_field_and_changes_nothing(
    api_for: Any, assoc_paris: Any, paris_association: Any
) -> None:
    response = api_for(assoc_paris).patch(
        f"/api/v1/associations/{paris_association.pk}/",
        {"city": "Versailles", "home_prefecture": "tone"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "home_prefecture": ["La préfecture Tône n'est pas dans la région Plateaux."]
    }
    paris_association.refresh_from_db()
    assert paris_association.city == "Paris"
    assert (
        not HistoryEntry.objects.for_object(paris_association)
        .exclude(source=Source.COMMAND)
        .exists()
    )


def test_the_status_cannot_be_edited_directly(
    api_for: Any, officer: Any, pending_paris_association: Any
) -> None:
    response = api_for(officer).patch(
        f"/api/v1/associations/{pending_paris_association.pk}/",
        {"status": "verified"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "pending"
    pending_paris_association.refresh_from_db()
    assert pending_paris_association.status == AssociationStatus.PENDING


def test_a_refused_edit_does_not_look_at_the_payload(
    api_for: Any, auditor: Any, paris_association: Any
) -> None:
    response = api_for(auditor).patch(
        f"/api/v1/associations/{paris_association.pk}/", {"members_count": -3}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Vous ne pouvez pas modifier cette association."}
