"""The coordinator's attendance grid: participants × half-days, a legend that reads without
colour, filters, totals, and a query count that does not grow with the data.

CS26 2025: module 1 on 20 January 2025 14 h – 17 h; module 2 on 21 January (9 h – 12 h 30,
14 h 30 – 18 h); module 3 on 22 January (8 h 30 – 12 h 30, 13 h 30 – 16 h 30).
"""

import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.utils.html import strip_tags

from essor.attendance.models import AttendanceRecord, Countersignature
from essor.attendance.records import apply_status
from essor.cohorts.models import EnrolmentStatus
from essor.core import clock
from essor.programmes.models import Slot
from tests.factories import UserFactory, enrol

PARIS = ZoneInfo("Europe/Paris")
GRID = "/cohorts/cs26-2025/attendance/"
# Wednesday 22 January 2025, 10 h: module 3's morning is running; modules 1 and 2 are past.
NOW = datetime(2025, 1, 22, 10, 0, tzinfo=PARIS)


@pytest.fixture
def now(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return NOW


@pytest.fixture
def slots(cs26):
    return list(Slot.objects.filter(cohort=cs26).select_related("module").order_by("start"))


@pytest.fixture
def history(personas, slots, now):
    """auditeur: present, late 15 min, left 30 min early. auditeur2: excused, absent, and
    nothing recorded for module 2's afternoon (« non émargé »)."""
    by = personas["coordination"]
    e1, e2 = personas["enrolment"], personas["enrolment2"]
    apply_status(slot=slots[0], enrolment=e1, status="present", by=by)
    apply_status(slot=slots[1], enrolment=e1, status="late", minutes_late=15, by=by)
    apply_status(slot=slots[2], enrolment=e1, status="left_early", minutes_left_early=30, by=by)
    apply_status(slot=slots[0], enrolment=e2, status="excused", reason="Malade", by=by)
    apply_status(slot=slots[1], enrolment=e2, status="absent", by=by)
    return personas


def text_of(html: str) -> str:
    html = re.sub(r"<(br|/?(p|li|dt|dd|th|td|tr|h\d|div|caption))\b[^>]*>", " ", html)
    return " ".join(unescape(strip_tags(html)).split())


def get_grid(client, personas, query=""):
    client.force_login(personas["coordination"])
    response = client.get(GRID + query)
    assert response.status_code == 200
    return response


def row_of(html: str, enrolment) -> str:
    match = re.search(rf'<tr data-enrolment="{enrolment.pk}">(.*?)</tr>', html, re.S)
    assert match, f"no row for enrolment {enrolment.pk}"
    return match.group(1)


def cells_of(row_html: str) -> list[tuple[str, str]]:
    """(status code, symbol) of each half-day cell of a row, in column order."""
    cell = r'data-status="([a-z_]+)">(?:<a [^>]*>)?<span aria-hidden="true">([^<]*)</span>'
    return re.findall(cell, row_html)


def test_each_cell_reads_as_a_symbol_and_words_not_only_a_colour(client, history, slots):
    html = get_grid(client, history).content.decode()
    mine = cells_of(row_of(html, history["enrolment"]))
    assert len(mine) == 26
    assert mine[:5] == [
        ("present", "P"),
        ("late", "R 15"),
        ("left_early", "D 30"),
        ("running", "…"),  # module 3's morning, no signature yet
        ("future", "·"),
    ]
    theirs = cells_of(row_of(html, history["enrolment2"]))
    assert theirs[:3] == [("excused", "J"), ("absent", "A"), ("unsigned", "?")]
    # Screen readers get the words: the symbol itself is hidden from them.
    row = text_of(row_of(html, history["enrolment"]))
    assert "présent·e" in row and "en retard (15 min)" in row
    assert "parti·e en avance (30 min)" in row


def test_the_legend_explains_every_symbol(client, history):
    page = text_of(get_grid(client, history).content.decode())
    legend = page[page.index("Légende") : page.index("Grille des présences")]
    for words in (
        "P Présent·e",
        "R En retard (minutes)",
        "D Départ anticipé (minutes)",
        "J Absence justifiée",
        "A Absent·e",
        "? Non émargé, demi-journée terminée",
        "… En cours, pas encore émargé",
        "· À venir",
    ):
        assert words in legend, words


def test_columns_are_grouped_by_module_with_date_and_half_day(client, history):
    html = get_grid(client, history).content.decode()
    assert re.search(r'<th scope="colgroup" colspan="2"[^>]*><abbr title="Module 2 : ', html)
    assert 'colspan="1" class="grid-module-head"><abbr title="Module 1 : Présentation' in html
    page = text_of(html)
    assert "20 janvier 2025 après-midi" in page  # the year is read, though not shown
    assert "21 janvier 2025 matin" in page
    assert "26 demi-journées" in page


def test_totals_per_participant_count_half_days_and_hours(client, history):
    html = get_grid(client, history).content.decode()
    mine = row_of(html, history["enrolment"])
    # 3 h + (3 h 30 − 15 min) + (3 h 30 − 30 min) = 9 h 15, of the programme's 90 h.
    assert re.search(r'data-total="attended">3<', mine)
    assert re.search(r'data-total="missed">0<', mine)
    assert re.search(r'data-total="hours">9 h 15 / 90 h<', mine)
    theirs = row_of(html, history["enrolment2"])
    assert re.search(r'data-total="attended">0<', theirs)
    assert re.search(r'data-total="missed">3<', theirs)
    assert re.search(r'data-total="hours">0 h / 90 h<', theirs)


def test_totals_per_half_day_and_countersignature(client, history, slots):
    Countersignature.objects.create(
        slot=slots[0], signed_by=history["intervenant"], signed_at=slots[0].end
    )
    html = get_grid(client, history).content.decode()
    counts = dict(re.findall(r'class="grid-count" data-slot="(\d+)">([^<]*)<', html))
    assert counts[str(slots[0].pk)] == "1 / 2"
    assert counts[str(slots[1].pk)] == "1 / 2"
    assert counts[str(slots[2].pk)] == "1 / 2"
    states = {
        slot: state
        for state, slot in re.findall(
            r'class="countersign countersign--(\w+)" data-slot="(\d+)"', html
        )
    }
    assert states[str(slots[0].pk)] == "done"
    assert states[str(slots[1].pk)] == "pending"
    assert states[str(slots[5].pk)] == "later"
    assert "en attente" in text_of(html)


def test_filter_by_module_shows_only_its_half_days(client, history):
    html = get_grid(client, history, "?module=2").content.decode()
    assert len(cells_of(row_of(html, history["enrolment"]))) == 2
    assert "2 demi-journées" in text_of(html)
    # Totals stay those of the whole programme.
    assert re.search(r'data-total="hours">9 h 15 / 90 h<', row_of(html, history["enrolment"]))


def test_filter_by_status_name_and_missed(client, history):
    e1, e2 = history["enrolment"], history["enrolment2"]
    html = get_grid(client, history, "?status=late").content.decode()
    assert f'data-enrolment="{e1.pk}"' in html and f'data-enrolment="{e2.pk}"' not in html
    html = get_grid(client, history, "?missed=1").content.decode()
    assert f'data-enrolment="{e1.pk}"' not in html and f'data-enrolment="{e2.pk}"' in html
    name = history["auditeur2"].last_name[:4].lower()
    html = get_grid(client, history, f"?name={name}").content.decode()
    assert f'data-enrolment="{e2.pk}"' in html
    assert "1 auditeur·rice affiché·e sur 2" in text_of(html)


def test_unknown_filter_values_are_ignored(client, history):
    html = get_grid(client, history, "?module=99&status=nope&missed=maybe").content.decode()
    assert "2 auditeur·rices affiché·es sur 2" in text_of(html)
    assert len(cells_of(row_of(html, history["enrolment"]))) == 26


def test_only_this_cohorts_following_participants_are_listed(client, history, cs26):
    gone = enrol(UserFactory(), cs26, status=EnrolmentStatus.WITHDRAWN)
    html = get_grid(client, history).content.decode()
    assert f'data-enrolment="{gone.pk}"' not in html
    assert f'data-enrolment="{history["other_enrolment"].pk}"' not in html


def test_the_table_polls_itself_every_20_seconds_keeping_the_filters(client, history):
    html = get_grid(client, history, "?module=2").content.decode()
    assert 'hx-trigger="every 20s [' in html
    assert 'hx-get="/cohorts/cs26-2025/attendance/?module=2&amp;fragment=1"' in html
    assert 'id="grid-auto-refresh" type="checkbox" checked' in html


def test_the_fragment_is_the_table_alone(client, history):
    response = get_grid(client, history, "?fragment=1")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="attendance-grid"')
    assert "<html" not in html and "Légende" not in html
    assert len(cells_of(row_of(html, history["enrolment"]))) == 26


def test_a_recorded_cell_opens_its_history_and_each_half_day_its_roll_call(client, history, slots):
    html = get_grid(client, history).content.decode()
    record = AttendanceRecord.objects.get(slot=slots[1], enrolment=history["enrolment"])
    assert f'<a href="/attendance/records/{record.pk}/" class="att-link">' in html
    assert f'href="/slots/{slots[0].pk}/roll-call/">Appel' in html
    unsigned = re.search(r'data-status="unsigned">(.*?)</td>', html).group(1)
    assert "<a " not in unsigned  # nothing recorded yet: the roll call is the way in


def test_a_signature_arriving_shows_at_the_next_refresh(client, history, slots):
    apply_status(
        slot=slots[3], enrolment=history["enrolment2"], status="present", by=history["auditeur2"]
    )
    html = get_grid(client, history, "?fragment=1").content.decode()
    assert cells_of(row_of(html, history["enrolment2"]))[3] == ("present", "P")


@pytest.mark.usefixtures("page_cache_off")
@pytest.mark.parametrize("participants", [3, 20])
def test_query_count_does_not_grow_with_participants(
    client, personas, cs26, slots, now, participants, django_assert_num_queries
):
    by = personas["coordination"]
    enrolments = [personas["enrolment"], personas["enrolment2"]]
    enrolments += [enrol(UserFactory(), cs26) for _ in range(participants - 2)]
    for enrolment in enrolments:
        for slot in slots[:3]:
            apply_status(slot=slot, enrolment=enrolment, status="present", by=by)
    Countersignature.objects.create(slot=slots[0], signed_by=by, signed_at=slots[0].end)
    client.force_login(by)
    client.get(GRID)  # the session is loaded once; count the page alone after
    # session, user, roles, cohort; slots; enrolments; records; countersignatures;
    # hours: slot durations and records per enrolment.
    with django_assert_num_queries(10):
        response = client.get(GRID)
    assert response.status_code == 200
    assert len(response.context["grid"].rows) == participants


def test_the_coordination_dashboard_leads_to_the_attendance_pages(client, personas):
    client.force_login(personas["coordination"])
    html = client.get("/cohorts/cs26-2025/dashboard/").content.decode()
    for href in (
        GRID,
        "/cohorts/cs26-2025/attendance/speakers/",
        "/cohorts/cs26-2025/attendance/anomalies/",
        "/cohorts/cs26-2025/documents/",
        "/cohorts/cs26-2025/absences/",
        GRID + "?missed=1",
    ):
        assert f'href="{href}"' in html, href
