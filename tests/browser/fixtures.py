"""Fixtures for browser tests: Debian's Chromium driven by Playwright's sync API against
pytest-django's live server, with the CS26 programme loaded. tests/conftest.py imports
them so that every test folder can use them.

Chromium comes from the Debian package (`chromium` on the PATH), not from
`playwright install`: one browser, updated by the system, no download at test time.
A newcomer without it gets a skip that says what to install; CI never skips.
"""

import os
import shutil

import pytest
from django.core.management import call_command

CHROMIUM_MISSING = "Chromium absent : installez le paquet Debian chromium pour les tests navigateur"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # Keep the browser quiet and offline apart from the live server.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(
                f"{CHROMIUM_MISSING} (CI est défini : les tests navigateur y sont obligatoires)."
            )
        pytest.skip(CHROMIUM_MISSING)
    return path


@pytest.fixture(scope="module")
def browser(chromium_path):
    """One Chromium per test module.

    While it runs, Playwright's sync API keeps an asyncio loop in this thread, so Django's
    async-safety guard would refuse the ORM calls of fixtures (loading CS26, flushing the
    database) although nothing is concurrent. The guard is lifted only for that time, so
    that the rest of the suite keeps it.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    """A fresh French-speaking visitor in Paris: own cookies, own language."""
    context = browser.new_context(
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def cs26_live(transactional_db, live_server, cs26_toml):
    """CS26 loaded as `make run` loads it, in the database the live server reads.

    The `cs26` fixture of tests/conftest.py runs inside a transaction the live server's
    thread cannot see; here the data is committed (transactional_db) and flushed after.
    """
    from essor.cohorts.models import Cohort

    call_command("load_programme", str(cs26_toml), verbosity=0)
    return Cohort.objects.select_related("programme").get(slug="cs26-2025")
