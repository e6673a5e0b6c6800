"""The public pages read a fixed number of rows, whatever the register holds."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from difficulties.choices import DifficultyStatus
from tests.difficulties.builders import make_difficulty

pytestmark = pytest.mark.django_db

S = DifficultyStatus


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_tracking_page_of_a_duplicate_reads_a_few_rows(cast: Any, client: Client):
    duplicate = make_difficulty(S.DUPLICATE)
    url = reverse("difficulties:tracking", args=[duplicate.tracking_code])
    # the session, the report, the main report, its answers (with their administration)
    assert count(client, url) <= 5


def test_the_form_reads_its_lists_once(cast: Any, client: Client):
    url = reverse("difficulties:report")
    first = count(client, url)
    for _ in range(3):
        make_difficulty(S.ANSWERED)
    # the administrations, the jurisdictions with their embassy, the online services
    assert count(client, url) == first <= 4
