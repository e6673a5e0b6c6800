"""How every process's page answers an action fired from one of its forms, or a write
sent by one of its forms; the buttons of its action panel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.types import AnyUser
from accounts.work import action_anchor
from audit.models import SecurityEventKind, Source
from audit.security import RECORDED, record_event
from processes.forms import STALE_MESSAGE, TransitionForm, add_refusal
from processes.pages import next_url
from processes.table import Tone, Transition, TransitionTable
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
        record_conflict(request, refusal, obj)
        if stale is not None:
            return stale(refusal)
        messages.error(request, STALE_MESSAGE)
        return redirect(obj.get_absolute_url())
    except ConditionsUnmet as refusal:
        add_refusal(form, refusal.fields)
        return again(refusal.messages)
    messages.success(request, done(result))
    return redirect(next_url(request) or obj.get_absolute_url())


def fire_from_page(
    request: HttpRequest,
    page: HasPage,
    table: TransitionTable[Any],
    obj: Any,
    failed: Failed,
    *,
    done: Callable[[Any], str],
    again: Callable[[Failed], HttpResponse],
    stale: Callable[[InvalidState], HttpResponse] | None = None,
) -> HttpResponse:
    """Fire the transition of `failed`'s form on `obj` (`page`'s object or one shown on
    its page) and answer as `run_page_action` does; refused on its conditions, `failed`
    takes the problems and `again(failed)` shows the page again."""

    def shown_again(problems: Sequence[str]) -> HttpResponse:
        failed.problems = list(problems)
        return again(failed)

    def fire() -> Any:
        data = failed.form.service_data()
        return table.fire(failed.name, obj=obj, by=request.user, source=Source.WEB, data=data)

    return run_page_action(
        request, page, form=failed.form, fire=fire, done=done, again=shown_again, stale=stale
    )


def transition_from_page(
    request: HttpRequest,
    table: TransitionTable[Any],
    obj: Any,
    name: str,
    *,
    done: Callable[[str, Any], str],
    again: Callable[[Failed], HttpResponse],
) -> HttpResponse:
    """Fire transition `name` of `table` on `obj` with the form posted from `obj`'s page:
    404 for a transition no page offers; the message `done(label, moved)` once done; the
    page again through `again(failed)` when refused on its conditions; back to the page
    with the reason when `obj`'s state does not allow it."""
    label = str(offered_row(table, name).label)
    form = TransitionForm.for_object(table, name, obj, request.POST)
    return fire_from_page(
        request,
        obj,
        table,
        obj,
        Failed(obj._meta.model_name, name, obj.pk, form=form),
        done=lambda moved: done(label, moved),
        again=again,
        stale=lambda refusal: refused_state(request, refusal, obj),
    )


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


@dataclass
class Failed:
    """The form whose action was refused, shown again on the page with its errors and
    what was typed: the action `name` on the object `object_id` of `kind` (the object's
    model name for a transition, "proposal" or "tranche"; or "attachment", …)."""

    kind: str
    name: str = ""
    object_id: int | None = None
    form: Any = None
    problems: list[str] = field(default_factory=list)

    def form_of(self, kind: str, name: str, object_id: int) -> Any:
        """The refused form if it is that of action `name` on object `object_id` of `kind`."""
        return (
            self.form if (self.kind, self.name, self.object_id) == (kind, name, object_id) else None
        )


def transition_actions(
    table: TransitionTable[Any],
    user: AnyUser,
    obj: Any,
    route: str,
    *,
    failed: Failed | None = None,
    prefix: str = "",
    only: Sequence[str] | None = None,
    form: Callable[[str], forms.Form] | None = None,
    label: Callable[[Transition], Any] = lambda row: row.label,
    anchor: Callable[[str], str] = action_anchor,
) -> list[Action]:
    """The buttons of the transitions of `table` that `user` may fire now on `obj` (those
    named in `only`, if given), each with its form: `form(name)` (by default the
    table's, its ids prefixed by `prefix`), or the refused one of `failed` shown again.
    `route` names the page that fires them, given the object's id and the transition's
    name."""
    kind = obj._meta.model_name
    actions = []
    for row in table.available(user, obj):
        name = str(row.name)
        if only is not None and name not in only:
            continue
        again = failed.form_of(kind, name, obj.pk) if failed is not None else None
        if again is None:
            again = (
                form(name) if form else TransitionForm.for_object(table, name, obj, prefix=prefix)
            )
        actions.append(
            Action(
                name=name,
                label=str(label(row)),
                url=reverse(route, args=[obj.pk, name]),
                form=again,
                tone=row.tone,
                anchor=anchor(name),
            )
        )
    return actions


def offered_row(table: TransitionTable[Any], name: str) -> Transition:
    """The row of transition `name`, fired from a page; 404 for one no page offers."""
    if name not in table.offered_names:
        raise Http404
    return table[name]


def deny_unless(decision: Decision) -> None:
    """403 with the reason, for a page the user may not use."""
    if not decision:
        raise PermissionDenied(decision.reason)


def record_conflict(request: HttpRequest, refusal: InvalidState, obj: Any) -> None:
    """A page's answer to a 409 is the object's page again: its security event is kept here
    (once for the request)."""
    if not getattr(request, RECORDED, False):
        stored = obj if isinstance(obj, models.Model) else None
        record_event(SecurityEventKind.CONFLICT, request=request, obj=stored, detail=refusal.detail)


def refused_state(request: HttpRequest, refusal: InvalidState, obj: Any) -> HttpResponse:
    """Back to the object's page, saying why it could not move (or that it moved meanwhile)."""
    record_conflict(request, refusal, obj)
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
