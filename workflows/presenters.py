"""What the co-realisation pages show, shaped from the models: the actions a user may
fire with their forms, the grant's headroom, the reviews a user may read, and the
history as a timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.work import action_anchor
from audit.labels import describe, person_name
from documents.formatting import format_decimal, format_share
from processes.page_actions import Action, Failed, transition_actions
from processes.timeline import TimelineRow, timeline_row
from workflows import access, selectors
from workflows.forms import ProposalTransitionForm
from workflows.models import Call, Proposal, ProposalStatus, Review, Tranche, TrancheStatus
from workflows.rules import Figures, grant_headroom
from workflows.transitions import PROPOSAL_TABLE, TRANCHE_TABLE
from workflows.transitions import ProposalTransition as P
from workflows.transitions import TrancheTransition as T

HISTORY_LABELS: dict[str, Any] = {
    **PROPOSAL_TABLE.labels(),
    "create": gettext_lazy("Création du brouillon"),
    "update": gettext_lazy("Modification"),
    P.SUBMIT: gettext_lazy("Soumission"),
    P.RESUBMIT: gettext_lazy("Nouvelle soumission"),
    P.SEND_TO_COMMITTEE: gettext_lazy("Inscription en comité"),
    "assign_evaluator": gettext_lazy("Évaluateur désigné"),
    "review": gettext_lazy("Avis technique"),
    "attach": gettext_lazy("Pièce jointe"),
    "document": gettext_lazy("Document généré"),
    "document_failed": gettext_lazy("Échec de la génération d'un document"),
    "regenerate_document": gettext_lazy("Nouvelle version d'un document"),
}

TRANCHE_HISTORY_LABELS: dict[str, Any] = {
    T.REQUEST: gettext_lazy("Tranche n° %(number)s demandée"),
    T.APPROVE: gettext_lazy("Tranche n° %(number)s approuvée"),
    T.RETURN_REQUEST: gettext_lazy("Demande de la tranche n° %(number)s renvoyée"),
    T.PAY: gettext_lazy("Tranche n° %(number)s payée"),
    T.CANCEL: gettext_lazy("Tranche n° %(number)s annulée"),
}


@dataclass
class TrancheRow:
    tranche: Tranche
    actions: list[Action] = field(default_factory=list)


@dataclass
class Limit:
    label: str
    amount: int
    limiting: bool = False


@dataclass
class Headroom:
    amount: int
    limits: list[Limit]


def headroom_of(figures: Figures, call: Call) -> Headroom:
    """The largest grant the rules allow, with each figure that caps it."""
    amount = grant_headroom(figures, call)
    limits = [
        Limit(_("Plafond par projet"), call.max_grant),
        Limit(
            _("%(ratio)s × l'apport en numéraire de l'association")
            % {"ratio": format_decimal(call.matching_ratio)},
            int(call.matching_ratio * figures.association_cash // 1),
        ),
        Limit(
            _("%(share)s du budget total") % {"share": format_share(call.max_grant_share)},
            int(call.max_grant_share * figures.budget_total // 1),
        ),
        Limit(_("Subvention demandée"), figures.state_requested),
        Limit(_("Reste de l'enveloppe de l'appel"), call.envelope_left),
    ]
    for limit in limits:
        limit.limiting = max(limit.amount, 0) == amount
    return Headroom(amount=amount, limits=limits)


def proposal_actions(
    user: Any,
    proposal: Proposal,
    *,
    failed: Failed | None = None,
    headroom: int | None = None,
    evaluators: list[tuple[str, str]] | None = None,
    only: Sequence[str] | None = None,
    prefix: str = "",
) -> list[Action]:
    """The transitions `user` may fire now, each with the form of the inputs it needs."""

    def form(name: str) -> ProposalTransitionForm:
        return ProposalTransitionForm.for_object(
            PROPOSAL_TABLE, name, proposal, prefix=prefix, headroom=headroom, evaluators=evaluators
        )

    route = "workflows:proposal_transition"
    return transition_actions(
        PROPOSAL_TABLE, user, proposal, route, failed=failed, only=only, form=form
    )


def tranche_anchor(tranche: Tranche, name: str) -> str:
    """`action-request-tranche`, `action-approve-tranche`, … : one tranche at a time is
    requested, approved or paid; any planned one may be cancelled."""
    if name == T.CANCEL:
        return f"{action_anchor('cancel_tranche')}-{tranche.number}"
    return action_anchor(f"{name}_tranche")


def tranche_actions(user: Any, tranche: Tranche, failed: Failed | None = None) -> list[Action]:
    return transition_actions(
        TRANCHE_TABLE,
        user,
        tranche,
        "workflows:tranche_transition",
        failed=failed,
        prefix=f"t{tranche.pk}_",
        anchor=lambda name: tranche_anchor(tranche, name),
    )


def visible_reviews(user: Any, proposal: Proposal) -> tuple[list[Review], bool]:
    """The reviews this user may read, and whether with the evaluators' names."""
    view = access.review_view(user, proposal)
    reviews = list(proposal.reviews.all())
    if view.everything:
        return reviews, True
    if view.own_id is not None:
        return [r for r in reviews if r.evaluator_id == view.own_id], True
    if view.anonymous:
        return [r for r in reviews if r.is_filed], False
    return [], False


def _who(entry: Any) -> str:
    if entry.by is None:
        return _("Système")
    return person_name(entry.by)


def _masked(
    entry: Any, view: access.ReviewView, user: Any, codes: dict[str, Any]
) -> tuple[str, str]:
    """Who did it and the comment, as this user may read them (see access.ReviewView)."""
    show_who, show_comment = access.history_masking(entry, view, user)
    who = _who(entry) if show_who else _("Un évaluateur technique")
    return who, describe(entry, codes) if show_comment else ""


def timeline(proposal: Proposal, user: Any) -> list[TimelineRow]:
    numbers = {t.pk: t.number for t in proposal.tranches.all()}
    tranche_type = ContentType.objects.get_for_model(Tranche)
    view = access.review_view(user, proposal)
    tranche_codes, proposal_codes = TRANCHE_TABLE.labels(), PROPOSAL_TABLE.labels()
    rows = []
    for entry in selectors.history_of(proposal):
        if entry.content_type_id == tranche_type.pk:
            label = TRANCHE_HISTORY_LABELS.get(entry.action)
            action = (
                str(label) % {"number": numbers.get(entry.object_id, "?")}
                if label is not None
                else entry.action
            )
            states: Any = TrancheStatus
            codes = tranche_codes
        else:
            action = str(HISTORY_LABELS.get(entry.action, entry.action))
            states = ProposalStatus
            codes = proposal_codes
        who, comment = _masked(entry, view, user, codes)
        rows.append(timeline_row(entry, action, states, who=who, comment=comment))
    return rows
