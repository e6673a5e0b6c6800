"""Keyset pages: every row once, in order, forwards and back, whatever the order."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.test import Client, RequestFactory

from processes.pages import encode_cursor, keyset_page, newest_first_page, next_url

pytestmark = pytest.mark.django_db


def _users(count: int) -> list[int]:
    model = get_user_model()
    return [model.objects.create(username=f"u{i:02d}").pk for i in range(count)]


def test_newest_first_walks_every_row_once_then_back() -> None:
    ids = _users(7)
    queryset = get_user_model().objects.filter(pk__in=ids)
    seen: list[int] = []
    page = newest_first_page(queryset, size=3)
    pages = [page]
    while True:
        seen += [row.pk for row in page.rows]
        if not page.next_cursor:
            break
        page = newest_first_page(queryset, after=page.next_cursor, size=3)
        pages.append(page)
    assert seen == sorted(ids, reverse=True)
    assert [len(p.rows) for p in pages] == [3, 3, 1]
    back = newest_first_page(queryset, before=pages[-1].previous_cursor, size=3)
    assert [row.pk for row in back.rows] == [row.pk for row in pages[1].rows]


def test_mixed_order_and_a_forged_cursor() -> None:
    _users(5)
    queryset = get_user_model().objects.filter(username__startswith="u0")
    first = keyset_page(queryset, ("-username", "id"), size=2)
    assert [u.username for u in first.rows] == ["u04", "u03"]
    second = keyset_page(queryset, ("-username", "id"), after=first.next_cursor, size=2)
    assert [u.username for u in second.rows] == ["u02", "u01"]
    forged = keyset_page(queryset, ("-username", "id"), after="not-a-cursor", size=2)
    assert [u.username for u in forged.rows] == ["u04", "u03"]
    links = second.links(QueryDict("q=x&after=old"))
    assert links["next_url"].startswith("?q=x&after=")
    assert links["previous_url"].startswith("?q=x&before=")


def test_next_url_keeps_only_this_site() -> None:
    factory = RequestFactory()
    assert next_url(factory.post("/", {"next": "/projects/"})) == "/projects/"
    assert next_url(factory.post("/", {"next": "https://evil.example/"})) == ""
    assert next_url(factory.post("/", {})) == ""


def test_a_cursor_this_list_did_not_make_reads_as_the_first_page() -> None:
    ids = _users(3)
    queryset = get_user_model().objects.filter(pk__in=ids)
    not_a_number = encode_cursor(["x"])
    assert [u.pk for u in newest_first_page(queryset, after=not_a_number).rows] == ids[::-1]
    assert [u.pk for u in newest_first_page(queryset, before=not_a_number).rows] == ids[::-1]


@pytest.mark.parametrize(
    ("persona", "path"),
    [("supervisor", "/cases/"), ("officer", "/projects/proposals/")],
)
def test_a_list_page_with_a_forged_cursor_shows_its_first_page(
    client: Client, persona: str, path: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(persona))
    forged = encode_cursor(["x"])
    assert client.get(path, {"after": forged}).status_code == 200
    assert client.get(path, {"before": forged}).status_code == 200


def test_a_list_ordered_by_a_day_and_a_computed_value_walks_every_row_once() -> None:
    """A cursor keeps a date as text and a computed (annotated) value as it is."""
    from django.db.models import Case, IntegerField, Value, When

    ids = _users(5)
    model = get_user_model()
    for n, pk in enumerate(ids):
        model.objects.filter(pk=pk).update(date_joined=f"2026-0{1 + n % 2}-15T10:00:00Z")
    queryset = model.objects.filter(pk__in=ids).annotate(
        even=Case(
            When(pk__in=ids[::2], then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    )
    order = ("-even", "date_joined", "id")
    seen, after = [], ""
    while True:
        page = keyset_page(queryset, order, after=after, size=2)
        seen += [row.pk for row in page.rows]
        if not page.next_cursor:
            break
        after = page.next_cursor
    expected = [row.pk for row in queryset.order_by(*order)]
    assert seen == expected and sorted(seen) == sorted(ids)
