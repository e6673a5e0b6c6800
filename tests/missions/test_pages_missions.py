"""The mission pages as each role reads them: the lists (« Mes missions », a host's, an
officer's with filters, a focal point's), a mission's page (the need, the expert and
its contact only for whom may read it, the state, the history, the actions), and the
mission's journey through the pages, from the selection to the attestation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from missions.choices import MissionStatus, NeedStatus
from missions.models import Mission, ProfessionalLicence
from tests.cases.pages import persona_client, text
from tests.missions.builders import _fresh_expert, expert_of, make_mission, make_need

M = MissionStatus


def _list(cast: dict[str, Any], persona: str, **query: str) -> Any:
    return persona_client(cast, persona).get(reverse("missions:mission_list"), query)


def _detail(cast: dict[str, Any], persona: str, mission: Mission) -> Any:
    return persona_client(cast, persona).get(reverse("missions:mission_detail", args=[mission.pk]))


def _fire(cast: dict[str, Any], persona: str, mission: Mission, name: str, **data: Any) -> Any:
    mission.refresh_from_db()
    return persona_client(cast, persona).post(
        reverse("missions:mission_transition", args=[mission.pk, name]),
        {"expected_state": mission.status, **data},
    )


# --- The lists ----------------------------------------------------------------------


def test_mes_missions_groups_the_experts_missions_by_state(cast: dict[str, Any]) -> None:
    applied = make_mission(M.APPLIED)
    invited = make_mission(M.INVITED)

    response = _list(cast, "expert_paris")

    assert response.status_code == 200
    page = text(response)
    assert "Mes missions" in page
    assert "Invitations à accepter ou décliner" in page
    assert "Candidatures en cours" in page
    assert page.index(invited.need.title) < page.index(applied.need.title)
    assert reverse("missions:availability") in page
    assert reverse("missions:licence_list") in page


def test_an_expert_lists_only_its_own_missions(cast: dict[str, Any]) -> None:
    others = make_mission(M.APPLIED, expert_user="doctor_brussels")

    page = text(_list(cast, "expert_paris"))

    assert others.need.title not in page


def test_a_host_lists_the_missions_on_its_needs_only(cast: dict[str, Any]) -> None:
    ours = make_mission(M.APPLIED)
    theirs = make_mission(M.APPLIED, expert_user="doctor_brussels")

    page = text(_list(cast, "univ_lome"))

    assert "Missions sur nos demandes" in page
    assert ours.need.title in page
    assert theirs.need.title not in page


def test_the_officer_filters_every_mission_by_state_kind_host_and_name(
    cast: dict[str, Any],
) -> None:
    teaching = make_mission(M.APPLIED)
    medical = make_mission(M.SELECTED, expert_user="doctor_brussels")

    everything = text(_list(cast, "officer"))
    selected = text(_list(cast, "officer", status="selected"))
    by_kind = text(_list(cast, "officer", kind="teaching"))
    by_host = text(_list(cast, "auditor", host=str(medical.need.host_id)))
    by_name = text(_list(cast, "officer", q="Afanou"))

    assert teaching.need.title in everything and medical.need.title in everything
    assert medical.need.title in selected and teaching.need.title not in selected
    assert teaching.need.title in by_kind and medical.need.title not in by_kind
    assert medical.need.title in by_host and teaching.need.title not in by_host
    assert teaching.need.title in by_name and medical.need.title not in by_name


def test_a_focal_point_lists_its_jurisdictions_experts_missions(cast: dict[str, Any]) -> None:
    paris = make_mission(M.APPLIED)
    brussels = make_mission(M.APPLIED, expert_user="doctor_brussels")

    page = text(_list(cast, "focal_paris"))

    assert paris.need.title in page
    assert brussels.need.title not in page


@pytest.mark.parametrize("persona", ["assoc_paris", "caseworker1", "evaluator1", "finance"])
def test_the_missions_list_is_refused_in_words_to_other_roles(
    cast: dict[str, Any], persona: str
) -> None:
    response = _list(cast, persona)

    assert response.status_code == 403
    assert "réservées" in text(response)


def test_the_list_goes_page_by_page(cast: dict[str, Any]) -> None:
    need = make_need(NeedStatus.PUBLISHED, volunteers=30)
    for _ in range(27):
        make_mission(M.INVITED, need=need, expert=_fresh_expert(need))

    first = _list(cast, "officer")
    assert first.context["next_url"]
    second = persona_client(cast, "officer").get(
        reverse("missions:mission_list") + first.context["next_url"]
    )
    assert second.status_code == 200
    assert len(first.context["missions"]) == 25
    assert len(second.context["missions"]) == Mission.objects.count() - 25


# --- A mission's page ---------------------------------------------------------------


def test_the_mission_page_shows_the_need_the_expert_the_state_and_the_history(
    cast: dict[str, Any],
) -> None:
    mission = make_mission(M.SHORTLISTED)

    page = text(_detail(cast, "univ_lome", mission))

    assert mission.need.title in page
    assert mission.reference in page
    assert "Présélectionnée" in page
    assert "Kodjovi" in page
    assert "Candidature" in page  # the history's first row
    assert "Retenir ce candidat" in page  # the host's action


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("officer", True),
        ("focal_paris", True),
        ("expert_paris", True),
        ("univ_lome", True),
        ("auditor", False),
    ],
)
def test_the_experts_contact_is_shown_only_to_whom_may_read_it(
    cast: dict[str, Any], persona: str, sees: bool
) -> None:
    mission = make_mission(M.APPLIED)
    email = expert_of("expert_paris").email

    page = text(_detail(cast, persona, mission))

    assert (email in page) is sees


def test_an_invited_experts_contact_is_not_shown_to_the_host(cast: dict[str, Any]) -> None:
    mission = make_mission(M.INVITED)
    email = expert_of("expert_paris").email

    page = text(_detail(cast, "univ_lome", mission))

    assert email not in page
    assert "visibles une fois" in page


@pytest.mark.parametrize("persona", ["chr_kara", "doctor_brussels", "assoc_paris", "caseworker1"])
def test_a_mission_is_not_found_by_whoever_does_not_see_it(
    cast: dict[str, Any], persona: str
) -> None:
    mission = make_mission(M.APPLIED)

    assert _detail(cast, persona, mission).status_code == 404


def test_a_transition_refused_to_its_role_is_403_in_words(cast: dict[str, Any]) -> None:
    mission = make_mission(M.SELECTED)

    response = _fire(cast, "univ_lome", mission, "approve")

    assert response.status_code == 403
    assert "chargé de programme" in text(response)


def test_a_stale_form_brings_the_page_back_with_its_message(cast: dict[str, Any]) -> None:
    mission = make_mission(M.APPLIED)

    response = persona_client(cast, "univ_lome").post(
        reverse("missions:mission_transition", args=[mission.pk, "shortlist"]),
        {"expected_state": "invited"},
        follow=True,
    )

    assert "Entre-temps" in text(response)
    mission.refresh_from_db()
    assert mission.status == M.APPLIED


def test_an_unknown_transition_is_not_found(cast: dict[str, Any]) -> None:
    mission = make_mission(M.APPLIED)

    assert _fire(cast, "univ_lome", mission, "staff").status_code == 404


def test_the_report_form_shows_its_inputs_and_says_what_is_missing(cast: dict[str, Any]) -> None:
    mission = make_mission(M.IN_PROGRESS)

    form_page = text(_detail(cast, "expert_paris", mission))
    refused = _fire(cast, "expert_paris", mission, "report", report="", students="12")

    for label in ("Ce qui a été enseigné ou soigné", "Nombre d'étudiants", "Nombre de patients"):
        assert label in form_page
    assert "Appréciation de la mission (1 à 5)" in form_page
    assert refused.status_code == 400
    assert "L'action n'a pas pu être effectuée" in text(refused)
    mission.refresh_from_db()
    assert mission.status == M.IN_PROGRESS


# --- The journey ----------------------------------------------------------------------


def _documents(cast: dict[str, Any], persona: str, mission: Mission) -> list[str]:
    """The kinds of the documents the mission's page lists, each with its download."""
    response = _detail(cast, persona, mission)
    page = text(response)
    listed = response.context["documents"]
    for document in listed:
        assert reverse("documents:download", args=[document.pk]) in page
        assert document.get_kind_display() in page
    return [document.kind for document in listed]


