"""What the case pages show, put together from the selectors: the actions a user may
take now (each with its form), the rows of the decision queue, and everything the
case's page shows. The views only render these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy

from accounts.types import AnyUser
from cases import access, selectors, services
from cases.charts import score_chart
from cases.choices import CaseStatus, Dimension
from cases.forms import AssignForm, answer_labels
from cases.models import Assessment, Case, Referral
from cases.transitions import (
    CASE_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    CaseTransition,
    ReferralTransition,
)
from documents.attaching import UploadForm
from documents.uploads import attachments_of
from processes.page_actions import Action, Failed, transition_actions

C = CaseStatus
SUPPORT_STATES = (C.IN_SUPPORT, C.FOLLOW_UP)
# What the page's buttons say of a referral: the provider's answer, as the caseworker notes it.
REFERRAL_ANSWERS = {
    ReferralTransition.ACCEPT: gettext_lazy("Acceptée par le prestataire"),
    ReferralTransition.COMPLETE: gettext_lazy("Réalisée"),
    ReferralTransition.DECLINE: gettext_lazy("Déclinée par le prestataire"),
}


@dataclass
class ReferralRow:
    referral: Referral
    actions: list[Action] = field(default_factory=list)


def case_actions(
    user: AnyUser, case: Case, failed: Failed | None = None, *, prefix: str = ""
) -> list[Action]:
    """The transitions `user` may fire now, each with the form of the inputs it needs."""
    return transition_actions(
        CASE_TRANSITIONS, user, case, "cases:case_transition", failed=failed, prefix=prefix
    )


def referral_actions(
    user: AnyUser, referral: Referral, failed: Failed | None = None
) -> list[Action]:
    """The provider's answers the caseworker may note now, each with its form."""
    return transition_actions(
        REFERRAL_TRANSITIONS,
        user,
        referral,
        "cases:referral_transition",
        label=lambda row: REFERRAL_ANSWERS[ReferralTransition(row.name)],
        anchor=lambda name: f"referral-{referral.pk}",
        failed=failed,
        prefix=f"r{referral.pk}_",
    )


def decision_rows(user: AnyUser) -> list[dict[str, Any]]:
    """The plans and closures awaiting a supervisor, each with what the decision reads."""
    rows = []
    for case in selectors.decision_queue(user):
        plan_items = list(case.plan_items.all())
        rows.append(
            {
                "case": case,
                "plan_items": plan_items,
                "plan_total": sum(item.budget for item in plan_items),
                "follow_ups": list(case.follow_ups.all()),
                "referrals": list(case.referrals.all()),
                "actions": case_actions(user, case, prefix=f"c{case.pk}_"),
            }
        )
    return rows


def assessment_of(case: Case) -> Assessment | None:
    try:
        return case.assessment
    except Assessment.DoesNotExist:
        return None


def _answers(case: Case, sensitive: bool) -> list[dict[str, Any]]:
    """The assessment's answers and notes per dimension (the psychosocial one if `sensitive`)."""
    assessment = assessment_of(case)
    answers: list[dict[str, Any]] = []
    if assessment is None:
        return answers
    for dimension in Dimension:
        if dimension == Dimension.PSYCHOSOCIAL and not sensitive:
            continue
        answers.append(
            {
                "label": dimension.label,
                "answers": answer_labels(
                    dimension, getattr(assessment, f"{dimension}_answers") or {}
                ),
                "notes": getattr(assessment, f"{dimension}_notes"),
                "sensitive": dimension == Dimension.PSYCHOSOCIAL,
            }
        )
    return answers


def _assign_form(case: Case, supervisor: bool, failed: Failed | None) -> AssignForm | None:
    if failed is not None and failed.kind == "assign":
        form: AssignForm = failed.form
        return form
    if not supervisor:
        return None
    return AssignForm(
        selectors.caseworkers(),
        auto_id="id_assign_%s",
        initial={"caseworker": case.caseworker.get_username() if case.caseworker else ""},
    )


def case_page(user: AnyUser, case: Case, failed: Failed | None = None) -> dict[str, Any]:
    """What the case's page shows to `user`; `failed` is the form refused, shown again."""
    sensitive = access.sees_sensitive(user, case)
    works = access.can_work(user, case).allowed
    supervisor = access.is_supervisor(user)
    referrals = list(case.referrals.all())
    for referral in referrals:
        referral.case = case
    follow_ups = list(case.follow_ups.all())
    plan_items = list(case.plan_items.all())
    overdue = sum(1 for r in referrals if r.is_overdue)
    if failed is not None and failed.kind == "attachment":
        upload_form = failed.form
    else:
        upload_form = UploadForm(access.ATTACHMENT_KINDS, auto_id="id_upload_%s")
    assign_form = _assign_form(case, supervisor, failed)
    actions = case_actions(user, case, failed)
    follow_up_blocked: list[str] = []
    follow_up = CaseTransition.START_FOLLOW_UP
    if any(a.name == follow_up for a in actions) and not (
        failed is not None and failed.kind == "case" and failed.name == follow_up
    ):
        # Follow-up starts once every referral has its answer: say so rather than offer it.
        follow_up_blocked = services.follow_up_problems(case, referrals)
        if follow_up_blocked:
            actions = [a for a in actions if a.name != follow_up]
    referral_rows = [
        ReferralRow(referral=r, actions=referral_actions(user, r, failed)) for r in referrals
    ]
    can_assess = works and case.status == C.ASSESSMENT
    can_support = works and case.status in SUPPORT_STATES
    needs_consent = works and case.status == C.REGISTERED and not case.consent_given
    return {
        "case": case,
        "sensitive": sensitive,
        "works": works,
        "exports": access.can_export(user, case).allowed,
        "erases": access.can_erase(user, case).allowed,
        "supervisor": supervisor,
        "next_step": selectors.next_step(case, overdue),
        "assessment": assessment_of(case),
        "answers": _answers(case, sensitive),
        "plan_items": plan_items,
        "plan_total": sum(item.budget for item in plan_items),
        "referrals": referral_rows,
        "to_answer": [row for row in referral_rows if row.actions],
        "needs_consent": needs_consent,
        "overdue": overdue,
        "follow_ups": follow_ups,
        "chart": score_chart(follow_ups),
        "actions": actions,
        "follow_up_blocked": follow_up_blocked,
        "can_assess": can_assess,
        "can_support": can_support,
        "nothing_to_do": not (
            actions
            or can_assess
            or can_support
            or needs_consent
            or assign_form is not None
            or any(row.actions for row in referral_rows)
        ),
        "attachments": list(attachments_of(case)),
        "upload_form": upload_form,
        "assign_form": assign_form,
        "timeline": selectors.case_history(case, referrals),
        "problems": failed.problems if failed is not None else [],
        "failed_kind": failed.kind if failed is not None else "",
    }
