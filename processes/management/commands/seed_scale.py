"""Add a large data set on top of the demo cast: `seed_scale --proposals N --cases M`.

Each installed app may ship a `scale` module with `seed(context)` (and, for the one
that knows the demo cast, `demo_missing()`); they run in INSTALLED_APPS order inside
one transaction, sharing a `processes.scale.ScaleContext`. The demo cast is loaded
first when it is missing (`seed_demo`, with `--password`). A second run adds as much
again (new proposals and cases; the registry's extra associations and the past calls
are made once and reused). See docs/performance.md, « Large data set (seed_scale) ».
"""

from __future__ import annotations

import random
import time
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test import override_settings

from accounts.management.commands.seed_demo import DISCARD_MAIL, seed_all
from processes.scale import ScaleContext


def scale_modules() -> list[ModuleType]:
    """Each installed app's `scale` module, in INSTALLED_APPS order."""
    return [
        import_module(f"{config.name}.scale")
        for config in apps.get_app_configs()
        if config.name != "processes" and find_spec(f"{config.name}.scale") is not None
    ]


class Command(BaseCommand):
    help = (
        "Ajoute un grand jeu de données à la démo : des projets à chaque étape, des dossiers "
        "de retour à chaque étape, avec leur circuit, leur historique chaîné et leurs droits, "
        "écrits en masse. Charge la démo si elle manque ; une seconde exécution en ajoute autant."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--proposals", type=int, default=0, help="Projets à ajouter.")
        parser.add_argument("--cases", type=int, default=0, help="Dossiers à ajouter.")
        parser.add_argument(
            "--password",
            default="demo",
            help="Mot de passe des utilisateurs créés (et de la démo si elle est chargée).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Graine du tirage au hasard.")
        parser.add_argument(
            "--force", action="store_true", help="Accepter de s'exécuter avec DEBUG désactivé."
        )

    def handle(
        self,
        *args: Any,
        proposals: int,
        cases: int,
        password: str,
        seed: int,
        force: bool,
        **options: Any,
    ) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refus : DEBUG est désactivé (production ?). Relancez avec --force si c'est voulu."
            )
        if proposals < 0 or cases < 0:
            raise CommandError("--proposals et --cases sont des nombres positifs.")
        started = time.monotonic()

        def say(message: str) -> None:
            self.stdout.write(f"[{time.monotonic() - started:6.1f} s] {message}")
            self.stdout.flush()

        modules = scale_modules()
        context = ScaleContext(
            proposals=proposals,
            cases=cases,
            password=password,
            rng=random.Random(seed),
            say=say,
        )
        # The mail is sent when the transaction commits: the override must outlive it.
        with override_settings(EMAIL_BACKEND=DISCARD_MAIL), transaction.atomic():
            if any(getattr(m, "demo_missing", lambda: False)() for m in modules):
                say("Démo absente : chargement de la démo.")
                seed_all(password)
            for module in modules:
                module.seed(context)
            say("Enregistrement (fin de la transaction)…")
        say(self.style.SUCCESS("Terminé."))
