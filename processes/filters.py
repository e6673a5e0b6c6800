"""How every list page narrows its rows by the filters of its form: each filter given a
value sets one field lookup, and the search box looks for its text in a few fields."""

from __future__ import annotations

from collections.abc import Mapping
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from processes.api.fields import search_words

M = TypeVar("M", bound=models.Model)


def filter_by(
    queryset: QuerySet[M], filters: Mapping[str, Any], lookups: Mapping[str, str]
) -> QuerySet[M]:
    """`queryset` narrowed by each filter that has a value: `lookups` maps a filter's
    name to the field lookup it sets (`{"sector": "sectors__code"}`)."""
    for name, lookup in lookups.items():
        if filters.get(name):
            queryset = queryset.filter(**{lookup: filters[name]})
    return queryset


def text_in(text: str, *fields: str) -> Q:
    """The whole `text` appears in one of `fields` (case aside)."""
    return reduce(or_, (Q(**{f"{field}__icontains": text}) for field in fields))


def searched(
    queryset: QuerySet[M], filters: Mapping[str, Any], *fields: str, every_word: bool = False
) -> QuerySet[M]:
    """`queryset` narrowed to the rows where the search box's text (`q`) appears in one of
    `fields` (with `every_word`, each of its words, anywhere among them); all of it when
    the box is empty."""
    text = (filters.get("q") or "").strip()
    if not text:
        return queryset
    return queryset.filter(search_words(text, *fields) if every_word else text_in(text, *fields))
