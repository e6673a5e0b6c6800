"""A returnee's personal data through the API: the export (right of access) and the
erasure on request (docs/data-protection.md)."""

from __future__ import annotations

import io

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from audit.models import Source
from cases import services
from cases.api.serializers import CaseDetailSerializer
from documents.attachments import file_response
from processes.api.parsers import FormatNegotiation, JSONParser
from processes.api.schema import error_responses
from processes.transitions import ConditionsUnmet

FORMAT_CHOICES = list(services.EXPORT_FORMATS)


class CaseEraseRequest(serializers.Serializer):
    reason = serializers.CharField(
        max_length=4000,
        required=False,
        allow_blank=True,
        help_text="Why the data is erased (the request received); required. Name no one.",
    )
    confirm = serializers.BooleanField(
        required=False, default=False, help_text="`true`: the erasure cannot be undone."
    )


class CasePersonalDataActions(viewsets.GenericViewSet):
    @extend_schema(
        operation_id="cases_export",
        summary="Everything held on the returnee (right of access), as JSON or PDF",
        description=(
            "The case's caseworker and the supervisors only (403 for anyone else who sees "
            "the case; 404 for those who do not, auditors included). The case, its "
            "assessment with the answers, plan, referrals, follow-ups, history, the list of "
            "its documents and pieces, and who opened it. Each export is recorded in the "
            "case's history."
        ),
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=FORMAT_CHOICES,
                default="json",
                description="`json` (default) or `pdf` (the same content, the JSON embedded).",
            )
        ],
        responses={
            (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT),
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            **error_responses(400, 401, 403, 404),
        },
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[JSONRenderer],
        content_negotiation_class=FormatNegotiation,
    )
    def export(self, request: Request, pk: str | None = None) -> Response | FileResponse:
        case = self.get_object()
        fmt = request.query_params.get("format", "json")
        if fmt not in services.EXPORT_FORMATS:
            message = _("Format inconnu : choisissez json ou pdf.")
            raise ConditionsUnmet([message], fields={"format": [message]})
        result = services.case_export(case=case, by=request.user, source=Source.API, fmt=fmt)
        if isinstance(result, bytes):
            name = f"donnees-personnelles-{case.reference}.pdf"
            return file_response(io.BytesIO(result), name=name, content_type="application/pdf")
        response = Response(result)
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        operation_id="cases_erase",
        summary="Erase the returnee's personal data on request (a supervisor)",
        description=(
            "Anonymises the case at once, as the retention period would: identity, contact "
            "data, notes and pieces are erased; codes, scores and amounts stay for the "
            "statistics. Only a closed case (409 otherwise, with the reason); `reason` and "
            "`confirm: true` are required (400). The history row keeps who, when and why, "
            "never the erased values."
        ),
        request=CaseEraseRequest,
        responses={200: CaseDetailSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def erase(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        body = CaseEraseRequest(data=request.data)
        body.is_valid(raise_exception=True)
        erased = services.case_erase(
            case=case,
            by=request.user,
            source=Source.API,
            reason=body.validated_data.get("reason", ""),
            confirmed=body.validated_data.get("confirm", False),
        )
        shown: Response = self._shown(erased)  # type: ignore[attr-defined]
        return shown
