"""The missions' rules that both the services (which refuse) and the transition table
(which offers) read, so an action is offered exactly when the service would take it.
Imports no service and no transition: both import it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.types import AnyUser
from missions import access
from missions.choices import HOLDING_STATES, NeedStatus, ReportAuthor
from missions.models import Mission, MissionNeed


def held_places(need: MissionNeed | int) -> int:
    """How many of the need's places approved (or later) missions hold."""
    need_id = need if isinstance(need, int) else need.pk
    return Mission.objects.filter(need_id=need_id, status__in=HOLDING_STATES).count()


def need_open_problems(mission: Mission) -> list[str]:
    """A candidacy moves (shortlisted, selected, accepted) only while its need is published."""
    if mission.need.status != NeedStatus.PUBLISHED:
        return [_("Cette demande n'est plus ouverte : elle ne prend plus de candidat.")]
    return []


def report_author(user: object, mission: Mission) -> ReportAuthor:
    """The side `user` reports for: the expert, or the host."""
    return ReportAuthor.EXPERT if access.is_expert_of(user, mission) else ReportAuthor.HOST  # type: ignore[arg-type]


def report_filed_problems(user: object, mission: Mission) -> list[str]:
    """One report per side: `user`'s side may not file a second one."""
    if mission.reports.filter(author=report_author(user, mission)).exists():
        return [_("Ce rapport est déjà déposé.")]
    return []


def host_cancel_problems(by: AnyUser, need: MissionNeed) -> list[str]:
    """A host cancels its need only while no mission of it is approved: past that, the
    officer does (and cancels the missions with it)."""
    if access.is_officer(by):
        return []
    if need.missions.filter(status__in=HOLDING_STATES).exists():
        return [
            _(
                "Une mission de cette demande est déjà approuvée : seul le chargé "
                "de programme peut l'annuler."
            )
        ]
    return []
