"""Candidacies: the expert's consent and domains for applying, being invited and
accepting; one per expert and need; who chooses; each refusal in words."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from audit.models import HistoryEntry, Outcome
from missions import services
from missions.choices import MissionStatus, NeedStatus
from missions.models import Mission, MissionNeed
from processes.transitions import ConditionsUnmet, NotAllowed
from registry.models import CompetenceDomain, Expert
from tests.missions.builders import expert_of, make_mission, make_need

pytestmark = pytest.mark.django_db
M = MissionStatus
WEB = "web"
NO_CONSENT = "L'expert doit accepter de figurer dans le répertoire RECOATEX"
NO_DOMAIN = "Les domaines de compétence de l'expert ne comprennent aucun"


def paris() -> Expert:
    return expert_of("expert_paris")


def foreign_need() -> MissionNeed:
    """A published need in a domain expert_paris does not hold."""
    held = set(paris().competences.values_list("code", flat=True))
    code = CompetenceDomain.objects.exclude(code__in=held).values_list("code", flat=True)[0]
    return make_need(domains=(code,))


def apply(need: MissionNeed, user: User) -> Mission:
    return services.mission_apply(need=need, by=user, source=WEB, motivation=" Motivé. ")


def invite(need: MissionNeed, officer: User) -> Mission:
    return services.mission_invite(need=need, expert=paris(), by=officer, source=WEB)


def test_the_expert_applies_with_a_history_row(expert_paris: User) -> None:
    need = make_need()
    mission = apply(need, expert_paris)
    assert (mission.status, mission.expert, mission.motivation) == (M.APPLIED, paris(), "Motivé.")
    row = HistoryEntry.objects.for_object(mission).get()
    assert (row.action, row.by, row.source, row.target_state) == (
        "apply",
        expert_paris,
        WEB,
        M.APPLIED,
    )


@pytest.mark.parametrize("how", ["apply", "invite"])
def test_no_candidacy_without_the_consent_to_be_listed(
    expert_paris: User, officer: User, how: str
) -> None:
    Expert.objects.filter(pk=paris().pk).update(consent_listed=False)
    need = make_need()
    with pytest.raises(ConditionsUnmet, match=NO_CONSENT):
        apply(need, expert_paris) if how == "apply" else invite(need, officer)
    assert not need.missions.exists()
    row = HistoryEntry.objects.for_object(need).latest("id")
    assert (row.action, row.outcome) == (how, Outcome.REFUSED)


@pytest.mark.parametrize("how", ["apply", "invite"])
def test_no_candidacy_without_one_of_the_needs_domains(
    expert_paris: User, officer: User, how: str
) -> None:
    need = foreign_need()
    with pytest.raises(ConditionsUnmet, match=NO_DOMAIN):
        apply(need, expert_paris) if how == "apply" else invite(need, officer)
    assert not need.missions.exists()


@pytest.mark.parametrize("state", [NeedStatus.DRAFT, NeedStatus.SUBMITTED, NeedStatus.CANCELLED])
def test_no_candidacy_on_a_need_not_published(
    expert_paris: User, officer: User, state: str
) -> None:
    need = make_need(state)
    with pytest.raises(ConditionsUnmet, match="n'est pas ouverte aux candidatures"):
        apply(need, expert_paris)
    with pytest.raises(ConditionsUnmet, match="n'est pas ouverte aux candidatures"):
        invite(need, officer)


def test_one_candidacy_per_expert_and_need(expert_paris: User, officer: User) -> None:
    need = make_need()
    apply(need, expert_paris)
    with pytest.raises(ConditionsUnmet, match="déjà candidat ou invité"):
        apply(need, expert_paris)
    with pytest.raises(ConditionsUnmet, match="déjà candidat ou invité"):
        invite(need, officer)
    assert need.missions.count() == 1


@pytest.mark.parametrize("persona", ["univ_lome", "officer", "focal_paris", "auditor"])
def test_only_a_verified_expert_applies(cast: dict[str, Any], persona: str) -> None:
    need = make_need()
    with pytest.raises(NotAllowed, match="Seul un expert dont le compte est vérifié"):
        apply(need, User.objects.get(username=persona))
    assert not need.missions.exists()


def test_an_unverified_account_does_not_apply(expert_paris: User) -> None:
    Expert.objects.filter(pk=paris().pk).update(account_verified_at=None)
    with pytest.raises(NotAllowed):
        apply(make_need(), User.objects.get(pk=expert_paris.pk))


@pytest.mark.parametrize("persona", ["univ_lome", "expert_paris", "auditor"])
def test_only_an_officer_invites(cast: dict[str, Any], persona: str) -> None:
    need = make_need()
    with pytest.raises(NotAllowed, match="Seul un chargé de programme invite"):
        invite(need, User.objects.get(username=persona))


def test_the_invited_expert_accepts(expert_paris: User, officer: User) -> None:
    mission = invite(make_need(), officer)
    assert mission.invited_by == officer
    mission = services.mission_accept(mission=mission, by=expert_paris, source=WEB)
    assert mission.status == M.APPLIED


@pytest.mark.parametrize("lost", ["consent", "domains"])
def test_the_rules_are_checked_again_on_acceptance(
    expert_paris: User, officer: User, lost: str
) -> None:
    mission = invite(make_need(), officer)
    if lost == "consent":
        Expert.objects.filter(pk=paris().pk).update(consent_listed=False)
    else:
        paris().competences.clear()
    with pytest.raises(ConditionsUnmet, match=NO_CONSENT if lost == "consent" else NO_DOMAIN):
        services.mission_accept(mission=mission, by=expert_paris, source=WEB)
    mission.refresh_from_db()
    assert mission.status == M.INVITED


@pytest.mark.parametrize("persona", ["doctor_brussels", "univ_lome", "officer"])
def test_only_the_invited_expert_answers(officer: User, persona: str) -> None:
    mission = invite(make_need(), officer)
    with pytest.raises(NotAllowed, match="Seul l'expert invité"):
        services.mission_accept(mission=mission, by=User.objects.get(username=persona), source=WEB)


def test_the_invited_expert_declines(expert_paris: User, officer: User) -> None:
    mission = invite(make_need(), officer)
    mission = services.mission_decline(
        mission=mission, comment="Pas disponible.", by=expert_paris, source=WEB
    )
    assert (mission.status, mission.closing_reason) == (M.DECLINED, "Pas disponible.")


def test_the_host_chooses_not_another_host(univ_lome: User, chr_kara: User) -> None:
    mission = make_mission(M.APPLIED)
    with pytest.raises(NotAllowed, match="Seul l'établissement demandeur"):
        services.mission_shortlist(mission=mission, by=chr_kara, source=WEB)
    with pytest.raises(NotAllowed, match="Seul l'établissement demandeur retient"):
        services.mission_select(mission=mission, by=chr_kara, source=WEB)
    mission = services.mission_shortlist(mission=mission, by=univ_lome, source=WEB)
    mission = services.mission_select(mission=mission, by=univ_lome, source=WEB)
    assert mission.status == M.SELECTED


def test_no_choice_once_the_need_is_staffed(univ_lome: User, cast: dict[str, Any]) -> None:
    need = make_need(volunteers=1)
    waiting = make_mission(M.APPLIED, need=need)
    make_mission(M.APPROVED, need=need, expert=expert_of("doctor_brussels"))
    for choose in (services.mission_shortlist, services.mission_select):
        with pytest.raises(ConditionsUnmet, match="ne prend plus de candidat"):
            choose(mission=waiting, by=univ_lome, source=WEB)
    waiting.refresh_from_db()
    assert waiting.status == M.APPLIED
