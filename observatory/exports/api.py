"""The export of a list through the API: `GET /api/v1/exports/<list>/?format=csv|xlsx&
<the list page's filters>`: the file at once, or `202` and the export's record when it is
written in the background."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import Source
from observatory.exports import services
from observatory.exports.job_api import ExportJobSerializer, job_response
from observatory.models import ExportFormat, ExportKind, ExportStatus
from processes.api.parsers import FormatNegotiation
from processes.api.schema import error_responses

# The list pages' filters, by name: each list reads its own and ignores the others.
FILTERS = {
    "q": "The search box of the list (all lists).",
    "status": "A status code (proposals, cases, associations).",
    "call": "A call's id (proposals).",
    "region": "A region's id (proposals, cases).",
    "sector": "A sector code (proposals, associations).",
    "caseworker": "A caseworker's username, or `none` for the unassigned (cases).",
    "overdue": "`on`: the cases with an overdue referral only (cases).",
    "country": "An ISO 3166 country code (associations, experts).",
    "embassy": "An embassy's id (associations).",
    "home_region": "A region's id (associations).",
    "competence": "A competence domain's id (experts).",
    "teaching": "`on`: available for teaching (experts).",
    "medical": "`on`: available for medical missions (experts).",
}


class ExportView(APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FormatNegotiation

    @extend_schema(
        operation_id="exports_list_file",
        summary="A list as a CSV or XLSX file, with the list page's filters",
        description=(
            "The rows the caller sees in the list (`proposals`, `cases`: cell supervisors "
            "only, `associations`, `experts`: those who agreed to be listed), narrowed by the "
            "list page's filters. CSV: UTF-8 with a byte-order mark, `;` between cells, "
            "headers in the caller's language (French by default). Up to 10,000 rows the "
            "file is the answer; above, `202` with the export's record, written in the "
            "background. Each export is recorded in the history (who, list, format, "
            "filters, row count). A filter the list cannot read is a 400 naming it."
        ),
        parameters=[
            OpenApiParameter(
                "kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=ExportKind.values
            ),
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=ExportFormat.values,
                default=ExportFormat.CSV.value,
            ),
            *(
                OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.QUERY, description=text)
                for name, text in FILTERS.items()
            ),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="The CSV file."),
            (200, services.CONTENT_TYPES[ExportFormat.XLSX]): OpenApiResponse(
                OpenApiTypes.BINARY, description="The XLSX workbook."
            ),
            202: OpenApiResponse(
                ExportJobSerializer,
                description="Written in the background: the export's job, its address in "
                "`Location` (`/api/v1/exports/jobs/<id>/`).",
            ),
            **error_responses(400, 401, 403, 404),
        },
    )
    def get(
        self, request: Request, kind: str, *args: Any, **kwargs: Any
    ) -> Response | StreamingHttpResponse | FileResponse:
        exported = services.export_asked(request.user, kind, request.query_params, Source.API)
        if exported.status != ExportStatus.DONE:
            return job_response(exported, request, status.HTTP_202_ACCEPTED)
        return services.download(exported)
