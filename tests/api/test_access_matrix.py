"""Who sees and does what through the API: each persona against an object of its own
(or of its jurisdiction) and a foreign one. One row per pair, one test per column, so
each cell is one case: `test_…[focal_paris-pending_brussels]`.

Reading the statuses: 404 means the object is not visible (its existence is not
leaked), 403 visible but not allowed, 401 not logged in.
"""

from __future__ import annotations

from typing import Any

import pytest

from registry.models import Association, AssociationStatus, Expert

UNAUTHENTICATED = 401


def column(table: list[tuple[Any, ...]], index: int) -> list[Any]:
    return [pytest.param(row[0], row[1], row[index], id=f"{row[0]}-{row[1]}") for row in table]


# fmt: off
ASSOCIATION_MATRIX = [
    # persona          association          listed           retrieve  patch  verify
    ("assoc_paris",    "paris",             True,            200,      200,   403),
    ("assoc_paris",    "brussels",          False,           404,      404,   404),
    ("assoc_brussels", "brussels",          True,            200,      200,   403),
    ("assoc_brussels", "paris",             False,           404,      404,   404),
    ("officer",        "pending_paris",     True,            200,      200,   403),
    ("officer",        "pending_brussels",  True,            200,      200,   403),
    ("evaluator1",     "pending_paris",     False,           404,      404,   404),
    ("evaluator1",     "pending_brussels",  False,           404,      404,   404),
    ("committee",      "pending_paris",     False,           404,      404,   404),
    ("committee",      "pending_brussels",  False,           404,      404,   404),
    ("finance",        "pending_paris",     False,           404,      404,   404),
    ("finance",        "pending_brussels",  False,           404,      404,   404),
    ("caseworker1",    "pending_paris",     False,           404,      404,   404),
    ("caseworker1",    "pending_brussels",  False,           404,      404,   404),
    ("supervisor",     "pending_paris",     False,           404,      404,   404),
    ("supervisor",     "pending_brussels",  False,           404,      404,   404),
    ("focal_paris",    "pending_paris",     True,            200,      200,   200),
    ("focal_paris",    "pending_brussels",  False,           404,      404,   404),
    ("auditor",        "pending_paris",     True,            200,      403,   403),
    ("auditor",        "pending_brussels",  True,            200,      403,   403),
    ("admin",          "pending_brussels",  True,            200,      200,   200),
    ("anonymous",      "pending_paris",     UNAUTHENTICATED, 401,      401,   401),
]
# fmt: on


def _listed_ids(client: Any, path: str) -> set[int]:
    response = client.get(path, {"page_size": 200})
    assert response.status_code == 200, response.content
    assert response.json()["next"] is None
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(("who", "target", "listed"), column(ASSOCIATION_MATRIX, 2))
def test_the_association_list_holds_exactly_what_the_persona_may_see(
    api_as: Any, association: Any, who: str, target: str, listed: bool | int
) -> None:
    client, obj = api_as(who), association(target)
    if listed == UNAUTHENTICATED:
        assert client.get("/api/v1/associations/").status_code == 401
        return
    assert (obj.pk in _listed_ids(client, "/api/v1/associations/")) is listed


@pytest.mark.parametrize(("who", "target", "expected"), column(ASSOCIATION_MATRIX, 3))
def test_reading_an_association_answers_by_visibility(
    api_as: Any, association: Any, who: str, target: str, expected: int
) -> None:
    obj = association(target)
    response = api_as(who).get(f"/api/v1/associations/{obj.pk}/")
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["name"] == obj.name
    else:
        assert "name" not in response.json()
        assert response.json()["detail"]


@pytest.mark.parametrize(("who", "target", "expected"), column(ASSOCIATION_MATRIX, 4))
def test_editing_an_association_is_for_its_members_its_focal_point_and_officers(
    api_as: Any, association: Any, who: str, target: str, expected: int
) -> None:
    obj = association(target)
    response = api_as(who).patch(
        f"/api/v1/associations/{obj.pk}/", {"city": "Ville changée"}, format="json"
    )
    assert response.status_code == expected
    obj.refresh_from_db()
    assert (obj.city == "Ville changée") is (expected == 200)


@pytest.mark.parametrize(("who", "target", "expected"), column(ASSOCIATION_MATRIX, 5))
def test_verifying_an_association_is_for_the_focal_point_of_its_embassy(
    api_as: Any, association: Any, who: str, target: str, expected: int
) -> None:
    obj = association(target)
    before = obj.status
    response = api_as(who).post(f"/api/v1/associations/{obj.pk}/transitions/verify/")
    assert response.status_code == expected
    status = Association.objects.get(pk=obj.pk).status
    assert status == (AssociationStatus.VERIFIED if expected == 200 else before)


