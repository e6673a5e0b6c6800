"""A process's transitions, declared once as data.

Each process lists its transitions in one `TransitionTable` (its module
`<app>/transitions.py`): the name (a member of the process's `StrEnum`), what
users call it, who may fire it, the inputs it reads with their types and limits,
whether a comment is required, the button's tone, and the service function that
fires it. Everything else reads the table: access checks (`decide`), the offered
actions (`available`), the page forms (`processes.forms.TransitionForm`), the API
request serializer and its OpenAPI schema (`processes.api.transitions`), admin
actions, history labels (`labels`), the task inbox, and the dispatcher (`fire`).

Where a transition may go from and to is the model's own business: the
django-fsm `@transition` decorator declares it, and the table asks the FSM
(`can_proceed`) rather than saying it twice.

A new transition is one row here plus one service function.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar, Unpack

from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed
from viewflow.workflow.base import Node

from accounts.types import AnyUser
from audit.models import Source
from processes.firing import Firing
from processes.routing import Router
from processes.transitions import (
    ConditionsUnmet,
    Decision,
    TransitionSpec,
    perform_transition,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

M = TypeVar("M", bound=models.Model)

# The largest amount of money (FCFA) any page or API field accepts: a thousand
# billion, well above any programme's envelope, well inside a 64-bit integer.
MAX_AMOUNT = 10**12
# The longest free text a transition's comment takes, and every note, reason and
# short description of the models (a model's longer texts name their own bound).
COMMENT_MAX_LENGTH = 4000


def text_limit(model: type[models.Model], name: str) -> int:
    """The longest text the model's field takes: for a form or serializer field declared
    by hand, so that it refuses, in words, what the model field would."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.max_length is None:
        raise LookupError(f"{model.__name__}.{name} has no max_length.")
    return field.max_length


COMMENT_NEEDED = _("Un commentaire est obligatoire pour « %(action)s ».")


class Tone(enum.StrEnum):
    """How a transition's button looks: most move the work on; some stop or undo it."""

    PRIMARY = "primary"
    DANGER = "danger"
    SECONDARY = "secondary"  # sends the work back a step: neither forward nor an end


class InputKind(enum.StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # a textarea
    AMOUNT = "amount"  # a whole number of FCFA, 0..MAX_AMOUNT
    COUNT = "count"  # a whole number of people or things, 0..`max_value`
    DATE = "date"
    CHOICE = "choice"  # one of `choices`
    USERNAMES = "usernames"  # several users, by username
    FILE = "file"  # pages only: the API sends files to its attachment endpoints


@dataclass(frozen=True)
class Input:
    """One value a transition reads besides `expected_state`.

    `marked` shows the field as expected on the page; the service still decides
    what is missing (and keeps a trace of the refusal), so no input is required
    by the form or the serializer themselves.
    """

    name: str
    kind: InputKind
    label: StrOrPromise
    marked: bool = False
    # TEXT and LONG_TEXT: the longest text taken (pages and API refuse more, in words).
    max_length: int = COMMENT_MAX_LENGTH
    # COUNT: the largest number taken.
    max_value: int = 1_000_000
    # CHOICE: the choices, or a callable that lists them when the form is built.
    choices: Sequence[tuple[str, Any]] | Callable[[], Sequence[tuple[str, Any]]] = ()
    help_text: str = ""  # the API's description of the field (English)
    api: bool = True  # False: the page form has it, the API request does not

    def choice_list(self) -> list[tuple[str, Any]]:
        return list(self.choices() if callable(self.choices) else self.choices)


def comment_input(label: StrOrPromise | None = None, *, marked: bool = False) -> Input:
    return Input(
        "comment",
        InputKind.LONG_TEXT,
        label or _("Commentaire (facultatif)"),
        marked=marked,
    )


@dataclass(frozen=True)
class Transition:
    """One row of a process's table."""

    name: enum.StrEnum
    label: StrOrPromise
    # Who may fire it on this object: the access module's decision.
    actor: Callable[[AnyUser, Any], Decision]
    # Dotted path of the service function, called with the object as `object_arg`.
    service: str
    inputs: tuple[Input, ...] = ()
    comment_required: bool = False
    # What the refusal says when a required comment is missing ("Indiquez le motif du rejet.").
    missing_comment: StrOrPromise = ""
    tone: Tone = Tone.PRIMARY
    # False for a step the system fires by itself (never offered to anyone).
    offered: bool = True
    # Fills in the arguments the service needs whatever the request held.
    defaults: Mapping[str, Any] = field(default_factory=dict)
    # The flow task this transition finishes (a node of the process's flow): the table's
    # router completes it once the new state is saved, in the same transaction.
    completes: Node | None = None

    @cached_property
    def function(self) -> Callable[..., Any]:
        function: Callable[..., Any] = import_string(self.service)
        return function

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs)

    def input(self, name: str) -> Input | None:
        return next((i for i in self.inputs if i.name == name), None)


