"""Browser tests: Playwright driving Debian's Chromium against a live server on the test database.

They carry the `browser` marker: `make test` leaves them out, `make test-browser` runs them.
Without Chromium (or Playwright) they skip, saying what to install.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browsing import CHROMIUM, CHROMIUM_ARGS, Journey, axe_report

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every test under tests/e2e is a browser test, whatever its module says.
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    journey: Journey | None = getattr(item, "_journey", None)
    if journey is None or not report.failed or report.when == "teardown":
        return
    folder = journey.save_artifacts()
    message = f"Screenshots of each step: {folder}"
    report.sections.append(("browser artifacts", message))
    print(f"\n{message}")
    # A journey stopped half-way still says what axe found on the pages it reached.
    stopped_early = call.excinfo is not None and "axe-core found" not in str(call.excinfo.value)
    if journey.violations and stopped_early:
        report.sections.append(
            (
                "accessibility of the pages reached before the failure",
                axe_report(journey.violations, journey.checked_pages),
            )
        )


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium, shared by the session's tests."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed: make install (it is a dev dependency)")
    # Playwright's synchronous API runs an event loop in this thread; the tests still
    # read and write the database from it, as ordinary synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def journey(
    request: pytest.FixtureRequest,
    chromium: Any,
    live_server: Any,
    django_db_serialized_rollback: None,
    cast: dict[str, Any],
) -> Iterator[Journey]:
    """A walk through the live server's pages with the demo cast (password `demo`).

    The live server answers from another thread, so the database is transactional here:
    what the test sets up is committed and the tables are emptied afterwards. The rows the
    migrations create (regions, prefectures, roles) come back before each test, and the
    demo cast is loaded again (`cast`).
    """
    walk = Journey(browser=chromium, base_url=live_server.url, test_name=request.node.name)
    request.node._journey = walk
    yield walk
    walk.close()
