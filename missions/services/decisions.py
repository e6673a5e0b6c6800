"""The programme officer's decisions on a mission: approval (which issues the mission
order and may fill the need), certification (which issues the attestation) and
cancellation."""

from __future__ import annotations

from typing import Unpack

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.formatting import format_date
from missions import notifications
from missions.choices import (
    HOLDING_STATES,
    LicenceStatus,
    MissionKind,
    MissionStatus,
    NeedStatus,
    ReportAuthor,
)
from missions.documents import request_mission_certificate, request_mission_order
from missions.models import Mission, MissionNeed, ProfessionalLicence
from missions.rules import held_places
from missions.services.candidacy import leave_place, need_first
from missions.transitions import MISSION_TRANSITIONS, NEED_TRANSITIONS, NeedTransition
from missions.transitions import MissionTransition as T
from processes.firing import Firing
from registry.models import Expert

FULL = _("Cette demande est pourvue : ses %(volunteers)s place(s) sont prises.")
OVERLAP = _(
    "L'expert a déjà une mission approuvée aux mêmes dates : « %(title)s » (%(start)s – %(end)s)."
)
LICENCE_UNCHECKED = _(
    "Une mission médicale ne s'approuve qu'après la vérification de l'autorisation d'exercer "
    "de l'expert par un chargé de programme."
)


def approval_problems(mission: Mission) -> list[str]:
    """Why `mission` cannot be approved now: the need's places, the expert's dates, the
    medical licence. Reads the need and the expert locked, so two approvals at once
    cannot both take the last place or the same dates."""
    need = MissionNeed.objects.select_for_update().get(pk=mission.need_id)
    expert = Expert.objects.select_for_update().get(pk=mission.expert_id)
    problems = []
    if need.status == NeedStatus.STAFFED or (held_places(need) >= need.volunteers):
        problems.append(FULL % {"volunteers": need.volunteers})
    elif need.status != NeedStatus.PUBLISHED:
        problems.append(_("Cette demande n'est plus ouverte : elle ne prend plus de volontaire."))
    clash = (
        Mission.objects.filter(
            expert=expert,
            status__in=HOLDING_STATES,
            need__starts_on__lte=need.ends_on,
            need__ends_on__gte=need.starts_on,
        )
        .exclude(pk=mission.pk)
        .select_related("need")
        .first()
    )
    if clash is not None:
        problems.append(
            OVERLAP
            % {
                "title": clash.need.title,
                "start": format_date(clash.need.starts_on),
                "end": format_date(clash.need.ends_on),
            }
        )
    if (
        need.kind == MissionKind.MEDICAL
        and not ProfessionalLicence.objects.filter(
            expert=expert, status=LicenceStatus.CHECKED
        ).exists()
    ):
        problems.append(str(LICENCE_UNCHECKED))
    return problems


def _fill_need(mission: Mission, firing: Firing) -> None:
    need = MissionNeed.objects.get(pk=mission.need_id)
    if held_places(need) >= need.volunteers:
        NEED_TRANSITIONS.run(
            need, NeedTransition.STAFF, by=firing["by"], source=firing["source"], cascade=True
        )


def mission_approve(*, mission: Mission, comment: str = "", **firing: Unpack[Firing]) -> Mission:
    def stamp(locked: Mission) -> None:
        locked.approved_at = timezone.now()

    def after(locked: Mission) -> None:
        _fill_need(locked, firing)
        request_mission_order(locked, by=firing["by"], source=firing["source"])

    return need_first(
        mission,
        lambda: MISSION_TRANSITIONS.run(
            mission,
            T.APPROVE,
            **firing,
            comment=comment,
            conditions=approval_problems,
            before_save=stamp,
            after_save=after,
            on_commit=[lambda: notifications.approved(mission)],
        ),
    )


def certification_problems(mission: Mission) -> list[str]:
    filed = set(mission.reports.values_list("author", flat=True))
    problems = []
    if ReportAuthor.EXPERT not in filed:
        problems.append(_("Le rapport de l'expert manque."))
    if ReportAuthor.HOST not in filed:
        problems.append(_("Le rapport de l'établissement d'accueil manque."))
    return problems


def mission_certify(*, mission: Mission, comment: str = "", **firing: Unpack[Firing]) -> Mission:
    def stamp(locked: Mission) -> None:
        locked.certified_at = timezone.now()

    return MISSION_TRANSITIONS.run(
        mission,
        T.CERTIFY,
        **firing,
        comment=comment,
        conditions=certification_problems,
        before_save=stamp,
        after_save=lambda locked: request_mission_certificate(
            locked, by=firing["by"], source=firing["source"]
        ),
        on_commit=[lambda: notifications.certified(mission)],
    )


def mission_cancel(*, mission: Mission, comment: str, **firing: Unpack[Firing]) -> Mission:
    return leave_place(mission, T.CANCEL, comment, firing, notifications.cancelled)


__all__ = [
    "MissionStatus",
    "approval_problems",
    "certification_problems",
    "mission_approve",
    "mission_cancel",
    "mission_certify",
]
