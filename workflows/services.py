"""Every write of the co-realisation programme goes through these functions.

Each transition: check who may fire it (`workflows.access`), lock the row,
check the FSM state and the conditions (every unmet one named), fire the FSM
transition, write history, move the viewflow process on, and send mail after
the commit. Refusals leave a history row (see `processes.transitions`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import Role, has_role
from accounts.types import AnyUser, AuthUser, signed_in
from audit.labels import Label, Money, Number, Person, summary
from audit.models import Source
from audit.services import record_history, record_refusal
from documents.formatting import format_xof
from documents.models import AttachmentKind
from documents.uploads import attachments_of, check_upload, store_attachment
from processes.table import TransitionTable
from processes.transitions import (
    ConditionsUnmet,
    InvalidState,
    NotAllowed,
    StaleObject,
    refuse_unless,
)
from registry.models import Association
from workflows import access, notifications, routing
from workflows.documents import generate_agreement
from workflows.flows import ProposalFlow
from workflows.models import (
    BudgetLine,
    Call,
    Contribution,
    Criterion,
    Proposal,
    ProposalStatus,
    Recommendation,
    Review,
    Tranche,
    TrancheStatus,
)
from workflows.rules import Figures, approval_problems, submission_problems, tranche_amounts
from workflows.transitions import PROPOSAL_TABLE, TRANCHE_TABLE
from workflows.transitions import ProposalTransition as P
from workflows.transitions import TrancheTransition as T

User = AnyUser
S = ProposalStatus

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class BudgetInput:
    label: str
    amount: int


@dataclass(frozen=True)
class ContributionInput:
    source: str
    kind: str
    amount: int


def _required(value: str, message: str) -> list[str]:
    return [] if value and value.strip() else [message]


# --- Calls --------------------------------------------------------------------


def call_save(
    *,
    call: Call,
    criteria: Sequence[tuple[str, str, Decimal]] | None,
    by: User,
    source: Source | str,
) -> Call:
    """Create or edit a call and its review grid (officers)."""
    decision = access.can_manage_calls(by)
    if not decision:
        raise NotAllowed(decision.reason)
    creating = call.pk is None
    with transaction.atomic():
        if not creating:
            locked = Call.objects.select_for_update().get(pk=call.pk)
            call.committed = locked.committed
            if call.envelope < locked.committed:
                raise ConditionsUnmet(
                    [
                        _("L'enveloppe ne peut pas descendre sous le montant déjà engagé (%s).")
                        % format_xof(locked.committed)
                    ],
                    fields={"envelope": [_("Inférieure au montant déjà engagé.")]},
                )
        call.full_clean(exclude=["committed"])
        call.save()
        if criteria is not None:
            kept = []
            for position, (code, label, weight) in enumerate(criteria):
                criterion, _created = Criterion.objects.update_or_create(
                    call=call,
                    code=code,
                    defaults={"label": label, "weight": weight, "position": position},
                )
                kept.append(criterion.pk)
            call.criteria.exclude(pk__in=kept).delete()
        record_history(obj=call, action="create" if creating else "update", by=by, source=source)
    return call


# --- Proposals: drafting ------------------------------------------------------


def _check_geography(fields: dict[str, Any]) -> None:
    region, prefecture = fields.get("region"), fields.get("prefecture")
    if region is not None and prefecture is not None and prefecture.region_id != region.pk:
        message = _("La préfecture %(prefecture)s n'est pas dans la région %(region)s.") % {
            "prefecture": prefecture,
            "region": region,
        }
        raise ConditionsUnmet([message], fields={"prefecture": [message]})


def _replace_budget(
    proposal: Proposal,
    budget_lines: Iterable[BudgetInput] | None,
    contributions: Iterable[ContributionInput] | None,
) -> None:
    if budget_lines is not None:
        proposal.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(proposal=proposal, label=line.label, amount=line.amount)
            for line in budget_lines
        )
    if contributions is not None:
        proposal.contributions.all().delete()
        Contribution.objects.bulk_create(
            Contribution(proposal=proposal, source=c.source, kind=c.kind, amount=c.amount)
            for c in contributions
        )


def proposal_create(
    *,
    by: User,
    source: Source | str,
    call: Call,
    association: Association,
    budget_lines: Iterable[BudgetInput] = (),
    contributions: Iterable[ContributionInput] = (),
    **fields: Any,
) -> Proposal:
    for decision in (
        access.can_create_proposal(by),
        access.can_file_for_association(by, association.pk),
    ):
        if not decision:
            raise NotAllowed(decision.reason)
    _check_geography(fields)
    with transaction.atomic():
        proposal = Proposal(call=call, association=association, created_by=by, **fields)
        # A unique placeholder until the primary key gives the final reference.
        proposal.reference = f"tmp-{timezone.now().timestamp()}-{by.pk}"
        proposal.full_clean(exclude=["status", "reference"])
        proposal.save()
        proposal.reference = f"COR-{call.year}-{proposal.pk:05d}"
        Proposal.objects.filter(pk=proposal.pk).update(reference=proposal.reference)
        _replace_budget(proposal, budget_lines, contributions)
        record_history(obj=proposal, action="create", by=by, source=source, target_state=S.DRAFT)
    return proposal


def proposal_update(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    budget_lines: Iterable[BudgetInput] | None = None,
    contributions: Iterable[ContributionInput] | None = None,
    expected_state: str | None = None,
    **fields: Any,
) -> Proposal:
    refuse_unless(
        access.as_member(by, proposal), obj=proposal, action="update", by=by, source=source
    )
    _check_geography({"region": proposal.region, "prefecture": proposal.prefecture, **fields})
    try:
        with transaction.atomic():
            locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
            if expected_state is not None and locked.status != expected_state:
                raise StaleObject()
            if not locked.is_editable:
                raise InvalidState(
                    _(
                        "Un projet ne se modifie qu'en brouillon ou renvoyé pour complément "
                        "(il est « %(status)s »)."
                    )
                    % {"status": locked.get_status_display()}
                )
            for name, value in fields.items():
                setattr(locked, name, value)
            locked.full_clean(exclude=["status", "reference"])
            locked.save()
            _replace_budget(locked, budget_lines, contributions)
            record_history(
                obj=locked,
                action="update",
                by=by,
                source=source,
                source_state=locked.status,
                target_state=locked.status,
            )
    except (InvalidState, StaleObject) as exc:
        record_refusal(
            obj=proposal,
            action="update",
            by=by,
            source=source,
            reason=exc.detail,
            state=proposal.status,
        )
        raise
    return locked


# --- Proposals: transitions ---------------------------------------------------


def _mail_association(proposal: Proposal, subject: str, body: str) -> Callable[[], None]:
    return lambda: notifications.notify(
        notifications.association_emails(proposal), proposal, subject, body
    )


def _mail_role(role: Role, proposal: Proposal, subject: str, body: str) -> Callable[[], None]:
    return lambda: notifications.notify(notifications.role_emails(role), proposal, subject, body)


def _prefetched(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_related("call", "association")
        .prefetch_related("budget_lines", "contributions")
        .get(pk=proposal.pk)
    )


def submission_conditions(proposal: Proposal) -> list[str]:
    """What keeps `proposal` from being submitted now (the funding rules and required fields)."""
    fresh = _prefetched(proposal)
    return submission_problems(fresh, Figures.of(fresh))


def proposal_submit(
    *, proposal: Proposal, by: User, source: Source | str, expected_state: str | None = None
) -> Proposal:
    return PROPOSAL_TABLE.run(
        proposal,
        P.SUBMIT,
        by=by,
        source=source,
        expected_state=expected_state,
        conditions=submission_conditions,
        after_save=lambda p: routing.start(p),
        on_commit=[
            _mail_role(
                Role.PROGRAMME_OFFICER,
                proposal,
                _("Nouveau projet à examiner"),
                _("Un projet vient d'être soumis : examinez sa recevabilité."),
            )
        ],
    )


def proposal_resubmit(
    *, proposal: Proposal, by: User, source: Source | str, expected_state: str | None = None
) -> Proposal:
    return PROPOSAL_TABLE.run(
        proposal,
        P.RESUBMIT,
        by=by,
        source=source,
        expected_state=expected_state,
        conditions=submission_conditions,
        after_save=lambda p: routing.complete(p, ProposalFlow.completion, by),
        on_commit=[
            _mail_role(
                Role.PROGRAMME_OFFICER,
                proposal,
                _("Projet complété à examiner"),
                _("Un projet renvoyé pour complément a été soumis à nouveau."),
            )
        ],
    )


def proposal_withdraw(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Proposal:
    return PROPOSAL_TABLE.run(
        proposal,
        P.WITHDRAW,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        after_save=lambda p: routing.cancel(p),
    )


def _run_commented(
    table: TransitionTable[M],
    obj: M,
    name: str,
    *,
    by: User,
    source: Source | str,
    comment: str,
    extra_conditions: Callable[[M], list[str]] | None = None,
    **options: Any,
) -> M:
    """Fire a transition whose row requires a comment: a missing one is one more unmet
    condition, shown on the comment field."""

    def conditions(locked: M) -> list[str]:
        problems = table.comment_problems(name, comment)
        if extra_conditions is not None:
            problems.extend(extra_conditions(locked))
        return problems

    return table.run(
        obj,
        name,
        by=by,
        source=source,
        comment=comment.strip(),
        conditions=conditions,
        field_of=dict.fromkeys(table.comment_problems(name, ""), "comment"),
        **options,
    )


def proposal_return_for_completion(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    comment: str,
    expected_state: str | None = None,
) -> Proposal:
    return _run_commented(
        PROPOSAL_TABLE,
        proposal,
        P.RETURN_FOR_COMPLETION,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        after_save=lambda p: routing.complete(p, ProposalFlow.screen, by),
        on_commit=[
            _mail_association(
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
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    evaluators: Sequence[str],
    comment: str = "",
    expected_state: str | None = None,
) -> Proposal:
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
                by=by,
                source=source,
                data=summary(gettext_noop("%(person)s"), person=Person(user)),
            )
        routing.complete(locked, ProposalFlow.screen, by)

    try:
        return PROPOSAL_TABLE.run(
            proposal,
            P.DECLARE_ADMISSIBLE,
            by=by,
            source=source,
            comment=comment,
            expected_state=expected_state,
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
    try:
        with transaction.atomic():
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
            record_history(
                obj=locked,
                action="review",
                by=by,
                source=source,
                source_state=locked.status,
                target_state=locked.status,
                data=summary(
                    gettext_noop("Avis %(recommendation)s, note %(score)s/5"),
                    recommendation=Label(review.get_recommendation_display(), lower=True),
                    score=Number(review.weighted_score),
                ),
            )
            filed = Review.objects.filter(
                proposal=locked, round=locked.review_round, submitted_at__isnull=False
            ).count()
            if filed >= locked.call.required_reviews:
                send_to_committee(proposal=locked)
    except (InvalidState, ConditionsUnmet) as exc:
        record_refusal(
            obj=proposal,
            action="review",
            by=by,
            source=source,
            reason=exc.detail,
            state=proposal.status,
        )
        raise
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
            _mail_role(
                Role.COMMITTEE_MEMBER,
                proposal,
                _("Projet inscrit en comité"),
                _("Les avis techniques sont déposés : le projet attend la décision du comité."),
            )
        ],
    )


def proposal_request_revision(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    comment: str,
    expected_state: str | None = None,
) -> Proposal:
    return _run_commented(
        PROPOSAL_TABLE,
        proposal,
        P.REQUEST_REVISION,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        after_save=lambda p: routing.complete(p, ProposalFlow.decision, by),
        on_commit=[
            _mail_association(
                proposal,
                _("Révision demandée par le comité"),
                _("Le comité demande une révision de votre projet : %s") % comment,
            )
        ],
    )


def _commit_grant(proposal: Proposal, grant: int) -> None:
    """Take `grant` from the call's envelope, atomically: concurrent approvals cannot
    both take the last francs (a conditional UPDATE, re-checked under the row lock)."""
    taken = Call.objects.filter(pk=proposal.call_id, committed__lte=F("envelope") - grant).update(
        committed=F("committed") + grant
    )
    if not taken:
        call = Call.objects.get(pk=proposal.call_id)
        raise ConditionsUnmet(
            [
                _(
                    "La subvention (%(grant)s) dépasse le reste de l'enveloppe "
                    "de l'appel (%(left)s)."
                )
                % {"grant": format_xof(grant), "left": format_xof(call.envelope_left)}
            ],
            fields={"grant_amount": [_("Dépasse le reste de l'enveloppe.")]},
        )


def _release(proposal: Proposal, amount: int) -> None:
    if amount > 0:
        Call.objects.filter(pk=proposal.call_id).update(committed=F("committed") - amount)


def proposal_approve(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    grant_amount: int | None,
    comment: str = "",
    expected_state: str | None = None,
) -> Proposal:
    grant = int(grant_amount or 0)

    def conditions(locked: Proposal) -> list[str]:
        fresh = _prefetched(locked)
        return approval_problems(Figures.of(fresh), fresh.call, grant)

    def after(locked: Proposal) -> None:
        _commit_grant(locked, grant)
        routing.complete(locked, ProposalFlow.decision, by)

    try:
        return PROPOSAL_TABLE.run(
            proposal,
            P.APPROVE,
            by=by,
            source=source,
            comment=comment,
            data=summary(gettext_noop("Subvention accordée : %(grant)s"), grant=Money(grant)),
            expected_state=expected_state,
            conditions=conditions,
            kwargs={"grant_amount": grant},
            after_save=after,
            on_commit=[
                _mail_association(
                    proposal,
                    _("Projet approuvé"),
                    _("Le comité a approuvé votre projet avec une subvention de %s.")
                    % format_xof(grant),
                ),
                _mail_role(
                    Role.PROGRAMME_OFFICER,
                    proposal,
                    _("Convention à faire signer"),
                    _("Le comité a approuvé ce projet : faites signer la convention."),
                ),
                lambda: generate_agreement(proposal, by),
            ],
        )
    except ConditionsUnmet as exc:
        exc.fields.setdefault("grant_amount", list(exc.messages))
        raise


def proposal_reject(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    comment: str,
    expected_state: str | None = None,
) -> Proposal:
    return _run_commented(
        PROPOSAL_TABLE,
        proposal,
        P.REJECT,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        after_save=lambda p: routing.complete(p, ProposalFlow.decision, by),
        on_commit=[
            _mail_association(
                proposal,
                _("Projet non retenu"),
                _("Le comité n'a pas retenu votre projet. Motif : %s") % comment,
            )
        ],
    )


def proposal_sign_agreement(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Proposal:
    def create_tranches(locked: Proposal) -> None:
        plan = list(locked.call.tranche_plan)
        grant = int(locked.grant_amount or 0)
        Tranche.objects.bulk_create(
            Tranche(proposal=locked, number=number, percentage=percentage, amount=amount)
            for number, (percentage, amount) in enumerate(
                zip(plan, tranche_amounts(grant, plan), strict=True), start=1
            )
        )
        routing.complete(locked, ProposalFlow.sign, by)

    return PROPOSAL_TABLE.run(
        proposal,
        P.SIGN_AGREEMENT,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        after_save=create_tranches,
        on_commit=[
            _mail_association(
                proposal,
                _("Convention signée"),
                _("La convention est signée : vous pouvez demander la première tranche."),
            )
        ],
    )


def proposal_suspend(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    comment: str,
    expected_state: str | None = None,
) -> Proposal:
    return _run_commented(
        PROPOSAL_TABLE,
        proposal,
        P.SUSPEND,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        on_commit=[
            _mail_association(
                proposal, _("Projet suspendu"), _("Votre projet est suspendu : %s") % comment
            )
        ],
    )


def proposal_resume(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Proposal:
    return PROPOSAL_TABLE.run(
        proposal,
        P.RESUME,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        on_commit=[
            _mail_association(
                proposal, _("Projet repris"), _("L'exécution de votre projet reprend.")
            )
        ],
    )


def _paid_total(proposal: Proposal) -> int:
    return int(
        Tranche.objects.filter(proposal=proposal, status=TrancheStatus.PAID).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )


def proposal_terminate(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    comment: str,
    expected_state: str | None = None,
) -> Proposal:
    def awaiting_payment(locked: Proposal) -> list[str]:
        return [
            _("La tranche n° %(number)s est approuvée et attend son paiement.")
            % {"number": t.number}
            for t in locked.tranches.filter(status=TrancheStatus.APPROVED)
        ]

    def wind_up(locked: Proposal) -> None:
        for tranche in locked.tranches.filter(
            status__in=[TrancheStatus.PLANNED, TrancheStatus.REQUESTED]
        ):
            # A requested tranche is first sent back, then cancelled: one row per step.
            steps = [(T.CANCEL, tranche.cancel)]
            if tranche.status == TrancheStatus.REQUESTED:
                steps.insert(0, (T.RETURN_REQUEST, tranche.return_request))
            for name, step in steps:
                before = tranche.status
                step(comment)
                record_history(
                    obj=tranche,
                    action=name,
                    by=by,
                    source=source,
                    source_state=before,
                    target_state=tranche.status,
                    comment=comment,
                )
            tranche.save()
        _release(locked, locked.released)
        routing.cancel(locked)

    fresh = Proposal.objects.get(pk=proposal.pk)
    released = int(fresh.grant_amount or 0) - _paid_total(fresh)
    return _run_commented(
        PROPOSAL_TABLE,
        proposal,
        P.TERMINATE,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        extra_conditions=awaiting_payment,
        kwargs={"released": released},
        after_save=wind_up,
        on_commit=[
            _mail_association(
                proposal, _("Convention résiliée"), _("La convention est résiliée : %s") % comment
            )
        ],
    )


def completion_problems(proposal: Proposal) -> list[str]:
    """What still stands before `complete`: a tranche neither paid nor cancelled, or no
    final report."""
    problems = [
        _("La tranche n° %(number)s n'est ni payée ni annulée (elle est « %(status)s »).")
        % {"number": t.number, "status": t.get_status_display()}
        for t in proposal.tranches.exclude(status__in=[TrancheStatus.PAID, TrancheStatus.CANCELLED])
    ]
    if not attachments_of(proposal).filter(kind=AttachmentKind.FINAL_REPORT).exists():
        problems.append(_("Joignez le rapport final (pièce « rapport final »)."))
    return problems


def proposal_complete(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Proposal:
    return PROPOSAL_TABLE.run(
        proposal,
        P.COMPLETE,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        conditions=completion_problems,
        after_save=lambda p: routing.fire(p, ProposalFlow.execution),
        on_commit=[
            _mail_role(
                Role.FINANCE_OFFICER,
                proposal,
                _("Projet achevé à clôturer"),
                _("Le projet est achevé : procédez à sa clôture financière."),
            )
        ],
    )


def proposal_close(
    *,
    proposal: Proposal,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Proposal:
    fresh = Proposal.objects.get(pk=proposal.pk)
    remainder = int(fresh.grant_amount or 0) - _paid_total(fresh)

    def after(locked: Proposal) -> None:
        _release(locked, remainder)
        routing.complete(locked, ProposalFlow.closing, by)

    return PROPOSAL_TABLE.run(
        proposal,
        P.CLOSE,
        by=by,
        source=source,
        comment=comment,
        expected_state=expected_state,
        kwargs={"released": remainder},
        after_save=after,
        on_commit=[
            _mail_association(proposal, _("Projet clôturé"), _("Votre projet est clôturé."))
        ],
    )


# --- Tranches -----------------------------------------------------------------


def _in_execution(tranche: Tranche) -> list[str]:
    proposal = Proposal.objects.select_for_update().get(pk=tranche.proposal_id)
    if proposal.status != S.IN_EXECUTION:
        return [
            _("Le projet n'est pas en exécution (il est « %s »).") % proposal.get_status_display()
        ]
    return []


def tranche_request(
    *,
    tranche: Tranche,
    by: User,
    source: Source | str,
    report: str,
    report_file: UploadedFile | None = None,
    expected_state: str | None = None,
) -> Tranche:
    """Request a tranche with its progress report: the text, and the report's file if any,
    kept among the proposal's pieces and linked to this tranche."""
    file_problems: dict[str, list[str]] = {}

    def conditions(locked: Tranche) -> list[str]:
        problems = _in_execution(locked)
        problems.extend(_required(report, _("Rédigez le rapport d'avancement.")))
        earlier = Tranche.objects.filter(proposal_id=locked.proposal_id, number__lt=locked.number)
        waiting = earlier.exclude(status__in=[TrancheStatus.PAID, TrancheStatus.CANCELLED])
        problems.extend(
            _("La tranche n° %(number)s doit d'abord être payée.") % {"number": t.number}
            for t in waiting
        )
        if report_file is not None:
            try:
                check_upload(report_file)
            except ConditionsUnmet as bad:
                problems.extend(bad.messages)
                file_problems["report_file"] = bad.fields.get("file", bad.messages)
        return problems

    def after(locked: Tranche) -> None:
        if report_file is not None:
            attachment = store_attachment(
                owner=locked.proposal,
                upload=report_file,
                kind=AttachmentKind.PROGRESS_REPORT,
                by=by,
                source=source,
            )
            Tranche.objects.filter(pk=locked.pk).update(report_file=attachment)
            locked.report_file = attachment
        routing.fire(locked.proposal, ProposalFlow.execution)

    try:
        return TRANCHE_TABLE.run(
            tranche,
            T.REQUEST,
            by=by,
            source=source,
            conditions=conditions,
            kwargs={"report": report.strip()},
            expected_state=expected_state,
            after_save=after,
            on_commit=[
                _mail_role(
                    Role.PROGRAMME_OFFICER,
                    tranche.proposal,
                    _("Demande de tranche"),
                    _("La tranche n° %s est demandée avec son rapport d'avancement.")
                    % tranche.number,
                )
            ],
        )
    except ConditionsUnmet as exc:
        if not report.strip():
            exc.fields.setdefault("report", [_("Rédigez le rapport d'avancement.")])
        exc.fields.update(file_problems)
        raise


