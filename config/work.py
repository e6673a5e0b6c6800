"""A user's open work across the processes: "Mes tâches" and `/api/v1/tasks/`."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from accounts.roles import Role, roles_of
from accounts.types import AnyUser
from accounts.work import FIRST_ITEMS, SOURCES, Window, WorkItem, WorkKey
from cases import selectors as cases_selectors
from difficulties.selectors import inbox as difficulties_inbox
from documents.formatting import format_datetime
from missions.selectors import inbox as missions_inbox
from processes.api.conventions import NextPagination, cursor_refused
from processes.api.schema import error_responses
from processes.pages import PAGE_SIZE, Page, decode_cursor, encode_cursor
from registry import selectors as registry_selectors
from registry.selectors import HomeItem, HomeSection
from workflows import selectors as workflows_selectors


def work_items(user: AnyUser, window: Window = FIRST_ITEMS) -> list[WorkItem]:
    """`user`'s open work items in `window` of the inbox, oldest first: a few queries, each
    reading at most the window's size of rows, whatever the rows."""
    return window.cut(
        [
            *workflows_selectors.work_items(user, window),
            *cases_selectors.work_items(user, window),
            *registry_selectors.work_items(user, window),
            *missions_inbox.work_items(user, window),
            *difficulties_inbox.work_items(user, window),
        ]
    )


def encode_key(key: WorkKey) -> str:
    return encode_cursor([key.since.isoformat(), key.source, key.id])


def decode_key(cursor: str) -> WorkKey | None:
    """The place a cursor of `encode_key` names, or None for anything else."""
    values = decode_cursor(cursor, 3)
    if values is None:
        return None
    since, source, pk = values
    if not isinstance(since, str) or source not in SOURCES or not isinstance(pk, int):
        return None
    try:
        moment = datetime.datetime.fromisoformat(since)
    except ValueError:
        return None
    if moment.tzinfo is None or not 0 < pk < 2**63:
        return None
    return WorkKey(moment, source, pk)


def task_page(
    user: AnyUser, *, after: str = "", before: str = "", size: int = PAGE_SIZE
) -> Page[WorkItem]:
    """One page of `user`'s inbox, after or before a cursor (one that this function did
    not make reads as the first page): each source reads `size` + 1 rows at most."""
    before_key = decode_key(before)
    after_key = None if before_key is not None else decode_key(after)
    return keyed_page(user, after=after_key, before=before_key, size=size)


def keyed_page(
    user: AnyUser, *, after: WorkKey | None, before: WorkKey | None, size: int
) -> Page[WorkItem]:
    """`task_page` for cursors already read."""
    items = work_items(user, Window(after=after, before=before, size=size + 1))
    if before is not None:
        has_previous, has_next = len(items) > size, True
        items = items[-size:]
    else:
        has_previous, has_next = after is not None, len(items) > size
        items = items[:size]
    if not items:
        return Page(rows=[])
    return Page(
        rows=items,
        next_cursor=encode_key(items[-1].key) if has_next else "",
        previous_cursor=encode_key(items[0].key) if has_previous else "",
    )


class TaskRow(NamedTuple):
    """A row of "Mes tâches": the item, and when it waits since, formatted once."""

    item: WorkItem
    since_iso: str
    since_text: str


def task_rows(items: list[WorkItem]) -> list[TaskRow]:
    rows = []
    for item in items:
        since = localtime(item.since)
        rows.append(TaskRow(item, since.isoformat(), format_datetime(since)))
    return rows


def tasks_section(user: AnyUser, limit: int = 6) -> HomeSection | None:
    """The first block of "Mon espace": the oldest open work items, whatever the process.

    None for someone with no part in any process (nothing could ever wait on them)."""
    items = work_items(user, Window(size=limit))
    if not items and not (user.is_superuser or roles_of(user) - {Role.AUDITOR.value}):
        return None
    return HomeSection(
        title=_("Mes tâches"),
        intro=_("Ce qui attend une action de votre part, du plus ancien au plus récent."),
        items=[
            HomeItem(label=f"{item.label} — {item.reference}", url=item.url, detail=item.title)
            for item in items
        ],
        empty=_("Rien à faire pour le moment."),
        more_url=reverse("tasks"),
    )


# --- Tasks --------------------------------------------------------------------


class TaskSerializer(serializers.Serializer):
    process = serializers.CharField(
        help_text="`proposal`, `case`, `association`, `need`, `mission`, `licence` or `expert`."
    )
    object_id = serializers.IntegerField(help_text="Id of the object the work is on.")
    task = serializers.CharField(help_text="What to do, e.g. `screen`, `review`, `pay_tranche`.")
    label = serializers.CharField()  # type: ignore[assignment]
    since = serializers.DateTimeField()
    reference = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(
        {"type": "string", "format": "uri", "description": "The page where the work is done."}
    )
    def get_url(self, item: WorkItem) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(item.url) if request is not None else item.url


class TaskPagination(NextPagination):
    """The inbox's pages: `cursor` and `page_size` read as for every list of the API; a
    cursor names a place in the inbox's order (see `task_page`)."""

    next_link: str | None = None

    def paginate_work(self, request: Request) -> list[WorkItem]:
        self.page_size = self.get_page_size(request) or self.page_size
        cursor = request.query_params.get(self.cursor_query_param)
        key = None if cursor is None else decode_key(cursor)
        if cursor is not None and key is None:
            raise cursor_refused(self.cursor_query_param)
        page = keyed_page(request.user, after=key, before=None, size=self.page_size)
        if page.next_cursor:
            self.next_link = replace_query_param(
                request.build_absolute_uri(), self.cursor_query_param, page.next_cursor
            )
        return page.rows

    def get_next_link(self) -> str | None:
        return self.next_link


class TaskListView(GenericAPIView):
    """The caller's open work items across the processes, oldest first, page by page."""

    pagination_class = TaskPagination
    serializer_class = TaskSerializer

    @extend_schema(
        operation_id="tasks_list",
        summary="The caller's open work items",
        description="Oldest first, across the processes; `next` carries the next page.",
        responses={200: TaskSerializer(many=True), **error_responses(401)},
        tags=["tasks"],
    )
    def get(self, request: Request) -> Response:
        paginator = TaskPagination()
        items = paginator.paginate_work(request)
        results = TaskSerializer(items, many=True, context={"request": request}).data
        return paginator.get_paginated_response(results)
