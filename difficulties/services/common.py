"""What the difficulty services share: a model's validation errors as refusals, the
competent embassy of a country, and the administration named by a code."""

from __future__ import annotations

from django.utils.translation import gettext as _

from difficulties.models import Administration
from processes.transitions import ConditionsUnmet
from processes.transitions import validation_error as validation_error
from registry.models import Embassy, Jurisdiction


def competent_embassy(country: str) -> Embassy | None:
    """The embassy whose jurisdiction covers `country` (None: the ministry's desk)."""
    jurisdiction = (
        Jurisdiction.objects.select_related("embassy").filter(country=str(country)).first()
    )
    return jurisdiction.embassy if jurisdiction else None


def administration_named(code: str | Administration | None, *, field: str) -> Administration | None:
    """The active administration of `code` (None for an empty code), or the refusal on
    `field`."""
    if isinstance(code, Administration) or not code:
        return code or None
    administration = Administration.objects.filter(code=str(code)[:40], active=True).first()
    if administration is None:
        message = _("Choisissez une administration de la liste.")
        raise ConditionsUnmet([message], fields={field: [message]})
    return administration
