"""The mails of the volunteering missions, composed once the transaction commits and sent
by the background queue (`processes.mail`): one mail per recipient, in the words of the
one it is addressed to, ending with the link to the page where it acts or reads."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from missions.models import Mission, MissionNeed
from processes.mail import mail_later


def link(path: str) -> str:
    """The absolute address of a page of the platform, for a mail."""
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{path}"


def mission_link(mission: Mission, anchor: str = "") -> str:
    path = reverse("missions:mission_detail", args=[mission.pk])
    return link(f"{path}#{anchor}" if anchor else path)


def host_addresses(need: MissionNeed) -> list[str]:
    addresses = {need.host.email}
    addresses.update(need.host.members.filter(is_active=True).values_list("email", flat=True))
    return [a for a in addresses if a]


def expert_addresses(mission: Mission) -> list[str]:
    expert = mission.expert
    return [a for a in {expert.email, expert.user.email if expert.user else ""} if a]


def send(recipients: Iterable[str], subject: str, body: str, url: str) -> None:
    mail_later((subject, f"{body}\n\n{url}\n", [email]) for email in sorted(set(recipients)))


def fresh(mission: Mission) -> Mission:
    """The mission as committed (its state and closing reason), with its need, host and
    expert: what a mail speaks of."""
    return Mission.objects.select_related("need__host", "expert__user").get(pk=mission.pk)


def _names(mission: Mission) -> dict[str, str]:
    need = mission.need
    return {"title": need.title, "host": need.host.name, "expert": mission.expert.full_name}


def invited(mission: Mission) -> None:
    mission = fresh(mission)
    send(
        expert_addresses(mission),
        _("Invitation à une mission de volontariat"),
        _(
            "Vous êtes invité(e) à la mission « %(title)s » (%(host)s). Acceptez ou déclinez "
            "l'invitation sur la page de la mission."
        )
        % _names(mission),
        mission_link(mission),
    )


def application_received(mission: Mission) -> None:
    mission = fresh(mission)
    send(
        host_addresses(mission.need),
        _("Nouvelle candidature"),
        _("%(expert)s est candidat(e) à votre demande « %(title)s ».") % _names(mission),
        mission_link(mission),
    )


def selected(mission: Mission) -> None:
    mission = fresh(mission)
    send(
        expert_addresses(mission),
        _("Vous êtes retenu(e) pour une mission"),
        _(
            "L'établissement %(host)s vous a retenu(e) pour « %(title)s ». Un chargé de "
            "programme va maintenant approuver la mission."
        )
        % _names(mission),
        mission_link(mission),
    )


def approved(mission: Mission) -> None:
    mission = fresh(mission)
    send(
        expert_addresses(mission),
        _("Votre mission est approuvée"),
        _(
            "Votre mission « %(title)s » (%(host)s) est approuvée. Votre ordre de mission "
            "est sur la page de la mission, parmi ses documents."
        )
        % _names(mission),
        mission_link(mission, "documents"),
    )
    send(
        host_addresses(mission.need),
        _("Mission approuvée"),
        _(
            "La mission de %(expert)s sur votre demande « %(title)s » est approuvée ; "
            "l'ordre de mission est sur la page de la mission."
        )
        % _names(mission),
        mission_link(mission, "documents"),
    )


def certified(mission: Mission) -> None:
    mission = fresh(mission)
    send(
        expert_addresses(mission),
        _("Votre mission est attestée"),
        _(
            "Votre mission « %(title)s » (%(host)s) est attestée. Votre attestation est sur "
            "la page de la mission, parmi ses documents."
        )
        % _names(mission),
        mission_link(mission, "documents"),
    )


def withdrawn(mission: Mission) -> None:
    mission = fresh(mission)
    send(
        host_addresses(mission.need),
        _("Candidature retirée"),
        _("%(expert)s a retiré sa candidature à votre demande « %(title)s ».") % _names(mission),
        mission_link(mission),
    )


def cancelled(mission: Mission, *, host_too: bool = True) -> None:
    """The cancellation, to the expert and the host; to the expert alone when it follows
    from the need's closing or cancelling, which the host or the officer did."""
    mission = fresh(mission)
    names = {**_names(mission), "reason": mission.closing_reason}
    send(
        expert_addresses(mission),
        _("Mission annulée"),
        _("Votre mission « %(title)s » (%(host)s) est annulée : %(reason)s") % names,
        mission_link(mission),
    )
    if not host_too:
        return
    send(
        host_addresses(mission.need),
        _("Mission annulée"),
        _("La mission de %(expert)s sur votre demande « %(title)s » est annulée : %(reason)s")
        % names,
        mission_link(mission),
    )


def report_reminder(mission: Mission, *, expert_side: bool) -> None:
    """The reminder to file one side's report, seven days after the mission's end."""
    mission = fresh(mission)
    if expert_side:
        recipients = expert_addresses(mission)
        body = _(
            "Votre mission « %(title)s » (%(host)s) est terminée : déposez votre rapport "
            "de mission sur sa page."
        )
    else:
        recipients = host_addresses(mission.need)
        body = _(
            "La mission de %(expert)s sur votre demande « %(title)s » est terminée : "
            "déposez le rapport de l'établissement sur sa page."
        )
    send(
        recipients,
        _("Rapport de mission à déposer"),
        body % _names(mission),
        mission_link(mission, "reports"),
    )
