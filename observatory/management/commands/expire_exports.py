"""Delete the files of the exports written more than a week ago (their rows stay)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from observatory.exports.background import expire_files
from observatory.exports.jobs import KEEP_DAYS


class Command(BaseCommand):
    help = (
        "Supprime les fichiers des exports écrits en arrière-plan il y a plus de "
        f"{KEEP_DAYS} jours. Les exports restent dans « Mes exports » et dans l'historique "
        "(qui a exporté quoi, quand), sans leur fichier. À lancer chaque jour depuis cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=KEEP_DAYS,
            help=f"Garder les fichiers de moins de DAYS jours ({KEEP_DAYS} par défaut).",
        )

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        deleted = expire_files(days)
        self.stdout.write(_("Fichiers d'export supprimés : %(count)d") % {"count": deleted})
