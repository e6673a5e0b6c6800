"""The generated documents in the API: their listing shape and an authenticated download."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from documents import access
from documents.models import StoredDocument
from documents.views import pdf_response
from processes.api.schema import AnyAccept


class StoredDocumentSerializer(serializers.ModelSerializer):
    """A generated document (co-funding agreement, reintegration plan), one row per version."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = StoredDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "version",
            "sha256",
            "reference",
            "verification_code",
            "created_at",
            "download",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download(self, document: StoredDocument) -> str:
        path = reverse("api:stored_document_download", args=[document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


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
