"""Django admin of the coordination cell.

The sustainability survey's indicators are data the cell edits here (labels,
weight, order, active). Cases are only listed, without their sensitive parts
(vulnerabilities, health notes, assessment): every change to a case goes
through `cases.services`, from the cell's own pages or the API, so the admin
offers no way around the rules, the history or the read log. Opening a case
here is recorded like any other read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from audit.models import Source
from cases import services
from cases.models import Case, CaseRead, SurveyIndicator
from processes.admin import ReadOnlyAdmin


@admin.register(SurveyIndicator)
class SurveyIndicatorAdmin(admin.ModelAdmin):
    list_display = ["label_fr", "code", "dimension", "weight", "position", "active"]
    list_editable = ["weight", "position", "active"]
    list_filter = ["dimension", "active"]
    search_fields = ["code", "label_fr", "label_en"]
    ordering = ["dimension", "position", "id"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Past follow-ups keep their answers under the code: it never changes.
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Past follow-ups refer to the indicator: deactivate it instead.
        return False


# What the admin shows of a case: nothing sensitive (no vulnerabilities, no health notes).
CASE_FIELDS = (
    "reference",
    "status",
    "caseworker",
    "region",
    "prefecture",
    "return_date",
    "returned_from",
    "return_type",
    "consent_given",
    "consent_recorded_at",
    "consent_recorded_by",
    "closure_reason",
    "closed_at",
    "created_by",
    "created_at",
    "updated_at",
)


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["reference", "status", "caseworker", "region", "return_date", "created_at"]
    list_filter = ["status", "region", "return_type", "consent_given"]
    search_fields = ["reference"]
    list_select_related = ["caseworker", "region"]
    fields = CASE_FIELDS
    readonly_fields = CASE_FIELDS
    ordering = ["-id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Case]:
        return super().get_queryset(request).defer("vulnerabilities", "health_notes")

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200 and str(object_id).isdigit():
            case = Case.objects.filter(pk=int(object_id)).first()
            if case is not None:
                services.record_read(case=case, user=request.user, source=Source.ADMIN)
        return response


@admin.register(CaseRead)
class CaseReadAdmin(ReadOnlyAdmin):
    list_display = ["at", "case", "user", "source"]
    list_filter = ["source"]
    search_fields = ["case__reference", "user__username"]
    list_select_related = ["case", "user"]
    date_hierarchy = "at"
