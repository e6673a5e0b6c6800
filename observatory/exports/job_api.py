"""The API of a user's exports: `GET /api/v1/exports/jobs/<id>/` (its progress) and
`…/jobs/<id>/download/` (its file, once written). Only the user who asked sees it."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from observatory.exports import jobs, services
from observatory.models import Export, ExportFormat, ExportKind, ExportStatus
from processes.api.schema import AnyAccept, error_responses


class ExportJobSerializer(serializers.Serializer):
    """An export written in the background, and where it stands."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ExportKind.choices, help_text="The list exported.")
    format = serializers.ChoiceField(choices=ExportFormat.choices)
    status = serializers.ChoiceField(choices=ExportStatus.choices)
    status_label = serializers.CharField(help_text="The status in the caller's language.")
    rows_done = serializers.IntegerField(help_text="Rows written so far.")
    rows_total = serializers.IntegerField(help_text="Rows to write (0 until counted).")
    progress = serializers.IntegerField(help_text="Percent written, 0 to 100.")
    download = serializers.URLField(
        allow_null=True, help_text="The file's address once written (`done`); null before."
    )


def job_response(
    export: Export, request: Request, status_code: int = status.HTTP_200_OK
) -> Response:
    """The export as its job endpoint answers it; with `status_code` 202 (an export
    handed to the background), its address in `Location`."""
    data = ExportJobSerializer(jobs.job_data(export, request)).data
    response = Response(data, status=status_code)
    if status_code == status.HTTP_202_ACCEPTED:
        response["Location"] = request.build_absolute_uri(jobs.job_url(export))
    return response


class ExportJobView(APIView):
    @extend_schema(
        summary="An export written in the background: its progress and, once written, its file",
        responses={200: ExportJobSerializer, **error_responses(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return job_response(jobs.export_of(request.user, pk), request)


class ExportJobDownload(APIView):
    """Stream the export's file to the user who asked for it (404 for anyone else,
    and before it is written or once it is deleted)."""

    content_negotiation_class = AnyAccept

    @extend_schema(
        summary="Download an export written in the background (CSV or XLSX)",
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, services.CONTENT_TYPES[ExportFormat.XLSX]): OpenApiResponse(OpenApiTypes.BINARY),
            **error_responses(404),
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        return jobs.download(jobs.export_of(request.user, pk), request.user)
