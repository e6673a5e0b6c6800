"""Generated documents are read-only here; failures can be retried."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from audit.models import Source
from documents import services
from documents.models import DocumentFailure, StoredDocument
from processes.admin import ReadOnlyAdmin


@admin.register(StoredDocument)
class StoredDocumentAdmin(ReadOnlyAdmin):
    list_display = ["reference", "kind", "version", "created_at", "created_by", "source"]
    list_filter = ["kind", "source"]
    search_fields = ["reference", "sha256", "verification_code"]
    readonly_fields = [
        "content_type",
        "object_id",
        "kind",
        "reference",
        "version",
        "size",
        "sha256",
        "verification_code",
        "template_version",
        "payload",
        "created_by",
        "created_at",
        "source",
    ]
    # The file itself is downloaded through the owner's page, which checks access.
    exclude = ["file"]


@admin.register(DocumentFailure)
class DocumentFailureAdmin(ReadOnlyAdmin):
    """Read-only; the "retry" action regenerates through the documents service."""

    list_display = ["kind", "content_type", "object_id", "at", "resolved"]
    list_filter = ["kind", "resolved"]
    readonly_fields = [
        "content_type",
        "object_id",
        "kind",
        "error",
        "at",
        "by",
        "resolved",
        "resolved_at",
    ]
    actions = ["retry"]

    @admin.action(description=_("Relancer la génération"))
    def retry(self, request: HttpRequest, queryset: QuerySet[DocumentFailure]) -> None:
        done = failed = 0
        # One retry per owner and kind, however many failures it piled up.
        unique = {
            (f.content_type_id, f.object_id, f.kind): f for f in queryset.filter(resolved=False)
        }
        for failure in unique.values():
            owner = failure.owner
            if owner is None:
                failed += 1
                continue
            document = services.generate_or_record_failure(
                owner=owner, kind=failure.kind, by=request.user, source=Source.ADMIN
            )
            if document is None:
                failed += 1
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d document généré.", "%(count)d documents générés.", done)
                % {"count": done},
                messages.SUCCESS,
            )
        if failed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d génération a encore échoué.",
                    "%(count)d générations ont encore échoué.",
                    failed,
                )
                % {"count": failed},
                messages.ERROR,
            )
