"""Running a state transition: the shared mechanics of every process.

Each app's service functions describe *what* a transition needs (who may fire
it, which conditions must hold, what it changes); `perform_transition` does the
rest the same way everywhere: lock the row, refuse a stale request, check the
permission, the FSM state and the conditions, fire the FSM transition, save,
write the history row, and defer side effects until the transaction commits.
Every refusal leaves a history row too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, can_proceed

from accounts.types import AnyUser
from audit.models import Source
from audit.services import record_history, record_refusal, written_together
from processes.fsm import StateMachine, stay_tenths

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Decision:
    """An access decision with the reason a user can read when it is a refusal."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    @classmethod
    def allow(cls) -> Decision:
        return cls(True)

    @classmethod
    def deny(cls, reason: Any) -> Decision:
        return cls(False, str(reason))


class ActionRefused(Exception):
    """A refused action; `status` is the HTTP status the API answers with."""

    status = 400

    def __init__(
        self, messages: str | Iterable[str], *, fields: dict[str, list[str]] | None = None
    ):
        self.messages = [str(messages)] if isinstance(messages, str) else [str(m) for m in messages]
        self.fields = fields or {}
        super().__init__("; ".join(self.messages))

    @property
    def detail(self) -> str:
        return " ".join(self.messages)


class NotVisible(ActionRefused):
    status = 404


class NotAllowed(ActionRefused):
    status = 403


class InvalidState(ActionRefused):
    status = 409


class StaleObject(InvalidState):
    def __init__(self) -> None:
        super().__init__(
            str(
                _(
                    "Cet élément a été modifié par quelqu'un d'autre entre-temps. "
                    "Rechargez la page pour voir son état actuel."
                )
            )
        )


class ConditionsUnmet(ActionRefused):
    status = 400


@dataclass
class TransitionSpec:
    """What one call of a transition needs; built by the app's service function."""

    name: str
    decision: Decision
    # What users call the action ("Approuver le plan"), for the messages; the name otherwise.
    label: Any = ""
    conditions: Callable[[Any], list[str]] | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)
    before_save: Callable[[Any], None] | None = None
    after_save: Callable[[Any], object] | None = None
    on_commit: list[Callable[[], object]] = field(default_factory=list)


def perform_transition(
    *,
    obj: M,
    spec: TransitionSpec,
    by: AnyUser,
    source: Source | str,
    comment: str = "",
    expected_state: str | None = None,
    state_field: str = "status",
    data: dict[str, Any] | None = None,
) -> M:
    """Fire `spec.name` on a locked fresh copy of `obj` and return that copy."""
    model = type(obj)
    current_state = getattr(obj, state_field)
    try:
        with transaction.atomic(), written_together():
            locked = (
                model._default_manager.select_for_update(of=("self",))
                .select_related(*cached_relations(obj))
                .get(pk=obj.pk)
            )
            current_state = getattr(locked, state_field)
            if not spec.decision.allowed:
                raise NotAllowed(
                    spec.decision.reason or _("Vous n'avez pas le droit de faire cela.")
                )
            if expected_state is not None and expected_state != current_state:
                raise StaleObject()
            method = getattr(locked, spec.name)
            if not can_proceed(method):
                raise InvalidState(
                    _("Action « %(action)s » impossible dans l'état « %(state)s ».")
                    % {
                        "action": spec.label or spec.name,
                        "state": _state_label(locked, state_field),
                    }
                )
            if spec.conditions is not None:
                problems = spec.conditions(locked)
                if problems:
                    raise ConditionsUnmet(problems)
            method(**spec.kwargs)
            if spec.before_save is not None:
                spec.before_save(locked)
            at = timezone.now()
            source_since = entered(locked, state_field, current_state, at)
            try:
                locked.save()
            except ConcurrentTransition as exc:
                raise StaleObject() from exc
            record_history(
                obj=locked,
                action=spec.name,
                by=by,
                source=source,
                source_state=current_state,
                target_state=getattr(locked, state_field),
                comment=comment,
                data=data,
                at=at,
                source_since=source_since,
            )
            if spec.after_save is not None:
                spec.after_save(locked)
            for callback in spec.on_commit:
                transaction.on_commit(callback)
    except ActionRefused as exc:
        if not isinstance(exc, NotVisible):
            record_refusal(
                obj=obj,
                action=spec.name,
                by=by,
                source=source,
                reason=exc.detail,
                state=str(current_state),
            )
        raise
    return locked