def tranche_approve(
    *,
    tranche: Tranche,
    by: User,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
) -> Tranche:
    return TRANCHE_TABLE.run(
        tranche,
        T.APPROVE,
        by=by,
        source=source,
        comment=comment,
        conditions=_in_execution,
        expected_state=expected_state,
        after_save=lambda t: routing.complete(t.proposal, ProposalFlow.approve_tranche, by),
        on_commit=[
            _mail_role(
                Role.FINANCE_OFFICER,
                tranche.proposal,
                _("Tranche à payer"),
                _("La tranche n° %(number)s (%(amount)s) est approuvée : procédez au paiement.")
                % {"number": tranche.number, "amount": format_xof(tranche.amount)},
            )
        ],
    )


def tranche_return_request(
    *,
    tranche: Tranche,
    by: User,
    source: Source | str,
    comment: str,
    expected_state: str | None = None,
) -> Tranche:
    return _run_commented(
        TRANCHE_TABLE,
        tranche,
        T.RETURN_REQUEST,
        by=by,
        source=source,
        comment=comment,
        kwargs={"comment": comment.strip()},
        expected_state=expected_state,
        after_save=lambda t: routing.complete(t.proposal, ProposalFlow.approve_tranche, by),
        on_commit=[
            _mail_association(
                tranche.proposal,
                _("Demande de tranche renvoyée"),
                _("Votre demande de tranche n° %(number)s est renvoyée : %(comment)s")
                % {"number": tranche.number, "comment": comment},
            )
        ],
    )


