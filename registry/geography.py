"""Togo's geography as the services check it: a prefecture lies in its region."""

from __future__ import annotations

from django.utils.translation import gettext as _

from processes.transitions import ConditionsUnmet
from registry.models import Prefecture, Region


def refuse_prefecture_outside(
    region: Region | None, prefecture: Prefecture | None, field: str = "prefecture"
) -> None:
    """Refuse a prefecture that is not in the region given with it, on `field`."""
    if region is not None and prefecture is not None and prefecture.region_id != region.pk:
        message = _("La préfecture %(prefecture)s n'est pas dans la région %(region)s.") % {
            "prefecture": prefecture,
            "region": region,
        }
        raise ConditionsUnmet([message], fields={field: [message]})
