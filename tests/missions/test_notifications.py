"""Who each mission mail goes to, once, after the commit, with the link to its page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from missions import services
from missions.choices import MissionStatus
from missions.models import Mission
from processes.transitions import ConditionsUnmet
from tests.matrix import recipients
from tests.missions.builders import expert_of, make_mission, make_need

pytestmark = pytest.mark.django_db
M = MissionStatus
WEB = "web"
EXPERT = ["expert_paris@example.org"]
HOST = ["contact@univ-lome.example.org", "univ_lome@example.org"]


def page(mission: Mission, anchor: str = "") -> str:
    return f"{settings.SITE_URL.rstrip('/')}/missions/missions/{mission.pk}/" + (
        f"#{anchor}" if anchor else ""
    )


@pytest.fixture
def mailed(mailoutbox: list[Any], django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run `action` and return the mails it sent once its transaction committed."""

    def run(action: Callable[[], Any]) -> list[Any]:
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return list(mailoutbox)

    return run


def test_the_invitation_goes_to_the_expert(mailed: Any, officer: User) -> None:
    need = make_need()
    (mail,) = mailed(
        lambda: services.mission_invite(
            need=need, expert=expert_of("expert_paris"), by=officer, source=WEB
        )
    )
    mission = need.missions.get()
    assert mail.to == EXPERT
    assert mail.subject == "Invitation à une mission de volontariat"
    assert "Vous êtes invité(e) à la mission" in mail.body
    assert mail.body.rstrip().endswith(page(mission))


def test_a_new_application_goes_to_the_host(mailed: Any, expert_paris: User) -> None:
    need = make_need()
    mails = mailed(lambda: services.mission_apply(need=need, by=expert_paris, source=WEB))
    assert recipients(mails) == HOST
    assert {m.subject for m in mails} == {"Nouvelle candidature"}
    assert "Kodjovi Afanou est candidat(e) à votre demande" in mails[0].body
    assert page(need.missions.get()) in mails[0].body


def test_the_selection_goes_to_the_expert(mailed: Any, univ_lome: User) -> None:
    mission = make_mission(M.SHORTLISTED)
    (mail,) = mailed(lambda: services.mission_select(mission=mission, by=univ_lome, source=WEB))
    assert (mail.to, mail.subject) == (EXPERT, "Vous êtes retenu(e) pour une mission")


def test_the_approval_goes_to_both_with_the_mission_order(mailed: Any, officer: User) -> None:
    mission = make_mission(M.SELECTED)
    mails = mailed(lambda: services.mission_approve(mission=mission, by=officer, source=WEB))
    assert recipients(mails) == sorted(EXPERT + HOST)
    to_expert = next(m for m in mails if m.to == EXPERT)
    assert "Votre ordre de mission est sur la page de la mission" in to_expert.body
    assert page(mission, "documents") in to_expert.body


def test_the_certification_goes_to_the_expert(mailed: Any, officer: User) -> None:
    mission = make_mission(M.REPORTED)
    services.mission_report(
        mission=mission,
        report="Bien.",
        rating=4,
        by=User.objects.get(username="univ_lome"),
        source=WEB,
    )
    (mail,) = mailed(lambda: services.mission_certify(mission=mission, by=officer, source=WEB))
    assert (mail.to, mail.subject) == (EXPERT, "Votre mission est attestée")
    assert page(mission, "documents") in mail.body


def test_a_withdrawal_goes_to_the_host(mailed: Any, expert_paris: User) -> None:
    mission = make_mission(M.SELECTED)
    mails = mailed(lambda: services.mission_withdraw(mission=mission, by=expert_paris, source=WEB))
    assert recipients(mails) == HOST
    assert "Kodjovi Afanou a retiré sa candidature" in mails[0].body


def test_a_cancellation_goes_to_both_with_its_reason(mailed: Any, officer: User) -> None:
    mission = make_mission(M.APPROVED)
    mails = mailed(
        lambda: services.mission_cancel(mission=mission, comment="Grève.", by=officer, source=WEB)
    )
    assert recipients(mails) == sorted(EXPERT + HOST)
    assert all(m.body.split("\n")[0].endswith("est annulée : Grève.") for m in mails)


def test_a_cancelled_need_tells_its_experts(mailed: Any, univ_lome: User) -> None:
    mission = make_mission(M.APPLIED)
    (mail,) = mailed(
        lambda: services.need_cancel(need=mission.need, comment="Budget.", by=univ_lome, source=WEB)
    )
    assert mail.to == EXPERT
    assert "La demande est annulée : Budget." in mail.body


def test_a_refused_transition_mails_nobody(mailed: Any, officer: User) -> None:
    mission = make_mission(M.APPROVED)

    def cancel_without_reason() -> None:
        with pytest.raises(ConditionsUnmet):
            services.mission_cancel(mission=mission, comment="", by=officer, source=WEB)

    assert mailed(cancel_without_reason) == []
