"""Who may download or regenerate a stored document: whoever the owner's app says.

`documents` does not know proposals or cases. Each owning app registers, for
its model, who sees an owner (and so its documents) and who may regenerate
them; this module only looks the rules up. An owner whose model registered
nothing is visible to no one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.types import AnyUser
from documents.models import StoredDocument
from processes.transitions import Decision

SeeCheck = Callable[[AnyUser, Any], bool]
RegenerateCheck = Callable[[AnyUser, Any], Decision]


@dataclass(frozen=True)
class OwnerRules:
    can_see: SeeCheck
    can_regenerate: RegenerateCheck


_RULES: dict[type[models.Model], OwnerRules] = {}


def register(
    model: type[models.Model], *, can_see: SeeCheck, can_regenerate: RegenerateCheck
) -> None:
    _RULES[model] = OwnerRules(can_see=can_see, can_regenerate=can_regenerate)


def rules_for(owner: models.Model | None) -> OwnerRules | None:
    if owner is None:
        return None
    return _RULES.get(owner._meta.concrete_model or type(owner)) or _RULES.get(type(owner))


def can_see_owner(user: AnyUser, owner: models.Model | None) -> bool:
    rules = rules_for(owner)
    return bool(rules is not None and user.is_authenticated and rules.can_see(user, owner))


def can_download(user: AnyUser, document: StoredDocument) -> bool:
    return can_see_owner(user, document.owner)


def can_regenerate(user: AnyUser, owner: models.Model) -> Decision:
    rules = rules_for(owner)
    if rules is None or not user.is_authenticated:
        return Decision.deny(_("Vous n'avez pas le droit de régénérer ce document."))
    return rules.can_regenerate(user, owner)
