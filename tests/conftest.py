"""Shared fixtures: the demo cast as named personas (README.md, « The demo cast »)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connections
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts.management.commands.seed_demo import seed_all
from documents.models import PendingDocument
from registry.demo import CAST
from registry.models import Association, Embassy
from workflows.demo import CALL_TITLE
from workflows.models import Call

# Assertions in the shared test helpers explain themselves like those in the tests.
pytest.register_assert_rewrite("tests.matrix")

DEMO_USERNAMES = [person.username for person in CAST] + ["admin"]


@pytest.fixture(autouse=True)
def _fast_hashing_french_and_private_media(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "fr"
    # Uploaded and generated files go to a folder of the test's own.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_rate_counts() -> None:
    """Each test starts with no API calls counted against the throttles' rates."""
    cache.clear()


FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """A second alias, `replica`, on a connection of its own to the test database (a
    mirror, as a streaming replica is): it sees what is committed, not what a test's own
    transaction wrote. Only the tests that turn REPLICA_DATABASE on read from it."""
    from django.conf import settings

    if "replica" not in settings.DATABASES:
        default = settings.DATABASES["default"]
        replica = {**default, "TEST": {**default.get("TEST", {}), "MIRROR": "default"}}
        # It only reads: on SQLite its transactions must not take the write lock.
        options = {**default.get("OPTIONS", {})}
        options.pop("transaction_mode", None)
        replica["OPTIONS"] = options
        # The same dictionary as connections.settings: filled with defaults like the rest.
        settings.DATABASES.update(
            connections.configure_settings({**settings.DATABASES, "replica": replica})
        )


def seed_cast() -> None:
    """The demo cast, without the documents its transitions make due (the demo's medical
    mission is approved: its mission order): each test makes the documents it reads,
    in its own media folder, and finds no other one stored, pending or failed."""
    with mock.patch("documents.services.enqueue"):
        seed_all("demo")
    PendingDocument.objects.all().delete()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Load the demo cast once into the test database; each test rolls back its own changes."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        seed_cast()
    yield
    # The replica's own connection closes first, so that the test database can be dropped.
    if "replica" in connections:
        connections["replica"].close()


@pytest.fixture(scope="module")
def reference_data_put_back(django_db_blocker: Any) -> Iterator[None]:
    """Put back what the migrations loaded once the module's tests are over.

    A transactional test ends by emptying every table; the tests that run after it
    (those that reach the database only through `request.getfixturevalue`) would
    otherwise find no roles, permissions or geography.
    """
    yield
    with django_db_blocker.unblock():
        for alias in connections:
            serialized = getattr(connections[alias], "_test_serialized_contents", None)
            if serialized:
                connections[alias].creation.deserialize_db_from_string(serialized)


def _load_cast() -> dict[str, Any] | None:
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    if len(users) != len(DEMO_USERNAMES):
        return None
    associations = {a.acronym: a for a in Association.objects.filter(acronym__in=["ARKF", "DSSB"])}
    return {
        "users": users,
        "embassies": {e.code: e for e in Embassy.objects.all()},
        "paris": associations["ARKF"],
        "brussels": associations["DSSB"],
        "call": Call.objects.get(title=CALL_TITLE),
    }


@pytest.fixture
def rates_lifted(settings: Any) -> None:
    """The API's request rates off, and the public difficulty form's and lookups': for
    tests that send many requests to check something else (access, lockouts, the scan);
    tests/api/test_throttling.py and the public form's own tests check the rates."""
    settings.API_THROTTLE_RATES = dict.fromkeys(settings.API_THROTTLE_RATES)
    settings.DIFFICULTY_RATE_PER_ADDRESS = ""
    settings.DIFFICULTY_RATE_PER_EMAIL = ""
    settings.DIFFICULTY_RATE_LOOKUP = ""
    settings.DIFFICULTY_RATE_ATTEMPTS = ""


@pytest.fixture
def cast(db: None) -> dict[str, Any]:
    """The demo cast: users by username, embassies by code, the two verified associations,
    the open call (and the demo cases in the database)."""
    loaded = _load_cast()
    if loaded is None:
        # A transactional test emptied the database: load the cast again.
        seed_cast()
        loaded = _load_cast()
    assert loaded is not None
    return loaded


def _user(cast: dict[str, Any], username: str) -> User:
    return cast["users"][username]


@pytest.fixture
def assoc_paris(cast: dict[str, Any]) -> User:
    return _user(cast, "assoc_paris")


@pytest.fixture
def assoc_brussels(cast: dict[str, Any]) -> User:
    return _user(cast, "assoc_brussels")


@pytest.fixture
def officer(cast: dict[str, Any]) -> User:
    return _user(cast, "officer")


@pytest.fixture
def evaluator1(cast: dict[str, Any]) -> User:
    return _user(cast, "evaluator1")


@pytest.fixture
def committee(cast: dict[str, Any]) -> User:
    return _user(cast, "committee")


@pytest.fixture
def finance(cast: dict[str, Any]) -> User:
    return _user(cast, "finance")


@pytest.fixture
def caseworker1(cast: dict[str, Any]) -> User:
    return _user(cast, "caseworker1")


@pytest.fixture
def supervisor(cast: dict[str, Any]) -> User:
    return _user(cast, "supervisor")


@pytest.fixture
def focal_paris(cast: dict[str, Any]) -> User:
    return _user(cast, "focal_paris")


@pytest.fixture
def auditor(cast: dict[str, Any]) -> User:
    return _user(cast, "auditor")


@pytest.fixture
def univ_lome(cast: dict[str, Any]) -> User:
    return _user(cast, "univ_lome")


@pytest.fixture
def chr_kara(cast: dict[str, Any]) -> User:
    return _user(cast, "chr_kara")


@pytest.fixture
def expert_paris(cast: dict[str, Any]) -> User:
    return _user(cast, "expert_paris")


@pytest.fixture
def doctor_brussels(cast: dict[str, Any]) -> User:
    return _user(cast, "doctor_brussels")


@pytest.fixture
def admin_user(cast: dict[str, Any]) -> User:
    return _user(cast, "admin")


@pytest.fixture
def paris_embassy(cast: dict[str, Any]) -> Embassy:
    return cast["embassies"]["paris"]


@pytest.fixture
def brussels_embassy(cast: dict[str, Any]) -> Embassy:
    return cast["embassies"]["bruxelles"]


@pytest.fixture
def paris_association(cast: dict[str, Any]) -> Association:
    return cast["paris"]


@pytest.fixture
def brussels_association(cast: dict[str, Any]) -> Association:
    return cast["brussels"]


@pytest.fixture
def pending_paris_association(cast: dict[str, Any]) -> Association:
    return Association.objects.get(acronym="AOKL")


@pytest.fixture
def pending_brussels_association(cast: dict[str, Any]) -> Association:
    return Association.objects.get(acronym="CFZA")


@pytest.fixture
def client_for(client: Client) -> Any:
    """`client_for(user)`: a web client logged in as `user`."""

    def make(user: User) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


@pytest.fixture
def api_for() -> Any:
    """`api_for(user)`: an API client authenticated as `user` (or anonymous for None)."""

    def make(user: User | None) -> APIClient:
        c = APIClient()
        if user is not None:
            c.force_authenticate(user)
        return c

    return make
