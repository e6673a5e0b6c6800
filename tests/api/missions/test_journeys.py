"""Whole journeys through the API: a teaching mission from the host's draft to the
certified attestation, and the approval's refusals (licence, overlap, staffing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from missions import services
from missions.choices import LicenceStatus, MissionStatus, NeedStatus
from missions.models import Mission, ProfessionalLicence
from tests.api.missions.conftest import day
from tests.missions.builders import SOURCE, expert_of, make_mission, make_need, user

pytestmark = pytest.mark.django_db

NEEDS, MISSIONS = "/api/v1/mission-needs/", "/api/v1/missions/"


@pytest.fixture
def fire(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """`fire(client, "missions", 3, "approve", {...})`: one transition, its after-commit
    work (mails, documents) done; the answer's JSON, after checking its status."""

    def send(
        client: APIClient, path: str, name: str, body: dict[str, Any] | None = None, code: int = 200
    ) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{path}transitions/{name}/", body or {}, format="json")
        assert response.status_code == code, response.content
        return response.json()

    return send


def test_a_teaching_mission_from_the_hosts_draft_to_the_attestation(
    cast: dict[str, Any], api_as: Any, need_body: Any, fire: Any
) -> None:
    host, officer, expert = api_as("univ_lome"), api_as("officer"), api_as("expert_paris")
    response = host.post(NEEDS, need_body(volunteers=1, domains=["ict", "teaching"]), format="json")
    assert response.status_code == 201, response.content
    need = f"{NEEDS}{response.json()['id']}/"
    assert fire(host, need, "submit")["status"] == "submitted"
    assert fire(officer, need, "publish")["status"] == "published"

    listed = expert.get(NEEDS).json()["results"]
    # It asks for both of the expert's domains, like the demo's teaching need (sooner).
    assert [row["id"] for row in listed[:2]][1] == response.json()["id"]
    ranked = host.get(f"{need}candidates/").json()
    assert ranked[0]["expert"]["name"] == "Kodjovi Afanou"
    assert sorted(ranked[0]["reasons"]["domains"]) == ["ict", "teaching"]

    response = expert.post(MISSIONS, {"need": response.json()["id"]}, format="json")
    assert response.status_code == 201, response.content
    mission = f"{MISSIONS}{response.json()['id']}/"
    assert fire(host, mission, "shortlist")["status"] == "shortlisted"
    assert fire(host, mission, "select")["status"] == "selected"
    approved = fire(officer, mission, "approve")
    assert approved["status"] == "approved" and approved["approved_at"]
    assert host.get(need).json()["status"] == "staffed"
    kinds = [row["kind"] for row in expert.get(f"{mission}documents/").json()]
    assert kinds == ["mission_order"]

    assert fire(host, mission, "start")["status"] == "in_progress"
    report = {"report": "Algorithmique, 12 séances.", "students": 42, "rating": "5"}
    assert fire(expert, mission, "report", report)["status"] == "reported"
    fire(officer, mission, "certify", code=400)  # the host's report is missing
    host_report = {
        "report": "Cours très suivis.",
        "students": 42,
        "difficulties": "Coupures.",
        "rating": "4",
    }
    done = fire(host, mission, "report", host_report)
    assert [(row["author"], row["rating"]) for row in done["reports"]] == [
        ("expert", 5),
        ("host", 4),
    ]
    certified = fire(officer, mission, "certify")
    assert certified["status"] == "certified" and certified["certified_at"]

    documents = expert.get(f"{mission}documents/").json()
    assert sorted(row["kind"] for row in documents) == ["mission_certificate", "mission_order"]
    for row in documents:
        download = expert.get(row["download"])
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
    history = [row["transition"] for row in officer.get(f"{mission}history/").json()]
    assert history[0] == "apply" and "certify" in history
    assert fire(officer, need, "close")["status"] == "closed"


def test_a_medical_mission_is_approved_only_once_the_licence_is_checked(
    cast: dict[str, Any], api_as: Any, need_body: Any, fire: Any
) -> None:
    doctor = expert_of("doctor_brussels")
    licence = ProfessionalLicence.objects.get(expert=doctor)
    ProfessionalLicence.objects.filter(pk=licence.pk).update(status=LicenceStatus.PENDING)
    host, officer = api_as("chr_kara"), api_as("officer")
    body = need_body(
        kind="medical",
        domains=["medicine"],
        region="kara",
        prefecture="kozah",
        title="Chirurgie pédiatrique",
    )
    response = host.post(NEEDS, body, format="json")
    assert response.status_code == 201, response.content
    need = f"{NEEDS}{response.json()['id']}/"
    fire(host, need, "submit")
    fire(officer, need, "publish")
    applied = api_as("doctor_brussels").post(
        MISSIONS, {"need": response.json()["id"]}, format="json"
    )
    mission = f"{MISSIONS}{applied.json()['id']}/"
    fire(host, mission, "select")

    refused = fire(officer, mission, "approve", code=400)
    assert "autorisation d'exercer" in refused["detail"]
    assert api_as("officer").get(mission).json()["status"] == "selected"

    services.licence_check(licence=licence, by=user("officer"), source=SOURCE)
    assert fire(officer, mission, "approve")["status"] == "approved"


def test_an_expert_cannot_hold_two_approved_missions_on_overlapping_dates(
    cast: dict[str, Any], api_as: Any, fire: Any
) -> None:
    first = make_need(NeedStatus.PUBLISHED, days=20)
    make_mission(MissionStatus.APPROVED, need=first, expert_user="expert_paris")
    second = make_need(NeedStatus.PUBLISHED, starts_on=first.starts_on.replace(), days=5)
    mission = make_mission(MissionStatus.SELECTED, need=second, expert_user="expert_paris")
    refused = fire(api_as("officer"), f"{MISSIONS}{mission.pk}/", "approve", code=400)
    assert "mêmes dates" in refused["detail"]
    assert first.title in refused["detail"]
    mission.refresh_from_db()
    assert mission.status == MissionStatus.SELECTED


def test_a_need_is_not_staffed_past_its_volunteers(
    cast: dict[str, Any], api_as: Any, fire: Any, new_expert_user: Any
) -> None:
    need = make_need(NeedStatus.PUBLISHED, volunteers=1)
    new_expert_user("ama", ["ict"])
    first = make_mission(MissionStatus.SELECTED, need=need, expert_user="expert_paris")
    second = make_mission(MissionStatus.SELECTED, need=need, expert_user="ama")
    officer = api_as("officer")
    fire(officer, f"{MISSIONS}{first.pk}/", "approve")
    refused = fire(officer, f"{MISSIONS}{second.pk}/", "approve", code=400)
    assert "pourvue" in refused["detail"]
    assert Mission.objects.get(pk=second.pk).status == MissionStatus.SELECTED
    assert officer.get(f"{NEEDS}{need.pk}/").json()["status"] == "staffed"


def test_dates_in_the_past_cannot_be_submitted(
    cast: dict[str, Any], api_as: Any, need_body: Any, fire: Any
) -> None:
    host = api_as("univ_lome")
    response = host.post(NEEDS, need_body(starts_on=day(-30), ends_on=day(-20)), format="json")
    assert response.status_code == 201, response.content
    refused = fire(host, f"{NEEDS}{response.json()['id']}/", "submit", code=400)
    assert "avant aujourd'hui" in refused["detail"]
