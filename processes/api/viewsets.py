"""What every viewset shares: rows scoped to the caller, the list's filters, and the
transition and history actions, each configured by class attributes.

`ScopedViewSet` serves the rows the caller may see (`rows()`), narrowed for a list
by its query parameters; `EditableViewSet` adds listing, reading, creating and
editing by PATCH.

`TransitionActions` gives a viewset `GET …/{id}/transitions/` (what the caller may
fire now) and `POST …/{id}/transitions/{name}/` (fire one) from one transition
table; `HistoryAction` gives it `GET …/{id}/history/`. A viewset names its table,
its serializers and its texts; the OpenAPI document of its actions is written from
them when the class is made, so each process keeps its own operation ids and texts.

The classes have no docstring on purpose: drf-spectacular would read it as the
description of every operation that has none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from audit.models import HistoryEntry
from audit.security import record_if_hidden
from processes.api.fields import given_filters, search_words
from processes.api.schema import HistoryRowSerializer, TransitionOptionSerializer, error_responses
from processes.api.transitions import (
    fire_from_request,
    transition_name_parameter,
    transition_options,
)
from processes.table import TransitionTable


class ScopedViewSet(viewsets.GenericViewSet):
    # The rows come from `rows()`, which starts from the access module's visibility: an
    # object out of the caller's sight is a 404 and a list never shows more. The class's
    # `queryset` only names the model for the schema, whose generation has no caller.
    #
    # A list is narrowed by `list_filters` (a serializer of its query parameters): each
    # filter in `filter_fields` on the field of its name, each in `filter_lookups` on
    # its lookup, `q` on every word in one of `search_fields`, any other in the
    # subclass's `filter_rows`.
    # An id is digits: any other `…/{id}/` is an address the API does not have (its JSON 404).
    lookup_value_regex = "[0-9]+"
    list_filters: ClassVar[type[serializers.Serializer] | None] = None
    filter_fields: ClassVar[tuple[str, ...]] = ()
    filter_lookups: ClassVar[Mapping[str, str]] = {}
    search_fields: ClassVar[tuple[str, ...]] = ()

    def rows(self) -> QuerySet[Any]:
        """What the caller may see, with what the answers show."""
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return self.rows()

    def get_object(self) -> Any:
        # An object that exists but is out of the caller's sight is a 404 like a missing
        # one, and leaves a security event.
        try:
            return super().get_object()
        except Http404:
            wanted = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
            record_if_hidden(self.get_queryset().model, **{self.lookup_field: wanted})
            raise

    def filter_queryset(self, queryset: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
        if self.action != "list" or self.list_filters is None:
            return queryset
        filters = self.list_filters(data=given_filters(self.request))
        filters.is_valid(raise_exception=True)
        return self.filter_rows(queryset, filters.validated_data)

    def filter_rows(self, queryset: QuerySet[Any], wanted: Mapping[str, Any]) -> QuerySet[Any]:
        lookups = {**{name: name for name in self.filter_fields}, **self.filter_lookups}
        for name, lookup in lookups.items():
            if name in wanted:
                queryset = queryset.filter(**{lookup: wanted[name]})
        if "q" in wanted and self.search_fields:
            queryset = queryset.filter(search_words(wanted["q"], *self.search_fields))
        return queryset


class EditableViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    # Listed, read, created, and edited by PATCH: the subclass's `partial_update` hands the
    # checked fields to its service. Nothing is replaced whole (PUT) or deleted.
    http_method_names = ["get", "post", "patch", "head", "options"]

    def edited_fields(
        self, instance: Any, serializer_class: type[serializers.BaseSerializer] | None = None
    ) -> dict[str, Any]:
        """The fields a PATCH gives, checked against `instance`, as the keyword arguments
        of the service's edit (a field left out keeps its value)."""
        serializer = (serializer_class or self.get_serializer_class())(
            instance,
            data=self.request.data,
            partial=True,
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class TransitionActions(viewsets.GenericViewSet):
    # The table whose offered transitions the actions list and fire.
    transition_table: ClassVar[TransitionTable[Any]]
    # The body of `POST …/transitions/{name}/` (`transition_request_serializer(table)`).
    transition_request: ClassVar[type[serializers.Serializer]]
    # The shape of one option in `GET …/transitions/`.
    transition_option_serializer: ClassVar[type[serializers.Serializer]] = (
        TransitionOptionSerializer
    )
    # What the firing answers with, for the schema (`transition_answer` builds it).
    transition_answer_serializer: ClassVar[type[serializers.BaseSerializer]]
    transitions_summary: ClassVar[str]
    fire_operation_id: ClassVar[str]
    fire_summary: ClassVar[str] = "Fire a transition"
    fire_description: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "transition_table" not in vars(cls):
            return
        extend_schema_view(
            transitions=extend_schema(
                summary=cls.transitions_summary,
                responses={
                    200: cls.transition_option_serializer(many=True),
                    **error_responses(401, 404),
                },
            ),
            fire=extend_schema(
                operation_id=cls.fire_operation_id,
                summary=cls.fire_summary,
                description=cls.fire_description,
                parameters=[transition_name_parameter(cls.transition_table.offered_names)],
                request=cls.transition_request,
                responses={
                    200: cls.transition_answer_serializer,
                    **error_responses(400, 401, 403, 404, 409),
                },
            ),
        )(cls)

    def get_queryset(self) -> QuerySet[Any]:
        rows = super().get_queryset()
        # Firing reads the object to check who may see it; its answer is the copy the
        # transition locked and saved, with what the answers show read then.
        return rows.prefetch_related(None) if self.action == "fire" else rows

    def transition_answer(self, obj: Any) -> Response:
        """The object as the transition left it: the locked copy the transition saved
        (read with the relations the caller's rows select), with the rows' prefetches."""
        rows = super().get_queryset()
        prefetch_related_objects([obj], *rows._prefetch_related_lookups)  # type: ignore[attr-defined]
        return Response(self.get_serializer(obj).data)

    @action(detail=True, methods=["get"], pagination_class=None)
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        options = transition_options(self.transition_table, request.user, self.get_object())
        return Response(self.transition_option_serializer(options, many=True).data)

    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<name>[^/]+)")
    def fire(self, request: Request, name: str, pk: str | None = None) -> Response:
        changed = fire_from_request(
            self.transition_table,
            name,
            obj=self.get_object(),
            request=request,
            body=self.transition_request,
        )
        return self.transition_answer(changed)


class HistoryAction(viewsets.GenericViewSet):
    history_serializer: ClassVar[type[HistoryRowSerializer]] = HistoryRowSerializer
    history_summary: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "history_summary" not in vars(cls):
            return
        extend_schema_view(
            history=extend_schema(
                summary=cls.history_summary,
                responses={200: cls.history_serializer(many=True), **error_responses(401, 404)},
            ),
        )(cls)

    def history_rows(self, obj: Any) -> Iterable[HistoryEntry]:
        """The object's rows, oldest first."""
        return HistoryEntry.objects.for_object(obj).select_related("by")

    def history_data(self, obj: Any) -> Any:
        """The rows as the caller may read them."""
        return self.history_serializer(self.history_rows(obj), many=True).data

    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request: Request, pk: str | None = None) -> Response:
        return Response(self.history_data(self.get_object()))
