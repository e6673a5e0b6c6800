"""`/api/v1/missions/`: who sees which missions, applying and inviting, the report's
body, history, documents and attachments."""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import HistoryEntry, Outcome
from missions.choices import MissionStatus, NeedStatus
from missions.models import Mission
from tests.api.missions.conftest import ids
from tests.missions.builders import expert_of, make_mission, make_need
from tests.workflows.builders import pdf_upload

pytestmark = pytest.mark.django_db

URL = "/api/v1/missions/"


def test_each_role_lists_the_missions_it_may_see(
    cast: dict[str, Any], api_as: Any, medical_need: Any
) -> None:
    teaching = make_mission(MissionStatus.SHORTLISTED, expert_user="expert_paris")
    surgery = Mission.objects.get(need=medical_need)
    every = {teaching.pk, surgery.pk}
    assert ids(api_as("officer").get(URL)) == every
    assert ids(api_as("auditor").get(URL)) == every
    assert ids(api_as("univ_lome").get(URL)) == {teaching.pk}
    assert ids(api_as("chr_kara").get(URL)) == {surgery.pk}
    assert ids(api_as("expert_paris").get(URL)) == {teaching.pk}
    assert ids(api_as("doctor_brussels").get(URL)) == {surgery.pk}
    assert ids(api_as("focal_paris").get(URL)) == {teaching.pk}
    assert ids(api_as("assoc_paris").get(URL)) == set()
    assert api_as("anonymous").get(URL).status_code == 401


def test_a_mission_shows_its_need_expert_and_state(
    cast: dict[str, Any], api_as: Any, medical_need: Any
) -> None:
    surgery = Mission.objects.get(need=medical_need)
    data = api_as("chr_kara").get(f"{URL}{surgery.pk}/").json()
    assert data["need"] == medical_need.pk
    assert data["need_title"] == medical_need.title
    assert data["status"] == "in_progress"
    assert data["status_label"] == "En cours"
    assert data["expert"]["name"] == "Enyonam Kpegba"
    assert data["expert"]["email"]  # the expert applied to the host's need
    assert data["approved_at"] and data["certified_at"] is None
    assert data["reports"] == []


def test_an_invited_experts_contact_stays_hidden_from_the_host(
    cast: dict[str, Any], api_as: Any
) -> None:
    invited = make_mission(MissionStatus.INVITED, expert_user="expert_paris")
    expert = api_as("univ_lome").get(f"{URL}{invited.pk}/").json()["expert"]
    assert "email" not in expert and "phone" not in expert
    assert api_as("officer").get(f"{URL}{invited.pk}/").json()["expert"]["email"]
    assert api_as("focal_paris").get(f"{URL}{invited.pk}/").json()["expert"]["email"]


def test_a_mission_out_of_sight_is_not_found(
    cast: dict[str, Any], api_as: Any, medical_need: Any
) -> None:
    surgery = Mission.objects.get(need=medical_need)
    for who in ("univ_lome", "expert_paris", "focal_paris", "assoc_paris"):
        for path in ("", "history/", "transitions/", "documents/", "attachments/"):
            assert api_as(who).get(f"{URL}{surgery.pk}/{path}").status_code == 404, (who, path)


@pytest.mark.parametrize(
    ("query", "field"), [("status=gone", "status"), ("need=x", "need"), ("need=0", "need")]
)
def test_an_unknown_filter_value_is_refused_in_words(
    cast: dict[str, Any], api_as: Any, query: str, field: str
) -> None:
    response = api_as("officer").get(f"{URL}?{query}")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_the_list_filters_by_need_and_status(
    cast: dict[str, Any], api_as: Any, medical_need: Any
) -> None:
    surgery = Mission.objects.get(need=medical_need)
    assert ids(api_as("officer").get(f"{URL}?need={medical_need.pk}")) == {surgery.pk}
    assert ids(api_as("officer").get(f"{URL}?status=applied")) == set()


# --- Applying and inviting ---------------------------------------------------------------


