"""The association's verification, declared once: the focal point of the association's
embassy verifies or rejects a registration (docs/roles.md). The pages, the API, the
admin and the services read this table."""

from __future__ import annotations

import enum

from django.utils.translation import gettext_lazy as _

from processes.table import Input, InputKind, Tone, Transition, TransitionTable
from registry import access
from registry.models import Association


class AssociationAction(enum.StrEnum):
    VERIFY = "verify"
    REJECT = "reject"
    REOPEN_VERIFICATION = "reopen_verification"


# The focal point of the association's embassy verifies or rejects a registration; a
# member's edit of a verified association's identity or jurisdiction sends it back to
# that verification (fired by the edit itself, never offered as a button).
ASSOCIATION_TABLE: TransitionTable[Association] = TransitionTable(
    model=Association,
    object_arg="association",
    rows=[
        Transition(
            name=AssociationAction.VERIFY,
            label=_("Vérifier l'association"),
            actor=access.can_verify_association,
            service="registry.services.association_verify",
        ),
        Transition(
            name=AssociationAction.REJECT,
            label=_("Rejeter l'inscription"),
            actor=access.can_verify_association,
            service="registry.services.association_reject",
            inputs=(
                Input(
                    "comment",
                    InputKind.LONG_TEXT,
                    _("Motif du rejet"),
                    marked=True,
                    help_text="Required to reject.",
                ),
            ),
            comment_required=True,
            missing_comment=_("Indiquez le motif du rejet."),
            defaults={"comment": ""},
            tone=Tone.DANGER,
        ),
        Transition(
            name=AssociationAction.REOPEN_VERIFICATION,
            label=_("Renvoyer en vérification"),
            actor=access.can_reopen_verification,
            service="registry.services.association_reopen_verification",
            offered=False,
        ),
    ],
)
