"""Documents in the API: the shapes of generated documents and attached pieces, and an
authenticated download of a generated document."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from documents import access
from documents.models import Attachment, AttachmentKind, StoredDocument
from documents.registry import rules_for_model
from documents.services import documents_of
from documents.uploads import attachments_of
from documents.views import pdf_response
from processes.api.schema import AnyAccept

# The first fields of every stored file, generated or uploaded, in the API.
FIRST_FIELDS = ["id", "category", "kind", "kind_label", "version", "sha256"]

# `category` of each kind of stored file: a `documents/` list holds both.
GENERATED = "generated"
ATTACHMENT = "attachment"


class StoredFileSerializer(serializers.ModelSerializer):
    """What every stored file shows: its kind and the address that streams it."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    download = serializers.SerializerMethodField()

    def absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class StoredDocumentSerializer(StoredFileSerializer):
    """A generated document (co-funding agreement, reintegration plan), one row per version."""

    category = serializers.SerializerMethodField()

    @extend_schema_field(
        {"type": "string", "enum": [GENERATED], "description": "A document the platform made."}
    )
    def get_category(self, document: StoredDocument) -> str:
        return GENERATED

    class Meta:
        model = StoredDocument
        fields = [
            *FIRST_FIELDS,
            "reference",
            "verification_code",
            "created_at",
            "download",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download(self, document: StoredDocument) -> str:
        return self.absolute(reverse("api:stored_document_download", args=[document.pk]))


class AttachmentSerializer(StoredFileSerializer):
    """A piece attached to a proposal or a case, and the address that streams it."""

    kind = serializers.CharField(
        read_only=True,
        help_text=", ".join(f"`{kind.value}`" for kind in AttachmentKind)
        + " (a proposal holds reports, receipts and the signed agreement; "
        "a case identity scans; either other pieces).",
    )
    category = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField()
    name = serializers.CharField(source="original_name", read_only=True)
    uploaded_by = serializers.CharField(
        source="uploaded_by.username",
        read_only=True,
        allow_null=True,
        help_text="The uploader's username; null for a piece sent without an account.",
    )

    class Meta:
        model = Attachment
        fields = [
            *FIRST_FIELDS,
            "name",
            "mime_type",
            "size",
            "uploaded_by",
            "uploaded_at",
            "download",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {"type": "string", "enum": [ATTACHMENT], "description": "A piece someone uploaded."}
    )
    def get_category(self, attachment: Attachment) -> str:
        return ATTACHMENT

    @extend_schema_field(
        {"type": "integer", "description": "An uploaded piece is never replaced: always 1."}
    )
    def get_version(self, attachment: Attachment) -> int:
        return 1

    @extend_schema_field(
        {"type": "string", "format": "uri", "description": "Streams the file (same access)."}
    )
    def get_download(self, attachment: Attachment) -> str:
        model = ContentType.objects.get_for_id(attachment.content_type_id).model_class()
        rules = rules_for_model(model)
        if rules is None or rules.attachment_api_path is None:
            return ""
        return self.absolute(rules.attachment_api_path(attachment))


class StoredDocumentDownload(APIView):
    """Stream a generated PDF to whoever may see its owner (404 for anyone else)."""

    content_negotiation_class = AnyAccept

    @extend_schema(
        summary="Download a generated document (PDF/A-3b)",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            404: OpenApiResponse(description="Not found, or not visible to the caller."),
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        document = StoredDocument.objects.filter(pk=pk).first()
        if document is None or not access.can_download(request.user, document):
            raise Http404
        return pdf_response(document)


# A `documents/` list, for the schema: either shape in each row, told apart by `category`.
OWNER_DOCUMENTS = PolymorphicProxySerializer(
    component_name="OwnerDocument",
    serializers={GENERATED: StoredDocumentSerializer, ATTACHMENT: AttachmentSerializer},
    resource_type_field_name="category",
    many=True,
)


def owner_documents(
    owner: models.Model,
    request: Request,
    generated: models.QuerySet[StoredDocument] | None = None,
) -> list[Any]:
    """What an owner's `documents/` endpoint answers: the documents the platform
    generated for it (`generated`, in the owning app's order, else all of them), then
    the pieces attached to it (`OWNER_DOCUMENTS`)."""
    context = {"request": request}
    documents = documents_of(owner) if generated is None else generated
    made = StoredDocumentSerializer(documents, many=True, context=context)
    pieces = AttachmentSerializer(attachments_of(owner), many=True, context=context)
    return [*made.data, *pieces.data]
