"""The case's transitions, one function each (the rows of `cases.transitions`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Unpack

from django.utils.translation import gettext as _

from audit.labels import choice_labels
from cases import routing
from cases.documents import request_reintegration_plan
from cases.models import (
    Assessment,
    Case,
    ClosureReason,
    Referral,
    ReferralStatus,
)
from cases.transitions import CASE_TRANSITIONS
from cases.transitions import CaseTransition as T
from processes.comments import run_commented
from processes.firing import Firing


def case_start_assessment(*, case: Case, comment: str = "", **firing: Unpack[Firing]) -> Case:
    missing = _("Le consentement du migrant de retour n'est pas enregistré.")
    return CASE_TRANSITIONS.run(
        case,
        T.START_ASSESSMENT,
        **firing,
        comment=comment,
        conditions=lambda c: [] if c.consent_given and c.consent_recorded_at else [missing],
        field_of={missing: "consent_given"},
    )


def case_submit_plan(*, case: Case, comment: str = "", **firing: Unpack[Firing]) -> Case:
    incomplete = _("L'évaluation n'est pas marquée complète.")
    empty = _("Le plan ne compte aucun élément.")

    def conditions(locked: Case) -> list[str]:
        problems = []
        if not Assessment.objects.filter(case=locked, complete=True).exists():
            problems.append(incomplete)
        if not locked.plan_items.exists():
            problems.append(empty)
        return problems

    return CASE_TRANSITIONS.run(
        case,
        T.SUBMIT_PLAN,
        **firing,
        comment=comment,
        conditions=conditions,
    )


def case_return_plan(*, case: Case, comment: str, **firing: Unpack[Firing]) -> Case:
    """Back to the assessment; the comment says what to rework."""
    return run_commented(
        CASE_TRANSITIONS,
        case,
        T.RETURN_PLAN,
        **firing,
        comment=comment,
    )


def case_approve_plan(*, case: Case, comment: str = "", **firing: Unpack[Firing]) -> Case:
    """The plan stands; its PDF is rendered once the approval is committed."""
    by = firing["by"]
    return CASE_TRANSITIONS.run(
        case,
        T.APPROVE_PLAN,
        **firing,
        comment=comment,
        after_save=lambda locked: request_reintegration_plan(locked, by, firing["source"]),
    )


def follow_up_problems(case: Case, referrals: Iterable[Referral] | None = None) -> list[str]:
    """What stands before `start_follow_up`: a referral still sent or accepted (among
    `referrals` when the caller already holds the case's referrals)."""
    if referrals is None:
        referrals = case.referrals.all()
    return [
        _("L'orientation « %(referral)s » est encore « %(status)s ».")
        % {"referral": r, "status": r.get_status_display()}
        for r in referrals
        if r.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
    ]


def case_start_follow_up(*, case: Case, comment: str = "", **firing: Unpack[Firing]) -> Case:
    return CASE_TRANSITIONS.run(
        case,
        T.START_FOLLOW_UP,
        **firing,
        comment=comment,
        conditions=follow_up_problems,
    )


def case_request_closure(
    *, case: Case, reason: str = "", comment: str = "", **firing: Unpack[Firing]
) -> Case:
    message = _("Choisissez un motif de clôture : %(reasons)s.") % {
        "reasons": choice_labels(ClosureReason)
    }
    return CASE_TRANSITIONS.run(
        case,
        T.REQUEST_CLOSURE,
        **firing,
        comment=comment,
        conditions=lambda c: [] if reason in ClosureReason.values else [message],
        kwargs={"reason": reason},
        field_of={message: "reason"},
    )


def case_approve_closure(*, case: Case, comment: str = "", **firing: Unpack[Firing]) -> Case:
    return CASE_TRANSITIONS.run(
        case,
        T.APPROVE_CLOSURE,
        **firing,
        comment=comment,
    )


def case_refuse_closure(*, case: Case, comment: str, **firing: Unpack[Firing]) -> Case:
    """Back to the state the closure was requested from; the comment says why."""
    return run_commented(
        CASE_TRANSITIONS,
        case,
        T.REFUSE_CLOSURE,
        **firing,
        comment=comment,
    )


def case_reopen(*, case: Case, comment: str, **firing: Unpack[Firing]) -> Case:
    """A closed case back to the assessment, in a new run of the flow."""
    return run_commented(
        CASE_TRANSITIONS,
        case,
        T.REOPEN,
        **firing,
        comment=comment,
        after_save=routing.ensure_running,
    )