def test_a_teaching_mission_goes_from_selection_to_attestation_through_the_pages(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    mission = make_mission(M.APPLIED)
    steps = [
        ("univ_lome", "shortlist", {}, M.SHORTLISTED),
        ("univ_lome", "select", {}, M.SELECTED),
        ("officer", "approve", {}, M.APPROVED),
        ("univ_lome", "start", {}, M.IN_PROGRESS),
        (
            "expert_paris",
            "report",
            {"report": "Algorithmique, 40 h.", "students": "35", "rating": "5"},
            M.REPORTED,
        ),
        (
            "univ_lome",
            "report",
            {"report": "Cours très suivis.", "students": "35", "rating": "4"},
            M.REPORTED,
        ),
        ("officer", "certify", {}, M.CERTIFIED),
    ]
    for persona, name, data, state in steps:
        with django_capture_on_commit_callbacks(execute=True):
            response = _fire(cast, persona, mission, name, **data)
        assert response.status_code == 302, (name, text(response))
        mission.refresh_from_db()
        assert mission.status == state
        if name == "approve":
            assert _documents(cast, "expert_paris", mission) == ["mission_order"]

    assert _documents(cast, "univ_lome", mission) == ["mission_order", "mission_certificate"]
    page = text(_detail(cast, "officer", mission))
    assert "Algorithmique, 40 h." in page and "Cours très suivis." in page
    assert "5 sur 5" in page and "4 sur 5" in page


def test_a_medical_approval_is_refused_in_words_until_the_licence_is_checked(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    need = make_need(NeedStatus.PUBLISHED, host="chr_kara", kind="medical", domains=("medicine",))
    doctor = expert_of("doctor_brussels")
    ProfessionalLicence.objects.filter(expert=doctor).delete()
    mission = make_mission(M.SELECTED, need=need, expert_user="doctor_brussels")

    page = text(_detail(cast, "officer", mission))
    assert "aucune autorisation d'exercer" in page

    refused = _fire(cast, "officer", mission, "approve")
    assert refused.status_code == 400
    assert "autorisation" in text(refused)
    mission.refresh_from_db()
    assert mission.status == M.SELECTED

    licence = ProfessionalLicence.objects.create(
        expert=doctor, country="BE", number="BE-1", profession="Chirurgienne"
    )
    page = text(_detail(cast, "officer", mission))
    assert "À vérifier" in page
    assert reverse("missions:licence_detail", args=[licence.pk]) in page
    checked = persona_client(cast, "officer").post(
        reverse("missions:licence_transition", args=[licence.pk, "check_licence"]),
        {"expected_state": "pending"},
    )
    assert checked.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        approved = _fire(cast, "officer", mission, "approve")
    assert approved.status_code == 302
    mission.refresh_from_db()
    assert mission.status == M.APPROVED


# --- Attached pieces ------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attach(cast: dict[str, Any], persona: str, mission: Mission, content: bytes) -> Any:
    upload = SimpleUploadedFile("liste.pdf", content, content_type="application/pdf")
    return persona_client(cast, persona).post(
        reverse("missions:mission_attach", args=[mission.pk]), {"kind": "other", "file": upload}
    )


def test_the_expert_attaches_a_piece_the_host_downloads(cast: dict[str, Any]) -> None:
    mission = make_mission(M.IN_PROGRESS)

    response = _attach(cast, "expert_paris", mission, PDF)

    assert response.status_code == 302
    host_page = _detail(cast, "univ_lome", mission)
    (piece,) = host_page.context["attachments"]
    assert "liste.pdf" in text(host_page)
    download = persona_client(cast, "univ_lome").get(
        reverse("missions:mission_attachment_download", args=[piece.pk])
    )
    assert download.status_code == 200


def test_a_disguised_piece_is_refused_on_the_mission_page(cast: dict[str, Any]) -> None:
    mission = make_mission(M.IN_PROGRESS)

    response = _attach(cast, "univ_lome", mission, b"MZ\x90\x00 not a pdf")

    assert response.status_code == 400
    assert "ni un PDF" in text(response)
    assert response.context["attachments"] == []


def test_the_officer_attaches_no_piece_to_a_mission(cast: dict[str, Any]) -> None:
    mission = make_mission(M.IN_PROGRESS)

    response = _attach(cast, "officer", mission, PDF)

    assert response.status_code == 403
    assert "Seuls l'expert et l'établissement" in text(response)
