"""The home pages lead to the workbook pages."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_participant_home_links_to_the_workbook(personas, client):
    client.force_login(personas["auditeur"])
    page = client.get("/cohorts/cs26-2025/me/").content.decode()
    assert 'href="/cohorts/cs26-2025/workbook/"' in page
    assert "Mon cahier de diagnostic" in page
    assert 'href="/cohorts/cs26-2025/workbook/donnees-personnelles/"' in page


def test_the_tutor_home_and_the_dashboard_link_to_the_overview(personas, client):
    client.force_login(personas["tuteur"])
    page = client.get("/cohorts/cs26-2025/tutor/").content.decode()
    assert 'href="/cohorts/cs26-2025/workbooks/"' in page
    client.force_login(personas["coordination"])
    page = client.get("/cohorts/cs26-2025/dashboard/").content.decode()
    assert 'href="/cohorts/cs26-2025/workbooks/"' in page
    assert 'href="/workbook/parametres/"' in page


def test_the_readme_csv_example_is_importable():
    """The example of the README's « Cahier de diagnostic » section parses."""
    from pathlib import Path

    from essor.workbook.imports import parse_volunteer_csv

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = readme.split("date;durée;distance;catégorie;description")[1].split("```")[0]
    example = "date;durée;distance;catégorie;description" + block
    rows = parse_volunteer_csv(example.strip().encode())
    assert len(rows) == 2
