"""Reporting: the same report twice is the same one (its link mailed again while it is
unconfirmed), and a report recorded on someone's behalf by those who may."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core import mail

from difficulties import services
from difficulties.choices import DifficultyStatus
from processes.transitions import ConditionsUnmet, NotAllowed
from tests.difficulties.builders import report_fields

pytestmark = pytest.mark.django_db
S = DifficultyStatus
WEB = "web"


def send(fields: dict[str, Any]) -> tuple[Any, bool]:
    return services.difficulty_report(fields=fields, by=AnonymousUser(), source=WEB)


def test_the_same_report_twice_gives_the_same_code_and_the_link_again(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    fields = report_fields()
    with django_capture_on_commit_callbacks(execute=True):
        first, created = send(fields)
    assert created and len(mail.outbox) == 1
    again = {**fields, "description": "  " + fields["description"].upper() + " "}
    again["email"] = fields["email"].upper()
    with django_capture_on_commit_callbacks(execute=True):
        second, created = send(again)
    assert not created
    assert second.tracking_code == first.tracking_code
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == [fields["email"]]
    assert first.tracking_code in mail.outbox[1].subject


def test_a_confirmed_report_sent_again_is_not_confirmed_again(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    fields = report_fields()
    first, _created = send(fields)
    services.difficulty_confirm_by_link(difficulty=first, source=WEB)
    with django_capture_on_commit_callbacks(execute=True):
        second, created = send(fields)
    assert (second.pk, created, second.status) == (first.pk, False, S.REPORTED)
    (message,) = mail.outbox  # its code, to its own address; no confirmation link
    assert first.tracking_code in message.body
    assert "/signaler/confirmer/" not in message.body


def test_a_report_needs_consent_and_a_contact(cast: dict[str, Any]) -> None:
    with pytest.raises(ConditionsUnmet) as refused:
        send(report_fields(consent=False))
    assert list(refused.value.fields) == ["consent"]
    with pytest.raises(ConditionsUnmet) as refused:
        send(report_fields(email="", phone=""))
    assert refused.value.fields["email"] == [
        "Donnez une adresse e-mail ou un numéro de téléphone pour la réponse."
    ]


def test_the_paris_focal_point_records_a_report_of_france(focal_paris: User) -> None:
    difficulty = services.difficulty_record(
        fields=report_fields(email="", phone="+33 6 00 00 00 01"), by=focal_paris, source=WEB
    )
    assert difficulty.status == S.REPORTED
    assert difficulty.recorded_by == focal_paris
    assert difficulty.embassy is not None and difficulty.embassy.code == "paris"
    assert difficulty.reported_at is not None


def test_the_paris_focal_point_does_not_record_a_report_of_germany(focal_paris: User) -> None:
    with pytest.raises(ConditionsUnmet) as refused:
        services.difficulty_record(fields=report_fields(country="DE"), by=focal_paris, source=WEB)
    assert refused.value.fields == {
        "country": [
            "Ce pays n'est pas dans la juridiction de votre ambassade : choisissez-en un autre."
        ]
    }


def test_an_officer_records_a_report_no_embassy_covers(officer: User) -> None:
    difficulty = services.difficulty_record(
        fields=report_fields(country="SN"), by=officer, source=WEB
    )
    assert (difficulty.status, difficulty.embassy) == (S.REPORTED, None)


@pytest.mark.parametrize("persona", ["auditor", "assoc_paris"])
def test_others_record_nothing(cast: dict[str, Any], persona: str) -> None:
    with pytest.raises(NotAllowed):
        services.difficulty_record(fields=report_fields(), by=cast["users"][persona], source=WEB)
