"""What `manage.py seed_scale` hands each app's `scale.seed`, and the people it makes."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.roles import Role
from audit.labels import person_name


@dataclass
class ScaleContext:
    """What `manage.py seed_scale` asks of each app's `scale.seed(context)`."""

    proposals: int
    cases: int
    password: str
    rng: random.Random
    say: Callable[[str], None]
    # What an app leaves for the apps after it (the registry's associations, …).
    shared: dict[str, Any] = field(default_factory=dict)


def bulk_users(people: Sequence[tuple[str, str, str]], role: Role, password: str) -> list[Any]:
    """Users (username, first name, last name) holding `role`, created at once if missing;
    all with the same `password`, hashed once."""
    user_model = get_user_model()
    wanted = [username for username, _first, _last in people]
    existing = set(
        user_model.objects.filter(username__in=wanted).values_list("username", flat=True)
    )
    hashed = _hashed(password)
    user_model.objects.bulk_create(
        user_model(
            username=username,
            first_name=first,
            last_name=last,
            password=hashed,
            email=f"{username}@example.org",
        )
        for username, first, last in people
        if username not in existing
    )
    users = list(user_model.objects.filter(username__in=wanted).order_by("pk"))
    group = Group.objects.get(name=role.value)
    through = user_model.groups.through
    through.objects.bulk_create(
        [through(user_id=user.pk, group_id=group.pk) for user in users], ignore_conflicts=True
    )
    return users


@lru_cache(maxsize=4)
def _hashed(password: str) -> str:
    """The password hashed once for every user a run makes (the hash is slow on purpose)."""
    return make_password(password)


def person_names(ids: Iterable[int]) -> dict[int, str]:
    """Each user's name as the history's « person » facts give it."""
    return {user.pk: person_name(user) for user in get_user_model().objects.filter(pk__in=ids)}