def tranche_pay(
    *,
    tranche: Tranche,
    by: User,
    source: Source | str,
    payment_reference: str,
    paid_on: datetime.date | None = None,
    comment: str = "",
    expected_state: str | None = None,
) -> Tranche:
    day = paid_on or timezone.localdate()
    fields: dict[str, list[str]] = {}

    def conditions(locked: Tranche) -> list[str]:
        problems = _in_execution(locked)
        if not payment_reference.strip():
            message = _("Indiquez la référence du paiement.")
            problems.append(message)
            fields["payment_reference"] = [message]
        if day > timezone.localdate():
            message = _("La date de paiement ne peut pas être dans le futur.")
            problems.append(message)
            fields["paid_on"] = [message]
        return problems

    try:
        return TRANCHE_TABLE.run(
            tranche,
            T.PAY,
            by=by,
            source=source,
            comment=comment,
            conditions=conditions,
            kwargs={"payment_reference": payment_reference.strip(), "paid_on": day},
            expected_state=expected_state,
            after_save=lambda t: routing.complete(t.proposal, ProposalFlow.pay_tranche, by),
            on_commit=[
                _mail_association(
                    tranche.proposal,
                    _("Tranche payée"),
                    _("La tranche n° %(number)s (%(amount)s) est payée (référence %(ref)s).")
                    % {
                        "number": tranche.number,
                        "amount": format_xof(tranche.amount),
                        "ref": payment_reference,
                    },
                )
            ],
        )
    except ConditionsUnmet as exc:
        exc.fields.update(fields)
        raise


def tranche_cancel(
    *,
    tranche: Tranche,
    by: User,
    source: Source | str,
    comment: str,
    expected_state: str | None = None,
) -> Tranche:
    return _run_commented(
        TRANCHE_TABLE,
        tranche,
        T.CANCEL,
        by=by,
        source=source,
        comment=comment,
        kwargs={"comment": comment.strip()},
        expected_state=expected_state,
        on_commit=[
            _mail_association(
                tranche.proposal,
                _("Tranche annulée"),
                _("La tranche n° %(number)s est annulée : %(comment)s")
                % {"number": tranche.number, "comment": comment},
            )
        ],
    )
