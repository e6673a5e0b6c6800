"""Load the demo cast of DOMAIN.md section 8 (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from registry.demo import seed_registry


class Command(BaseCommand):
    help = "Charge la distribution de démonstration (utilisateurs, ambassades, associations)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", required=True, help="Mot de passe de chaque utilisateur.")
        parser.add_argument(
            "--force", action="store_true", help="Accepter de s'exécuter avec DEBUG désactivé."
        )

    def handle(self, *args: Any, password: str, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refus : DEBUG est désactivé (production ?). Relancez avec --force si c'est voulu."
            )
        with transaction.atomic():
            result = seed_registry(password)
        users = result["users"]
        assert isinstance(users, dict)
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo chargée : {len(users)} utilisateurs ({', '.join(sorted(users))})."
            )
        )
