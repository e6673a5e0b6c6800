"""Django admin of the volunteering missions: read-only lists and details, searched and
filtered. Every change goes through the services (`missions.services`), on the pages
and the API, where its rules are checked and its history written: nothing is added,
changed or deleted here."""

from __future__ import annotations

from django.contrib import admin

from missions.models import (
    Availability,
    HostInstitution,
    Mission,
    MissionNeed,
    MissionReport,
    ProfessionalLicence,
)
from processes.admin import ReadOnlyAdmin, ReadOnlyInline


class MissionInline(ReadOnlyInline):
    model = Mission
    fields = readonly_fields = ("expert", "status", "status_since", "approved_at", "certified_at")


class MissionReportInline(ReadOnlyInline):
    model = MissionReport
    fields = readonly_fields = (
        "author",
        "filed_by",
        "summary",
        "students",
        "patients",
        "difficulties",
        "rating",
    )


@admin.register(HostInstitution)
class HostInstitutionAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "region", "prefecture", "city", "verified_at"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "city", "email"]
    list_select_related = ["region", "prefecture"]


@admin.register(MissionNeed)
class MissionNeedAdmin(ReadOnlyAdmin):
    list_display = ["title", "host", "kind", "status", "starts_on", "ends_on", "volunteers"]
    list_filter = ["status", "kind", "region"]
    search_fields = ["title", "discipline", "host__name", "place"]
    list_select_related = ["host"]
    date_hierarchy = "starts_on"
    inlines = [MissionInline]


@admin.register(Mission)
class MissionAdmin(ReadOnlyAdmin):
    list_display = ["need", "expert", "status", "status_since", "approved_at", "certified_at"]
    list_filter = ["status", "need__kind"]
    search_fields = ["need__title", "expert__first_name", "expert__last_name", "expert__email"]
    list_select_related = ["need", "expert"]
    inlines = [MissionReportInline]


@admin.register(Availability)
class AvailabilityAdmin(ReadOnlyAdmin):
    list_display = ["expert", "starts_on", "ends_on"]
    search_fields = ["expert__first_name", "expert__last_name"]
    list_select_related = ["expert"]
    date_hierarchy = "starts_on"


@admin.register(ProfessionalLicence)
class ProfessionalLicenceAdmin(ReadOnlyAdmin):
    list_display = ["expert", "profession", "number", "country", "status", "checked_at"]
    list_filter = ["status", "country"]
    search_fields = ["number", "profession", "expert__first_name", "expert__last_name"]
    list_select_related = ["expert"]
