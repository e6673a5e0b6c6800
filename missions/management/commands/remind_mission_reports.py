"""Remind the experts and the hosts of their missing mission reports (daily, from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from missions.services.reminders import REMIND_AFTER_DAYS, remind_reports


class Command(BaseCommand):
    help = (
        "Rappelle à l'expert et à l'établissement d'accueil de déposer leur rapport de "
        f"mission, {REMIND_AFTER_DAYS} jours après la fin de la mission ; chaque côté "
        "n'est rappelé qu'une fois. À lancer chaque jour depuis cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # The mails are in the platform's language (French), whoever runs the command.
        with translation.override("fr"):
            sent = remind_reports()
        self.stdout.write(_("Rappels de rapport envoyés : %(count)d") % {"count": sent})
