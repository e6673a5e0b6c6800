"""Who sees and does what with returnee cases through the API: each persona against
caseworker1's case, caseworker2's case and a case not assigned yet. One row per pair,
one test per column, so each cell is one case: `test_…[committee-caseworker1]`.

Reading the statuses: 404 means the case is not visible (its existence is not
leaked), 403 visible but not allowed, 401 not logged in. Who fires each transition
is tests/cases/test_transition_matrix.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import HistoryEntry, Outcome
from cases.models import Case, CaseRead
from tests.cases.builders import add_referral

UNAUTHENTICATED = 401
NOT_VISIBLE = None  # the sensitive column of a case the persona cannot open

# fmt: off
MATRIX = [
    # persona        case           listed           retrieve patch transfer sensitive
    ("caseworker1",  "caseworker1", True,            200,     200,  403,     True),
    ("caseworker1",  "caseworker2", False,           404,     404,  404,     NOT_VISIBLE),
    ("caseworker1",  "unassigned",  False,           404,     404,  404,     NOT_VISIBLE),
    ("caseworker2",  "caseworker1", False,           404,     404,  404,     NOT_VISIBLE),
    ("caseworker2",  "caseworker2", True,            200,     200,  403,     True),
    ("caseworker2",  "unassigned",  False,           404,     404,  404,     NOT_VISIBLE),
    ("supervisor",   "caseworker1", True,            200,     403,  200,     True),
    ("supervisor",   "caseworker2", True,            200,     403,  200,     True),
    ("supervisor",   "unassigned",  True,            200,     403,  200,     True),
    *[
        (persona,    case,          False,           404,     404,  404,     NOT_VISIBLE)
        for persona in [
            "officer", "assoc_paris", "committee", "finance", "evaluator1", "focal_paris",
            "auditor", "admin",
        ]
        for case in ("caseworker1", "caseworker2", "unassigned")
    ],
    *[
        ("anonymous", case,         UNAUTHENTICATED, 401,     401,  401,     NOT_VISIBLE)
        for case in ("caseworker1", "caseworker2", "unassigned")
    ],
]
# fmt: on


def column(index: int) -> list[Any]:
    return [pytest.param(row[0], row[1], row[index], id=f"{row[0]}-{row[1]}") for row in MATRIX]


@pytest.fixture
def target(case_of: Any) -> Any:
    """`target("caseworker2")`: one of the three cases; the other two exist as well."""
    cases = {
        owner: case_of(owner, last_name=f"Cas-{owner}")
        for owner in ("caseworker1", "caseworker2", "unassigned")
    }

    def get(owner: str) -> Case:
        return cases[owner]

    return get


def _refused_rows(case: Case, action: str) -> list[str]:
    rows = HistoryEntry.objects.for_object(case).filter(outcome=Outcome.REFUSED, action=action)
    return list(rows.values_list("source", flat=True))


@pytest.mark.parametrize(("who", "owner", "listed"), column(2))
def test_the_case_list_holds_exactly_what_the_persona_may_see(
    api_as: Any, target: Any, who: str, owner: str, listed: bool | int
) -> None:
    client, case = api_as(who), target(owner)
    response = client.get("/api/v1/cases/", {"page_size": 200})
    if listed == UNAUTHENTICATED:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert response.json()["next"] is None
    assert (case.pk in {row["id"] for row in response.json()["results"]}) is listed


@pytest.mark.parametrize(("who", "owner", "expected"), column(3))
def test_opening_a_case_answers_by_visibility_and_is_recorded(
    api_as: Any, persona: Any, target: Any, who: str, owner: str, expected: int
) -> None:
    case = target(owner)
    response = api_as(who).get(f"/api/v1/cases/{case.pk}/")
    assert response.status_code == expected
    reads = CaseRead.objects.filter(case=case)
    if expected == 200:
        assert response.json()["reference"] == case.reference
        assert [(r.user, r.source) for r in reads] == [(persona(who), "api")]
    else:
        assert "reference" not in response.json()
        assert not reads.exists()


@pytest.mark.parametrize(("who", "owner", "expected"), column(4))
def test_correcting_the_intake_is_for_the_cases_caseworker(
    api_as: Any, target: Any, who: str, owner: str, expected: int
) -> None:
    case = target(owner)
    response = api_as(who).patch(
        f"/api/v1/cases/{case.pk}/", {"phone": "+228 99 99 99 99"}, format="json"
    )
    assert response.status_code == expected
    case.refresh_from_db()
    assert (case.phone == "+228 99 99 99 99") is (expected == 200)
    assert _refused_rows(case, "update") == (["api"] if expected == 403 else [])


@pytest.mark.parametrize(("who", "owner", "expected"), column(5))
def test_transferring_a_case_is_for_supervisors(
    api_as: Any, target: Any, caseworker2: Any, who: str, owner: str, expected: int
) -> None:
    case = target(owner)
    before = case.caseworker
    response = api_as(who).post(
        f"/api/v1/cases/{case.pk}/transfer/", {"caseworker": "caseworker2"}, format="json"
    )
    assert response.status_code == expected
    case.refresh_from_db()
    assert case.caseworker == (caseworker2 if expected == 200 else before)
    if expected == 200:
        assert response.json()["caseworker"] == "caseworker2"
    assert _refused_rows(case, "assign") == (["api"] if expected == 403 else [])


@pytest.mark.parametrize(("who", "owner", "sensitive"), column(6))
def test_the_sensitive_parts_reach_only_those_allowed_to_see_them(
    api_as: Any, target: Any, who: str, owner: str, sensitive: bool | None
) -> None:
    case = target(owner)
    response = api_as(who).get(f"/api/v1/cases/{case.pk}/")
    if sensitive is NOT_VISIBLE:
        assert response.status_code in (401, 404)
        assert "vulnerabilities" not in response.json()
        return
    data = response.json()
    assert data["vulnerabilities"] == ["medical"]
    assert data["health_notes"] == "Blessure à la main mal soignée."
    assert "psychosocial_notes" in data["assessment"]
    assert "psychosocial_answers" in data["assessment"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("caseworker1", 201),
        ("caseworker2", 201),
        ("supervisor", 201),
        ("officer", 403),
        ("assoc_paris", 403),
        ("committee", 403),
        ("finance", 403),
        ("evaluator1", 403),
        ("focal_paris", 403),
        ("auditor", 403),
        ("admin", 403),
        ("anonymous", 401),
    ],
)
def test_registering_a_returnee_is_for_the_cell(
    api_as: Any, cast: Any, intake_body: dict[str, Any], who: str, expected: int
) -> None:
    response = api_as(who).post("/api/v1/cases/", intake_body, format="json")
    assert response.status_code == expected
    assert Case.objects.filter(last_name="Amouzou").exists() is (expected == 201)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("caseworker1", 200),
        ("supervisor", 200),
        ("officer", 403),
        ("committee", 403),
        ("auditor", 403),
        ("assoc_paris", 403),
        ("anonymous", 401),
    ],
)
def test_the_survey_is_read_by_the_cell(api_as: Any, cast: Any, who: str, expected: int) -> None:
    assert api_as(who).get("/api/v1/survey-indicators/").status_code == expected


# fmt: off
REFERRAL_MATRIX = [
    # persona        retrieve
    ("caseworker1",  200),
    ("caseworker2",  404),
    ("supervisor",   200),
    ("officer",      404),
    ("committee",    404),
    ("auditor",      404),
    ("anonymous",    401),
]
# fmt: on


@pytest.fixture
def referral(case_of: Any, caseworker1: Any) -> Any:
    return add_referral(case_of("caseworker1", "in_support"), caseworker1)


@pytest.mark.parametrize(("who", "retrieve"), REFERRAL_MATRIX)
def test_a_referral_follows_the_access_of_its_case(
    api_as: Any, referral: Any, who: str, retrieve: int
) -> None:
    client = api_as(who)
    assert client.get(f"/api/v1/referrals/{referral.pk}/").status_code == retrieve
    listed = client.get("/api/v1/referrals/")
    if retrieve == 401:
        assert listed.status_code == 401
    else:
        assert (referral.pk in {r["id"] for r in listed.json()["results"]}) is (retrieve == 200)