class TransitionTable(Generic[M]):
    """The transitions of one state machine (`model.<state_field>`), in lifecycle order."""

    def __init__(
        self,
        *,
        model: type[M],
        rows: Sequence[Transition],
        object_arg: str,
        state_field: str = "status",
        extra_check: Callable[[AnyUser, M, Transition], bool] | None = None,
        router: Router[Any] | None = None,
        routed: Callable[[M], models.Model] | None = None,
    ) -> None:
        self.model = model
        self.rows = tuple(rows)
        self.object_arg = object_arg
        self.state_field = state_field
        self._by_name = {str(row.name): row for row in self.rows}
        # A process's own rule on top of the FSM and access (e.g. "one tranche at a time").
        self.extra_check = extra_check
        # The router of the process's flow, and the object its flow follows (the object
        # itself unless `routed` says otherwise: a tranche's flow is its proposal's).
        self.router = router
        self.routed = routed

    def __iter__(self) -> Iterator[Transition]:
        return iter(self.rows)

    def __contains__(self, name: object) -> bool:
        return str(name) in self._by_name

    def __getitem__(self, name: str) -> Transition:
        return self._by_name[str(name)]

    def get(self, name: str) -> Transition | None:
        return self._by_name.get(str(name))

    @property
    def names(self) -> list[str]:
        return list(self._by_name)

    @property
    def offered_names(self) -> list[str]:
        return [str(row.name) for row in self.rows if row.offered]

    def labels(self) -> dict[str, StrOrPromise]:
        return {str(row.name): row.label for row in self.rows}

    def label(self, name: str) -> StrOrPromise:
        row = self.get(name)
        return row.label if row is not None else name

    # --- Who may do what now --------------------------------------------------------

    def decide(self, user: AnyUser, obj: M, name: str) -> Decision:
        row = self.get(name)
        if row is None:
            return Decision.deny(_("Action inconnue."))
        return row.actor(user, obj)

    def available(self, user: AnyUser, obj: M) -> list[Transition]:
        """What `user` may fire on `obj` now: offered, possible from the current
        state, allowed by access and by the process's own rule; in table order."""
        return [
            row
            for row in self.rows
            if row.offered
            and can_proceed(getattr(obj, str(row.name)))
            and row.actor(user, obj)
            and (self.extra_check is None or self.extra_check(user, obj, row))
        ]

    def available_names(self, user: AnyUser, obj: M) -> list[str]:
        return [str(row.name) for row in self.available(user, obj)]

    # --- The dispatcher ---------------------------------------------------------------

    def fire(
        self,
        name: str,
        *,
        obj: M,
        by: AnyUser,
        source: Source | str,
        data: Mapping[str, Any],
    ) -> M:
        """Fire `name` with the inputs found in `data` (a form's or a request's cleaned
        data): the row's inputs only, its defaults for what is absent."""
        row = self[name]
        kwargs: dict[str, Any] = {"expected_state": data.get("expected_state") or None}
        kwargs.update(row.defaults)
        for input_name in row.input_names:
            if input_name in data and not (data[input_name] is None and input_name in row.defaults):
                kwargs[input_name] = data[input_name]
        result: M = row.function(**{self.object_arg: obj}, by=by, source=source, **kwargs)
        return result

    # --- The runner, for the service functions ------------------------------------------

    def run(
        self,
        obj: M,
        name: str,
        *,
        comment: str = "",
        conditions: Callable[[M], list[str]] | None = None,
        kwargs: dict[str, Any] | None = None,
        before_save: Callable[[M], None] | None = None,
        after_save: Callable[[M], object] | None = None,
        on_commit: list[Callable[[], object]] | None = None,
        data: dict[str, Any] | None = None,
        field_of: Mapping[str, str] | None = None,
        cascade: bool = False,
        **firing: Unpack[Firing],
    ) -> M:
        """Fire `name` on `obj` through `processes.transitions.perform_transition`, with
        the row's label and the row's access decision for `by`.

        `field_of` maps an unmet condition's message to the input it is about, so a
        page or the API shows it on that field.

        `cascade`: the transition follows from another one `by` was allowed to fire
        (a need staffed by the approval of its last volunteer, reopened by a withdrawal):
        the row's actor is not asked again; its states and conditions still are.
        """
        row = self[name]
        spec = TransitionSpec(
            name=str(row.name),
            label=row.label,
            decision=Decision.allow() if cascade else row.actor(firing["by"], obj),
            conditions=conditions,
            kwargs=kwargs or {},
            before_save=before_save,
            after_save=self._then_route(row, after_save, firing["by"]),
            on_commit=on_commit or [],
        )
        try:
            return perform_transition(
                obj=obj,
                spec=spec,
                comment=comment,
                state_field=self.state_field,
                data=data,
                **firing,
            )
        except ConditionsUnmet as exc:
            for message, input_name in (field_of or {}).items():
                if message in exc.messages:
                    exc.fields.setdefault(input_name, []).append(message)
            raise

    def _then_route(
        self, row: Transition, after_save: Callable[[M], object] | None, by: AnyUser
    ) -> Callable[[M], object] | None:
        """The service's own `after_save`, then the completion of the row's flow task."""
        node = row.completes
        if node is None:
            return after_save
        router = self.router
        if router is None:  # pragma: no cover - a declaration error, caught by the table tests
            raise ValueError(f"{row.name} completes a flow task but its table has no router")

        def after(locked: M) -> None:
            if after_save is not None:
                after_save(locked)
            router.complete(self.routed(locked) if self.routed else locked, node, by)

        return after

    def comment_problems(self, name: str, comment: str) -> list[str]:
        """The refusal of a transition whose row requires a comment and got none."""
        row = self[name]
        if row.comment_required and not (comment or "").strip():
            return [str(row.missing_comment or COMMENT_NEEDED % {"action": row.label})]
        return []
