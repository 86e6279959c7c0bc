"""Browser journeys: Playwright for Python driving Debian's Chromium (/usr/bin/chromium), never a downloaded one.

Without Chromium the journeys are skipped with a loud warning, except under CI=true where they must run.
"""

import os
import shutil
import warnings
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _unavailable(reason: str):
    message = f"Browser tests cannot run: {reason} (install with: apt-get install -y chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " — required under CI=true", pytrace=False)
    warnings.warn(message, stacklevel=2)
    print(f"\n!!! {message} — SKIPPED !!!\n")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists() and not shutil.which(str(CHROMIUM)):
        _unavailable(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Error as error:
            _unavailable(f"Chromium at {CHROMIUM} did not start: {error}")
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


TAKEN: list[tuple[str, Path]] = []


@pytest.fixture
def screenshot(request):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        TAKEN.append((request.node.nodeid, path))
        return path

    return take


def pytest_terminal_summary(terminalreporter):
    """List the browser journeys that ran and the screenshots they saved (visible in the CI log)."""
    passed = [r.nodeid for r in terminalreporter.stats.get("passed", []) if "tests/browser/" in r.nodeid]
    if not passed and not TAKEN:
        return
    terminalreporter.section("browser journeys (Chromium)")
    for nodeid in passed:
        terminalreporter.write_line(f"passed: {nodeid}")
    for nodeid, path in TAKEN:
        terminalreporter.write_line(f"screenshot: {path}  ({nodeid.rsplit('::', 1)[-1]})")


@pytest.fixture
def browser_data(transactional_db):
    """The registry, the sample directives and users, in a database the live server can see."""
    from giamsat.agencies.registry import registry_load
    from giamsat.directives.samples import samples_load

    registry_load()
    samples_load()
    from giamsat.accounts.choices import Role
    from giamsat.accounts.tests.factories import UserFactory
    from giamsat.agencies.models import Agency

    return {
        "officer": UserFactory(
            username="officer", role=Role.AGENCY_OFFICER, agency=Agency.objects.get(code="so-khoa-hoc-va-cong-nghe")
        ),
        "standing_office": UserFactory(
            username="office",
            role=Role.STANDING_OFFICE,
            agency=Agency.objects.get(code="co-quan-thuong-truc-ban-chi-dao"),
        ),
    }
