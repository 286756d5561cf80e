"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium, headless) against
pytest-django's live server on a real PostgreSQL database. Screenshots of the main pages
go to test-artifacts/ (see the README)."""

import os
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("browser tests need Debian's chromium: `make test` installs it (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread from here to the end of the
    # session, and Django then refuses ORM calls in that thread as "from an async context":
    # the ones these tests make between browser steps, and those of any test run after them,
    # all ordinary synchronous code. Allowed from here on only, not on import of this file,
    # so tests that run before or without the browser keep Django's check, alone or not.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as p:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # Flags a root container needs, and no calls home (the machine is offline).
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


# Runs in every page before its own scripts, outside the page's Content-Security-Policy
# (Playwright injects it): records each violation the browser reports.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                              " at " + e.documentURI + (e.sample ? " (" + e.sample + ")" : ""));
});
"""


@pytest.fixture
def new_page(browser, live_server, csp_violations):
    """A function giving a fresh browser context (own cookies) per person in the test. Every
    page is watched for Content-Security-Policy violations: a test that caused one fails."""
    contexts = []

    def make(locale: str = "en-US"):
        context = browser.new_context(base_url=live_server.url, locale=locale, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        page = context.new_page()
        csp_violations.watch(page)
        return page

    yield make
    csp_violations.collect()
    for context in contexts:
        context.close()
    assert csp_violations.found == [], "Content-Security-Policy violations:\n" + "\n".join(csp_violations.found)


class _Violations:
    def __init__(self):
        self.pages, self.found = [], []

    def watch(self, page):
        self.pages.append(page)
        # The browser also reports each refusal on the console (before any listener could run).
        page.on(
            "console",
            lambda msg: (
                self.found.append(f"{page.url}: {msg.text[:160]}")
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )

    def collect(self):
        for page in self.pages:
            if page.is_closed():
                continue
            try:
                self.found.extend(page.evaluate("window.__cspViolations || []"))
            except Exception:  # a page mid-navigation: its console messages were kept
                pass


@pytest.fixture
def csp_violations():
    return _Violations()


def login(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
