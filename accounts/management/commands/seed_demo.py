"""Load the demo cast of README.md, « The demo cast » (idempotent).

Each installed app of the project may ship a `demo` module with a
`seed(password, cast)` function; they run in INSTALLED_APPS order, sharing the
`cast` dictionary, so no app has to import another one's demo data.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


def seed_all(password: str) -> dict[str, Any]:
    cast: dict[str, Any] = {}
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.demo"
        if app_config.name.startswith(("django.", "rest_framework", "viewflow", "guardian")):
            continue
        if find_spec(module_name) is None:
            continue
        import_module(module_name).seed(password, cast)
    return cast


class Command(BaseCommand):
    help = (
        "Charge la distribution de démonstration (utilisateurs, ambassades, associations, appel)."
    )

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
            cast = seed_all(password)
        users = cast["users"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo chargée : {len(users)} utilisateurs ({', '.join(sorted(users))})."
            )
        )
