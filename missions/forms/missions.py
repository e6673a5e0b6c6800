"""The filters of the missions list."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from missions.choices import MissionKind, MissionStatus
from missions.models import HostInstitution
from processes.forms import FilterForm, any_of, one_of, style


class MissionFilterForm(FilterForm):
    """An officer's or an auditor's filters: state, kind, host, the expert's name (`q`)."""

    status = one_of(_("Statut"), MissionStatus.choices, _("Tous les statuts"))
    kind = one_of(_("Type de mission"), MissionKind.choices, _("Tous les types"))
    host = any_of(
        _("Établissement d'accueil"), HostInstitution.objects.all(), _("Tous les établissements")
    )

    def __init__(self, *args: object, hosts: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["q"].label = _("Nom de l'expert")
        if not hosts:
            del self.fields["host"]
        style(self)
