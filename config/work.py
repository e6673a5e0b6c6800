"""A user's open work across the processes: "Mes tâches" and `/api/v1/tasks/`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import Role, roles_of
from accounts.types import AnyUser
from accounts.work import WorkItem
from cases import selectors as cases_selectors
from processes.api.schema import error_responses
from registry import selectors as registry_selectors
from registry.selectors import HomeItem, HomeSection
from workflows import selectors as workflows_selectors


def work_items(user: AnyUser, limit: int = 200) -> list[WorkItem]:
    """Every open work item of `user`, oldest first: a few queries, whatever the rows."""
    return sorted(
        [
            *workflows_selectors.work_items(user, limit),
            *cases_selectors.work_items(user, limit),
            *registry_selectors.work_items(user, limit),
        ],
        key=lambda item: item.since,
    )


def tasks_section(user: AnyUser, limit: int = 6) -> HomeSection | None:
    """The first block of "Mon espace": the oldest open work items, whatever the process.

    None for someone with no part in any process (nothing could ever wait on them)."""
    items = work_items(user, limit)
    if not items and not (user.is_superuser or roles_of(user) - {Role.AUDITOR.value}):
        return None
    return HomeSection(
        title=_("Mes tâches"),
        intro=_("Ce qui attend une action de votre part, du plus ancien au plus récent."),
        items=[
            HomeItem(label=f"{item.label} — {item.reference}", url=item.url, detail=item.title)
            for item in items[:limit]
        ],
        empty=_("Rien à faire pour le moment."),
        more_url=reverse("tasks"),
    )


# --- Tasks --------------------------------------------------------------------


class TaskSerializer(serializers.Serializer):
    process = serializers.CharField(help_text="`proposal`, `case` or `association`.")
    object_id = serializers.IntegerField(help_text="Id of the proposal, case or association.")
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


class TaskPageSerializer(serializers.Serializer):
    results = TaskSerializer(many=True)
    next = serializers.URLField(allow_null=True, help_text="Always null: one page holds all.")


class TaskListView(APIView):
    """The caller's open work items across the processes, oldest first."""

    @extend_schema(
        operation_id="tasks_list",
        summary="The caller's open work items",
        responses={200: TaskPageSerializer, **error_responses(401)},
        tags=["tasks"],
    )
    def get(self, request: Request) -> Response:
        items = work_items(request.user)
        results = TaskSerializer(items, many=True, context={"request": request}).data
        return Response({"results": results, "next": None})
