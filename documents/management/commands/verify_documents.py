"""Check that every stored document and attachment has its file, unchanged."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from documents.integrity import MISSING, FileProblem, check_files


def describe(problem: FileProblem) -> str:
    row = problem.row
    if problem.problem == MISSING:
        return _("%(model)s %(id)s (%(row)s) : fichier absent (%(name)s).") % {
            "model": row._meta.label_lower,
            "id": row.pk,
            "row": row,
            "name": row.file.name,
        }
    return _(
        "%(model)s %(id)s (%(row)s) : le fichier %(name)s a l'empreinte %(found)s, "
        "la base a enregistré %(expected)s."
    ) % {
        "model": row._meta.label_lower,
        "id": row.pk,
        "row": row,
        "name": row.file.name,
        "found": problem.found,
        "expected": row.sha256,
    }


class Command(BaseCommand):
    help = (
        "Vérifie que chaque document généré et chaque pièce jointe a son fichier dans "
        "le stockage des fichiers (MEDIA_ROOT ou le bucket S3) et que l'empreinte SHA-256 du "
        "fichier est celle que la base a enregistrée. "
        "Le code de sortie est 1 si un fichier manque ou diffère."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="La base dont les lignes sont vérifiées (par défaut : default).",
        )

    def handle(self, *args: Any, database: str, **options: Any) -> None:
        report = check_files(database)
        for label, count in sorted(report.checked.items()):
            self.stdout.write(
                _("%(model)s : %(count)d fichier(s) vérifié(s).")
                % {
                    "model": label,
                    "count": count,
                }
            )
        if report.without_file:
            self.stdout.write(
                _("%(count)d document(s) sans fichier (génération en attente).")
                % {"count": report.without_file}
            )
        if report.problems:
            raise CommandError("\n".join(describe(problem) for problem in report.problems))
        self.stdout.write(_("Tous les fichiers sont présents et conformes à leur empreinte."))
