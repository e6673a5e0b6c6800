"""The status field and model base of every state machine of the project.

django-fsm-2 (4.2) protects a status (`FSMField(protected=True)`) with a flag on
the *field*, which every instance in every thread shares, and its
`FSMModelMixin.refresh_from_db` lifts that flag for the time of a reload. Two
threads reloading two objects at the same moment then find it in the wrong
position, and one of them fails with « Direct status modification is not
allowed » (a 500 under a threaded server: runserver, gunicorn's gthread workers).
See docs/upstream/django-fsm-2-refresh-from-db-thread-safety.md.

Here the permission to write a protected status during a reload belongs to the
*instance* being reloaded: `StateField` refuses a direct assignment unless that
instance is inside its own `refresh_from_db`, and `StateMachine` never touches
the shared flag. An instance is used by one thread at a time, so nothing is
shared any more.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMFieldDescriptor

# The instance attribute that says "this instance is reloading its own fields".
_RELOADING = "_state_machine_reloading"


class _StateDescriptor(FSMFieldDescriptor):
    def __set__(self, instance: Any, value: Any) -> None:
        if self.field.protected and getattr(instance, _RELOADING, False):
            # A reload writes what the database holds: allowed for this instance only.
            self.field.set_proxy(instance, value)
            self.field.set_state(instance, value)
            return
        super().__set__(instance, value)


class StateField(FSMField):
    """A protected `FSMField` (only a transition changes it) whose protection is
    lifted per instance during that instance's own reload."""

    descriptor_class = _StateDescriptor

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("protected", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, Any, Any]:
        # Stored and migrated exactly as django-fsm's field: only the guard differs.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django_fsm.FSMField", args, kwargs


# A stay kept in a `StateMachine.STAY_FIELDS` column is counted in tenths of a day.
SECONDS_PER_TENTH = 8_640


def stay_tenths(since: datetime, until: datetime) -> int:
    """The tenths of a day from `since` to `until`, rounded to the nearest (a tie to the
    even one, as PostgreSQL's `round` of a double)."""
    return round((until - since).total_seconds() / SECONDS_PER_TENTH)


class StateMachine(ConcurrentTransitionMixin, models.Model):
    """The base of every model with a `StateField`: concurrent transitions refused
    (`ConcurrentTransition` on a stale save) and a reload safe under threads.

    `status_since` is when the object entered its current state: set at its creation,
    then by `processes.transitions.perform_transition` in the same UPDATE as the state.

    `STAY_FIELDS` names, per state, an integer column of the model that adds up the time
    the object has spent in that state, in tenths of a day (`stay_tenths`; null: never
    left it): on leaving a declared state, `perform_transition` adds the stay to it, in
    that same UPDATE."""

    STAY_FIELDS: ClassVar[dict[str, str]] = {}

    status_since = models.DateTimeField(
        _("dans cet état depuis"), null=True, blank=True, editable=False, default=timezone.now
    )

    class Meta:
        abstract = True

    def _get_protected_fsm_fields(self) -> set[str]:
        # Read only by django-fsm's refresh_from_db, to lift the shared flag: lift none.
        return set()

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        setattr(self, _RELOADING, True)
        try:
            super().refresh_from_db(*args, **kwargs)
        finally:
            setattr(self, _RELOADING, False)
