"""The mission pages read out loud: lists name their columns cell by cell (so that they
stack on a phone), every control has a name, errors are tied to their field, and the
navigation's « Missions » entry leads each role to its pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from missions.choices import MissionStatus
from missions.models import ProfessionalLicence
from tests.a11y import Page
from tests.cases.pages import persona_client
from tests.missions.builders import expert_of, make_mission
from tests.test_accessibility import _StackedCells


def _labelled_cells(page: Page, css_class: str) -> None:
    """Each cell of the table names its column (`data-label`), one per heading."""
    tables = [t for t in page.find("table") if css_class in t.attrs.get("class", "").split()]
    assert tables
    for table in tables:
        headings = [
            th.text()
            for th in page.elements
            if th.tag == "th" and th.attrs.get("scope") == "col" and table in th.ancestors()
        ]
        cells = [td for td in page.elements if td.tag == "td" and table in td.ancestors()]
        assert cells
        for start in range(0, len(cells), len(headings)):
            row = cells[start : start + len(headings)]
            assert [td.attrs.get("data-label") for td in row] == headings


def _glued(response: Any) -> list[str]:
    parser = _StackedCells()
    parser.feed(response.content.decode())
    glued: list[str] = parser.glued
    return glued


@pytest.mark.parametrize("persona", ["officer", "univ_lome", "expert_paris", "focal_paris"])
def test_each_cell_of_the_missions_list_names_its_column(
    cast: dict[str, Any], persona: str
) -> None:
    make_mission(MissionStatus.APPLIED)
    make_mission(MissionStatus.INVITED)
    response = persona_client(cast, persona).get(reverse("missions:mission_list"))

    _labelled_cells(Page(response), "mission-table")
    assert _glued(response) == []
    assert [c.attrs for c in Page(response).controls() if not Page(response).name_of(c)] == []


def test_each_cell_of_the_licences_list_names_its_column(cast: dict[str, Any]) -> None:
    ProfessionalLicence.objects.create(
        expert=expert_of("expert_paris"), country="FR", number="FR-9", profession="Médecin"
    )
    response = persona_client(cast, "officer").get(reverse("missions:licence_list"))

    _labelled_cells(Page(response), "licence-table")
    assert _glued(response) == []


@pytest.mark.parametrize(
    ("persona", "state"),
    [
        ("univ_lome", MissionStatus.SHORTLISTED),
        ("expert_paris", MissionStatus.IN_PROGRESS),
        ("officer", MissionStatus.SELECTED),
    ],
)
def test_every_control_of_the_mission_page_is_named(
    cast: dict[str, Any], persona: str, state: str
) -> None:
    mission = make_mission(state)
    page = Page(
        persona_client(cast, persona).get(reverse("missions:mission_detail", args=[mission.pk]))
    )

    assert [c.attrs for c in page.controls() if not page.name_of(c)] == []
    assert page.by_id["actions"].attrs.get("aria-labelledby") == "actions-title"


def test_a_refused_report_ties_its_errors_to_its_fields(cast: dict[str, Any]) -> None:
    mission = make_mission(MissionStatus.IN_PROGRESS)
    response = persona_client(cast, "expert_paris").post(
        reverse("missions:mission_transition", args=[mission.pk, "report"]),
        {"expected_state": "in_progress", "report": "", "students": "-3", "rating": "5"},
    )
    page = Page(response)

    students = page.by_id["id_report_students"]
    assert response.status_code == 400
    assert students.attrs.get("aria-invalid") == "true"
    assert page.description_of(students)


def test_a_refused_licence_ties_its_errors_to_its_fields(cast: dict[str, Any]) -> None:
    response = persona_client(cast, "expert_paris").post(
        reverse("missions:licence_create"), {"country": "", "number": "", "profession": ""}
    )
    page = Page(response)

    for name in ("id_country", "id_number", "id_profession", "id_file"):
        control = page.by_id[name]
        assert control.attrs.get("aria-invalid") == "true", name
        assert page.description_of(control), name
    assert [c.attrs for c in page.controls() if not page.name_of(c)] == []


@pytest.mark.parametrize(
    ("persona", "label", "pages"),
    [
        ("officer", "Missions", ["need_list", "mission_list", "licence_list"]),
        ("auditor", "Missions", ["need_list", "mission_list", "licence_list"]),
        ("univ_lome", "Nos demandes", ["need_list", "mission_list"]),
        (
            "expert_paris",
            "Mes missions",
            ["need_list", "mission_list", "availability", "licence_list"],
        ),
        ("focal_paris", "Missions", ["need_list", "mission_list", "expert_accounts"]),
    ],
)
def test_the_navigation_leads_each_role_to_its_mission_pages(
    cast: dict[str, Any], persona: str, label: str, pages: list[str]
) -> None:
    client = persona_client(cast, persona)
    page = Page(client.get(reverse("home")))

    toggles = [a.text() for a in page.find("a") if "dropdown-toggle" in a.attrs.get("class", "")]
    links = {a.attrs.get("href") for a in page.find("a")}
    assert label in toggles
    for name in pages:
        url = reverse(f"missions:{name}")
        assert url in links, name
        assert client.get(url).status_code == 200, name


@pytest.mark.parametrize("persona", ["assoc_paris", "caseworker1", "evaluator1"])
def test_the_navigation_has_no_missions_entry_for_other_roles(
    cast: dict[str, Any], persona: str
) -> None:
    page = Page(persona_client(cast, persona).get(reverse("home")))

    links = {a.attrs.get("href") for a in page.find("a")}
    assert reverse("missions:mission_list") not in links


def test_the_mission_pages_read_in_english(cast: dict[str, Any]) -> None:
    mission = make_mission(MissionStatus.IN_PROGRESS)
    client = persona_client(cast, "expert_paris")

    listed = client.get(reverse("missions:mission_list"), HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(
        reverse("missions:mission_detail", args=[mission.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert "My missions" in listed.content.decode()
    assert "Approved or ongoing missions" in listed.content.decode()
    for words in ("The expert", "Mission reports", "What was taught or treated"):
        assert words in page.content.decode()
    assert "Mes missions" not in page.content.decode()
