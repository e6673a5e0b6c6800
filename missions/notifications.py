"""The mails of the volunteering missions, sent after the commit (`processes.mail`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from missions.models import Mission, MissionNeed
from processes.mail import mail_later


def _host_addresses(need: MissionNeed) -> list[str]:
    addresses = {need.host.email}
    addresses.update(need.host.members.exclude(email="").values_list("email", flat=True))
    return sorted(a for a in addresses if a)


def _expert_addresses(mission: Mission) -> list[str]:
    expert = mission.expert
    addresses = {expert.email, getattr(expert.user, "email", "") if expert.user_id else ""}
    return sorted(a for a in addresses if a)


def _send(subject: str, body: str, to: Iterable[str]) -> None:
    mail_later([(subject, body, list(to))])


def invited(mission: Mission) -> None:
    _send(
        _("Invitation à une mission de volontariat"),
        _("Vous êtes invité(e) à la mission « %(title)s » (%(host)s).")
        % {"title": mission.need.title, "host": mission.need.host.name},
        _expert_addresses(mission),
    )


def application_received(mission: Mission) -> None:
    _send(
        _("Nouvelle candidature"),
        _("%(expert)s est candidat(e) à votre demande « %(title)s ».")
        % {"expert": mission.expert.full_name, "title": mission.need.title},
        _host_addresses(mission.need),
    )


def selected(mission: Mission) -> None:
    _send(
        _("Vous êtes retenu(e) pour une mission"),
        _("L'établissement %(host)s vous a retenu(e) pour « %(title)s ».")
        % {"host": mission.need.host.name, "title": mission.need.title},
        _expert_addresses(mission),
    )


def approved(mission: Mission) -> None:
    _send(
        _("Votre mission est approuvée"),
        _("La mission « %(title)s » est approuvée ; l'ordre de mission est disponible.")
        % {"title": mission.need.title},
        [*_expert_addresses(mission), *_host_addresses(mission.need)],
    )


def certified(mission: Mission) -> None:
    _send(
        _("Votre mission est attestée"),
        _("La mission « %(title)s » est attestée ; l'attestation est disponible.")
        % {"title": mission.need.title},
        _expert_addresses(mission),
    )


def withdrawn(mission: Mission) -> None:
    _send(
        _("Candidature retirée"),
        _("%(expert)s a retiré sa candidature à « %(title)s ».")
        % {"expert": mission.expert.full_name, "title": mission.need.title},
        _host_addresses(mission.need),
    )


def cancelled(mission: Mission) -> None:
    _send(
        _("Mission annulée"),
        _("La mission « %(title)s » est annulée.") % {"title": mission.need.title},
        [*_expert_addresses(mission), *_host_addresses(mission.need)],
    )
