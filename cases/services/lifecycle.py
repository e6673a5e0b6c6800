"""The case's transitions, one function each (the rows of `cases.transitions`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.labels import choice_labels
from audit.models import Source
from cases import routing
from cases.documents import generate_reintegration_plan
from cases.flows import CaseFlow
from cases.models import (
    Assessment,
    Case,
    ClosureReason,
    Referral,
    ReferralStatus,
)
from cases.transitions import (
    CASE_TRANSITIONS,
    CaseTransition,
)

User = AnyUser

T = CaseTransition


def _comment_needed(name: CaseTransition, comment: str) -> dict[str, Any]:
    """The condition of a transition whose row requires a comment, shown on `comment`."""
    problems = CASE_TRANSITIONS.comment_problems(name, comment)
    return {
        "conditions": lambda case: problems,
        "field_of": dict.fromkeys(problems, "comment"),
    }


def case_start_assessment(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    missing = _("Le consentement du migrant de retour n'est pas enregistré.")
    return CASE_TRANSITIONS.run(
        case,
        T.START_ASSESSMENT,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        conditions=lambda c: [] if c.consent_given and c.consent_recorded_at else [missing],
        field_of={missing: "consent_given"},
    )


def case_submit_plan(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
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
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        conditions=conditions,
        after_save=lambda c: routing.complete(c, CaseFlow.assess, by),
    )


def case_return_plan(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    return CASE_TRANSITIONS.run(
        case,
        T.RETURN_PLAN,
        by=by,
        source=source,
        comment=comment.strip(),
        expected_state=expected_state,
        after_save=lambda c: routing.complete(c, CaseFlow.plan_review, by),
        **_comment_needed(T.RETURN_PLAN, comment),
    )


def case_approve_plan(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    return CASE_TRANSITIONS.run(
        case,
        T.APPROVE_PLAN,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        after_save=lambda c: routing.complete(c, CaseFlow.plan_review, by),
        on_commit=[lambda: generate_reintegration_plan(case, by)],
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


def case_start_follow_up(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    return CASE_TRANSITIONS.run(
        case,
        T.START_FOLLOW_UP,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        conditions=follow_up_problems,
    )


def case_request_closure(
    *,
    case: Case,
    by: User,
    source: Source | str,
    reason: str = "",
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    message = _("Choisissez un motif de clôture : %(reasons)s.") % {
        "reasons": choice_labels(ClosureReason)
    }
    return CASE_TRANSITIONS.run(
        case,
        T.REQUEST_CLOSURE,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        conditions=lambda c: [] if reason in ClosureReason.values else [message],
        kwargs={"reason": reason},
        after_save=lambda c: routing.complete(c, CaseFlow.support, by),
        field_of={message: "reason"},
    )


def case_approve_closure(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    return CASE_TRANSITIONS.run(
        case,
        T.APPROVE_CLOSURE,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        after_save=lambda c: routing.complete(c, CaseFlow.closure_review, by),
    )


def case_refuse_closure(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    return CASE_TRANSITIONS.run(
        case,
        T.REFUSE_CLOSURE,
        by=by,
        source=source,
        comment=comment.strip(),
        expected_state=expected_state,
        after_save=lambda c: routing.complete(c, CaseFlow.closure_review, by),
        **_comment_needed(T.REFUSE_CLOSURE, comment),
    )


def case_reopen(
    *,
    case: Case,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Case:
    return CASE_TRANSITIONS.run(
        case,
        T.REOPEN,
        by=by,
        source=source,
        comment=comment.strip(),
        expected_state=expected_state,
        after_save=routing.ensure_running,
        **_comment_needed(T.REOPEN, comment),
    )