def test_a_verified_expert_applies(cast: dict[str, Any], api_as: Any, teaching_need: Any) -> None:
    response = api_as("expert_paris").post(
        URL, {"need": teaching_need.pk, "motivation": "J'enseigne ce cours."}, format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "applied"
    assert data["expert"]["name"] == "Kodjovi Afanou"
    assert data["motivation"] == "J'enseigne ce cours."
    mission = Mission.objects.get(pk=data["id"])
    assert HistoryEntry.objects.for_object(mission).get().action == "apply"


def test_an_expert_applies_once(cast: dict[str, Any], api_as: Any, teaching_need: Any) -> None:
    client = api_as("expert_paris")
    assert client.post(URL, {"need": teaching_need.pk}, format="json").status_code == 201
    response = client.post(URL, {"need": teaching_need.pk}, format="json")
    assert response.status_code == 400
    assert "déjà candidat" in response.json()["detail"]


def test_an_expert_without_the_needs_domain_is_refused(cast: dict[str, Any], api_as: Any) -> None:
    surgery = make_need(
        NeedStatus.PUBLISHED, host="chr_kara", kind="medical", domains=("medicine",)
    )
    response = api_as("expert_paris").post(URL, {"need": surgery.pk}, format="json")
    assert response.status_code == 400
    assert "domaines de compétence" in response.json()["detail"]
    assert HistoryEntry.objects.for_object(surgery).filter(outcome=Outcome.REFUSED).count() == 1


def test_an_expert_cannot_apply_to_a_need_it_does_not_see(
    cast: dict[str, Any], api_as: Any
) -> None:
    draft = make_need(NeedStatus.DRAFT, host="univ_lome")
    response = api_as("expert_paris").post(URL, {"need": draft.pk}, format="json")
    assert response.status_code == 400
    assert "inconnue" in response.json()["errors"]["need"][0]


def test_the_officer_invites_an_expert(
    cast: dict[str, Any], api_as: Any, teaching_need: Any
) -> None:
    expert = expert_of("expert_paris")
    response = api_as("officer").post(
        URL, {"need": teaching_need.pk, "expert": expert.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "invited"
    mission = Mission.objects.get(pk=response.json()["id"])
    options = api_as("expert_paris").get(f"{URL}{mission.pk}/transitions/").json()
    assert [option["name"] for option in options] == ["accept", "decline"]
    response = api_as("expert_paris").post(
        f"{URL}{mission.pk}/transitions/accept/", {}, format="json"
    )
    assert response.json()["status"] == "applied"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "need"),
        ({"need": 999_999}, "need"),
        ({"need": "x"}, "need"),
        ({"expert": 999_999}, "expert"),
    ],
)
def test_a_bad_invitation_is_refused_in_words(
    cast: dict[str, Any], api_as: Any, teaching_need: Any, body: dict[str, Any], field: str
) -> None:
    body = {"need": teaching_need.pk, **body} if field == "expert" else body
    response = api_as("officer").post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_the_officer_names_the_expert_to_invite(
    cast: dict[str, Any], api_as: Any, teaching_need: Any
) -> None:
    response = api_as("officer").post(URL, {"need": teaching_need.pk}, format="json")
    assert response.status_code == 400
    assert "expert" in response.json()["errors"]


def test_an_expert_cannot_invite(cast: dict[str, Any], api_as: Any, teaching_need: Any) -> None:
    other = expert_of("doctor_brussels")
    response = api_as("expert_paris").post(
        URL, {"need": teaching_need.pk, "expert": other.pk}, format="json"
    )
    assert response.status_code == 403
    assert "chargé de programme" in response.json()["detail"]


@pytest.mark.parametrize("who", ["univ_lome", "auditor", "focal_paris", "assoc_paris"])
def test_no_one_else_creates_a_mission(
    cast: dict[str, Any], api_as: Any, teaching_need: Any, who: str
) -> None:
    response = api_as(who).post(URL, {"need": teaching_need.pk}, format="json")
    assert response.status_code == 403
    assert "expert" in response.json()["detail"]
    assert not Mission.objects.filter(need=teaching_need).exists()


