"""A case's documents through the API: the generated plan and the attached pieces."""

from __future__ import annotations

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cases import access
from documents.api import OWNER_DOCUMENTS, AttachmentSerializer, owner_documents
from documents.attaching import attach_from_request
from documents.attachments import attachment_response
from documents.models import AttachmentKind, attachment_kind_choices
from documents.uploads import attachments_of
from processes.api.parsers import MultiPartParser
from processes.api.schema import (
    AnyAccept,
    error_responses,
)


class CaseAttachmentUpload(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG or PNG (the type is read from the content).")
    kind = serializers.ChoiceField(
        choices=attachment_kind_choices(access.ATTACHMENT_KINDS), default=AttachmentKind.OTHER
    )


class CaseDocumentActions(viewsets.GenericViewSet):
    @extend_schema(
        summary="The case's documents",
        description=(
            "First the documents the platform generated (the reintegration plan, every "
            "version, newest first; `category` `generated`), then the pieces attached to "
            "the case (identity scans and others; `category` `attachment`), each as "
            "version 1: an uploaded piece is never replaced."
        ),
        responses={200: OWNER_DOCUMENTS, **error_responses(401, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def documents(self, request: Request, pk: str | None = None) -> Response:
        return Response(owner_documents(self.get_object(), request))

    @extend_schema(
        operation_id="cases_documents_download",
        summary="Download one of the case's documents",
        parameters=[
            OpenApiParameter("document", OpenApiTypes.INT, OpenApiParameter.PATH),
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY),
            **error_responses(401, 404),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document>[0-9]+)/download",
        url_name="document-download",
        content_negotiation_class=AnyAccept,
    )
    def document_download(
        self, request: Request, document: str, pk: str | None = None
    ) -> FileResponse:
        case = self.get_object()
        attachment = attachments_of(case).filter(pk=document).first()
        if attachment is None:
            raise Http404
        return attachment_response(attachment)

    @extend_schema(
        summary="Attach a file to the case (its caseworker)",
        description=(
            "Identity scans and other pieces. The type is read from the content (PDF, JPEG, "
            "PNG); empty, oversized or other files are refused with the reason on `file`."
        ),
        request={"multipart/form-data": CaseAttachmentUpload},
        responses={201: AttachmentSerializer, **error_responses(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        return attach_from_request(request, self.get_object(), CaseAttachmentUpload)
