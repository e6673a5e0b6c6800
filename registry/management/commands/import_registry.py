"""Import associations or experts from a CSV file, all or nothing (same rules as the page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.models import Source
from processes.transitions import ActionRefused
from registry import access, importing
from registry.models import ImportKind


class Command(BaseCommand):
    help = (
        "Importe des associations ou des membres de la diaspora depuis un fichier CSV : "
        "tout ou rien. Chaque erreur est écrite sur la sortie d'erreur avec son numéro de "
        "ligne ; le code de sortie est 1 s'il y en a une."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Fichier CSV à importer.")
        parser.add_argument(
            "--kind", required=True, choices=ImportKind.values, help="Type de fichier."
        )
        parser.add_argument(
            "--user",
            required=True,
            help="Identifiant de l'utilisateur au nom duquel importer (ses droits s'appliquent).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vérifier seulement : afficher les erreurs sans rien importer.",
        )

    def handle(
        self, *args: Any, file: Path, kind: str, user: str, dry_run: bool, **options: Any
    ) -> None:
        importer = get_user_model().objects.filter(username=user, is_active=True).first()
        if importer is None:
            raise CommandError(_("Utilisateur inconnu ou inactif : « %(name)s ».") % {"name": user})
        decision = access.can_import(importer)
        if not decision:
            raise CommandError(decision.reason)
        try:
            importing.check_size(file.stat().st_size)
            parsed = importing.read(kind, file.read_bytes())
        except OSError as exc:
            raise CommandError(
                _("Impossible de lire « %(file)s » : %(error)s.")
                % {"file": file, "error": exc.strerror or exc}
            ) from exc
        except importing.ImportFileError as exc:
            self._fail(exc.messages, _("Fichier refusé : rien n'a été importé."))
        preview = importing.validate(parsed, importer)
        if not preview.importable:
            self._refuse(preview)
        if dry_run:
            self.stdout.write(
                ngettext(
                    "Aucune erreur : %(count)d ligne serait importée (vérification seule, "
                    "rien n'a été importé).",
                    "Aucune erreur : %(count)d lignes seraient importées (vérification seule, "
                    "rien n'a été importé).",
                    preview.row_count,
                )
                % {"count": preview.row_count}
            )
            return
        batch = importing.save_batch(
            parsed=parsed, preview=preview, file_name=file.name, by=importer
        )
        try:
            count = importing.import_batch(batch=batch, by=importer, source=Source.COMMAND)
        except importing.ImportRefused as exc:
            self._refuse(exc.preview)
        except ActionRefused as exc:
            raise CommandError(exc.detail) from exc
        if kind == ImportKind.ASSOCIATIONS:
            message = ngettext(
                "%(count)d association importée (en attente de vérification par le point focal).",
                "%(count)d associations importées (en attente de vérification par le point focal).",
                count,
            )
        else:
            message = ngettext(
                "%(count)d membre de la diaspora importé.",
                "%(count)d membres de la diaspora importés.",
                count,
            )
        self.stdout.write(self.style.SUCCESS(message % {"count": count}))

    def _refuse(self, preview: importing.Preview) -> NoReturn:
        self._fail(
            [str(error) for error in preview.errors],
            ngettext(
                "%(errors)d ligne sur %(rows)d en erreur : rien n'a été importé.",
                "%(errors)d lignes sur %(rows)d en erreur : rien n'a été importé.",
                preview.error_count,
            )
            % {"errors": preview.error_count, "rows": preview.row_count},
        )

    def _fail(self, messages: list[str], summary: str) -> NoReturn:
        for message in messages:
            self.stderr.write(message)
        raise CommandError(summary, returncode=1)
