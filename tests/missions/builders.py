"""Mission needs and missions in any state, built through the services by the persona
whose job it is (tests/conftest.py's demo cast must be loaded: the `cast` fixture)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from audit.models import Source
from missions import services
from missions.choices import LicenceStatus, MissionStatus, NeedStatus
from missions.models import HostInstitution, Mission, MissionNeed, ProfessionalLicence
from missions.transitions import MISSION_TRANSITIONS, MissionTransition
from registry.models import CompetenceDomain, Expert

SOURCE = Source.COMMAND
_titles = itertools.count(1)

# The path to each need state from a draft, and the persona firing each step.
NEED_PATH = {
    NeedStatus.DRAFT: [],
    NeedStatus.SUBMITTED: ["submit"],
    NeedStatus.PUBLISHED: ["submit", "publish"],
    NeedStatus.CANCELLED: ["cancel"],
}
# The path to each mission state from an application (`invited` starts elsewhere).
MISSION_PATH = {
    MissionStatus.APPLIED: [],
    MissionStatus.SHORTLISTED: ["shortlist"],
    MissionStatus.SELECTED: ["shortlist", "select"],
    MissionStatus.APPROVED: ["shortlist", "select", "approve"],
    MissionStatus.IN_PROGRESS: ["shortlist", "select", "approve", "start"],
    MissionStatus.REPORTED: ["shortlist", "select", "approve", "start", "report_expert"],
    MissionStatus.CERTIFIED: [
        "shortlist",
        "select",
        "approve",
        "start",
        "report_expert",
        "report_host",
        "certify",
    ],
    MissionStatus.DECLINED: ["decline"],
    MissionStatus.WITHDRAWN: ["withdraw"],
    MissionStatus.CANCELLED: ["cancel"],
}
HOSTS = {"univ_lome": "Université de Lomé", "chr_kara": "CHR de Kara"}
EXPERTS = {"expert_paris": "teaching", "doctor_brussels": "medical"}


def user(username: str) -> User:
    return User.objects.get(username=username)


def host_of(username: str) -> HostInstitution:
    return HostInstitution.objects.get(name=HOSTS[username])


def expert_of(username: str) -> Expert:
    return Expert.objects.get(user__username=username)


def make_need(
    state: str = NeedStatus.PUBLISHED,
    *,
    host: str = "univ_lome",
    kind: str = "teaching",
    domains: tuple[str, ...] = ("ict", "teaching", "medicine"),
    starts_on: date | None = None,
    days: int = 14,
    volunteers: int = 2,
    **fields: Any,
) -> MissionNeed:
    """A need of `host` (its user creates it), brought to `state` (`staffed` and
    `closed` too: through approved and certified missions)."""
    institution = host_of(host)
    # Each need its own weeks (an expert's approved missions must not overlap), within
    # the dates a need may take however many needs a session builds.
    start = starts_on or timezone.localdate() + timedelta(days=30 + next(_titles) % 60 * 40)
    values = {
        "title": f"Mission {kind} n° {next(_titles)}",
        "kind": kind,
        "discipline": "Informatique" if kind == "teaching" else "Chirurgie",
        "description": "Description de la mission.",
        "place": institution.city,
        "region": institution.region,
        "prefecture": institution.prefecture,
        "starts_on": start,
        "ends_on": start + timedelta(days=days - 1),
        "languages": ["fr"],
        "volunteers": volunteers,
        "host_provides": ["lodging"],
        "ministry_covers": ["travel"],
        **fields,
    }
    need = services.need_create(
        host=institution,
        fields=values,
        domains=CompetenceDomain.objects.filter(code__in=domains),
        by=user(host),
        source=SOURCE,
    )
    if state == NeedStatus.STAFFED:
        need = make_need_published_then(need, host, fill=True)
        return need
    if state == NeedStatus.CLOSED:
        need = make_need_published_then(need, host, fill=False)
        return services.need_close(need=need, by=user("officer"), source=SOURCE)
    for step in NEED_PATH[NeedStatus(state)]:
        if step == "submit":
            need = services.need_submit(need=need, by=user(host), source=SOURCE)
        elif step == "publish":
            need = services.need_publish(need=need, by=user("officer"), source=SOURCE)
        elif step == "cancel":
            need = services.need_cancel(
                need=need, comment="Plus nécessaire.", by=user(host), source=SOURCE
            )
    return need


def make_need_published_then(need: MissionNeed, host: str, *, fill: bool) -> MissionNeed:
    need = services.need_submit(need=need, by=user(host), source=SOURCE)
    need = services.need_publish(need=need, by=user("officer"), source=SOURCE)
    if fill:
        for _ in range(need.volunteers):
            make_mission(MissionStatus.APPROVED, need=need, expert=_fresh_expert(need))
        need.refresh_from_db()
    return need


def _fresh_expert(need: MissionNeed) -> Expert:
    """A consenting expert holding the need's domains (for filling its places)."""
    n = next(_titles)
    expert = Expert.objects.create(
        first_name="Volontaire",
        last_name=f"N{n}",
        country="FR",
        city="Lyon",
        profession="Enseignant",
        education_level="doctorate",
        consent_listed=True,
    )
    expert.competences.set(need.domains.all())
    return expert


