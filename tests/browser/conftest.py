"""Browser journeys: Playwright for Python (sync API) driving Debian's Chromium, never a downloaded browser.

Without a working Chromium at /usr/bin/chromium the journeys are skipped with a loud warning,
except under CI=true, where they must run and therefore fail.

The data come from the project's own fixtures (`registry`, `samples`, `users` in the root conftest.py).
Each test asks for
`transactional_db` (and `live_server`), so pytest-django gives those `db`-based fixtures a transactional
database: their rows are committed where the live server's thread can read them, and flushed after the test.
"""

import os
import warnings
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse the ORM calls
# the tests make between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("GIAMSAT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

_unavailable_messages: list[str] = []
_screenshots: list[tuple[str, Path]] = []


def _browser_unavailable(reason: str):
    """Fail under CI=true; elsewhere skip, loudly (a warning and a line in the terminal summary)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browser tests cannot run under CI=true: {reason} (apt-get install -y chromium)", pytrace=False)
    message = f"Browser tests skipped: {reason} (apt-get install -y chromium)"
    _unavailable_messages.append(message)
    warnings.warn(message, UserWarning, stacklevel=2)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _browser_unavailable(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Exception as error:  # playwright.sync_api.Error, or anything the launcher raises
            _browser_unavailable(f"Chromium at {CHROMIUM} failed to launch: {error}")
        yield chromium
        chromium.close()


def _new_page(browser, **options):
    # The browser asks for English on purpose: the application must answer in Vietnamese all the same.
    context = browser.new_context(locale="en-US", **options)
    return context, context.new_page()


@pytest.fixture
def page(browser):
    """A desktop-sized page in a fresh context (no cookies, no session)."""
    context, page = _new_page(browser, viewport=DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A phone-sized page (390x844, touch) in a fresh context."""
    context, page = _new_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """`screenshot(page, name)` saves var/screenshots/<name>.png and prints its path for the CI log."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")
        _screenshots.append((request.node.nodeid, path))
        return path

    return take


def pytest_terminal_summary(terminalreporter):
    """Screenshots of the journeys (so CI logs show them) and, loudly, why the journeys did not run."""
    if _screenshots:
        terminalreporter.section("browser journeys: screenshots")
        for nodeid, path in _screenshots:
            terminalreporter.write_line(f"{path}  ({nodeid.rsplit('::', 1)[-1]})")
    for message in dict.fromkeys(_unavailable_messages):
        terminalreporter.section("BROWSER TESTS SKIPPED", sep="!", red=True, bold=True)
        terminalreporter.write_line(message, red=True, bold=True)
