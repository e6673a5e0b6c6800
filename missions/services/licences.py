"""An expert's professional licence: filed by the expert with its scan, checked (or
refused) by a programme officer before any medical mission is approved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.types import AnyUser, signed_in
from audit.models import Source
from audit.services import record_history
from missions import access
from missions.models import ProfessionalLicence
from missions.services.common import refuse_unless_allowed, validation_error
from missions.transitions import LICENCE_TRANSITIONS
from missions.transitions import LicenceTransition as L
from processes.comments import run_commented
from processes.firing import Firing
from processes.transitions import ConditionsUnmet


def licence_add(
    *, country: str, number: str, profession: str, by: AnyUser, source: Source | str
) -> ProfessionalLicence:
    """The signed-in expert files a licence (its scan is then attached to it)."""
    expert = access.expert_of(by)
    refuse_unless_allowed(
        access.can_add_licence(by),
        obj=expert,
        action="add_licence",
        by=by,
        source=source,
    )
    assert expert is not None
    licence = ProfessionalLicence(
        expert=expert, country=country, number=number.strip(), profession=profession.strip()
    )
    try:
        licence.full_clean(exclude=["status", "expert"])
    except ValidationError as exc:
        raise validation_error(exc) from exc
    try:
        with transaction.atomic():
            licence.save()
            record_history(
                obj=licence, action="create", by=by, source=source, target_state=licence.status
            )
    except IntegrityError as exc:
        message = _("Cette autorisation d'exercer est déjà déposée.")
        raise ConditionsUnmet([message], fields={"number": [message]}) from exc
    return licence


def _stamp(by: AnyUser) -> Callable[[ProfessionalLicence], None]:
    def stamp(locked: ProfessionalLicence) -> None:
        locked.checked_at = timezone.now()
        locked.checked_by = signed_in(by)

    return stamp


def licence_check(
    *, licence: ProfessionalLicence, comment: str = "", **firing: Unpack[Firing]
) -> ProfessionalLicence:
    return LICENCE_TRANSITIONS.run(
        licence, L.CHECK, **firing, comment=comment, before_save=_stamp(firing["by"])
    )


def licence_refuse(
    *, licence: ProfessionalLicence, comment: str, **firing: Unpack[Firing]
) -> ProfessionalLicence:
    return run_commented(
        LICENCE_TRANSITIONS,
        licence,
        L.REFUSE,
        **firing,
        comment=comment,
        before_save=_stamp(firing["by"]),
    )
