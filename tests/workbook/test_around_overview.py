"""The cohort overview of the workbooks: who sees whom, statuses, lateness, query count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from essor.core import clock
from essor.workbook.access import ensure_workbook
from essor.workbook.models import SectionEntry, SectionStatus
from essor.workbook.overview import cohort_overview
from essor.workbook.sections import due_dates
from tests.factories import UserFactory, enrol

pytestmark = pytest.mark.django_db
URL = "/cohorts/cs26-2025/workbooks/"


def _entry(enrolment, code, status):
    return SectionEntry.objects.create(
        workbook=ensure_workbook(enrolment), section=code, status=status, updated_at=timezone.now()
    )


def test_statuses_and_lateness(personas, cs26):
    due = due_dates(cs26)
    assert due["A"] is not None and due["D"] is not None
    _entry(personas["enrolment"], "A", SectionStatus.DONE)
    _entry(personas["enrolment"], "D", SectionStatus.IN_PROGRESS)
    # Just after section D's due date: D (in progress) and A? A is done, so never late.
    now = due["D"] + timedelta(minutes=1)
    board = cohort_overview(personas["coordination"], cs26, now=now)
    rows = {row.enrolment.pk: row for row in board.rows}
    mine = {c.code: c for c in rows[personas["enrolment"].pk].cells}
    assert (mine["A"].status, mine["A"].late) == ("done", False)
    assert (mine["D"].status, mine["D"].late) == ("in_progress", True)
    assert mine["B"].late and mine["C"].late  # due before D's date, never started
    assert not mine["E"].late  # due later
    assert rows[personas["enrolment"].pk].opened
    other = rows[personas["enrolment2"].pk]
    assert not other.opened and all(c.status == "todo" for c in other.cells)
    # Just before D's due date, D is not late yet.
    board = cohort_overview(personas["coordination"], cs26, now=due["D"] - timedelta(minutes=1))
    row = next(r for r in board.rows if r.enrolment.pk == personas["enrolment"].pk)
    assert not next(c for c in row.cells if c.code == "D").late


def test_the_coordination_sees_everyone_a_tutor_their_own(personas, client):
    client.force_login(personas["coordination"])
    page = client.get(URL).content.decode()
    assert f'data-enrolment="{personas["enrolment"].pk}"' in page
    assert f'data-enrolment="{personas["enrolment2"].pk}"' in page
    client.force_login(personas["tuteur"])
    page = client.get(URL).content.decode()
    assert f'data-enrolment="{personas["enrolment"].pk}"' in page
    assert f'data-enrolment="{personas["enrolment2"].pk}"' not in page
    assert f'href="/workbook/{personas["enrolment"].pk}/"' in page


def test_the_page_shows_late_sections(personas, client, cs26, monkeypatch):
    due = due_dates(cs26)
    _entry(personas["enrolment"], "A", SectionStatus.IN_PROGRESS)
    monkeypatch.setattr(clock, "now", lambda: due["A"] + timedelta(days=1))
    client.force_login(personas["coordination"])
    page = client.get(URL).content.decode()
    assert 'data-section="A" data-status="in_progress" data-late="yes"' in page
    assert "en retard" in page


@pytest.mark.parametrize("who", ["intervenant", "auditeur", "partenaire", "autre_auditeur"])
def test_others_get_a_404(personas, client, who):
    client.force_login(personas[who])
    assert client.get(URL).status_code == 404


def test_the_query_count_does_not_grow(personas, client, cs26, django_assert_num_queries):
    def check():
        client.force_login(personas["coordination"])
        # session, user, cohort, roles, enrolments (with people), workbooks, section
        # entries, due dates.
        with django_assert_num_queries(8):
            assert client.get(URL).status_code == 200

    _entry(personas["enrolment"], "A", SectionStatus.DONE)
    check()
    for _n in range(18):
        enrolment = enrol(UserFactory(), cs26)
        _entry(enrolment, "B", SectionStatus.IN_PROGRESS)
        _entry(enrolment, "C", SectionStatus.DONE)
    check()


def test_a_tutor_who_also_speaks_sees_only_their_own(personas, client):
    from tests.factories import grant

    grant(personas["tuteur"], personas["enrolment"].cohort, "speaker")
    client.force_login(personas["tuteur"])
    page = client.get(URL).content.decode()
    assert f'data-enrolment="{personas["enrolment"].pk}"' in page
    assert f'data-enrolment="{personas["enrolment2"].pk}"' not in page
