"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Every page a test visits is scanned with axe-core (from npm) for WCAG 2.0/2.1 A and AA,
and must have loaded without anything the Content-Security-Policy refused. No page may log
an error to the browser's console or throw one: a test that saw any fails at its end with
the messages.
"""

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import ConsoleMessage, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
REFUSED_PAGE = re.compile(r"Failed to load resource: the server responded with a status of 4")
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Runs before each page's own scripts and keeps what the browser refused under the CSP.
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', event => {
  window.cspViolations.push(
    `${event.violatedDirective} refused ${event.blockedURI || 'inline'}`
    + ` at ${event.sourceFile || '?'}:${event.lineNumber}: ${event.sample}`
  );
});
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail("Debian's Chromium is missing: ./dev test installs it with apt-get")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        # This machine has no network but loopback: keep Chromium from calling home.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


class OneRequestAtATime(WSGIServer):
    """The live server, answering one request after the other (and closing each connection).

    On SQLite in memory every request of the threaded server shares the test's one database
    connection, and two requests at once (a search box asking again while its last answer is
    still being made) fail with "database table is locked".
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _live_server_one_request_at_a_time() -> Iterator[None]:
    with mock.patch.object(LiveServerThread, "server_class", OneRequestAtATime):
        yield


@pytest.fixture
def page(transactional_db: None, page: Page) -> Iterator[Page]:
    """The browser's page, set up after the database so that it is torn down before it: the
    page's last requests (htmx loading an unfolded step's items) finish before the database
    is flushed, instead of writing into it while it is (a foreign key error at teardown)."""
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    errors: list[str] = []
    page.on("console", lambda message: errors.extend(console_error(message, page.url)))
    page.on("pageerror", lambda error: errors.append(f"on {page.url}: uncaught {error}"))
    yield page
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_load_state("networkidle", timeout=5_000)
    if errors:
        pytest.fail("the browser's console showed errors:\n" + "\n".join(errors))


def console_error(message: ConsoleMessage, url: str) -> list[str]:
    """The console message as a line to report if it is an error, else nothing."""
    where = message.location.get("url") or url
    # The page a test opened on purpose to see it refused (403, 404, 410) is no error.
    if message.type != "error" or (where == url and REFUSED_PAGE.match(message.text)):
        return []
    return [f"on {url}: {where}:{message.location.get('lineNumber', '?')}: {message.text}"]


@pytest.fixture
def demo_school(transactional_db, settings):
    settings.DEBUG = True
    # As in the demo, where SCHOOL_CITY defaults to Utrecht: the mobilities have grants.
    settings.SCHOOL_CITY = "Utrecht, NL"
    call_command("load_demo", "--quiet-logins")
    settings.DEBUG = False


def assert_accessible(page: Page) -> None:
    """Fail with a readable list when axe-core finds a WCAG 2.0/2.1 A or AA violation, or
    when the page did something its Content-Security-Policy refused."""
    refused = page.evaluate("window.cspViolations")
    assert not refused, f"the CSP refused on {page.url}: {refused}"
    # Evaluated rather than added as a <script> element, which the CSP would refuse.
    page.evaluate(AXE_SCRIPT.read_text())
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        "  .then(results => results.violations)",
        WCAG_A_AA,
    )
    summary = [
        {
            "rule": violation["id"],
            "help": violation["help"],
            "where": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in violations
    ]
    assert not summary, f"axe found violations on {page.url}:\n{json.dumps(summary, indent=2)}"


def log_in(page: Page, base_url: str, username: str, password: str = "wegwijzer-demo") -> None:
    page.goto(base_url + "/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


@pytest.fixture
def default_checklist(transactional_db):
    """The school's default checklist template, as its data migration loads it.

    A transactional test empties every table when it ends, the migration's rows too, so a
    later test would make mobilities without a checklist. (`load_demo` restores it itself.)
    """
    from wegwijzer.programmes.default_checklist import sync_default_template
    from wegwijzer.programmes.models import TemplateItem

    sync_default_template(TemplateItem)
