"""Admin pieces every process shares.

- `ReadOnlyAdmin` and `ReadOnlyInline`: rows the admin lists and shows but never
  adds, changes or deletes (history, read logs, generated documents, objects whose
  state moves only through services).
- `action_form_page`: the intermediate page of an admin action that asks for its
  inputs (a comment, a date…) before it runs.
- `fire_on_each`: runs an action's service on every selected row, telling the user
  each refusal with its reason, and counts the rows done.

It also shows the history every process writes (`audit.HistoryEntry`), read-only,
as the API's history endpoints do (`processes.api.schema.HistoryRowSerializer`), and
viewflow's routing rows (`Process`, `Task`), read-only too: a task deleted or edited
here would leave an object with nobody's work to do (`manage.py repair_routing`
mends what went wrong anyway).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.http import HttpRequest
from django.template.response import TemplateResponse
from viewflow.workflow import admin as flow_admin
from viewflow.workflow.models import Process, Task

from audit.models import HistoryEntry
from processes.transitions import ActionRefused

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

M = TypeVar("M", bound=models.Model)


class ReadOnlyMixin:
    """No add, change or delete: the admin only lists and shows."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A model admin that lists and shows rows, never writes them."""


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    """An inline table shown for information on its parent's page."""

    extra = 0
    can_delete = False
    show_change_link = False


def action_form_page(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    template: str,
    *,
    title: StrOrPromise,
    form: forms.BaseForm,
    **context: Any,
) -> TemplateResponse:
    """The page an admin action shows to ask for its inputs before it runs."""
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "opts": model_admin.model._meta,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            **context,
        },
    )


def fire_on_each(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    rows: Iterable[M],
    fire: Callable[[M], object],
    *,
    name: Callable[[M], str] = str,
) -> int:
    """Call `fire` on every row; each refusal is told with its reason. The rows done."""
    done = 0
    for row in rows:
        try:
            fire(row)
        except ActionRefused as refusal:
            model_admin.message_user(request, f"{name(row)} : {refusal.detail}", messages.ERROR)
        else:
            done += 1
    return done


# --- The history, read-only -------------------------------------------------------


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


# --- viewflow's routing rows, read-only -------------------------------------------
# viewflow registers editable admins for them; the services alone move a flow on.

admin.site.unregister(Process)
admin.site.unregister(Task)


class RoutingTaskInline(ReadOnlyMixin, flow_admin.TaskInline):
    can_delete = False


@admin.register(Process)
class RoutingProcessAdmin(ReadOnlyMixin, flow_admin.ProcessAdmin):
    inlines = [RoutingTaskInline]


@admin.register(Task)
class RoutingTaskAdmin(ReadOnlyMixin, flow_admin.TaskAdmin):
    pass
