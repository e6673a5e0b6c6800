from django.contrib import admin

from audit.models import HistoryEntry
from processes.admin import ReadOnlyAdmin


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
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
