"""How every process's page answers an action fired from one of its forms, or a write
sent by one of its forms; the buttons of its action panel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from processes.forms import STALE_MESSAGE, add_refusal
from processes.pages import next_url
from processes.table import Tone
from processes.transitions import ConditionsUnmet, Decision, InvalidState, NotAllowed, StaleObject

T = TypeVar("T")


class HasPage(Protocol):
    def get_absolute_url(self) -> str: ...


def run_page_action(
    request: HttpRequest,
    obj: HasPage,
    *,
    form: forms.BaseForm,
    fire: Callable[[], Any],
    done: Callable[[Any], str],
    again: Callable[[Sequence[str]], HttpResponse],
    stale: Callable[[InvalidState], HttpResponse] | None = None,
) -> HttpResponse:
    """Fire an action typed in `form` on `obj`'s page, and answer: the next page with
    `done(result)` as its message; 403 with the reason; `obj`'s page with the stale-form
    message when it moved on meanwhile (or `stale(refusal)`); or the page again (400),
    through `again(problems)`, with the refusal put back on the form's fields."""
    if not form.is_valid():
        return again([_("Certaines valeurs saisies ne sont pas valides : voyez le formulaire.")])
    try:
        result = fire()
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    except InvalidState as refusal:
        if stale is not None:
            return stale(refusal)
        messages.error(request, STALE_MESSAGE)
        return redirect(obj.get_absolute_url())
    except ConditionsUnmet as refusal:
        add_refusal(form, refusal.fields)
        return again(refusal.messages)
    messages.success(request, done(result))
    return redirect(next_url(request) or obj.get_absolute_url())


@dataclass
class Action:
    """A button of a page's action panel: something the user may do now, with its form."""

    name: str
    label: str
    url: str
    form: forms.Form
    tone: Tone = Tone.PRIMARY
    anchor: str = ""  # the id of its section on the page

    @property
    def danger(self) -> bool:
        return self.tone == Tone.DANGER


def deny_unless(decision: Decision) -> None:
    """403 with the reason, for a page the user may not use."""
    if not decision:
        raise PermissionDenied(decision.reason)


def refused_state(request: HttpRequest, refusal: InvalidState, obj: Any) -> HttpResponse:
    """Back to the object's page, saying why it could not move (or that it moved meanwhile)."""
    messages.error(request, STALE_MESSAGE if isinstance(refusal, StaleObject) else refusal.detail)
    return redirect(obj)


@dataclass
class Written(Generic[T]):
    """How a page's write went: done (`result`), refused by the object's state (`answer`,
    its page with the reason), or refused by its conditions (`problems`, on the form)."""

    result: T | None = None
    answer: HttpResponse | None = None
    problems: list[str] = field(default_factory=list)
    refused: bool = False

    @property
    def done(self) -> bool:
        return not self.refused

    @property
    def value(self) -> T:
        """What the write returned, once it is done."""
        return cast(T, self.result)


def write_from_page(
    request: HttpRequest,
    obj: Any,
    form: forms.BaseForm,
    write: Callable[[], T],
    *,
    listed: bool = False,
    unnamed_on: str = "__all__",
) -> Written[T]:
    """Run a page's write: 403 when the user may not; when the object's state does not
    allow it, its page with the reason; when its conditions do not hold, the messages
    put on the form's fields. `listed`: the page lists every message itself, so only
    the form's own fields take theirs; otherwise messages naming no field go on
    `unnamed_on`."""
    try:
        return Written(result=write())
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.detail) from refusal
    except InvalidState as refusal:
        return Written(answer=refused_state(request, refusal, obj), refused=True)
    except ConditionsUnmet as refusal:
        if listed:
            add_refusal(form, {k: v for k, v in refusal.fields.items() if k in form.fields})
        else:
            add_refusal(form, refusal.fields or {unnamed_on: refusal.messages})
        return Written(problems=refusal.messages, refused=True)
