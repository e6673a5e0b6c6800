"""Who reaches which case page: each persona × caseworker1's case, caseworker2's, an
unassigned one; and who reads the sensitive parts. Not visible: 404; visible but not
allowed: 403 with the reason; anonymous: the login page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from audit.models import Source
from cases.models import Case, CaseRead, CaseStatus
from documents.models import Attachment
from documents.uploads import store_attachment
from tests.cases.builders import case_in, new_case
from tests.cases.pages import ANONYMOUS, persona_client, text

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CASES = ("own", "other", "unassigned")
OUTSIDERS = [
    "officer",
    "assoc_paris",
    "committee",
    "finance",
    "evaluator1",
    "focal_paris",
    "auditor",
]
# persona -> sees caseworker1's case, caseworker2's case, the unassigned case
VISIBLE: dict[str, tuple[bool, bool, bool]] = {
    "caseworker1": (True, False, False),
    "caseworker2": (False, True, False),
    "supervisor": (True, True, True),
    **dict.fromkeys(OUTSIDERS, (False, False, False)),
    ANONYMOUS: (False, False, False),
}
PERSONAS = list(VISIBLE)


def _rows(table: dict[str, tuple[Any, Any, Any]]) -> list[tuple[str, str, Any]]:
    return [
        (persona, key, expected)
        for persona, row in table.items()
        for key, expected in zip(CASES, row, strict=True)
    ]


def _codes(
    worker1: tuple[int, int, int],
    worker2: tuple[int, int, int],
    supervisor: tuple[int, int, int],
    outsider: int = 404,
) -> dict[str, tuple[int, int, int]]:
    return {
        "caseworker1": worker1,
        "caseworker2": worker2,
        "supervisor": supervisor,
        **dict.fromkeys(OUTSIDERS, (outsider,) * 3),
        ANONYMOUS: (302, 302, 302),
    }


DETAIL = _codes((200, 404, 404), (404, 200, 404), (200, 200, 200))
EDIT = _codes((200, 404, 404), (404, 200, 404), (403, 403, 403))
# POST start_assessment: the assigned caseworker moves the case; a supervisor sees it but
# the step is not theirs.
TRANSITION = _codes((302, 404, 404), (404, 302, 404), (403, 403, 403))
DOWNLOAD = DETAIL


@pytest.fixture
def cases(cast: dict[str, Any], settings: Any, tmp_path: Path) -> dict[str, Case]:
    """A registered case (consent given) per column, each with an identity scan."""
    settings.MEDIA_ROOT = tmp_path
    users = cast["users"]
    made = {
        "own": new_case(users["caseworker1"], last_name="Propre"),
        "other": new_case(users["caseworker2"], last_name="Autre"),
        "unassigned": new_case(users["supervisor"], last_name="Libre"),
    }
    for key, case in made.items():
        store_attachment(
            owner=case,
            upload=SimpleUploadedFile(f"cni-{key}.png", PNG, content_type="image/png"),
            kind="identity",
            by=users["supervisor"],
            source=Source.COMMAND,
        )
    return made


def _client(cast: dict[str, Any], persona: str) -> Client:
    return persona_client(cast, persona)


def _goes_to_login(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_case_list_shows_exactly_the_cases_a_persona_may_see(
    cast: dict[str, Any], cases: dict[str, Case], persona: str
) -> None:
    response = _client(cast, persona).get(reverse("cases:case_list"))

    if persona == ANONYMOUS:
        assert _goes_to_login(response)
        return
    if persona in OUTSIDERS:
        assert response.status_code == 403
        assert "réservés à la cellule" in text(response)
        return
    assert response.status_code == 200
    page = text(response)
    for key, visible in zip(CASES, VISIBLE[persona], strict=True):
        assert (cases[key].reference in page) is visible, key


@pytest.mark.parametrize(("persona", "key", "expected"), _rows(DETAIL))
def test_the_case_page_answers_each_persona(
    cast: dict[str, Any], cases: dict[str, Case], persona: str, key: str, expected: int
) -> None:
    case = cases[key]
    response = _client(cast, persona).get(case.get_absolute_url())

    assert response.status_code == expected
    if expected == 200:
        assert case.full_name in text(response)
    if expected == 302:
        assert _goes_to_login(response)


@pytest.mark.parametrize(("persona", "key", "expected"), _rows(EDIT))
def test_the_intake_form_answers_each_persona(
    cast: dict[str, Any], cases: dict[str, Case], persona: str, key: str, expected: int
) -> None:
    response = _client(cast, persona).get(reverse("cases:case_edit", args=[cases[key].pk]))

    assert response.status_code == expected
    if expected == 403:
        assert "Seul le travailleur social chargé du dossier peut faire cela." in text(response)


@pytest.mark.parametrize(("persona", "key", "expected"), _rows(TRANSITION))
def test_a_transition_answers_each_persona_and_moves_only_the_assigned_caseworkers_case(
    cast: dict[str, Any], cases: dict[str, Case], persona: str, key: str, expected: int
) -> None:
    case = cases[key]

    response = _client(cast, persona).post(
        reverse("cases:case_transition", args=[case.pk, "start_assessment"]),
        {"expected_state": CaseStatus.REGISTERED},
    )

    assert response.status_code == expected
    case.refresh_from_db()
    moved = expected == 302 and persona != ANONYMOUS
    assert case.status == (CaseStatus.ASSESSMENT if moved else CaseStatus.REGISTERED)
    if moved:
        assert response["Location"] == case.get_absolute_url()
    if persona == ANONYMOUS:
        assert _goes_to_login(response)


@pytest.mark.parametrize(("persona", "key", "expected"), _rows(DOWNLOAD))
def test_an_identity_scan_downloads_only_for_who_sees_the_case(
    cast: dict[str, Any], cases: dict[str, Case], persona: str, key: str, expected: int
) -> None:
    attachment = Attachment.objects.get(original_name=f"cni-{key}.png")

    response = _client(cast, persona).get(
        reverse("cases:attachment_download", args=[attachment.pk])
    )

    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]
        assert response["Content-Disposition"].startswith("attachment")


def test_a_proposal_attachment_is_not_downloadable_through_the_case_pages(
    cast: dict[str, Any], cases: dict[str, Case]
) -> None:
    scan = store_attachment(
        owner=cast["paris"],
        upload=SimpleUploadedFile("statuts.png", PNG, content_type="image/png"),
        kind="other",
        by=cast["users"]["officer"],
        source=Source.COMMAND,
    )
    response = _client(cast, "supervisor").get(reverse("cases:attachment_download", args=[scan.pk]))
    assert response.status_code == 404


# page, code for caseworker1, caseworker2, supervisor, an outsider (anonymous: login)
PAGES = [
    ("cases:case_create", 200, 200, 200, 403),
    ("cases:decision_queue", 403, 403, 200, 403),
    ("cases:caseload", 403, 403, 200, 403),
]


@pytest.mark.parametrize(("page", "worker1", "worker2", "supervisor", "outsider"), PAGES)
def test_the_cell_pages_open_to_their_roles_only(
    cast: dict[str, Any],
    page: str,
    worker1: int,
    worker2: int,
    supervisor: int,
    outsider: int,
) -> None:
    expected = {"caseworker1": worker1, "caseworker2": worker2, "supervisor": supervisor}
    for persona in PERSONAS:
        response = _client(cast, persona).get(reverse(page))
        if persona == ANONYMOUS:
            assert _goes_to_login(response), persona
        else:
            assert response.status_code == expected.get(persona, outsider), persona


# The day-to-day pages of a case: only its caseworker; a supervisor sees the case (403).
WORK_PAGES = ["assessment_form", "plan_builder", "referral_create", "follow_up_create"]


@pytest.mark.parametrize("page", WORK_PAGES)
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("supervisor", 403), ("caseworker2", 404), ("officer", 404), ("auditor", 404)],
)
def test_the_work_pages_of_a_case_belong_to_its_caseworker(
    cast: dict[str, Any], cases: dict[str, Case], page: str, persona: str, expected: int
) -> None:
    url = reverse(f"cases:{page}", args=[cases["own"].pk])

    assert _client(cast, persona).get(url).status_code == expected
    assert _client(cast, persona).post(url, {}).status_code == expected
    assert _client(cast, "caseworker1").get(url).status_code in (200, 302)


def test_only_a_supervisor_assigns_a_case(cast: dict[str, Any], cases: dict[str, Case]) -> None:
    url = reverse("cases:case_assign", args=[cases["own"].pk])
    response = _client(cast, "caseworker1").post(url, {"caseworker": "caseworker1"})
    assert response.status_code == 403
    assert "Seul un superviseur de la cellule peut faire cela." in text(response)
    assert _client(cast, "caseworker2").post(url, {"caseworker": "caseworker2"}).status_code == 404
    cases["own"].refresh_from_db()
    assert cases["own"].caseworker == cast["users"]["caseworker1"]


# --- Sensitive parts ----------------------------------------------------------------

VULNERABILITY = "Besoin médical"
HEALTH = "Blessure à la main mal soignée."
PSYCHOSOCIAL = "Cauchemars fréquents depuis la traversée."


@pytest.fixture
def assessed(cast: dict[str, Any]) -> dict[str, Case]:
    """caseworker1's and caseworker2's cases with an assessment; an unassigned new case."""
    users = cast["users"]
    boss = users["supervisor"]
    return {
        "own": case_in("plan_submitted", caseworker=users["caseworker1"], supervisor=boss),
        "other": case_in("plan_submitted", caseworker=users["caseworker2"], supervisor=boss),
        "unassigned": new_case(boss),
    }


@pytest.mark.parametrize(("persona", "key", "visible"), _rows(VISIBLE))
def test_the_sensitive_parts_show_only_to_the_assigned_caseworker_and_the_supervisor(
    cast: dict[str, Any], assessed: dict[str, Case], persona: str, key: str, visible: bool
) -> None:
    case = assessed[key]
    client = _client(cast, persona)

    pages = [
        text(client.get(case.get_absolute_url())),
        text(client.get(reverse("cases:case_list"))),
        text(client.get(reverse("cases:decision_queue"))),
        text(client.get(reverse("home"))),
    ]

    detail = pages[0]
    assert (VULNERABILITY in detail) is visible
    assert (HEALTH in detail) is visible
    if key != "unassigned":
        assert (PSYCHOSOCIAL in detail) is visible
    for page in pages[1:]:
        assert HEALTH not in page and PSYCHOSOCIAL not in page


def test_the_page_hides_the_sensitive_parts_whenever_access_says_so(
    cast: dict[str, Any], assessed: dict[str, Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cases.access.sees_sensitive", lambda user, case: False)

    response = _client(cast, "supervisor").get(assessed["own"].get_absolute_url())

    assert response.status_code == 200
    page = text(response)
    assert assessed["own"].full_name in page
    for secret in (VULNERABILITY, HEALTH, PSYCHOSOCIAL):
        assert secret not in page


# --- The read log -------------------------------------------------------------------


def test_each_opening_of_a_case_page_writes_a_read_row(
    cast: dict[str, Any], cases: dict[str, Case]
) -> None:
    case = cases["own"]
    supervisor, worker = cast["users"]["supervisor"], cast["users"]["caseworker1"]

    _client(cast, "supervisor").get(case.get_absolute_url())
    _client(cast, "supervisor").get(case.get_absolute_url())
    _client(cast, "caseworker1").get(case.get_absolute_url())

    reads = list(CaseRead.objects.filter(case=case).order_by("at", "id"))
    assert [(r.user, r.source) for r in reads] == [
        (supervisor, "web"),
        (supervisor, "web"),
        (worker, "web"),
    ]


def test_a_refused_opening_writes_no_read_row(cast: dict[str, Any], cases: dict[str, Case]) -> None:
    for persona in ("caseworker2", "officer", "auditor"):
        assert _client(cast, persona).get(cases["own"].get_absolute_url()).status_code == 404
    assert not CaseRead.objects.filter(case=cases["own"]).exists()
