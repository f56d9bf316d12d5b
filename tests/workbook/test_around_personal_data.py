"""Personal data in a workbook: what it holds about others, deletion and erasure."""

from datetime import date
from decimal import Decimal

import pytest

from essor.workbook.access import ensure_workbook
from essor.workbook.models import Interview, VolunteerEntry
from essor.workbook.personal_data import erase_all, personal_data

pytestmark = pytest.mark.django_db
URL = "/cohorts/cs26-2025/workbook/donnees-personnelles/"


def _fill(workbook, prefix):
    Interview.objects.create(
        workbook=workbook,
        pseudonym=f"{prefix}-Fondatrice",
        consent=True,
        consent_date=date(2025, 3, 4),
    )
    Interview.objects.create(workbook=workbook, pseudonym=f"{prefix}-Trésorier", consent=False)
    for volunteer, hours in ((f"{prefix}-J. M.", "3.5"), ("", "2"), (f"{prefix}-A. B.", "4")):
        VolunteerEntry.objects.create(
            workbook=workbook,
            date=date(2025, 3, 1),
            hours=Decimal(hours),
            km=Decimal("12"),
            activity="Accueil",
            level="execution",
            volunteer=volunteer,
        )


@pytest.fixture
def books(personas):
    mine = ensure_workbook(personas["enrolment"])
    other = ensure_workbook(personas["enrolment2"])
    _fill(mine, "moi")
    _fill(other, "autre")
    return mine, other


def test_the_selector_lists_interviews_and_named_volunteer_lines(books):
    data = personal_data(books[0])
    assert [i.pseudonym for i in data.interviews] == ["moi-Fondatrice", "moi-Trésorier"]
    assert [i.pseudonym for i in data.without_consent] == ["moi-Trésorier"]
    assert data.pseudonyms == ["moi-A. B.", "moi-J. M."]


def test_the_page_lists_them_and_flags_missing_consent(personas, books, client):
    client.force_login(personas["auditeur"])
    page = client.get(URL).content.decode()
    assert "moi-Fondatrice" in page and "4 mars 2025" in page
    assert 'data-without-consent="1"' in page
    assert "moi-J. M." in page
    assert "autre-" not in page


def test_deleting_one_interview(personas, books, client):
    mine = books[0]
    client.force_login(personas["auditeur"])
    target = Interview.objects.get(workbook=mine, pseudonym="moi-Trésorier")
    response = client.post(URL, {"action": "delete_interview", "interview": target.pk})
    assert response.status_code == 302
    assert list(Interview.objects.filter(workbook=mine).values_list("pseudonym", flat=True)) == [
        "moi-Fondatrice"
    ]


def test_an_interview_of_another_workbook_cannot_be_deleted(personas, books, client):
    client.force_login(personas["auditeur"])
    theirs = Interview.objects.filter(workbook=books[1]).first()
    response = client.post(URL, {"action": "delete_interview", "interview": theirs.pk})
    assert response.status_code == 404
    assert Interview.objects.filter(workbook=books[1]).count() == 2


def test_erasing_asks_for_confirmation_first(personas, books, client):
    client.force_login(personas["auditeur"])
    step = client.get(URL + "?effacer=1").content.decode()
    assert 'name="confirm"' in step
    assert "Ce qui est conservé" in step
    response = client.post(URL, {"action": "erase_all"})
    assert response.status_code == 400
    assert "Cochez la case pour confirmer" in response.content.decode()
    assert Interview.objects.filter(workbook=books[0]).count() == 2


def test_erasing_everything_keeps_the_hours_and_touches_no_other_workbook(personas, books, client):
    mine, other = books
    client.force_login(personas["auditeur"])
    response = client.post(URL, {"action": "erase_all", "confirm": "on"})
    assert response.status_code == 302
    assert not Interview.objects.filter(workbook=mine).exists()
    entries = VolunteerEntry.objects.filter(workbook=mine)
    assert [e.volunteer for e in entries] == ["", "", ""]
    assert sum(e.hours for e in entries) == Decimal("9.5")  # 3.5 + 2 + 4, kept for valuation
    assert Interview.objects.filter(workbook=other).count() == 2
    assert VolunteerEntry.objects.filter(workbook=other).exclude(volunteer="").count() == 2


def test_the_service_counts_what_it_erased(books, personas):
    erased = erase_all(workbook=books[0], by=personas["auditeur"])
    assert (erased.interviews, erased.pseudonyms) == (2, 2)
    assert personal_data(books[0]).empty
