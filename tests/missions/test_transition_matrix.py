"""Who may fire each transition of the volunteering missions, over HTTP (docs/missions.md).

Every need, mission and licence transition, from every state it leaves, is fired by
every persona of the demo cast at an object brought to that state through the
services, as tests/matrix.py describes:

- a need: the Université de Lomé's (univ_lome) over the API, the CHR de Kara's
  (chr_kara) through the page, where the two hosts swap columns;
- a mission: expert_paris's, on a need of the Université de Lomé, over the API;
  doctor_brussels's, on a medical need of the CHR de Kara, through the page, where
  the two experts and the two hosts swap columns; the Paris focal point sees the
  first (its jurisdiction's expert) and not the second;
- a licence (its transitions have a page only): doctor_brussels's, waiting for the
  officer's check; the Paris focal point does not see it.

The `staff` and `reopen` need transitions are fired by a mission's approval,
withdrawal or cancellation, never by hand (test_nobody_fires_staff_or_reopen).
Once done, exactly the people the row names are mailed.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.forms.models import model_to_dict
from django_fsm import get_all_FIELD_transitions

from audit.models import HistoryEntry, Outcome
from audit.models import Source as Channel
from documents.models import StoredDocument
from missions import services
from missions.choices import LicenceStatus, MissionStatus, NeedStatus
from missions.models import Mission, MissionNeed, ProfessionalLicence
from missions.transitions import LICENCE_TRANSITIONS, MISSION_TRANSITIONS, NEED_TRANSITIONS
from tests.matrix import PAGE, PERSONAS, Kind, Row, matrix_test
from tests.missions.builders import expert_of, make_mission, make_need, user

N = NeedStatus
M = MissionStatus
L = LicenceStatus

# Who is told: the expert (its profile's and its account's addresses) and the host (its
# institution's address and its members').
EXPERT, HOST = "expert", "host"
NOBODY: tuple[str, ...] = ()

# `staffed_done`: staffed by one mission, certified (nothing under way: it may close);
# `reported_both`: reported by the expert and by the host (it may be certified);
# `reported`: reported by the expert, who is not offered a second report (400).
# fmt: off
NEED_MATRIX = [
    #                                                par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm  # noqa: E501
    Row("submit", N.DRAFT,                          "404 404 403 404 404 404 404 404 404 404 404 404 403 200 404 404 404 404", NOBODY),  # noqa: E501
    Row("send_back", N.SUBMITTED,                   "404 404 200 404 404 404 404 404 404 404 404 404 403 403 404 404 404 404", NOBODY),  # noqa: E501
    Row("publish", N.SUBMITTED,                     "404 404 200 404 404 404 404 404 404 404 404 404 403 403 404 404 404 404", NOBODY),  # noqa: E501
    Row("close", N.PUBLISHED,                       "404 404 200 404 404 404 404 404 404 404 404 404 403 403 404 403 403 404", NOBODY),  # noqa: E501
    Row("close", "staffed_done",                    "404 404 200 404 404 404 404 404 404 404 404 403 403 403 404 403 404 404", NOBODY),  # noqa: E501
    Row("cancel", N.DRAFT,                          "404 404 200 404 404 404 404 404 404 404 404 404 403 200 404 404 404 404", NOBODY, by="univ_lome"),  # noqa: E501
    Row("cancel", N.SUBMITTED,                      "404 404 200 404 404 404 404 404 404 404 404 404 403 200 404 404 404 404", NOBODY, by="univ_lome"),  # noqa: E501
    Row("cancel", N.PUBLISHED,                      "404 404 200 404 404 404 404 404 404 404 404 404 403 200 404 403 403 404", NOBODY, by="officer"),  # noqa: E501
    Row("cancel", N.STAFFED,                        "404 404 200 404 404 404 404 404 404 404 404 404 403 403 404 404 404 404", NOBODY),  # noqa: E501
]
MISSION_MATRIX = [
    #                                                par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm  # noqa: E501
    Row("accept", M.INVITED,                        "404 404 403 404 404 404 404 404 404 404 404 403 403 403 404 200 404 404", NOBODY),  # noqa: E501
    Row("shortlist", M.APPLIED,                     "404 404 200 404 404 404 404 404 404 404 404 403 403 200 404 403 404 404", NOBODY, by="univ_lome"),  # noqa: E501
    Row("select", M.APPLIED,                        "404 404 403 404 404 404 404 404 404 404 404 403 403 200 404 403 404 404", (EXPERT,)),  # noqa: E501
    Row("select", M.SHORTLISTED,                    "404 404 403 404 404 404 404 404 404 404 404 403 403 200 404 403 404 404", (EXPERT,)),  # noqa: E501
    Row("approve", M.SELECTED,                      "404 404 200 404 404 404 404 404 404 404 404 403 403 403 404 403 404 404", (EXPERT, HOST)),  # noqa: E501
    Row("start", M.APPROVED,                        "404 404 200 404 404 404 404 404 404 404 404 403 403 200 404 403 404 404", NOBODY, by="univ_lome"),  # noqa: E501
    Row("report", M.IN_PROGRESS,                    "404 404 403 404 404 404 404 404 404 404 404 403 403 200 404 200 404 404", NOBODY, by="expert_paris"),  # noqa: E501
    Row("report", M.IN_PROGRESS,                    "404 404 403 404 404 404 404 404 404 404 404 403 403 200 404 200 404 404", NOBODY, by="univ_lome"),  # noqa: E501
    Row("report", M.REPORTED,                       "404 404 403 404 404 404 404 404 404 404 404 403 403 200 404 400 404 404", NOBODY),  # noqa: E501
    Row("certify", "reported_both",                 "404 404 200 404 404 404 404 404 404 404 404 403 403 403 404 403 404 404", (EXPERT,)),  # noqa: E501
    Row("decline", M.INVITED,                       "404 404 403 404 404 404 404 404 404 404 404 403 403 403 404 200 404 404", NOBODY),  # noqa: E501
    Row("decline", M.APPLIED,                       "404 404 200 404 404 404 404 404 404 404 404 403 403 200 404 403 404 404", NOBODY, by="univ_lome"),  # noqa: E501
    Row("decline", M.SHORTLISTED,                   "404 404 200 404 404 404 404 404 404 404 404 403 403 200 404 403 404 404", NOBODY, by="officer"),  # noqa: E501
    Row("withdraw", M.APPLIED,                      "404 404 403 404 404 404 404 404 404 404 404 403 403 403 404 200 404 404", (HOST,)),  # noqa: E501
    Row("withdraw", M.SHORTLISTED,                  "404 404 403 404 404 404 404 404 404 404 404 403 403 403 404 200 404 404", (HOST,)),  # noqa: E501
    Row("withdraw", M.SELECTED,                     "404 404 403 404 404 404 404 404 404 404 404 403 403 403 404 200 404 404", (HOST,)),  # noqa: E501
    Row("withdraw", M.APPROVED,                     "404 404 403 404 404 404 404 404 404 404 404 403 403 403 404 200 404 404", (HOST,)),  # noqa: E501
    Row("cancel", M.INVITED,                        "404 404 200 404 404 404 404 404 404 404 404 403 403 403 404 403 404 404", (EXPERT, HOST)),  # noqa: E501
    Row("cancel", M.APPLIED,                        "404 404 200 404 404 404 404 404 404 404 404 403 403 403 404 403 404 404", (EXPERT, HOST)),  # noqa: E501
    Row("cancel", M.SHORTLISTED,                    "404 404 200 404 404 404 404 404 404 404 404 403 403 403 404 403 404 404", (EXPERT, HOST)),  # noqa: E501
    Row("cancel", M.SELECTED,                       "404 404 200 404 404 404 404 404 404 404 404 403 403 403 404 403 404 404", (EXPERT, HOST)),  # noqa: E501
    Row("cancel", M.APPROVED,                       "404 404 200 404 404 404 404 404 404 404 404 403 403 403 404 403 404 404", (EXPERT, HOST)),  # noqa: E501
    Row("cancel", M.IN_PROGRESS,                    "404 404 200 404 404 404 404 404 404 404 404 403 403 403 404 403 404 404", (EXPERT, HOST)),  # noqa: E501
    Row("cancel", M.REPORTED,                       "404 404 200 404 404 404 404 404 404 404 404 403 403 403 404 403 404 404", (EXPERT, HOST)),  # noqa: E501
]
LICENCE_MATRIX = [
    #                                                par bru off ev1 ev2 ev3 com fin cw1 cw2 sup foc aud uni chr exp doc adm  # noqa: E501
    Row("check_licence", L.PENDING,                 "404 404 200 404 404 404 404 404 404 404 404 403 403 404 404 403 404 404", NOBODY),  # noqa: E501
    Row("refuse_licence", L.PENDING,                "404 404 200 404 404 404 404 404 404 404 404 403 403 404 404 403 404 404", NOBODY),  # noqa: E501
]

# fmt: on

NEED_TARGETS = {
    "submit": N.SUBMITTED,
    "send_back": N.DRAFT,
    "publish": N.PUBLISHED,
    "close": N.CLOSED,
    "cancel": N.CANCELLED,
}
MISSION_TARGETS = {
    "accept": M.APPLIED,
    "shortlist": M.SHORTLISTED,
    "select": M.SELECTED,
    "approve": M.APPROVED,
    "start": M.IN_PROGRESS,
    "report": M.REPORTED,
    "certify": M.CERTIFIED,
    "decline": M.DECLINED,
    "withdraw": M.WITHDRAWN,
    "cancel": M.CANCELLED,
}
LICENCE_TARGETS = {"check_licence": L.CHECKED, "refuse_licence": L.REFUSED}

# What a refused persona reads: by transition (and state), else by the row's actor.
OFFICER_ONLY = "Seul un chargé de programme peut faire cela."
NEED_REFUSALS = {
    "officer": OFFICER_ONLY,
    "submit": "Seul l'établissement demandeur soumet sa demande.",
    "cancel": (
        "Seul le chargé de programme annule une demande pourvue ; "
        "l'établissement annule les autres."
    ),
}
MISSION_REFUSALS = {
    "officer": OFFICER_ONLY,
    "accept": "Seul l'expert invité répond à l'invitation.",
    "decline@invited": "Seul l'expert invité répond à l'invitation.",
    "shortlist": "Seul l'établissement demandeur choisit parmi les candidats.",
    "decline": "Seul l'établissement demandeur choisit parmi les candidats.",
    "select": "Seul l'établissement demandeur retient un candidat.",
    "start": "L'établissement d'accueil ou le chargé de programme démarre la mission.",
    "report": "Seuls l'expert et l'établissement d'accueil rendent un rapport.",
    "withdraw": "Seul l'expert retire sa candidature.",
    "check_licence": "Seul un chargé de programme vérifie une autorisation d'exercer.",
    "refuse_licence": "Seul un chargé de programme vérifie une autorisation d'exercer.",
}
# The experts' missions: each on a need of its own host.
HOST_OF = {"expert_paris": "univ_lome", "doctor_brussels": "chr_kara"}
EXPERT_AT = {host: expert for expert, host in HOST_OF.items()}
KIND = {"univ_lome": "teaching", "chr_kara": "medical"}


def need_in(state: str, host: str) -> MissionNeed:
    if state == "staffed_done":
        need = make_need(N.PUBLISHED, host=host, kind=KIND[host], volunteers=1)
        make_mission(M.CERTIFIED, need=need, expert_user=EXPERT_AT[host])
        need.refresh_from_db()
        assert need.status == N.STAFFED
        return need
    return make_need(state, host=host, kind=KIND[host])


def mission_in(state: str, expert: str) -> Mission:
    if state == "reported_both":
        mission = make_mission(M.REPORTED, expert_user=expert)
        return services.mission_report(
            mission=mission,
            report="Mission utile.",
            students=12,
            rating=4,
            by=user(HOST_OF[expert]),
            source=Channel.COMMAND,
        )
    return make_mission(state, expert_user=expert)


def licence_of(state: str, expert: str) -> ProfessionalLicence:
    assert state == L.PENDING
    return services.licence_add(
        country="BE",
        number="BE-4521",
        profession="Chirurgien",
        by=user(expert),
        source=Channel.COMMAND,
    )


def addresses(told: tuple[str, ...], obj: Mission) -> list[str]:
    """The addresses of `told`: the expert's and the host's, each once."""
    mailed: list[str] = []
    for who in told:
        if who == EXPERT:
            expert = obj.expert
            mailed += sorted({expert.email, expert.user.email if expert.user else ""} - {""})
        else:
            host = obj.need.host
            members = host.members.exclude(email="").values_list("email", flat=True)
            mailed += sorted({host.email, *members} - {""})
    return mailed


def history_of(*objects: Any) -> list[int]:
    return [
        pk
        for obj in objects
        for pk in HistoryEntry.objects.for_object(obj)
        .filter(outcome=Outcome.DONE)
        .values_list("pk", flat=True)
    ]


def need_snapshot(need: MissionNeed) -> dict[str, Any]:
    fresh = MissionNeed.objects.get(pk=need.pk)
    missions = list(fresh.missions.order_by("pk"))
    return {
        "need": model_to_dict(fresh),
        "missions": [model_to_dict(mission) for mission in missions],
        "history": history_of(fresh, *missions),
    }


def mission_snapshot(mission: Mission) -> dict[str, Any]:
    """Everything a transition could change: the mission, its reports and documents,
    its need and the history of both."""
    fresh = Mission.objects.get(pk=mission.pk)
    return {
        **need_snapshot(fresh.need),
        "reports": list(fresh.reports.values_list("author", "summary", "rating")),
        "documents": list(StoredDocument.objects.for_owner(fresh).values_list("kind", "version")),
    }


def licence_snapshot(licence: ProfessionalLicence) -> dict[str, Any]:
    fresh = ProfessionalLicence.objects.get(pk=licence.pk)
    return {"licence": model_to_dict(fresh), "history": history_of(fresh)}


NEEDS = Kind(
    route="missions:need",
    api="/api/v1/mission-needs/",
    build=need_in,
    inputs={"comment": "Motif de la décision."},
    targets=NEED_TARGETS,
    # A need's host, and the expert of its missions (the `staffed_done` need's).
    owners={
        "univ_lome": ("univ_lome", "expert_paris"),
        "chr_kara": ("chr_kara", "doctor_brussels"),
    },
    strangers=("focal_paris",),
    refusals=NEED_REFUSALS,
    snapshot=need_snapshot,
)
MISSIONS = NEEDS.like(
    route="missions:mission",
    api="/api/v1/missions/",
    build=mission_in,
    inputs={
        "comment": "Motif de la décision.",
        "report": "Cours d'algorithmique donnés.",
        "students": 24,
        "patients": 0,
        "difficulties": "",
        "rating": "5",
    },
    targets=MISSION_TARGETS,
    owners={
        "expert_paris": ("expert_paris", "univ_lome"),
        "doctor_brussels": ("doctor_brussels", "chr_kara"),
    },
    refusals=MISSION_REFUSALS,
    snapshot=mission_snapshot,
    addresses=addresses,
)
LICENCES = MISSIONS.like(
    route="missions:licence",
    build=licence_of,
    inputs={"comment": "Numéro confirmé auprès de l'ordre."},
    targets=LICENCE_TARGETS,
    owners={"expert_paris": "expert_paris", "doctor_brussels": "doctor_brussels"},
    snapshot=licence_snapshot,
    addresses=lambda told, obj: list(told),
    channels=(PAGE,),
)

test_who_fires_each_transition = matrix_test(
    need=(NEEDS, NEED_MATRIX),
    mission=(MISSIONS, MISSION_MATRIX),
    licence=(LICENCES, LICENCE_MATRIX),
)


def test_the_tables_cover_every_offered_transition_from_every_source_state() -> None:
    def pairs(model: type[Any]) -> set[tuple[str, str]]:
        field = model._meta.get_field("status")
        return {(t.name, str(t.source)) for t in get_all_FIELD_transitions(model(), field)}

    def source(row: Row) -> str:
        return {"staffed_done": N.STAFFED, "reported_both": M.REPORTED}.get(row.state, row.state)

    automatic = {(name, state) for name, state in pairs(MissionNeed) if name in ("staff", "reopen")}
    assert {(row.name, str(source(row))) for row in NEED_MATRIX} | automatic == pairs(MissionNeed)
    assert {(row.name, str(source(row))) for row in MISSION_MATRIX} == pairs(Mission)
    assert {(row.name, str(row.state)) for row in LICENCE_MATRIX} == pairs(ProfessionalLicence)
    assert set(NEED_TARGETS) == set(NEED_TRANSITIONS.offered_names)
    assert set(MISSION_TARGETS) == set(MISSION_TRANSITIONS.offered_names)
    assert set(LICENCE_TARGETS) == set(LICENCE_TRANSITIONS.offered_names)


@pytest.mark.parametrize("name", ["staff", "reopen"])
def test_nobody_fires_staff_or_reopen_by_hand(
    cast: dict[str, Any], api_for: Any, name: str
) -> None:
    need = make_need(N.PUBLISHED if name == "staff" else N.STAFFED, volunteers=1)
    before = need_snapshot(need)
    for persona in PERSONAS:
        response = api_for(cast["users"][persona]).post(
            f"/api/v1/mission-needs/{need.pk}/transitions/{name}/", {}, format="json"
        )
        assert response.status_code == 404, persona
    assert need_snapshot(need) == before


def test_an_expert_whose_account_is_not_verified_fires_nothing_on_its_missions(
    cast: dict[str, Any], api_for: Any
) -> None:
    """Until the focal point verifies the link, the expert's account is a stranger to the
    expert's own missions."""
    mission = make_mission(M.APPLIED)
    expert = expert_of("expert_paris")
    expert.account_verified_at = None
    expert.save(update_fields=["account_verified_at"])
    account = User.objects.get(username="expert_paris")
    response = api_for(account).post(
        f"/api/v1/missions/{mission.pk}/transitions/withdraw/", {}, format="json"
    )
    assert response.status_code == 404
    assert Mission.objects.get(pk=mission.pk).status == M.APPLIED