# Experts of the demo cast: one listed and one unlisted on each side of the Paris
# jurisdiction (the Brussels ones come from a fixture).
# fmt: off
EXPERT_MATRIX = [
    # persona          expert                listed           retrieve  patch
    ("officer",        "listed_paris",       True,            200,      200),
    ("officer",        "unlisted_paris",     True,            200,      200),
    ("officer",        "listed_brussels",    True,            200,      200),
    ("officer",        "unlisted_brussels",  True,            200,      200),
    ("focal_paris",    "listed_paris",       True,            200,      200),
    ("focal_paris",    "unlisted_paris",     True,            200,      200),
    ("focal_paris",    "listed_brussels",    False,           404,      404),
    ("focal_paris",    "unlisted_brussels",  False,           404,      404),
    ("evaluator1",     "listed_paris",       True,            200,      403),
    ("evaluator1",     "unlisted_paris",     False,           404,      404),
    ("evaluator1",     "listed_brussels",    True,            200,      403),
    ("evaluator1",     "unlisted_brussels",  False,           404,      404),
    ("committee",      "listed_paris",       True,            200,      403),
    ("committee",      "unlisted_paris",     False,           404,      404),
    ("committee",      "listed_brussels",    True,            200,      403),
    ("committee",      "unlisted_brussels",  False,           404,      404),
    ("finance",        "listed_paris",       True,            200,      403),
    ("finance",        "unlisted_paris",     False,           404,      404),
    ("finance",        "listed_brussels",    True,            200,      403),
    ("finance",        "unlisted_brussels",  False,           404,      404),
    ("caseworker1",    "listed_paris",       True,            200,      403),
    ("caseworker1",    "unlisted_paris",     False,           404,      404),
    ("caseworker1",    "listed_brussels",    True,            200,      403),
    ("caseworker1",    "unlisted_brussels",  False,           404,      404),
    ("supervisor",     "listed_paris",       True,            200,      403),
    ("supervisor",     "unlisted_paris",     False,           404,      404),
    ("supervisor",     "listed_brussels",    True,            200,      403),
    ("supervisor",     "unlisted_brussels",  False,           404,      404),
    ("auditor",        "listed_paris",       True,            200,      403),
    ("auditor",        "unlisted_paris",     False,           404,      404),
    ("auditor",        "listed_brussels",    True,            200,      403),
    ("auditor",        "unlisted_brussels",  False,           404,      404),
    ("assoc_paris",    "listed_paris",       False,           404,      404),
    ("assoc_paris",    "unlisted_paris",     False,           404,      404),
    ("assoc_brussels", "listed_brussels",    False,           404,      404),
    ("assoc_brussels", "unlisted_brussels",  False,           404,      404),
    ("admin",          "unlisted_brussels",  True,            200,      200),
    ("anonymous",      "listed_paris",       UNAUTHENTICATED, 401,      401),
]
# fmt: on


@pytest.mark.parametrize(("who", "target", "listed"), column(EXPERT_MATRIX, 2))
def test_the_expert_directory_holds_exactly_what_the_persona_may_see(
    api_as: Any, expert: Any, who: str, target: str, listed: bool | int
) -> None:
    client, obj = api_as(who), expert(target)
    if listed == UNAUTHENTICATED:
        assert client.get("/api/v1/experts/").status_code == 401
        return
    assert (obj.pk in _listed_ids(client, "/api/v1/experts/")) is listed


@pytest.mark.parametrize(("who", "target", "expected"), column(EXPERT_MATRIX, 3))
def test_reading_an_expert_profile_answers_by_visibility(
    api_as: Any, expert: Any, who: str, target: str, expected: int
) -> None:
    obj = expert(target)
    response = api_as(who).get(f"/api/v1/experts/{obj.pk}/")
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["last_name"] == obj.last_name
    else:
        assert "last_name" not in response.json()


@pytest.mark.parametrize(("who", "target", "expected"), column(EXPERT_MATRIX, 4))
def test_editing_an_expert_profile_is_for_officers_and_the_focal_point_of_its_country(
    api_as: Any, expert: Any, who: str, target: str, expected: int
) -> None:
    obj = expert(target)
    response = api_as(who).patch(
        f"/api/v1/experts/{obj.pk}/", {"profession": "Profession changée"}, format="json"
    )
    assert response.status_code == expected
    saved = Expert.objects.get(pk=obj.pk)
    assert (saved.profession == "Profession changée") is (expected == 200)
