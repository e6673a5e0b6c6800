"""Referrals to providers: sending one, and one function per answer noted."""

from __future__ import annotations

import datetime
from typing import Any, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.types import AnyUser, signed_in
from audit.labels import Label, summary
from audit.models import Source
from audit.services import record_history, record_update
from cases import access
from cases.models import (
    Case,
    CaseStatus,
    Referral,
    ReferralStatus,
    after_return,
)
from cases.services.common import refuse_state, validation_error
from cases.transitions import (
    REFERRAL_TRANSITIONS,
    ReferralTransition,
)
from processes.dates import day_problem
from processes.firing import Firing
from processes.transitions import (
    refuse_unless,
)

User = AnyUser
C = CaseStatus


def referral_create(*, case: Case, by: User, source: Source | str, **fields: Any) -> Referral:
    refuse_unless(access.can_work(by, case), obj=case, action="referral", by=by, source=source)
    refuse_state(case, (C.IN_SUPPORT, C.FOLLOW_UP), "referral", by, source)
    referral = Referral(case=case, created_by=signed_in(by), **fields)
    try:
        referral.full_clean(exclude=["status"])
    except ValidationError as exc:
        raise validation_error(exc) from exc
    with transaction.atomic():
        referral.save()
        data = summary(
            gettext_noop("%(service)s — %(provider)s"),
            service=Label(referral.get_service_display()),
            provider=referral.provider,
        )
        record_update(obj=case, action="referral", by=by, source=source, data=data)
        record_history(
            obj=referral, action="send", by=by, source=source, target_state=ReferralStatus.SENT
        )
    return referral


def referral_accept(*, referral: Referral, **firing: Unpack[Firing]) -> Referral:
    return REFERRAL_TRANSITIONS.run(referral, ReferralTransition.ACCEPT, **firing)


def referral_complete(
    *,
    referral: Referral,
    outcome: str = "",
    delivered_on: datetime.date | None = None,
    **firing: Unpack[Firing],
) -> Referral:
    """What the provider delivered, and when (today unless said)."""
    day = delivered_on or timezone.localdate()
    missing = _("Décrivez ce qui a été réalisé.")
    implausible = after_return(referral.case, day) or day_problem(
        day, not_after=timezone.localdate()
    )

    def conditions(locked: Referral) -> list[str]:
        problems = []
        if not outcome.strip():
            problems.append(missing)
        if implausible:
            problems.append(implausible)
        return problems

    return REFERRAL_TRANSITIONS.run(
        referral,
        ReferralTransition.COMPLETE,
        **firing,
        comment=outcome,
        conditions=conditions,
        kwargs={"outcome": outcome.strip(), "delivered_on": day},
        field_of={missing: "outcome", **({implausible: "delivered_on"} if implausible else {})},
    )


def referral_decline(*, referral: Referral, note: str = "", **firing: Unpack[Firing]) -> Referral:
    """The provider turned the referral down (its reason, if given, in `note`)."""
    return REFERRAL_TRANSITIONS.run(
        referral, ReferralTransition.DECLINE, **firing, comment=note, kwargs={"note": note.strip()}
    )
