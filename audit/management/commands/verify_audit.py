"""Check that no history row was changed, deleted or inserted out of turn."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from audit.chain import ALTERED, ChainedRow, verify


def chained_models() -> list[type[ChainedRow]]:
    """Every hash-chained table of the project."""
    return [model for model in apps.get_models() if issubclass(model, ChainedRow)]


class Command(BaseCommand):
    help = (
        "Vérifie la chaîne d'empreintes de l'historique : recalcule l'empreinte de chaque "
        "ligne dans l'ordre d'écriture et nomme la première ligne modifiée, supprimée ou "
        "insérée hors de son tour. Le code de sortie est 1 si la chaîne est rompue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="La base à vérifier (par défaut : default).",
        )

    def handle(self, *args: Any, database: str, **options: Any) -> None:
        broken = []
        for model in chained_models():
            report = verify(model, database)
            table = model._meta.label_lower
            if report.broken is None:
                self.stdout.write(
                    _(
                        "%(table)s : %(count)d ligne(s), chaîne intacte "
                        "(dernière empreinte %(hash)s)."
                    )
                    % {"table": table, "count": report.rows, "hash": report.last_hash or "—"}
                )
                continue
            row = report.broken.row
            reason = (
                _("son contenu ne correspond plus à son empreinte (ligne modifiée)")
                if report.broken.reason == ALTERED
                else _(
                    "elle ne suit pas la ligne vérifiée avant elle "
                    "(une ligne a été supprimée ou réécrite avant elle)"
                )
            )
            broken.append(
                _("%(table)s : chaîne rompue à la ligne %(id)s (%(row)s) : %(reason)s.")
                % {"table": table, "id": row.pk, "row": row.chain_label(database), "reason": reason}
            )
        if broken:
            raise CommandError("\n".join(broken))
