"""The admissibility check: returned for completion, or admissible with its evaluators."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import Role, has_role
from accounts.types import AnyUser, AuthUser, signed_in
from audit.labels import Person, summary
from audit.services import record_history
from processes.comments import run_commented
from processes.firing import Firing
from processes.transitions import ConditionsUnmet
from workflows import notifications
from workflows.models import Proposal, Review
from workflows.transitions import PROPOSAL_TABLE
from workflows.transitions import ProposalTransition as P

User = AnyUser


def proposal_return_for_completion(
    *, proposal: Proposal, comment: str, **firing: Unpack[Firing]
) -> Proposal:
    return run_commented(
        PROPOSAL_TABLE,
        proposal,
        P.RETURN_FOR_COMPLETION,
        **firing,
        comment=comment,
        on_commit=[
            notifications.to_association(
                proposal,
                _("Projet renvoyé pour complément"),
                _("Votre projet doit être complété avant son examen : %s") % comment,
            )
        ],
    )


def _evaluator_users(usernames: Sequence[str]) -> tuple[list[AuthUser], list[str]]:
    problems: list[str] = []
    wanted = [u.strip() for u in usernames if u and u.strip()]
    users = {
        u.get_username(): u
        for u in get_user_model().objects.filter(username__in=wanted, is_active=True)
    }
    found: list[AuthUser] = []
    for name in dict.fromkeys(wanted):
        user = users.get(name)
        if user is None:
            problems.append(_("« %s » n'est pas un utilisateur actif.") % name)
        elif not has_role(user, Role.EVALUATOR):
            problems.append(_("« %s » n'est pas évaluateur technique.") % name)
        else:
            found.append(user)
    return found, problems


def proposal_declare_admissible(
    *, proposal: Proposal, evaluators: Sequence[str], comment: str = "", **firing: Unpack[Firing]
) -> Proposal:
    by = firing["by"]
    chosen, problems = _evaluator_users(evaluators)

    def conditions(locked: Proposal) -> list[str]:
        needed = locked.call.required_reviews
        found = list(problems)
        distinct = len(dict.fromkeys(e.strip() for e in evaluators if e and e.strip()))
        if distinct < needed:
            found.append(
                _("Désignez au moins %(needed)s évaluateurs (%(given)s désigné(s)).")
                % {"needed": needed, "given": distinct}
            )
        return found

    def assign(locked: Proposal) -> None:
        Review.objects.bulk_create(
            Review(
                proposal=locked,
                evaluator=user,
                round=locked.review_round,
                assigned_by_id=signed_in(by).pk,
            )
            for user in chosen
        )
        for user in chosen:
            record_history(
                obj=locked,
                action="assign_evaluator",
                by=firing["by"],
                source=firing["source"],
                data=summary(gettext_noop("%(person)s"), person=Person(user)),
            )

    try:
        return PROPOSAL_TABLE.run(
            proposal,
            P.DECLARE_ADMISSIBLE,
            **firing,
            comment=comment,
            conditions=conditions,
            after_save=assign,
            on_commit=[
                lambda: notifications.notify(
                    [u.email for u in chosen if getattr(u, "email", "")],
                    proposal,
                    _("Projet à évaluer"),
                    _("Un projet vous est confié pour avis technique."),
                )
            ],
        )
    except ConditionsUnmet as exc:
        exc.fields.setdefault("evaluators", list(exc.messages))
        raise
