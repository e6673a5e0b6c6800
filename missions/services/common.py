"""What the mission services share: the rules an expert must meet to be a candidate,
and a model's validation errors as refusals."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.models import Source
from missions import access
from missions.choices import NeedStatus
from missions.models import MissionNeed
from processes.transitions import Decision, NotAllowed, refuse_unless
from processes.transitions import validation_error as validation_error
from registry.models import Expert


def refuse_unless_allowed(
    decision: Decision, *, obj: models.Model | None, action: str, by: AnyUser, source: Source | str
) -> None:
    """`refuse_unless`, keeping the trace in the history of `obj` when there is one: a
    refused creation by someone with no row of their own (no expert profile, no
    institution yet) leaves none."""
    if obj is not None and obj.pk is not None:
        refuse_unless(decision, obj=obj, action=action, by=by, source=source)
    elif not decision:
        raise NotAllowed(decision.reason)


def acting_expert(decision: Decision, *, action: str, by: AnyUser, source: Source | str) -> Expert:
    """The expert `by` acts as, once `decision` (about it) allows `action`."""
    expert = access.expert_of(by)
    refuse_unless_allowed(decision, obj=expert, action=action, by=by, source=source)
    assert expert is not None  # the decision asked for it
    return expert


def candidacy_problems(need: MissionNeed, expert: Expert) -> list[str]:
    """Why `expert` cannot be a candidate on `need` (empty: it can)."""
    problems = []
    if need.status != NeedStatus.PUBLISHED:
        problems.append(_("Cette demande n'est pas ouverte aux candidatures."))
    if not expert.consent_listed:
        problems.append(
            _("L'expert doit accepter de figurer dans le répertoire RECOATEX pour être candidat.")
        )
    if not need.domains.filter(pk__in=expert.competences.values("pk")).exists():
        problems.append(
            _("Les domaines de compétence de l'expert ne comprennent aucun de ceux de la demande.")
        )
    return problems
