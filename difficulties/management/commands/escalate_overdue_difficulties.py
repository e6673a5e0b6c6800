"""Escalate the overdue referrals of the difficulties register to the officers (daily,
from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from difficulties.services.maintenance import escalate_overdue


class Command(BaseCommand):
    help = (
        "Signale aux chargés de programme, une fois chacune, les transmissions dont la "
        "réponse est en retard (un e-mail et une ligne d'historique par signalement). "
        "À lancer chaque jour depuis cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # The mails are in the platform's language (French), whoever runs the command.
        with translation.override("fr"):
            escalated = escalate_overdue()
        self.stdout.write(
            _("Transmissions en retard signalées aux chargés de programme : %(count)d")
            % {"count": escalated}
        )
