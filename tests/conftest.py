"""Shared fixtures: the CS26 programme loaded from its data file, media in a temp dir."""

from pathlib import Path

import pytest
from django.core.management import call_command

# Browser fixtures (Chromium through Playwright) for any test folder that needs them.
from tests.browser.fixtures import browser, chromium_path, cs26_live, page  # noqa: F401

CS26_TOML = (
    Path(__file__).resolve().parent.parent / "essor" / "programmes" / "data" / "cs26-2025.toml"
)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Files generated on first use (the development badge key) stay out of the real var/.
    settings.VAR_DIR = tmp_path / "var"
    # The real hasher is slow by design; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def page_cache_off(settings):
    """For query counts: they pin how a page is built, which the page cache would skip on a
    repeated request (its own tests are in tests/core/test_pagecache.py)."""
    settings.ESSOR_PAGE_CACHE = False


@pytest.fixture
def cs26_toml() -> Path:
    return CS26_TOML


@pytest.fixture
def cs26(db):
    """The CS26 programme and its 2025 cohort, loaded exactly as `make run` loads them."""
    from essor.cohorts.models import Cohort

    call_command("load_programme", str(CS26_TOML), verbosity=0)
    return Cohort.objects.select_related("programme").get(slug="cs26-2025")


@pytest.fixture
def other_cohort(cs26):
    """A second cohort of the same programme, for people who must not see cs26-2025."""
    from tests.factories import CohortFactory

    return CohortFactory(programme=cs26.programme, slug="cs26-autre", title="CS26 autre")


@pytest.fixture
def personas(cs26, other_cohort):
    """One person per role of cs26-2025, plus outsiders (STYLE: personas for roles).

    Keys: coordination, intervenant, tuteur, auditeur, auditeur2 (same cohort, tutored by
    someone else), autre_auditeur (other cohort), partenaire.
    """
    from tests.factories import UserFactory, enrol, grant

    people = {
        name: UserFactory(username=name)
        for name in (
            "coordination",
            "intervenant",
            "tuteur",
            "tuteur2",
            "auditeur",
            "auditeur2",
            "autre_auditeur",
            "partenaire",
        )
    }
    grant(people["coordination"], cs26, "coordinator")
    grant(people["intervenant"], cs26, "speaker")
    grant(people["tuteur"], cs26, "tutor")
    grant(people["tuteur2"], cs26, "tutor")
    grant(people["partenaire"], cs26, "partner")
    people["enrolment"] = enrol(people["auditeur"], cs26, tutor=people["tuteur"])
    people["enrolment2"] = enrol(people["auditeur2"], cs26, tutor=people["tuteur2"])
    people["other_enrolment"] = enrol(people["autre_auditeur"], other_cohort)
    return people