# --- The report's body ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rating": "5"}, "report"),
        ({"report": "Cours."}, "rating"),
        ({"report": "Cours.", "rating": "6"}, "rating"),
        ({"report": "Cours.", "rating": "5", "students": -1}, "students"),
        ({"report": "Cours.", "rating": "5", "patients": "many"}, "patients"),
        ({"report": "Cours.", "rating": "5", "students": 10**9}, "students"),
        ({"report": "x" * 20_000, "rating": "5"}, "report"),
        ({"report": "Cours.", "rating": "5", "difficulties": "x" * 20_000}, "difficulties"),
    ],
)
def test_a_bad_report_is_refused_in_words(
    cast: dict[str, Any], api_as: Any, body: dict[str, Any], field: str
) -> None:
    mission = make_mission(MissionStatus.IN_PROGRESS, expert_user="expert_paris")
    response = api_as("expert_paris").post(
        f"{URL}{mission.pk}/transitions/report/", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    mission.refresh_from_db()
    assert mission.status == MissionStatus.IN_PROGRESS


def test_each_side_reports_once(cast: dict[str, Any], api_as: Any) -> None:
    mission = make_mission(MissionStatus.IN_PROGRESS, expert_user="expert_paris")
    body = {"report": "Cours d'algorithmique.", "students": 40, "rating": "5"}
    path = f"{URL}{mission.pk}/transitions/report/"
    assert api_as("expert_paris").post(path, body, format="json").status_code == 200
    response = api_as("expert_paris").post(path, body, format="json")
    assert response.status_code == 400
    assert "déjà déposé" in response.json()["detail"]
    assert api_as("auditor").post(path, body, format="json").status_code == 403


# --- Attachments -----------------------------------------------------------------------------


def test_the_expert_attaches_a_piece_that_the_host_downloads(
    cast: dict[str, Any], api_as: Any
) -> None:
    mission = make_mission(MissionStatus.IN_PROGRESS, expert_user="expert_paris")
    response = api_as("expert_paris").post(
        f"{URL}{mission.pk}/attachments/", {"file": pdf_upload("liste.pdf")}, format="multipart"
    )
    assert response.status_code == 201, response.content
    piece = response.json()
    assert piece["kind"] == "other"
    assert piece["download"] == (
        f"http://testserver/api/v1/missions/{mission.pk}/attachments/{piece['id']}/download/"
    )
    listed = api_as("univ_lome").get(f"{URL}{mission.pk}/attachments/").json()
    assert [row["id"] for row in listed] == [piece["id"]]
    download = api_as("univ_lome").get(piece["download"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert api_as("chr_kara").get(piece["download"]).status_code == 404
    assert (
        api_as("univ_lome").get(f"{URL}{mission.pk}/attachments/999999/download/").status_code
        == 404
    )


def test_who_may_not_attach_is_told(cast: dict[str, Any], api_as: Any) -> None:
    mission = make_mission(MissionStatus.IN_PROGRESS, expert_user="expert_paris")
    response = api_as("auditor").post(
        f"{URL}{mission.pk}/attachments/", {"file": pdf_upload()}, format="multipart"
    )
    assert response.status_code == 403
    assert response.json()["detail"]


def test_a_need_takes_its_syllabus(cast: dict[str, Any], api_as: Any) -> None:
    draft = make_need(NeedStatus.DRAFT, host="univ_lome")
    path = f"/api/v1/mission-needs/{draft.pk}/attachments/"
    response = api_as("univ_lome").post(
        path, {"file": pdf_upload("programme.pdf"), "kind": "syllabus"}, format="multipart"
    )
    assert response.status_code == 201, response.content
    piece = response.json()
    assert piece["download"].endswith(
        f"/api/v1/mission-needs/{draft.pk}/attachments/{piece['id']}/download/"
    )
    assert api_as("univ_lome").get(piece["download"]).status_code == 200
    assert api_as("chr_kara").get(piece["download"]).status_code == 404
    response = api_as("univ_lome").post(
        path, {"file": pdf_upload(), "kind": "receipt"}, format="multipart"
    )
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]
