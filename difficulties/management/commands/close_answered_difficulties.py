"""Close the answered reports the reporter said nothing about, and forget the reports
never confirmed (daily, from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from difficulties.codes import CONFIRMATION_DAYS
from difficulties.services.maintenance import (
    CLOSE_AFTER_ANSWER_DAYS,
    close_answered,
    forget_unconfirmed,
)


class Command(BaseCommand):
    help = (
        f"Clôture les signalements répondus depuis plus de {CLOSE_AFTER_ANSWER_DAYS} jours "
        "sans avis du déclarant, et supprime, avec leurs pièces, les signalements jamais "
        f"confirmés par leur lien après {CONFIRMATION_DAYS} jours. À lancer chaque jour "
        "depuis cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("fr"):
            closed = close_answered()
            forgotten = forget_unconfirmed()
        self.stdout.write(
            _("Signalements répondus clôturés faute d'avis du déclarant : %(count)d")
            % {"count": closed}
        )
        self.stdout.write(
            _("Signalements jamais confirmés supprimés avec leurs pièces : %(count)d")
            % {"count": forgotten}
        )
