"""The checks every journey relies on fail when they should: axe, unchecked pages, phone width."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.browsing import PHONE, Journey

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="fr"><head><title>Essai</title></head>
<body><main><h1>Essai</h1>{body}</main></body></html>"""


@pytest.fixture
def walk(chromium: Any) -> Any:
    journey = Journey(browser=chromium, base_url="http://127.0.0.1", test_name="checks")
    yield journey
    journey.close()


def test_a_field_without_a_label_is_reported_with_its_rule_and_selector(walk: Journey) -> None:
    page = walk.new_page("visitor")
    page.set_content(PAGE.format(body='<input type="text" id="montant">'))
    walk.check(page)
    with pytest.raises(AssertionError) as failure:
        walk.finish()
    report = str(failure.value)
    assert "[critical] label: Form elements must have labels" in report
    assert "#montant" in report and "(as visitor)" in report


def test_a_page_loaded_around_the_helpers_fails_the_journey(walk: Journey) -> None:
    page = walk.new_page("visitor")
    page.set_content(PAGE.format(body="<p>Première page</p>"))
    page.set_content(PAGE.format(body="<p>Seconde page</p>"))
    walk.check(page)
    with pytest.raises(AssertionError, match="never checked"):
        walk.finish()


def test_a_page_wider_than_a_phone_is_reported(walk: Journey) -> None:
    page = walk.new_page("visitor", viewport=PHONE)
    page.set_content(PAGE.format(body='<div style="width: 600px">Tableau large</div>'))
    walk.check(page)
    with pytest.raises(AssertionError, match="scrolls sideways at 360 px"):
        walk.finish()


def test_an_accessible_page_passes(walk: Journey) -> None:
    page = walk.new_page("visitor", viewport=PHONE)
    page.set_content(
        PAGE.format(body='<label for="montant">Montant</label><input type="text" id="montant">')
    )
    walk.check(page)
    walk.finish()
