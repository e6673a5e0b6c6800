"""What the missions keep from the eyes that should not read it: a cancelled
invitation's contacts, other experts' refused candidacies, the candidates of a need
not published, a licence outside its readers, another jurisdiction's accounts."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from missions import access, matching, services
from missions.choices import MissionStatus, NeedStatus
from processes.transitions import ActionRefused
from registry.models import Embassy
from registry.services import expert_update
from tests.missions.builders import expert_of, make_mission, make_need

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_a_cancelled_invitation_shows_the_host_no_contact(
    client_for: Any, univ_lome: Any, api_for: Any
) -> None:
    invited = make_mission(MissionStatus.INVITED, expert_user="expert_paris")
    need = services.need_cancel(
        need=invited.need, comment="Plus nécessaire.", by=univ_lome, source="web"
    )
    invited.refresh_from_db()
    assert invited.status == MissionStatus.CANCELLED
    email = expert_of("expert_paris").email
    web = client_for(univ_lome)

    mission_page = web.get(invited.get_absolute_url())
    candidates = web.get(reverse("missions:need_candidates", args=[need.pk]))
    answer = api_for(univ_lome).get(f"/api/v1/missions/{invited.pk}/").json()

    assert mission_page.status_code == 200 and email not in _text(mission_page)
    assert candidates.status_code == 200 and email not in _text(candidates)
    assert "email" not in answer["expert"]


def test_the_candidates_of_a_need_not_published_are_none(api_for: Any, univ_lome: Any) -> None:
    submitted = make_need(NeedStatus.SUBMITTED)
    published = make_need(NeedStatus.PUBLISHED)
    api = api_for(univ_lome)

    assert api.get(f"/api/v1/mission-needs/{published.pk}/candidates/").json()
    answer = api.get(f"/api/v1/mission-needs/{submitted.pk}/candidates/")

    assert answer.status_code == 200 and answer.json() == []


def test_an_expert_whose_invitation_was_declined_is_no_candidate_again(
    client_for: Any, officer: Any
) -> None:
    need = make_need(NeedStatus.PUBLISHED)
    invited = make_mission(MissionStatus.INVITED, need=need, expert_user="expert_paris")
    paris = expert_of("expert_paris")
    assert paris.pk not in {c.expert.pk for c in matching.rank_candidates(need)}
    services.mission_decline(
        mission=invited, by=User.objects.get(username="expert_paris"), source="web"
    )

    assert paris.pk not in {c.expert.pk for c in matching.rank_candidates(need)}
    page = client_for(officer).get(reverse("missions:need_candidates", args=[need.pk]))
    assert f'value="{paris.pk}"' not in page.content.decode()


def test_an_expert_linked_to_another_account_is_verified_again(officer: Any) -> None:
    paris = expert_of("expert_paris")
    assert paris.account_verified_at is not None
    newcomer = User.objects.create_user("paris_bis")

    expert_update(expert=paris, by=officer, source="web", user=newcomer)

    paris.refresh_from_db()
    assert (paris.account_verified_at, paris.account_verified_by) == (None, None)
    assert access.expert_of(User.objects.get(pk=newcomer.pk)) is None


def test_an_expert_moved_to_another_embassy_is_verified_again(officer: Any) -> None:
    paris = expert_of("expert_paris")
    brussels = Embassy.objects.get(code="bruxelles")

    expert_update(expert=paris, by=officer, source="web", embassy=brussels)

    paris.refresh_from_db()
    assert paris.account_verified_at is None
    assert access.expert_of(User.objects.get(username="expert_paris")) is None


def test_another_experts_refused_application_stays_out_of_the_needs_history(
    client_for: Any, api_for: Any, expert_paris: Any, doctor_brussels: Any, officer: Any
) -> None:
    need = make_need(NeedStatus.PUBLISHED, domains=("ict",))
    with pytest.raises(ActionRefused):
        services.mission_apply(need=need, by=doctor_brussels, source="web")
    doctor = expert_of("doctor_brussels").full_name

    page = _text(client_for(expert_paris).get(reverse("missions:need_detail", args=[need.pk])))
    history = api_for(expert_paris).get(f"/api/v1/mission-needs/{need.pk}/history/").json()
    seen_by_officer = api_for(officer).get(f"/api/v1/mission-needs/{need.pk}/history/").json()

    assert doctor not in page
    assert [row for row in history if row["outcome"] == "refused"] == []
    refused = [row["transition"] for row in seen_by_officer if row["outcome"] == "refused"]
    assert refused == ["apply"]
    officer_page = client_for(officer).get(reverse("missions:need_detail", args=[need.pk]))
    assert doctor in _text(officer_page)
