"""The API scan: schemathesis sends generated requests to every operation of the OpenAPI
document, as several roles, and checks each answer against the document.

Not part of `make test` (marker `scan`): `make test-scan` runs it, and CI runs it on
PostgreSQL. `SCAN_EXAMPLES` sets the generated requests per operation and mode (10).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.db.models import Model
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cases.models import Case, Referral
from config.wsgi import application
from difficulties.models import Difficulty
from documents.models import Attachment, StoredDocument
from missions.models import Mission, MissionNeed
from observatory.models import Export
from registry.models import Association, Expert
from workflows.models import Call, Proposal, Tranche

pytestmark = pytest.mark.scan

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
EXAMPLES = int(os.environ.get("SCAN_EXAMPLES", "10"))
ROLES = ["officer", "assoc_paris", "anonymous"]


def token_of(username: str) -> str:
    """The role's token, asked for as any client asks: username and password."""
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": "demo"}, format="json"
    )
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def describe(failure: Any) -> str:
    """One line: the check's title and the first lines of its message."""
    lines = [line.strip() for line in str(failure.message).splitlines() if line.strip()]
    return f"{failure.title}: {' / '.join(lines[:3])}"[:400]


# The model behind each `/api/v1/<collection>/{id}/…`: a generated id rarely names a row,
# so each such operation is also sent with the id of the newest row.
COLLECTIONS: dict[str, type[Model]] = {
    "associations": Association,
    "experts": Expert,
    "calls": Call,
    "proposals": Proposal,
    "tranches": Tranche,
    "attachments": Attachment,
    "documents": StoredDocument,
    "cases": Case,
    "referrals": Referral,
    "jobs": Export,
    "mission-needs": MissionNeed,
    "missions": Mission,
    "difficulties": Difficulty,
}


def existing_id(operation: Any) -> dict[str, Any] | None:
    """`{"id": …}` naming the newest row of the operation's collection, if it has an id
    (`{"tracking_code": …}`, the newest report's, for the public difficulties' endpoints)."""
    parts = operation.path.strip("/").split("/")
    if "{tracking_code}" in parts:
        code = Difficulty.objects.order_by("-pk").values_list("tracking_code", flat=True).first()
        return None if code is None else {"tracking_code": code}
    if "{id}" not in parts:
        return None
    model = COLLECTIONS[parts[parts.index("{id}") - 1]]
    newest = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return None if newest is None else {"id": newest}


def scan_operation(
    operation: Any,
    mode: GenerationMode,
    headers: dict[str, str],
    failures: Counter[str],
    path_parameters: dict[str, Any] | None = None,
) -> int:
    """Send one operation's generated requests of one mode; count each failure. Returns
    how many requests were sent."""
    sent = 0
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        nonlocal sent
        sent += 1
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except FailureGroup as group:  # every failure is counted, none stops the scan
            for failure in group.exceptions:
                failures[f"{operation.label} [{mode.value}]: {describe(failure)}"] += 1

    try:
        run()
    except Unsatisfiable:
        # Nothing in this operation can be made invalid (no parameters, no body).
        assert mode == GenerationMode.NEGATIVE, operation.label
    return sent


def scan(schema: Any, headers: dict[str, str]) -> tuple[int, list[str]]:
    """Every operation, positive then negative examples; the requests sent and the
    distinct failures (operation, check, message) with their counts."""
    sent = 0
    failures: Counter[str] = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            sent += scan_operation(operation, mode, headers, failures)
        known = existing_id(operation)
        if known is not None:
            sent += scan_operation(operation, GenerationMode.POSITIVE, headers, failures, known)
    return sent, [f"{count:4d} × {failure}" for failure, count in sorted(failures.items())]


@contextmanager
def connection_kept() -> Iterator[None]:
    """The WSGI application closes the database connection around each request; the test's
    transaction needs it open (Django's test client does the same, and reconnects the
    signals after each of its own requests)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# The scan sends thousands of requests a minute: rates would answer most with 429
# (declared, so not a failure) and hide what the operations themselves answer.
@pytest.mark.usefixtures("rates_lifted")
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_every_generated_request_as_its_schema_says(
    role: str, cast: dict[str, Any], settings: Any
) -> None:
    # The public difficulties' own counts (per address, per e-mail, per lookup) too.
    settings.DIFFICULTY_RATE_PER_ADDRESS = ""
    settings.DIFFICULTY_RATE_PER_EMAIL = ""
    settings.DIFFICULTY_RATE_LOOKUP = ""
    settings.DIFFICULTY_RATE_ATTEMPTS = ""
    headers = {} if role == "anonymous" else {"Authorization": f"Token {token_of(role)}"}
    with connection_kept():
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
        sent, failures = scan(schema, headers)
    print(f"\n{role}: {sent} requests, {len(failures)} distinct failures")
    assert not failures, "\n".join(failures)
