"""Django admin of the difficulties register. Reports are read-only here (listed,
filtered, shown): their state and history move only through the services, which the
« close » action fires like the pages. The administrations and the online services
are kept here too, saved by the reference services (`difficulties.services.reference`),
which check them and write their history; none is deleted (reports point at them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import ngettext

from audit.models import Source
from difficulties.models import Administration, Difficulty, DifficultyAnswer, OnlineService
from difficulties.services.reference import administration_save, online_service_save
from difficulties.transitions import DIFFICULTY_TRANSITIONS
from difficulties.transitions import DifficultyTransition as D
from processes.admin import ReadOnlyAdmin, ReadOnlyInline, fire_on_each
from registry.admin import ServiceSavedAdmin


class AnswerInline(ReadOnlyInline):
    model = DifficultyAnswer
    fields = readonly_fields = ("at", "administration", "by", "text")


@admin.register(Difficulty)
class DifficultyAdmin(ReadOnlyAdmin):
    list_display = [
        "tracking_code",
        "category",
        "country",
        "embassy",
        "status",
        "status_since",
        "referred_to",
        "due_date",
    ]
    list_filter = ["status", "category", "urgency", "embassy", "referred_to"]
    search_fields = ["tracking_code"]
    list_select_related = ["embassy", "referred_to"]
    date_hierarchy = "created_at"
    exclude = ["email", "phone", "fingerprint"]
    inlines = [AnswerInline]
    actions = ["close_selected"]

    @admin.action(description=DIFFICULTY_TRANSITIONS.label(D.CLOSE))
    def close_selected(self, request: HttpRequest, queryset: QuerySet[Difficulty]) -> None:
        done = fire_on_each(
            self,
            request,
            queryset,
            lambda difficulty: DIFFICULTY_TRANSITIONS.fire(
                D.CLOSE,
                obj=difficulty,
                by=request.user,
                source=Source.ADMIN,
                data={"expected_state": difficulty.status},
            ),
        )
        if done:
            self.message_user(
                request,
                ngettext("%(count)d signalement clôturé.", "%(count)d signalements clôturés.", done)
                % {"count": done},
                messages.SUCCESS,
            )


class ReferenceAdmin(ServiceSavedAdmin):
    """Reference data saved by its service (`reference_save`), never deleted."""

    reference_save: Callable[..., Any]

    def create(self, request: HttpRequest, related: Any, fields: dict[str, Any]) -> Any:
        return type(self).reference_save(fields=fields, by=request.user, source=Source.ADMIN)

    def update(self, request: HttpRequest, current: Any, fields: dict[str, Any]) -> Any:
        return type(self).reference_save(
            current, fields=fields, by=request.user, source=Source.ADMIN
        )


@admin.register(Administration)
class AdministrationAdmin(ReferenceAdmin):
    list_display = ["name", "code", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]
    reference_save = staticmethod(administration_save)


@admin.register(OnlineService)
class OnlineServiceAdmin(ReferenceAdmin):
    list_display = ["title", "url", "position", "active", "updated_at"]
    list_filter = ["active"]
    search_fields = ["title", "url"]
    # A link typed without its scheme is read as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    reference_save = staticmethod(online_service_save)
