"""An expert's availability: the windows of days in which the signed-in expert can go
on a mission (matching ranks the experts whose window covers a need's dates)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from audit.models import Source
from audit.services import record_history
from missions import access
from missions.models import Availability
from missions.services.common import refuse_unless_allowed, validation_error
from processes.transitions import ConditionsUnmet, refuse_unless
from registry.models import Expert

# The longest window an expert declares, and how many windows it keeps.
MAX_WINDOW_DAYS = 2 * 366
MAX_WINDOWS = 20


def _window(availability: Availability) -> dict[str, str]:
    return {
        "starts_on": availability.starts_on.isoformat(),
        "ends_on": availability.ends_on.isoformat(),
    }


def availability_add(
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    by: AnyUser,
    source: Source | str,
) -> Availability:
    """A window of the signed-in expert's own availability."""
    expert = access.expert_of(by)
    refuse_unless_allowed(
        access.can_keep_availability(by),
        obj=expert,
        action="add_availability",
        by=by,
        source=source,
    )
    assert expert is not None
    if ends_on < starts_on:
        message = _("La fin de la disponibilité ne peut précéder son début.")
        raise ConditionsUnmet([message], fields={"ends_on": [message]})
    if (ends_on - starts_on).days >= MAX_WINDOW_DAYS:
        message = _("Une disponibilité dure au plus deux ans.")
        raise ConditionsUnmet([message], fields={"ends_on": [message]})
    availability = Availability(expert=expert, starts_on=starts_on, ends_on=ends_on)
    try:
        availability.full_clean(exclude=["expert"])
    except ValidationError as exc:
        raise validation_error(exc) from exc
    with transaction.atomic():
        # The expert's row is locked so that two additions at once count each other.
        Expert.objects.select_for_update().filter(pk=expert.pk).values_list("pk").get()
        if Availability.objects.filter(expert=expert).count() >= MAX_WINDOWS:
            raise ConditionsUnmet(
                [
                    _("Un expert garde au plus %(count)d disponibilités : supprimez-en une.")
                    % {"count": MAX_WINDOWS}
                ]
            )
        availability.save()
        record_history(
            obj=expert, action="add_availability", by=by, source=source, data=_window(availability)
        )
    return availability


def availability_remove(*, availability: Availability, by: AnyUser, source: Source | str) -> None:
    """The expert removes one of its own windows."""
    refuse_unless(
        access.can_remove_availability(by, availability),
        obj=availability.expert,
        action="remove_availability",
        by=by,
        source=source,
    )
    with transaction.atomic():
        data = _window(availability)
        availability.delete()
        record_history(
            obj=availability.expert, action="remove_availability", by=by, source=source, data=data
        )
