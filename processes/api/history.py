"""The history of a process whose rows belong to two models (a proposal and its
tranches, a case and its referrals): each row says which object it is about."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from processes.api.schema import HistoryRowSerializer


def history_row_serializer(
    name: str, *, object_type: str, object_id: str
) -> type[HistoryRowSerializer]:
    """A history row with `object_type` and `object_id`, whose help texts are given;
    `name` is the class's (the schema component's, without "Serializer")."""
    fields = [*HistoryRowSerializer.Meta.fields, "object_type", "object_id"]
    meta = type(
        "Meta", (HistoryRowSerializer.Meta,), {"fields": fields, "read_only_fields": fields}
    )
    attrs: dict[str, Any] = {
        "object_type": serializers.CharField(source="content_type.model", help_text=object_type),
        "object_id": serializers.IntegerField(help_text=object_id),
        "Meta": meta,
        "__module__": __name__,
    }
    serializer: type[HistoryRowSerializer] = type(name, (HistoryRowSerializer,), attrs)
    return serializer
