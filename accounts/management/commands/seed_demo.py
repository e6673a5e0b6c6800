"""Load the demo cast of README.md, « The demo cast » (idempotent).

Each installed app of the project may ship a `demo` module with a
`seed(password, cast)` function; they run in INSTALLED_APPS order, sharing the
`cast` dictionary, so no app has to import another one's demo data.

Whatever is in a state past its first is brought there by the services, fired
by the persona whose job it is, so its history rows and inbox tasks are those of
real use (`manage.py repair_routing --dry-run` finds nothing to mend). The mail
those services send to the cast's fictitious addresses is not sent.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test import override_settings

DISCARD_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def seed_all(password: str) -> dict[str, Any]:
    # The mail is sent when the transaction commits: the override must outlive it.
    with override_settings(EMAIL_BACKEND=DISCARD_MAIL), transaction.atomic():
        return _seed_apps(password)


def _seed_apps(password: str) -> dict[str, Any]:
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
        cast = seed_all(password)
        users = cast["users"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo chargée : {len(users)} utilisateurs ({', '.join(sorted(users))})."
            )
        )