def make_mission(
    state: str = MissionStatus.APPLIED,
    *,
    need: MissionNeed | None = None,
    expert: Expert | None = None,
    expert_user: str = "expert_paris",
    host: str | None = None,
) -> Mission:
    """A mission brought to `state` by its personas: `expert_user` applies (or is
    invited, for `invited`), the need's host chooses, the officer decides. A medical
    need's expert gets its licence checked first when the path goes through approval."""
    if need is None:
        kind = EXPERTS.get(expert_user, "teaching")
        need = make_need(
            NeedStatus.PUBLISHED,
            host=host or ("chr_kara" if kind == "medical" else "univ_lome"),
            kind=kind,
        )
    host_user = next(name for name, title in HOSTS.items() if title == need.host.name)
    officer = user("officer")
    if expert is None:
        expert = expert_of(expert_user)
    if state == MissionStatus.INVITED:
        return services.mission_invite(need=need, expert=expert, by=officer, source=SOURCE)
    if expert.user_id is not None and expert.account_verified_at is not None:
        mission = services.mission_apply(need=need, by=expert.user, source=SOURCE)
    else:
        # An expert with no account: invited, and its acceptance recorded by the officer
        # (a builder's shortcut: no page or API lets anyone else accept).
        mission = services.mission_invite(need=need, expert=expert, by=officer, source=SOURCE)
        mission = MISSION_TRANSITIONS.run(
            mission, MissionTransition.ACCEPT, by=officer, source=SOURCE, cascade=True
        )
    path = MISSION_PATH[MissionStatus(state)]
    if "approve" in path and need.kind == "medical":
        _check_licence(expert)
    for step in path:
        mission = _step(mission, step, host_user, officer)
    return mission


def _check_licence(expert: Expert) -> None:
    if expert.licences.filter(status=LicenceStatus.CHECKED).exists():
        return
    licence = ProfessionalLicence.objects.create(
        expert=expert, country="BE", number=f"LIC-{next(_titles)}", profession="Médecin"
    )
    services.licence_check(licence=licence, by=user("officer"), source=SOURCE)


def _step(mission: Mission, step: str, host_user: str, officer: User) -> Mission:
    by = {"source": SOURCE}
    expert_user = mission.expert.user or officer
    if step == "shortlist":
        return services.mission_shortlist(mission=mission, by=user(host_user), **by)
    if step == "select":
        return services.mission_select(mission=mission, by=user(host_user), **by)
    if step == "approve":
        return services.mission_approve(mission=mission, by=officer, **by)
    if step == "start":
        return services.mission_start(mission=mission, by=user(host_user), **by)
    if step == "report_expert":
        return services.mission_report(
            mission=mission, report="Cours donnés.", students=30, rating=5, by=expert_user, **by
        )
    if step == "report_host":
        return services.mission_report(
            mission=mission,
            report="Mission utile.",
            students=30,
            rating=4,
            by=user(host_user),
            **by,
        )
    if step == "certify":
        return services.mission_certify(mission=mission, by=officer, **by)
    if step == "decline":
        return services.mission_decline(mission=mission, by=user(host_user), **by)
    if step == "withdraw":
        return services.mission_withdraw(mission=mission, by=expert_user, **by)
    if step == "cancel":
        return services.mission_cancel(mission=mission, comment="Annulée.", by=officer, **by)
    raise ValueError(step)
