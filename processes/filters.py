"""How every list page narrows its rows by the filters of its form: each filter given a
value sets one field lookup, and the search box looks for its text in a few fields; and
how the filters' selects are written fast, their choices read once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django import forms
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

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


# --- The filter forms' choices ------------------------------------------------------
#
# A list's filters offer reference data (calls, regions, embassies…) and fixed choices
# (statuses, sectors, countries). Each select is written in Python from choices read
# once per language: the reference data's are kept in the cache (shared by every
# process when the cache is) and dropped when a row of their model is saved or deleted.
# A process whose cache is its own does not hear of another's saves, nor does anyone of
# a bulk insert: the entries also expire after CHOICES_SECONDS, and a value sent that the
# cached options lack is looked for in the database before it is refused
# (`ReferenceChoiceField`).

CHOICES_SECONDS = 60

Options = list[tuple[str, str]]


def _choices_key(model: type[models.Model]) -> str:
    return f"filter-choices:{model._meta.label_lower}"


def forget_choices(model: type[models.Model]) -> None:
    """Drop the cached choices of `model`'s filters, now and when the transaction commits
    (so that a page shown meanwhile cannot keep the rows as they were before)."""
    key = _choices_key(model)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _forget_on_change(sender: type[models.Model], **kwargs: Any) -> None:
    forget_choices(sender)


def reference_options(queryset: QuerySet[Any], everything: Any) -> Callable[[], Options]:
    """The options of a filter on an object of `queryset` (`everything` first), read from
    the cache; read again from the database after a row of its model changed."""
    model = queryset.model
    for signal in (post_save, post_delete):
        signal.connect(_forget_on_change, sender=model, dispatch_uid=_choices_key(model))
    query: list[str] = []

    def options() -> Options:
        if not query:
            query.append(str(queryset.query))
        entry = (query[0], translation.get_language() or "")
        cached = cache.get(_choices_key(model)) or {}
        found = cached.get(entry)
        if found is None:
            found = [("", str(everything)), *((str(o.pk), str(o)) for o in queryset.all())]
            cache.set(_choices_key(model), {**cached, entry: found}, CHOICES_SECONDS)
        return found

    return options


class ReferenceChoiceField(forms.ChoiceField):
    """A filter on one object of `queryset`: its options come from the cache; a value they
    lack but the database has (a row added by another process) is accepted, and the cached
    options are read again."""

    def __init__(self, *, queryset: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.queryset = queryset

    def valid_value(self, value: Any) -> bool:
        if super().valid_value(value):
            return True
        text = str(value)
        if (
            not (text.isdigit() and len(text) <= 18)
            or not self.queryset.filter(pk=int(text)).exists()
        ):
            return False
        forget_choices(self.queryset.model)
        return True


def fixed_options(choices: Callable[[], Iterable[tuple[Any, Any]]]) -> Callable[[], Options]:
    """The options of a filter on fixed `choices`, translated once per language."""
    by_language: dict[str, Options] = {}

    def options() -> Options:
        language = translation.get_language() or ""
        found = by_language.get(language)
        if found is None:
            found = by_language[language] = [(str(v), str(label)) for v, label in choices()]
        return found

    return options


class OptionsSelect(forms.Select):
    """A select whose options come from `listed()` and are written in one pass (not one
    template per option)."""

    def __init__(self, listed: Callable[[], Options], attrs: dict[str, Any] | None = None):
        super().__init__(attrs)
        self.listed = listed

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        selected = set(self.format_value(value))
        shown = format_html_join(
            "\n",
            '  <option value="{}"{}>{}</option>',
            (
                (option, mark_safe(" selected") if option in selected else "", label)
                for option, label in self.listed()
            ),
        )
        attributes = flatatt({"name": name, **self.build_attrs(self.attrs, attrs)})
        return format_html("<select{}>\n{}\n</select>", attributes, shown)
