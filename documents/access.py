"""Who may see, download or regenerate an owner's documents: whoever the owner's app says.

The rules are those the owning app registered (`documents.registry`); this
module only looks them up. An owner whose model registered nothing is visible
to no one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.types import AnyUser
from documents.models import Attachment, StoredDocument
from documents.registry import producer_for, rules_for
from processes.transitions import Decision


def can_see_owner(user: AnyUser, owner: models.Model | None) -> bool:
    rules = rules_for(owner)
    return bool(rules is not None and user.is_authenticated and rules.can_see(user, owner))


def can_download(user: AnyUser, document: StoredDocument | Attachment) -> bool:
    return can_see_owner(user, document.owner)


def can_regenerate(user: AnyUser, owner: models.Model, kind: str | None = None) -> Decision:
    """The owner's rule, then (given `kind`) its producer's own, if it has one."""
    rules = rules_for(owner)
    if rules is None or not user.is_authenticated:
        return Decision.deny(_("Vous n'avez pas le droit de régénérer ce document."))
    decision = rules.can_regenerate(user, owner)
    producer = None if kind is None else producer_for(kind)
    if not decision or producer is None or producer.can_regenerate is None:
        return decision
    return producer.can_regenerate(user, owner)