def entered(
    obj: models.Model, state_field: str, source_state: Any, now: datetime
) -> datetime | None:
    """When `obj` entered `source_state`, which it leaves at `now` if its state changed:
    a `StateMachine`'s `status_since` then becomes `now`, and the stay is added to the
    state's `STAY_FIELDS` column if it has one (both saved with the state)."""
    if not isinstance(obj, StateMachine) or getattr(obj, state_field) == source_state:
        return None
    since = obj.status_since
    obj.status_since = now
    column = obj.STAY_FIELDS.get(str(source_state))
    if column is not None and since is not None:
        setattr(obj, column, (getattr(obj, column) or 0) + stay_tenths(since, now))
    return since


def cached_relations(
    obj: models.Model, prefix: str = "", seen: frozenset[int] = frozenset()
) -> list[str]:
    """The one-to-one and forward relations read with `obj` (its `select_related`, at
    any depth), so that its locked copy is read with them, fresh, in the same query."""
    cache = obj._state.fields_cache
    seen = seen | {id(obj)}
    names = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    names += [r.get_accessor_name() or "" for r in obj._meta.related_objects if r.one_to_one]
    found = []
    for name in names:
        related = cache.get(name)
        if name in cache and id(related) not in seen:
            found.append(f"{prefix}{name}")
            if related is not None:
                found.extend(cached_relations(related, f"{prefix}{name}__", seen))
    return found


def remember_related(obj: models.Model, name: str, rows: Iterable[models.Model]) -> None:
    """Keep `rows` (read whole) as `obj`'s reverse relation `name`, as `prefetch_related`
    would: `getattr(obj, name).all()` and a later prefetch of `name` read no more."""
    manager = getattr(obj, name)
    found = list(rows)
    for row in found:
        manager.field.set_cached_value(row, obj)
    queryset = manager.all()
    queryset._result_cache = found
    queryset._prefetch_done = True
    obj.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _state_label(obj: models.Model, state_field: str) -> str:
    display = getattr(obj, f"get_{state_field}_display", None)
    return str(display()) if callable(display) else str(getattr(obj, state_field))


def refuse_unless(
    decision: Decision, *, obj: models.Model, action: str, by: AnyUser, source: Source | str
) -> None:
    """Raise NotAllowed for a refused `decision`, keeping a trace of the attempt.

    Call it before the write's atomic block opens, so the refusal row is not rolled
    back with the write.
    """
    if not decision:
        _record_refusal(obj, action, by, source, decision.reason)
        raise NotAllowed(decision.reason)


@contextmanager
def refusals_recorded(
    obj: models.Model,
    action: str,
    *,
    by: AnyUser,
    source: Source | str,
    refusals: tuple[type[ActionRefused], ...] = (ActionRefused,),
) -> Iterator[None]:
    """Keep a trace of a refusal (one of `refusals`) raised inside the block, in the
    state `obj` was in, and let it go on. Open it outside the write's atomic block,
    so the trace is not rolled back with the write."""
    try:
        yield
    except refusals as exc:
        _record_refusal(obj, action, by, source, exc.detail)
        raise


def _record_refusal(
    obj: models.Model, action: str, by: AnyUser, source: Source | str, reason: str
) -> None:
    state = str(getattr(obj, "status", ""))
    record_refusal(obj=obj, action=action, by=by, source=source, reason=reason, state=state)


def validation_error(exc: ValidationError) -> ConditionsUnmet:
    """A model's validation errors as the refusal naming each field's problems."""
    fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    return ConditionsUnmet([m for messages in fields.values() for m in messages], fields=fields)
