from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import HistoryEntry


@admin.register(HistoryEntry)
class HistoryEntryAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "content_type",
        "object_id",
        "action",
        "source_state",
        "target_state",
        "by",
        "source",
        "outcome",
    ]
    list_filter = ["source", "outcome", "content_type"]
    search_fields = ["action", "comment", "by__username"]
    list_select_related = ["content_type", "by"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
