"""A report's page: who sees it, the reporter's contact only for those who handle it,
the answers, the feedback, the merged reports, the history, and the actions fired from
it (a refused one shown again in words)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audit.models import HistoryEntry
from difficulties import services
from difficulties.choices import DifficultyStatus
from difficulties.models import Difficulty
from tests.cases.pages import persona_client
from tests.difficulties.builders import SOURCE, make_difficulty, reported

S = DifficultyStatus
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _detail(difficulty: Difficulty) -> str:
    return reverse("difficulties:detail", args=[difficulty.pk])


def _transition(difficulty: Difficulty, name: str) -> str:
    return reverse("difficulties:transition", args=[difficulty.pk, name])


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Who sees the page -------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["focal_paris", "officer", "auditor"])
def test_those_who_see_the_report_read_its_page(cast: dict[str, Any], persona: str) -> None:
    difficulty = make_difficulty(S.ANSWERED)

    response = persona_client(cast, persona).get(_detail(difficulty))

    page = response.content.decode()
    assert response.status_code == 200
    # An auditor reads the report's number, not its code.
    shown = f"n° {difficulty.pk}" if persona == "auditor" else difficulty.tracking_code
    assert shown in page
    assert escape(difficulty.description) in page
    assert "Votre passeport est prêt au consulat." in page
    assert "Direction générale de la documentation nationale" in page


@pytest.mark.parametrize("persona", ["assoc_paris", "caseworker1", "expert_paris", "univ_lome"])
def test_the_page_is_not_found_for_the_others(cast: dict[str, Any], persona: str) -> None:
    difficulty = make_difficulty(S.REPORTED)
    assert persona_client(cast, persona).get(_detail(difficulty)).status_code == 404


def test_a_focal_point_of_another_embassy_does_not_find_it(
    cast: dict[str, Any], focal_berlin: User
) -> None:
    difficulty = make_difficulty(S.REPORTED)
    assert _client(focal_berlin).get(_detail(difficulty)).status_code == 404


def test_a_report_waiting_for_its_mailed_link_is_not_in_the_register(
    cast: dict[str, Any],
) -> None:
    by_mail = reported()
    by_phone = reported(email="", phone="+33 6 12 34 56 78")
    client = persona_client(cast, "focal_paris")

    assert client.get(_detail(by_mail)).status_code == 404
    assert client.get(_detail(by_phone)).status_code == 200


# --- The reporter's contact --------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "shown"), [("focal_paris", True), ("officer", True), ("auditor", False)]
)
def test_the_contact_is_shown_only_to_those_who_handle_the_report(
    cast: dict[str, Any], persona: str, shown: bool
) -> None:
    difficulty = make_difficulty(S.REPORTED, phone="+33 6 98 76 54 32")

    page = persona_client(cast, persona).get(_detail(difficulty)).content.decode()

    assert (difficulty.email in page) is shown
    assert ("+33 6 98 76 54 32" in page) is shown
    assert ("réservées au point focal" in page) is not shown


# --- What the page tells ----------------------------------------------------------------


def test_a_merged_report_and_its_main_one_link_to_each_other(cast: dict[str, Any]) -> None:
    duplicate = make_difficulty(S.DUPLICATE)
    main = duplicate.merged_into
    assert main is not None
    client = persona_client(cast, "focal_paris")

    duplicate_page = client.get(_detail(duplicate)).content.decode()
    main_page = client.get(_detail(main)).content.decode()

    assert f'href="{_detail(main)}"' in duplicate_page
    assert f'href="{_detail(duplicate)}"' in main_page


def test_a_rejected_report_says_why(cast: dict[str, Any]) -> None:
    difficulty = make_difficulty(S.REJECTED)
    page = persona_client(cast, "officer").get(_detail(difficulty)).content.decode()
    assert "Hors du champ du dispositif." in page


def test_the_reporter_s_word_and_the_escalation_are_shown(cast: dict[str, Any]) -> None:
    unresolved = make_difficulty(S.UNRESOLVED)
    Difficulty.objects.filter(pk=unresolved.pk).update(feedback_note="Toujours rien reçu.")
    overdue = make_difficulty(S.REFERRED)
    Difficulty.objects.filter(pk=overdue.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=2),
        escalated_at=timezone.now(),
    )
    client = persona_client(cast, "officer")

    unresolved_page = client.get(_detail(unresolved)).content.decode()
    overdue_page = client.get(_detail(overdue)).content.decode()

    assert "n'a pas résolu sa difficulté" in unresolved_page
    assert "Toujours rien reçu." in unresolved_page
    assert "Retard signalé au ministère le" in overdue_page


def test_a_recorded_report_names_who_recorded_it_and_its_history(cast: dict[str, Any]) -> None:
    officer = cast["users"]["officer"]
    difficulty = services.difficulty_record(
        fields={
            "category": "visa",
            "country": "SN",
            "description": "Au téléphone : son visa de retour lui est refusé sans motif.",
            "phone": "+221 77 000 00 00",
            "consent": True,
        },
        by=officer,
        source=SOURCE,
    )

    response = persona_client(cast, "officer").get(_detail(difficulty))

    page = response.content.decode()
    assert officer.get_full_name() in page
    assert [row.action for row in response.context["timeline"]][:1] == ["Signalement"]


# --- Actions from the page --------------------------------------------------------------


def test_the_focal_point_qualifies_from_the_page(cast: dict[str, Any]) -> None:
    difficulty = make_difficulty(S.REPORTED)
    client = persona_client(cast, "focal_paris")
    page = client.get(_detail(difficulty)).content.decode()
    assert f'action="{_transition(difficulty, "qualify")}"' in page
    assert f'action="{_transition(difficulty, "merge")}"' in page

    response = client.post(
        _transition(difficulty, "qualify"),
        {
            "expected_state": S.REPORTED,
            "category": "passport",
            "administration": "etat-civil",
            "urgency": "urgent",
        },
    )

    difficulty.refresh_from_db()
    assert response.status_code == 302
    assert difficulty.status == S.QUALIFIED
    assert difficulty.urgency == "urgent"
    assert difficulty.administration is not None
    assert difficulty.administration.code == "etat-civil"


def test_a_refused_merge_is_shown_again_in_words(cast: dict[str, Any]) -> None:
    difficulty = make_difficulty(S.REPORTED)

    response = persona_client(cast, "focal_paris").post(
        _transition(difficulty, "merge"), {"expected_state": S.REPORTED, "into": "ZZZZZ-ZZZZZ"}
    )

    difficulty.refresh_from_db()
    assert response.status_code == 400
    assert difficulty.status == S.REPORTED
    page = response.content.decode()
    assert 'id="problems"' in page
    assert response.context["problems"]


def test_a_refer_without_a_due_date_is_refused_in_words(cast: dict[str, Any]) -> None:
    difficulty = make_difficulty(S.QUALIFIED)

    response = persona_client(cast, "officer").post(
        _transition(difficulty, "refer"),
        {"expected_state": S.QUALIFIED, "administration": "dgdn", "due_date": ""},
    )

    assert response.status_code == 400
    assert response.context["problems"]
    difficulty.refresh_from_db()
    assert difficulty.status == S.QUALIFIED


def test_the_auditor_is_offered_nothing_and_refused(cast: dict[str, Any]) -> None:
    difficulty = make_difficulty(S.REPORTED)
    client = persona_client(cast, "auditor")

    assert client.get(_detail(difficulty)).context["actions"] == []
    response = client.post(
        _transition(difficulty, "reject"), {"expected_state": S.REPORTED, "reason": "Non."}
    )

    assert response.status_code == 403
    difficulty.refresh_from_db()
    assert difficulty.status == S.REPORTED


def test_a_phone_only_report_is_confirmed_from_its_page(cast: dict[str, Any]) -> None:
    difficulty = reported(email="", phone="+33 6 12 34 56 78")

    response = persona_client(cast, "focal_paris").post(
        _transition(difficulty, "confirm"), {"expected_state": S.UNCONFIRMED}
    )

    difficulty.refresh_from_db()
    assert response.status_code == 302
    assert difficulty.status == S.REPORTED
    assert difficulty.reported_at is not None


def test_the_reporter_s_word_is_never_a_button(cast: dict[str, Any]) -> None:
    difficulty = make_difficulty(S.ANSWERED)
    client = persona_client(cast, "officer")

    names = {a.name for a in client.get(_detail(difficulty)).context["actions"]}
    assert "resolve" not in names and "unresolve" not in names
    assert client.post(_transition(difficulty, "resolve"), {}).status_code == 404


# --- Pieces --------------------------------------------------------------------------------


def test_a_handler_attaches_a_piece_from_the_page(cast: dict[str, Any]) -> None:
    difficulty = make_difficulty(S.REPORTED)
    upload = SimpleUploadedFile("recu.pdf", PDF, content_type="application/pdf")

    response = persona_client(cast, "focal_paris").post(
        reverse("difficulties:attach", args=[difficulty.pk]),
        {"kind": "evidence", "file": upload},
    )

    assert response.status_code == 302
    assert HistoryEntry.objects.for_object(difficulty).filter(action="attach").exists()


def test_the_auditor_may_not_attach(cast: dict[str, Any]) -> None:
    difficulty = make_difficulty(S.REPORTED)
    upload = SimpleUploadedFile("recu.pdf", PDF, content_type="application/pdf")
    client = persona_client(cast, "auditor")

    assert 'action="' + reverse("difficulties:attach", args=[difficulty.pk]) not in (
        client.get(_detail(difficulty)).content.decode()
    )
    response = client.post(
        reverse("difficulties:attach", args=[difficulty.pk]),
        {"kind": "evidence", "file": upload},
    )
    assert response.status_code == 403
