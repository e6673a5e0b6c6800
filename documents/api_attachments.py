"""The pieces attached to an owner in the API, for any process's viewset:
`GET …/{id}/attachments/` lists them, `POST` uploads one,
`GET …/{id}/attachments/{piece}/download/` streams one. Who may see, attach and when
is what the owning app registered with `documents` (its `apps.py`)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from documents.api import AttachmentSerializer
from documents.attaching import attach_from_request
from documents.attachments import attachment_response
from documents.uploads import attachments_of
from processes.api.parsers import MultiPartParser
from processes.api.schema import AnyAccept, error_responses

FILE_TYPES = ("application/pdf", "image/jpeg", "image/png")


class AttachmentActions(viewsets.GenericViewSet):
    # The upload's body (`kind` among the owner's kinds, `file`).
    attachment_upload: ClassVar[type[serializers.Serializer]]
    # Which pieces the owner holds and who attaches them, for the schema.
    attachments_description: ClassVar[str]
    # The operation ids, named after the collection (`mission_needs_…`).
    attachments_operation_prefix: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "attachment_upload" not in vars(cls):
            return
        prefix = cls.attachments_operation_prefix
        extend_schema_view(
            attachments=[
                extend_schema(
                    methods=["GET"],
                    operation_id=f"{prefix}_attachments_list",
                    summary="The pieces attached, oldest first",
                    responses={200: AttachmentSerializer(many=True), **error_responses(401, 404)},
                ),
                extend_schema(
                    methods=["POST"],
                    operation_id=f"{prefix}_attachments_create",
                    summary="Attach a file",
                    description=cls.attachments_description
                    + " The type is read from the content (PDF, JPEG, PNG); empty, "
                    "oversized or other files are refused with the reason on `file`.",
                    request={"multipart/form-data": cls.attachment_upload},
                    responses={
                        201: AttachmentSerializer,
                        **error_responses(400, 401, 403, 404, 409),
                    },
                ),
            ],
            attachment_download=extend_schema(
                operation_id=f"{prefix}_attachments_download",
                summary="Download one of the pieces attached",
                parameters=[OpenApiParameter("piece", OpenApiTypes.INT, OpenApiParameter.PATH)],
                responses={
                    **{(200, kind): OpenApiResponse(OpenApiTypes.BINARY) for kind in FILE_TYPES},
                    **error_responses(401, 404),
                },
            ),
        )(cls)

    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser],
        pagination_class=None,
    )
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        owner = self.get_object()
        if request.method == "POST":
            # Who and when first, then the form, then what this caller may attach.
            return attach_from_request(request, owner, self.attachment_upload)
        pieces = attachments_of(owner).select_related("uploaded_by")
        return Response(AttachmentSerializer(pieces, many=True, context={"request": request}).data)

    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<piece>[0-9]+)/download",
        url_name="attachment-download",
        content_negotiation_class=AnyAccept,
    )
    def attachment_download(
        self, request: Request, piece: str, pk: str | None = None
    ) -> FileResponse:
        attachment = attachments_of(self.get_object()).filter(pk=piece).first()
        if attachment is None:
            raise Http404
        return attachment_response(attachment)
