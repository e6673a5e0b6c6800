"""`/api/v1/attachments/`: a proposal's stored file and its download."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request

from documents.api import AttachmentSerializer
from documents.attachments import attachment_response
from documents.models import Attachment
from processes.api.schema import AnyAccept, error_responses
from processes.api.viewsets import ScopedViewSet
from workflows import access
from workflows.models import (
    Proposal,
)


@extend_schema_view(
    retrieve=extend_schema(responses={200: AttachmentSerializer, **error_responses(401, 404)}),
)
class AttachmentViewSet(mixins.RetrieveModelMixin, ScopedViewSet):
    """Files are never served from a public address: only here, to whoever sees the owner."""

    serializer_class = AttachmentSerializer
    queryset = Attachment.objects.none()  # the model, for the schema; rows come from access

    def rows(self) -> QuerySet[Attachment]:
        visible = access.proposals_visible_to(self.request.user).values("pk")
        return Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(Proposal), object_id__in=visible
        ).select_related("uploaded_by")

    @extend_schema(
        summary="Download the file",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY),
            **error_responses(401, 404),
        },
    )
    @action(detail=True, methods=["get"], content_negotiation_class=AnyAccept)
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        return attachment_response(self.get_object())
