"""Create the documents that are missing, complete those still pending, and retry the
generations that failed."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandParser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Source
from documents import registry, services
from documents.models import DocumentFailure, PendingDocument

Key = tuple[str, int, int]  # kind, content type, object id


class Command(BaseCommand):
    help = (
        "Génère les documents manquants (conventions des projets approuvés, plans des dossiers "
        "en accompagnement), achève ceux restés en préparation et relance les générations qui "
        "ont échoué. Chaque document est une nouvelle version ; rien n'est modifié. Le code de "
        "sortie est 1 si une génération échoue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Lister seulement ce qui serait généré, sans rien générer.",
        )
        parser.add_argument(
            "--older-than",
            type=int,
            default=0,
            metavar="MINUTES",
            help=(
                "Laisser de côté les documents mis en préparation depuis moins de MINUTES "
                "minutes (leur requête peut être encore en train de les produire) ; "
                "par exemple 5 depuis cron."
            ),
        )

    def handle(self, *args: Any, dry_run: bool, older_than: int, **options: Any) -> None:
        todo = self._todo(timezone.now() - datetime.timedelta(minutes=older_than))
        done = failed = 0
        for kind, owner in todo:
            label = f"{kind} {getattr(owner, 'reference', owner.pk)}"
            if dry_run:
                self.stdout.write(_("À générer : %(what)s") % {"what": label})
                continue
            document = services.generate_or_record_failure(
                owner=owner, kind=kind, by=None, source=Source.COMMAND
            )
            if document is None:
                failed += 1
                self.stderr.write(_("Échec : %(what)s (voir le journal)") % {"what": label})
            else:
                done += 1
                self.stdout.write(
                    _("Généré : %(what)s, version %(version)s")
                    % {"what": label, "version": document.version}
                )
        if dry_run:
            self.stdout.write(_("%(count)d document(s) à générer.") % {"count": len(todo)})
            return
        self.stdout.write(
            _("%(done)d document(s) généré(s), %(failed)d échec(s).")
            % {"done": done, "failed": failed}
        )
        if failed:
            raise SystemExit(1)

    def _todo(self, requested_before: datetime.datetime) -> list[tuple[str, models.Model]]:
        """Missing documents first, then those left pending, then the owners whose last
        generation failed; a document pending since `requested_before` or later is left
        to the request that is making it."""
        todo: list[tuple[str, models.Model]] = []
        seen: set[Key] = set(_open(PendingDocument.objects.filter(at__gte=requested_before)))
        for producer in registry.producers():
            content_type = ContentType.objects.get_for_model(producer.model)
            for owner in producer.missing():
                key = (producer.kind, content_type.pk, owner.pk)
                if key not in seen:
                    seen.add(key)
                    todo.append((producer.kind, owner))
        for key in [*_open(PendingDocument.objects.all()), *_open(DocumentFailure.objects.all())]:
            retried = registry.producer_for(key[0])
            if retried is None or key in seen:
                continue
            owner = retried.model._default_manager.filter(pk=key[2]).first()
            if owner is None:
                continue
            seen.add(key)
            todo.append((key[0], owner))
        return todo


def _open(rows: models.QuerySet[Any]) -> list[Key]:
    """The (kind, content type, object) of the unresolved rows, each once."""
    return list(
        rows.filter(resolved=False)
        .order_by()
        .values_list("kind", "content_type_id", "object_id")
        .distinct()
    )
