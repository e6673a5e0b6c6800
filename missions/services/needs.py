"""A host's mission need: created and edited as a draft, submitted, published by the
programme officer, staffed by its approved missions, then closed (or cancelled)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.changes import diff, snapshot
from audit.models import Source
from audit.services import record_history, record_update
from missions import access, notifications
from missions.choices import CANDIDATE_STATES, OPEN_MISSION_STATES, MissionStatus, NeedStatus
from missions.models import HostInstitution, MissionNeed
from missions.rules import host_cancel_problems
from missions.services.candidacy import closing
from missions.services.common import validation_error
from missions.transitions import MISSION_TRANSITIONS, NEED_TRANSITIONS, MissionTransition
from missions.transitions import NeedTransition as N
from processes.comments import run_commented
from processes.firing import Firing
from processes.transitions import refuse_unless
from registry.models import CompetenceDomain

# The fields of a need a host fills in (its domains aside).
NEED_FIELDS = (
    "title",
    "kind",
    "discipline",
    "description",
    "place",
    "region",
    "prefecture",
    "starts_on",
    "ends_on",
    "languages",
    "volunteers",
    "host_provides",
    "ministry_covers",
)


def _domains_problem(domains: Iterable[CompetenceDomain] | None) -> ValidationError | None:
    if domains is not None and not list(domains):
        return ValidationError({"domains": _("Choisissez au moins un domaine de compétence.")})
    return None


def _check(need: MissionNeed, domains: list[CompetenceDomain] | None) -> None:
    """The need's fields and domains as the model and the rules take them, or the
    refusal naming each field's problem."""
    try:
        need.full_clean(exclude=["status", "created_by", "host"])
        problem = _domains_problem(domains)
        if problem is not None:
            raise problem
    except ValidationError as exc:
        raise validation_error(exc) from exc


def need_create(
    *,
    host: HostInstitution,
    fields: dict[str, Any],
    domains: Iterable[CompetenceDomain],
    by: AnyUser,
    source: Source | str,
) -> MissionNeed:
    """A new draft need of `host`, by one of its users."""
    need = MissionNeed(host=host, created_by=by, **fields)
    allowed = access.can_create_need(by)
    if allowed and host.pk not in access.host_ids(by):
        allowed = access.can_edit_need(by, need)
    refuse_unless(allowed, obj=host, action="create_need", by=by, source=source)
    domains = list(domains)
    _check(need, domains)
    with transaction.atomic():
        need.save()
        need.domains.set(domains)
        record_history(obj=need, action="create", by=by, source=source, target_state=need.status)
    return need


def need_update(
    *,
    need: MissionNeed,
    fields: dict[str, Any],
    domains: Iterable[CompetenceDomain] | None,
    by: AnyUser,
    source: Source | str,
) -> MissionNeed:
    """Edit a draft need; an edit that changes nothing writes no history."""
    refuse_unless(access.can_edit_need(by, need), obj=need, action="update", by=by, source=source)
    domains = list(domains) if domains is not None else None
    edited = [*fields, *(["domains"] if domains is not None else [])]
    with transaction.atomic():
        before = snapshot(need, edited)
        for name, value in fields.items():
            setattr(need, name, value)
        _check(need, domains)
        need.save()
        if domains is not None:
            need.domains.set(domains)
        changes = diff(before, snapshot(need, edited))
        if changes:
            record_update(obj=need, by=by, source=source, changes=changes)
    return need


def _not_over(need: MissionNeed) -> list[str]:
    """A need already over cannot be offered (one under way can: an urgent need)."""
    if need.ends_on < timezone.localdate():
        return [_("Cette mission se termine avant aujourd'hui : changez ses dates.")]
    return []


def need_submit(*, need: MissionNeed, comment: str = "", **firing: Unpack[Firing]) -> MissionNeed:
    return NEED_TRANSITIONS.run(need, N.SUBMIT, **firing, comment=comment, conditions=_not_over)


def need_send_back(*, need: MissionNeed, comment: str, **firing: Unpack[Firing]) -> MissionNeed:
    return run_commented(NEED_TRANSITIONS, need, N.SEND_BACK, **firing, comment=comment)


def need_publish(*, need: MissionNeed, comment: str = "", **firing: Unpack[Firing]) -> MissionNeed:
    def stamp(locked: MissionNeed) -> None:
        locked.published_at = timezone.now()

    return NEED_TRANSITIONS.run(
        need,
        N.PUBLISH,
        **firing,
        comment=comment,
        conditions=_not_over,
        before_save=stamp,
    )


def need_staff(*, need: MissionNeed, **firing: Unpack[Firing]) -> MissionNeed:
    """The approval of its last volunteer fills the need (fired by that approval)."""
    return NEED_TRANSITIONS.run(need, N.STAFF, **firing, cascade=True)


def need_reopen(*, need: MissionNeed, **firing: Unpack[Firing]) -> MissionNeed:
    """A place of a staffed need is free again (fired by a withdrawal or a cancellation)."""
    return NEED_TRANSITIONS.run(need, N.REOPEN, **firing, cascade=True)


UNDER_WAY = [MissionStatus.APPROVED, MissionStatus.IN_PROGRESS, MissionStatus.REPORTED]


def _no_mission_under_way(need: MissionNeed) -> list[str]:
    under_way = need.missions.filter(status__in=UNDER_WAY).count()
    if under_way:
        return [
            _(
                "%(count)s mission(s) de cette demande ne sont pas encore attestées : "
                "attestez-les ou annulez-les d'abord."
            )
            % {"count": under_way}
        ]
    return []


def _cancel_missions(need: MissionNeed, states: Iterable[str], reason: str, firing: Firing) -> None:
    """Cancel the need's missions in `states` with `reason` (the need no longer takes
    them); their experts are told, the host (who acted, or was told of the need) not."""
    for mission in need.missions.filter(status__in=list(states)).order_by("pk"):
        MISSION_TRANSITIONS.run(
            mission,
            MissionTransition.CANCEL,
            by=firing["by"],
            source=firing["source"],
            comment=reason,
            cascade=True,
            before_save=closing(reason),
            on_commit=[partial(notifications.cancelled, mission, host_too=False)],
        )


def need_close(*, need: MissionNeed, comment: str = "", **firing: Unpack[Firing]) -> MissionNeed:
    reason = _("La demande est clôturée.")
    return NEED_TRANSITIONS.run(
        need,
        N.CLOSE,
        **firing,
        comment=comment,
        conditions=_no_mission_under_way,
        after_save=lambda locked: _cancel_missions(locked, CANDIDATE_STATES, reason, firing),
    )


def need_cancel(*, need: MissionNeed, comment: str, **firing: Unpack[Firing]) -> MissionNeed:
    """Cancel an open need with its reason; its undecided candidacies end with it, and
    the officer cancels any approved mission with it."""

    def cancel_missions(locked: MissionNeed) -> None:
        reason = _("La demande est annulée : %(reason)s") % {"reason": comment.strip()}
        _cancel_missions(locked, OPEN_MISSION_STATES, reason, firing)

    return run_commented(
        NEED_TRANSITIONS,
        need,
        N.CANCEL,
        **firing,
        comment=comment,
        extra_conditions=partial(host_cancel_problems, firing["by"]),
        after_save=cancel_missions,
    )


__all__ = [
    "NEED_FIELDS",
    "NeedStatus",
    "need_cancel",
    "need_close",
    "need_create",
    "need_publish",
    "need_reopen",
    "need_send_back",
    "need_staff",
    "need_submit",
    "need_update",
]
