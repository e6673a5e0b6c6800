"""What people read instead of codes: choice labels, people's names, history summaries.

A history row keeps its facts structured (`HistoryEntry.data`) and is put into
words when it is shown, in the reader's language:

    record_history(..., data=summary(
        gettext_noop("Visite du %(date)s, score composite %(score)s"),
        date=Day(visit_date), score=Number(composite),
    ))

`describe(entry)` then reads "Visite du 30 novembre 2026, score composite 0,647"
in French and "Visit of 30 November 2026, composite score 0.647" in English;
`comment` keeps only what a person wrote.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django_countries import countries

from accounts.types import AnyUser
from documents.formatting import format_date, format_datetime, format_decimal, format_xof


def person_name(user: AnyUser | None) -> str:
    """A person as others know them: full name, the username only when there is no name."""
    if user is None:
        return ""
    get_full_name = getattr(user, "get_full_name", None)
    full = get_full_name() if callable(get_full_name) else ""
    return str(full or user.get_username())


def choice_labels(choices: type[models.Choices] | Iterable[Any]) -> str:
    """`Plan réalisé, Contact perdu, …`: the labels of a Choices class, never its codes."""
    labels = choices.labels if isinstance(choices, type) else [label for _, label in choices]
    return ", ".join(str(label) for label in labels)


# --- Structured values of a history summary -----------------------------------


@dataclass(frozen=True)
class Money:
    amount: int


@dataclass(frozen=True)
class Number:
    value: Decimal | float | int | None


@dataclass(frozen=True)
class Day:
    value: datetime.date


@dataclass(frozen=True)
class Person:
    user: AnyUser


@dataclass(frozen=True)
class Label:
    """A translatable label (a choice's label, a gettext_lazy text): shown translated."""

    text: Any
    lower: bool = False


def msgid(text: Any) -> str:
    # Source strings are French and there is no French catalogue: the French
    # text of a lazy label is its msgid, which gettext translates when shown.
    with translation.override("fr"):
        return str(text)


def encode_value(value: Any) -> Any:
    """A summary's value as a history row keeps it (JSON)."""
    if isinstance(value, Money):
        return {"money": int(value.amount)}
    if isinstance(value, Number):
        return {"number": None if value.value is None else str(value.value)}
    if isinstance(value, Day):
        return {"date": value.value.isoformat()}
    if isinstance(value, Person):
        # The name as it was when the row was written: rows never change.
        return {"user": value.user.pk, "name": person_name(value.user)}
    if isinstance(value, Label):
        return {"label": msgid(value.text), "lower": value.lower}
    return str(value)


def summary(text: str, **params: Any) -> dict[str, Any]:
    """The `data` of a history row: a French sentence (marked with gettext_noop) and its values."""
    return {"text": text, "params": {name: encode_value(value) for name, value in params.items()}}


def _decode(value: Any) -> str:
    if not isinstance(value, dict):
        return str(value)
    if "money" in value:
        return format_xof(value["money"])
    if "number" in value:
        return "—" if value["number"] is None else format_decimal(value["number"])
    if "date" in value:
        return format_date(datetime.date.fromisoformat(value["date"]))
    if "user" in value:
        return str(value.get("name", ""))
    if "label" in value:
        text = gettext(value["label"]) if value["label"] else ""
        return text.lower() if value.get("lower") else text
    if "datetime" in value:
        return format_datetime(datetime.datetime.fromisoformat(value["datetime"]))
    if "bool" in value:
        return gettext("Oui") if value["bool"] else gettext("Non")
    if "country" in value:
        return str(countries.name(value["country"]) or value["country"])
    return ""


# Rows written before their facts were structured named people by username.
_USERNAME_ACTIONS = {"assign", "transfer", "assign_evaluator"}


# A code as older refusal messages quoted it: « approve », or a list of them.
_QUOTED_CODE = re.compile(r"« ([a-z][a-z0-9_]*) »")
_CODE_LIST = re.compile(r"(?<=: )[a-z][a-z0-9_]*(?:, [a-z][a-z0-9_]*)+(?=\.?$)")


def _legacy_refusal(comment: str, codes: Mapping[str, Any]) -> str:
    """An older refusal message with its codes replaced by their labels."""

    def label(code: str) -> str:
        return str(codes[code]) if code in codes else code

    comment = _QUOTED_CODE.sub(lambda m: f"« {label(m[1])} »", comment)
    return _CODE_LIST.sub(lambda m: ", ".join(label(c) for c in m[0].split(", ")), comment)


def _legacy_comment(entry: Any, codes: Mapping[str, Any]) -> str:
    action, comment = entry.action, entry.comment
    if entry.outcome == "refused" and codes:
        return _legacy_refusal(comment, codes)
    if action not in _USERNAME_ACTIONS or not comment or " " in comment.replace(" → ", "→"):
        return comment
    usernames = comment.split(" → ")
    users = get_user_model().objects.filter(username__in=usernames)
    names = {user.get_username(): person_name(user) for user in users}
    return " → ".join(names.get(name, name) for name in usernames)


def named_user_ids(entry: Any) -> set[int]:
    """The people a row's summary names (an assigned evaluator or caseworker)."""
    data = getattr(entry, "data", None)
    params = (data.get("params") or {}) if isinstance(data, dict) else {}
    return {v["user"] for v in params.values() if isinstance(v, dict) and "user" in v}


def render_summary(data: Any) -> str:
    """The sentence of a row's `data` in the active language ("" when there is none)."""
    if not isinstance(data, dict) or not data.get("text"):
        return ""
    params = data.get("params") or {}
    values = {name: _decode(value) for name, value in params.items()}
    try:
        return gettext(data["text"]) % values
    except (KeyError, TypeError, ValueError):
        return str(data["text"])


# A value longer than this is cut when shown (the row keeps it whole).
SHOWN_VALUE_LENGTH = 200


def _shown(value: Any) -> str:
    text = _decode(value)
    if not text:
        return gettext("(vide)")
    if len(text) > SHOWN_VALUE_LENGTH:
        text = text[: SHOWN_VALUE_LENGTH - 1] + "…"
    return gettext("« %(value)s »") % {"value": text}


def render_changes(data: Any) -> str:
    """The fields an edit changed (`audit.changes`), one per line, in the active
    language: « Nom : « A » → « B » »; a sensitive field is only named."""
    changes = data.get("changes") if isinstance(data, dict) else None
    if not isinstance(changes, list):
        return ""
    lines = []
    for change in changes:
        label = gettext(change["label"]) if change.get("label") else str(change.get("field", ""))
        if change.get("sensitive"):
            lines.append(gettext("%(field)s : modifié") % {"field": label})
        else:
            lines.append(
                gettext("%(field)s : %(before)s → %(after)s")
                % {
                    "field": label,
                    "before": _shown(change.get("from")),
                    "after": _shown(change.get("to")),
                }
            )
    return "\n".join(lines)


def describe(entry: Any, codes: Mapping[str, Any] | None = None) -> str:
    """What a history row says beyond its action: its summary, the fields it changed,
    then the person's comment.

    `codes` maps the codes older rows quoted (action names, choice values) to their
    labels, for rows written before they kept their facts structured.
    """
    data = getattr(entry, "data", None)
    text = "\n".join(part for part in (render_summary(data), render_changes(data)) if part)
    if text:
        return f"{text}\n{entry.comment}" if entry.comment else text
    return _legacy_comment(entry, codes or {})
