"""Shared fixtures: the CS26 programme loaded from its data file, media in a temp dir."""

from pathlib import Path

import pytest
from django.core.management import call_command

CS26_TOML = Path(__file__).resolve().parent.parent / "essor" / "programmes" / "data" / "cs26-2025.toml"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cs26_toml() -> Path:
    return CS26_TOML


@pytest.fixture
def cs26(db):
    """The CS26 programme and its 2025 cohort, loaded exactly as `make run` loads them."""
    from essor.cohorts.models import Cohort

    call_command("load_programme", str(CS26_TOML), verbosity=0)
    return Cohort.objects.select_related("programme").get(slug="cs26-2025")
