"""Create the documents that are missing, and retry the generations that failed."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandParser
from django.db import models
from django.utils.translation import gettext as _

from audit.models import Source
from documents import registry, services
from documents.models import DocumentFailure


class Command(BaseCommand):
    help = (
        "Génère les documents manquants (conventions des projets approuvés, plans des dossiers "
        "en accompagnement) et relance les générations qui ont échoué. Chaque document est une "
        "nouvelle version ; rien n'est modifié. Le code de sortie est 1 si une génération échoue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Lister seulement ce qui serait généré, sans rien générer.",
        )

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        todo = self._todo()
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

    def _todo(self) -> list[tuple[str, models.Model]]:
        """Missing documents first, then the owners whose last generation failed."""
        todo: list[tuple[str, models.Model]] = []
        seen: set[tuple[str, int, int]] = set()
        for producer in registry.producers():
            content_type = ContentType.objects.get_for_model(producer.model)
            for owner in producer.missing():
                seen.add((producer.kind, content_type.pk, owner.pk))
                todo.append((producer.kind, owner))
        pending = (
            DocumentFailure.objects.filter(resolved=False)
            .order_by()
            .values_list("kind", "content_type_id", "object_id")
            .distinct()
        )
        for kind, content_type_id, object_id in pending:
            retried = registry.producer_for(kind)
            if retried is None or (kind, content_type_id, object_id) in seen:
                continue
            failed_owner = retried.model._default_manager.filter(pk=object_id).first()
            if failed_owner is None:
                continue
            seen.add((kind, content_type_id, object_id))
            todo.append((kind, failed_owner))
        return todo
