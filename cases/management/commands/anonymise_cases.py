"""Anonymise the closed cases kept longer than the retention period (CASE_RETENTION_DAYS)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from audit.models import Source
from cases import services


class Command(BaseCommand):
    help = (
        "Anonymise les dossiers clôturés depuis plus de CASE_RETENTION_DAYS jours : identité, "
        "coordonnées, notes et pièces du migrant de retour sont effacées ; ce que les "
        "statistiques lisent est gardé. Un dossier n'est anonymisé qu'une fois ; chacun reçoit "
        "une ligne d'historique (origine : commande)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Lister seulement les dossiers qui seraient anonymisés.",
        )

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        days = settings.CASE_RETENTION_DAYS
        if dry_run:
            due = list(services.cases_past_retention().values_list("reference", "closed_at"))
            for reference, closed_at in due:
                self.stdout.write(
                    _("À anonymiser : %(reference)s (clôturé le %(date)s)")
                    % {
                        "reference": reference,
                        "date": closed_at.date().isoformat() if closed_at else "—",
                    }
                )
            self.stdout.write(
                _("%(count)d dossier(s) clôturé(s) depuis plus de %(days)d jours à anonymiser.")
                % {"count": len(due), "days": days}
            )
            return
        done = services.anonymise_expired_cases(by=None, source=Source.COMMAND)
        for reference in done:
            self.stdout.write(_("Anonymisé : %(reference)s") % {"reference": reference})
        self.stdout.write(
            _("%(count)d dossier(s) anonymisé(s) (durée de conservation : %(days)d jours).")
            % {"count": len(done), "days": days}
        )
