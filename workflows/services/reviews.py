"""The technical reviews, and the step to the committee once the last one is filed."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import Role
from accounts.types import AnyUser
from audit.labels import Label, Number, summary
from audit.models import Source
from audit.services import record_update
from processes.transitions import ConditionsUnmet, InvalidState, refusals_recorded, refuse_unless
from workflows import access, notifications, routing
from workflows.flows import ProposalFlow
from workflows.models import Criterion, Proposal, ProposalStatus, Recommendation, Review
from workflows.transitions import PROPOSAL_TABLE
from workflows.transitions import ProposalTransition as P

User = AnyUser
S = ProposalStatus


def review_file(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    scores: dict[str, Any],
    recommendation: str,
    comment: str = "",
) -> Review:
    """File the evaluator's review; the last required one sends the proposal to committee."""
    refuse_unless(
        access.can_review(by, proposal), obj=proposal, action="review", by=by, source=source
    )
    criteria = list(proposal.call.criteria.all())
    problems, fields = _score_problems(criteria, scores)
    if recommendation not in Recommendation.values:
        message = _("Choisissez une recommandation : favorable, réservé ou défavorable.")
        problems.append(message)
        fields["recommendation"] = [message]
    refused = (InvalidState, ConditionsUnmet)
    with (
        refusals_recorded(proposal, "review", by=by, source=source, refusals=refused),
        transaction.atomic(),
    ):
        locked = Proposal.objects.select_for_update().select_related("call").get(pk=proposal.pk)
        if locked.status != S.UNDER_REVIEW:
            raise InvalidState(
                _("Ce projet n'est plus en évaluation technique (il est « %s »).")
                % locked.get_status_display()
            )
        review = Review.objects.select_for_update().get(
            proposal=locked, evaluator_id=by.pk, round=locked.review_round
        )
        if review.is_filed:
            raise InvalidState(_("Vous avez déjà déposé votre avis sur ce projet."))
        if problems:
            raise ConditionsUnmet(problems, fields=fields)
        total_weight = sum((c.weight for c in criteria), Decimal(0))
        weighted = (
            sum((c.weight * int(scores[c.code]) for c in criteria), Decimal(0)) / total_weight
            if total_weight
            else Decimal(0)
        )
        review.scores = {c.code: int(scores[c.code]) for c in criteria}
        review.recommendation = recommendation
        review.comment = comment.strip()
        review.weighted_score = weighted.quantize(Decimal("0.01"))
        review.submitted_at = timezone.now()
        review.save()
        data = summary(
            gettext_noop("Avis %(recommendation)s, note %(score)s/5"),
            recommendation=Label(review.get_recommendation_display(), lower=True),
            score=Number(review.weighted_score),
        )
        record_update(obj=locked, action="review", by=by, source=source, data=data)
        filed = Review.objects.filter(
            proposal=locked, round=locked.review_round, submitted_at__isnull=False
        ).count()
        if filed >= locked.call.required_reviews:
            send_to_committee(proposal=locked)
    return review


def _score_problems(
    criteria: Sequence[Criterion], scores: dict[str, Any]
) -> tuple[list[str], dict[str, list[str]]]:
    problems: list[str] = []
    fields: dict[str, list[str]] = {}
    known = {c.code for c in criteria}
    for criterion in criteria:
        value = scores.get(criterion.code)
        if value is None or value == "":
            message = _("Notez le critère « %s » (de 0 à 5).") % criterion.label
        elif (
            isinstance(value, bool) or not str(value).strip().isdigit() or not 0 <= int(value) <= 5
        ):
            message = _(
                "La note du critère « %(label)s » doit être un entier de 0 à 5 "
                "(reçu « %(value)s »)."
            ) % {
                "label": criterion.label,
                "value": value,
            }
        else:
            continue
        problems.append(message)
        fields.setdefault("scores", []).append(message)
    for code in sorted(set(scores) - known):
        message = _("Critère inconnu : « %s ».") % code
        problems.append(message)
        fields.setdefault("scores", []).append(message)
    return problems, fields


def send_to_committee(
    *,
    proposal: Proposal,
    by: User | None = None,
    source: Source | str = Source.SYSTEM,
    expected_state: str | None = None,
) -> Proposal:
    """The automatic transition fired when the last required review is filed."""
    return PROPOSAL_TABLE.run(
        proposal,
        P.SEND_TO_COMMITTEE,
        by=by,  # type: ignore[arg-type]
        source=source,
        expected_state=expected_state,
        data=summary(gettext_noop("Dernier avis technique requis déposé.")),
        after_save=lambda p: routing.fire(p, ProposalFlow.reviews),
        on_commit=[
            notifications.to_role(
                Role.COMMITTEE_MEMBER,
                proposal,
                _("Projet inscrit en comité"),
                _("Les avis techniques sont déposés : le projet attend la décision du comité."),
            )
        ],
    )
