"""What the case services share: the refusal of an action out of its states, model
validation errors as refusals, and the caseworker named by a request."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from accounts.types import AnyUser, AuthUser
from audit.services import record_refusal
from cases.models import (
    Case,
)
from processes.transitions import (
    ConditionsUnmet,
    InvalidState,
)
from processes.transitions import validation_error as validation_error

User = AnyUser


def refuse_state(case: Case, allowed: tuple[str, ...], action: str, by: User, source: str) -> None:
    if case.status not in allowed:
        reason = _("Impossible dans l'état « %(state)s » du dossier.") % {
            "state": case.get_status_display()
        }
        record_refusal(
            obj=case, action=action, by=by, source=source, reason=reason, state=case.status
        )
        raise InvalidState(reason)


def caseworker_user(username: str | None) -> AuthUser | None:
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or not has_role(user, Role.CELL_CASEWORKER):
        message = _("« %s » n'est pas un travailleur social actif de la cellule.") % username
        raise ConditionsUnmet([message], fields={"caseworker": [message]})
    return user
