"""Candidacies: an expert applies to a published need, or the officer invites one; the
invited expert accepts or declines; the host shortlists and selects; the expert may
withdraw until the mission starts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Unpack

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.models import Source
from audit.services import record_history
from missions import access, notifications
from missions.choices import MissionStatus, NeedStatus
from missions.models import Mission, MissionNeed
from missions.rules import held_places, need_open_problems
from missions.services.common import candidacy_problems
from missions.transitions import MISSION_TRANSITIONS, NEED_TRANSITIONS, NeedTransition
from missions.transitions import MissionTransition as T
from processes.comments import run_commented
from processes.firing import Firing
from processes.transitions import (
    ActionRefused,
    ConditionsUnmet,
    refusals_recorded,
    refuse_unless,
)
from registry.models import Expert

ALREADY = _("Cet expert est déjà candidat ou invité sur cette demande.")


def _create(
    need: MissionNeed,
    expert: Expert,
    action: str,
    by: AnyUser,
    source: Source | str,
    **fields: object,
) -> Mission:
    problems = candidacy_problems(need, expert)
    if problems:
        raise ConditionsUnmet(problems)
    try:
        with transaction.atomic():
            mission = Mission.objects.create(need=need, expert=expert, **fields)
            record_history(
                obj=mission, action=action, by=by, source=source, target_state=mission.status
            )
    except IntegrityError as exc:
        raise ConditionsUnmet([str(ALREADY)], fields={"need": [str(ALREADY)]}) from exc
    return mission


def mission_apply(
    *, need: MissionNeed, by: AnyUser, source: Source | str, motivation: str = ""
) -> Mission:
    """The signed-in expert's application to `need`."""
    refuse_unless(access.can_apply(by, need), obj=need, action="apply", by=by, source=source)
    expert = access.expert_of(by)
    assert expert is not None  # can_apply said so
    with refusals_recorded(need, "apply", by=by, source=source, refusals=(ConditionsUnmet,)):
        mission = _create(
            need,
            expert,
            "apply",
            by,
            source,
            status=MissionStatus.APPLIED,
            motivation=motivation.strip(),
        )
    transaction.on_commit(lambda: notifications.application_received(mission))
    return mission


def mission_invite(
    *, need: MissionNeed, expert: Expert, by: AnyUser, source: Source | str, comment: str = ""
) -> Mission:
    """The officer's invitation of `expert` to `need`; the expert is told by mail."""
    refuse_unless(access.can_invite(by, need), obj=need, action="invite", by=by, source=source)
    with refusals_recorded(need, "invite", by=by, source=source, refusals=(ConditionsUnmet,)):
        mission = _create(
            need,
            expert,
            "invite",
            by,
            source,
            status=MissionStatus.INVITED,
            invited_by=by,
            motivation=comment.strip(),
        )
    transaction.on_commit(lambda: notifications.invited(mission))
    return mission


def _may_still_take(mission: Mission) -> list[str]:
    return candidacy_problems(mission.need, mission.expert)


def mission_accept(*, mission: Mission, comment: str = "", **firing: Unpack[Firing]) -> Mission:
    return MISSION_TRANSITIONS.run(
        mission, T.ACCEPT, **firing, comment=comment, conditions=_may_still_take
    )


def mission_shortlist(*, mission: Mission, comment: str = "", **firing: Unpack[Firing]) -> Mission:
    return MISSION_TRANSITIONS.run(
        mission, T.SHORTLIST, **firing, comment=comment, conditions=need_open_problems
    )


def mission_select(*, mission: Mission, comment: str = "", **firing: Unpack[Firing]) -> Mission:
    return MISSION_TRANSITIONS.run(
        mission,
        T.SELECT,
        **firing,
        comment=comment,
        conditions=need_open_problems,
        on_commit=[lambda: notifications.selected(mission)],
    )


def closing(reason: str) -> Callable[[Mission], None]:
    """Keep `reason` as the mission's closing reason (declined, withdrawn, cancelled)."""

    def keep(locked: Mission) -> None:
        locked.closing_reason = reason.strip()

    return keep


def mission_decline(*, mission: Mission, comment: str = "", **firing: Unpack[Firing]) -> Mission:
    return MISSION_TRANSITIONS.run(
        mission, T.DECLINE, **firing, comment=comment, before_save=closing(comment)
    )


def need_first(mission: Mission, fire: Callable[[], Mission]) -> Mission:
    """Fire a transition of `mission` that may move its need (approve, withdraw,
    cancel) with the need locked first: every path locks the need before its missions,
    as the need's close and cancel do, so none waits on another in a circle. A refusal
    leaves the block whole, so its trace in the history is kept."""
    with transaction.atomic():
        MissionNeed.objects.select_for_update().filter(pk=mission.need_id).first()
        try:
            return fire()
        except ActionRefused as exc:
            refused = exc
    raise refused


def free_place(mission: Mission, firing: Firing) -> None:
    """After a mission left its place (withdrawn, cancelled): a staffed need whose
    approved missions no longer fill it is open again."""
    need = MissionNeed.objects.get(pk=mission.need_id)
    if need.status == NeedStatus.STAFFED and held_places(need) < need.volunteers:
        NEED_TRANSITIONS.run(
            need, NeedTransition.REOPEN, by=firing["by"], source=firing["source"], cascade=True
        )


def leave_place(
    mission: Mission,
    name: str,
    comment: str,
    firing: Firing,
    told: Callable[[Mission], object],
) -> Mission:
    """Withdraw or cancel `mission` with `comment` kept as its reason (refused without
    one where the row requires it), the need locked first and its place freed; `told`
    mails whom it concerns once committed."""
    return need_first(
        mission,
        lambda: run_commented(
            MISSION_TRANSITIONS,
            mission,
            name,
            **firing,
            comment=comment,
            before_save=closing(comment),
            after_save=lambda locked: free_place(locked, firing),
            on_commit=[lambda: told(mission)],
        ),
    )


def mission_withdraw(*, mission: Mission, comment: str = "", **firing: Unpack[Firing]) -> Mission:
    return leave_place(mission, T.WITHDRAW, comment, firing, notifications.withdrawn)
