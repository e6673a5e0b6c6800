"""Find and mend objects whose flow tasks disagree with their status (`processes.repair`).

Prints each object found with what is wrong and what was done; `--dry-run` only reports.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from processes.repair import all_mismatches


class Command(BaseCommand):
    help = (
        "Répare le circuit (tâches viewflow) des projets, tranches et dossiers dont les tâches "
        "ouvertes ne correspondent pas au statut ; --dry-run : rapport seulement."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Signaler sans rien modifier.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        found = all_mismatches()
        for check, mismatch in found:
            self.stdout.write(f"{mismatch.label} : {'; '.join(mismatch.problems())}")
            if dry_run:
                continue
            for line in check.repair(mismatch):
                self.stdout.write(f"  réparé : {line}")
        if not found:
            self.stdout.write(self.style.SUCCESS("Circuits cohérents : rien à réparer."))
        elif dry_run:
            self.stdout.write(
                self.style.WARNING(f"{len(found)} à réparer (--dry-run : rien n'a été modifié).")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"{len(found)} réparé(s)."))
