"""Driving the pages in Chromium: logins, steps, screenshots and the accessibility check.

Every page a journey reaches goes through `Journey.check`: a screenshot (kept in memory,
written under `.e2e-artifacts/<test>/` only when the test fails) and an axe-core run whose
serious or critical violations are collected and reported together at the end of the test
(`Journey.finish`), so that one run shows every page that fails and why.

A page loaded without being checked (a click made around the helpers) is caught too: the
load is counted, and `finish` fails naming the page.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_ROOT = REPO_ROOT / ".e2e-artifacts"
AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# WCAG 2.0 and 2.1, levels A and AA; only what blocks or seriously hinders people fails.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAILING_IMPACTS = {"serious", "critical"}
PASSWORD = "demo"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# A step waits this long at most for an element or a page (a loaded CI machine is slow).
TIMEOUT_MS = 15_000
_AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


@dataclass
class Violation:
    rule: str
    impact: str
    help: str
    page: str
    who: str
    targets: list[str]


@dataclass
class Shot:
    name: str
    image: bytes


@dataclass
class _Tab:
    """A logged-in page and what the journey has checked of it."""

    who: str
    page: Any
    loads: int = 0
    checked: int = 0
    last_url: str = ""


@dataclass
class Journey:
    """One test's walk through the pages, as one or several people."""

    browser: Any = field(repr=False)
    base_url: str
    test_name: str
    axe: bool = True
    shots: list[Shot] = field(default_factory=list, repr=False)
    violations: list[Violation] = field(default_factory=list, repr=False)
    missed: list[str] = field(default_factory=list)
    # Pages wider than the window, on journeys made on a phone-sized window.
    too_wide: list[str] = field(default_factory=list)
    # What the Content-Security-Policy blocked (an inline script or style left somewhere).
    blocked: list[str] = field(default_factory=list)
    checked_pages: int = 0
    # Seconds spent, by kind: to keep the suite fast.
    timings: dict[str, float] = field(default_factory=dict, repr=False)
    _tabs: list[_Tab] = field(default_factory=list, repr=False)
    _contexts: list[Any] = field(default_factory=list, repr=False)
    _axe_source: str = field(default="", repr=False)

    # --- People and pages -----------------------------------------------------------

    def new_page(self, who: str = "anonymous", *, viewport: dict[str, int] | None = None) -> Any:
        """A fresh browser context (its own cookies and cache) speaking French."""
        context = self.browser.new_context(
            locale="fr-FR",
            viewport=viewport or DESKTOP,
            base_url=self.base_url,
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        if self.axe:
            # Loaded by the browser itself before each page's scripts: the page's
            # Content-Security-Policy would refuse axe-core added as an inline script.
            context.add_init_script(path=str(AXE_SCRIPT))
        self._contexts.append(context)
        page = context.new_page()
        tab = _Tab(who=who, page=page)
        self._tabs.append(tab)

        def console(message: Any) -> None:
            if "Content Security Policy" in message.text:
                self.blocked.append(f"{tab.who}: {page.url}: {message.text}")

        page.on("console", console)

        def loaded(_: Any) -> None:
            if tab.loads > tab.checked and tab.last_url:
                self.missed.append(f"{tab.who}: {tab.last_url}")
            tab.loads += 1
            tab.last_url = page.url

        page.on("load", loaded)
        return page

    def as_user(self, username: str, *, viewport: dict[str, int] | None = None) -> Any:
        """The page of someone already logged in during this journey, or a new login."""
        for tab in self._tabs:
            if tab.who == username and not tab.page.is_closed():
                return tab.page
        return self.login(username, viewport=viewport)

    def login(self, username: str, *, viewport: dict[str, int] | None = None) -> Any:
        """Log in through the login form; returns the page, on the user's home page."""
        page = self.new_page(username, viewport=viewport)
        self.visit(page, "/accounts/login/")
        page.get_by_label("Identifiant").fill(username)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        self.click(page.get_by_role("button", name="Se connecter"))
        assert urlsplit(page.url).path == "/", f"{username} could not log in: {page.url}"
        return page

    def visit(self, page: Any, path: str) -> Any:
        """Open an address as a person would type it, then check the page."""
        started = time.monotonic()
        response = page.goto(path)
        self._spent("navigation", started)
        self.check(page)
        return response

    def click(self, locator: Any) -> None:
        """Click something that loads a page (a link, a form's button), then check the page."""
        page = locator.page
        self._catch_up(page)
        started = time.monotonic()
        with page.expect_navigation():
            locator.click()
        page.wait_for_load_state()
        self._spent("navigation", started)
        self.check(page)

    def close(self) -> None:
        for context in self._contexts:
            context.close()
        self._contexts.clear()

    # --- Checks -----------------------------------------------------------------------

    def _tab(self, page: Any) -> _Tab:
        for tab in self._tabs:
            if tab.page is page:
                return tab
        raise AssertionError("This page was not opened through the journey (new_page/login).")

    def _catch_up(self, page: Any) -> None:
        tab = self._tab(page)
        if tab.loads > tab.checked:
            self.check(page)

    def check(self, page: Any, label: str = "") -> None:
        """Screenshot the page and run axe-core on it (its violations are reported at the end)."""
        tab = self._tab(page)
        tab.checked = tab.loads
        address = urlsplit(page.url)
        path = address.path + (f"#{address.fragment}" if address.fragment else "")
        self.checked_pages += 1
        self.screenshot(page, label or path)
        if page.viewport_size and page.viewport_size["width"] <= PHONE["width"]:
            problem = sideways_scroll(page)
            if problem:
                self.too_wide.append(f"{tab.who}: {problem}")
        if not self.axe:
            return
        started = time.monotonic()
        if page.evaluate("typeof window.axe === 'undefined'"):
            if not self._axe_source:
                self._axe_source = AXE_SCRIPT.read_text(encoding="utf-8")
            page.add_script_tag(content=self._axe_source)
        for found in page.evaluate(_AXE_RUN, AXE_TAGS):
            if found["impact"] in AXE_FAILING_IMPACTS:
                self.violations.append(
                    Violation(
                        rule=found["id"],
                        impact=found["impact"],
                        help=found["help"],
                        page=urlsplit(page.url).path,
                        who=tab.who,
                        targets=found["targets"],
                    )
                )
        self._spent("axe", started)

    def _spent(self, kind: str, started: float) -> None:
        self.timings[kind] = self.timings.get(kind, 0.0) + time.monotonic() - started

    def screenshot(self, page: Any, label: str) -> None:
        tab = self._tab(page)
        name = f"{len(self.shots) + 1:03d}-{tab.who}-{_slug(label)}"
        started = time.monotonic()
        try:
            self.shots.append(Shot(name, page.screenshot(full_page=True, type="jpeg", quality=70)))
        except Exception as error:  # a screenshot never hides the real failure
            self.shots.append(Shot(f"{name}-screenshot-failed-{type(error).__name__}", b""))
        self._spent("screenshots", started)

    def finish(self) -> None:
        """Fail on pages loaded without a check, then on accessibility violations."""
        print(
            f"{self.checked_pages} pages checked; seconds spent: "
            + ", ".join(f"{kind} {seconds:.1f}" for kind, seconds in sorted(self.timings.items()))
        )
        for tab in self._tabs:
            if tab.loads > tab.checked and not tab.page.is_closed():
                self.missed.append(f"{tab.who}: {tab.last_url}")
        assert not self.missed, (
            "Pages loaded but never checked (navigate with Journey.click/visit):\n  "
            + "\n  ".join(self.missed)
        )
        assert not self.too_wide, "Pages wider than the phone's window:\n  " + "\n  ".join(
            self.too_wide
        )
        assert not self.blocked, "Blocked by the Content-Security-Policy:\n  " + "\n  ".join(
            self.blocked
        )
        assert not self.violations, axe_report(self.violations, self.checked_pages)

    # --- On failure ---------------------------------------------------------------------

    def save_artifacts(self) -> Path:
        """Write every step's screenshot, and the open pages as they are now."""
        folder = ARTIFACTS_ROOT / _slug(self.test_name)
        folder.mkdir(parents=True, exist_ok=True)
        for old in [*folder.glob("*.jpg"), *folder.glob("*.png")]:
            old.unlink()
        for tab in self._tabs:
            if not tab.page.is_closed():
                self.screenshot(tab.page, f"at-failure-{urlsplit(tab.page.url).path}")
        for shot in self.shots:
            if shot.image:
                (folder / f"{shot.name}.jpg").write_bytes(shot.image)
        if self.violations:
            (folder / "axe.txt").write_text(
                axe_report(self.violations, self.checked_pages) + "\n", encoding="utf-8"
            )
        return folder


def axe_report(violations: list[Violation], checked_pages: int) -> str:
    """Violations grouped by rule: what it asks, then each page (and who saw it) and where."""
    by_rule: dict[str, list[Violation]] = {}
    for violation in violations:
        by_rule.setdefault(violation.rule, []).append(violation)
    pages = {v.page for v in violations}
    lines = [
        f"axe-core found serious or critical WCAG 2.1 A/AA violations on {len(pages)} "
        f"of the pages checked ({checked_pages} page views; {len(by_rule)} rules):"
    ]
    for rule, found in sorted(by_rule.items(), key=lambda item: (item[1][0].impact, item[0])):
        lines.append(f"\n[{found[0].impact}] {rule}: {found[0].help}")
        lines.append(f"  https://dequeuniversity.com/rules/axe/4.11/{rule}")
        by_page: dict[str, tuple[list[str], list[str]]] = {}
        for violation in found:
            who, targets = by_page.setdefault(violation.page, ([], []))
            if violation.who not in who:
                who.append(violation.who)
            targets.extend(t for t in violation.targets if t not in targets)
        for page, (who, targets) in by_page.items():
            shown = targets[:5]
            more = len(targets) - len(shown)
            lines.append(
                f"  {page} (as {', '.join(who)}): "
                + ", ".join(shown)
                + (f", and {more} more" if more > 0 else "")
            )
    return "\n".join(lines)


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return slug[:80] or "home"


def sideways_scroll(page: Any) -> str | None:
    """What scrolls sideways on this page, or None."""
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    if scroll_width <= inner_width:
        return None
    return (
        f"{urlsplit(page.url).path} scrolls sideways at {inner_width} px: "
        f"the page is {scroll_width} px wide"
    )
