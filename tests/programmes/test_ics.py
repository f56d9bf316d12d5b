"""The cohort calendar (/cohorts/<slug>/calendar.ics): RFC 5545, one event per slot, and
every slot at the right instant on both sides of the change to summer time (30 March 2025).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from essor.cohorts.models import Cohort
from essor.programmes.ics import build_calendar, calendar_ics
from essor.programmes.models import Module, Programme, Slot
from essor.programmes.selectors import CohortCalendar, ModuleWithSlots

PARIS = ZoneInfo("Europe/Paris")
URL = "/cohorts/cs26-2025/calendar.ics"

# Written from the programme text (seed/programme-cs26-2025.md), not from the TOML file,
# so that the calendar is checked against the source rather than against itself.
TITLES = {
    1: "Présentation de la formation",
    2: "Économie sociale et solidaire, capitalisme et démocratie",
    3: "Unité et diversité des composantes : associations, coopératives, mutuelles",
    4: "Analyse institutionnelle dans l'économie sociale et solidaire",
    5: "Analyse organisationnelle dans l'économie sociale et solidaire",
    6: "Analyse économique dans l'économie sociale et solidaire",
    7: "Synthèse de l'analyse d'une structure de l'ESS",
    8: "Prospective et scénarios du changement",
    9: "Première journée de tutorat",
    10: "Gouvernance dans l'ESS",
    11: "Deuxième journée de tutorat",
    12: "Gestion dans l'ESS",
    13: "Troisième journée de tutorat",
    14: "Bilan de la formation",
}

# (module, local date, local start, local end) — the wall-clock times printed in the text.
LOCAL_SLOTS = [
    (1, "2025-01-20", "14:00", "17:00"),
    (2, "2025-01-21", "09:00", "12:30"),
    (2, "2025-01-21", "14:30", "18:00"),
    (3, "2025-01-22", "08:30", "12:30"),
    (3, "2025-01-22", "13:30", "16:30"),
    (4, "2025-02-24", "10:00", "12:30"),
    (4, "2025-02-24", "14:00", "18:30"),
    (5, "2025-02-25", "09:00", "12:30"),
    (5, "2025-02-25", "14:00", "17:30"),
    (6, "2025-02-26", "08:30", "12:30"),
    (6, "2025-02-26", "13:30", "16:30"),
    (7, "2025-03-17", "10:00", "12:30"),
    (7, "2025-03-17", "14:00", "18:30"),
    (8, "2025-03-18", "09:00", "12:30"),
    (8, "2025-03-18", "14:00", "17:30"),
    (9, "2025-03-19", "08:30", "12:30"),
    (9, "2025-03-19", "13:30", "16:30"),
    # 30 March 2025: Paris moves from UTC+1 to UTC+2.
    (10, "2025-04-14", "10:00", "12:30"),
    (10, "2025-04-14", "14:00", "18:30"),
    (11, "2025-04-15", "08:30", "12:30"),
    (11, "2025-04-15", "13:30", "16:30"),
    (12, "2025-05-19", "10:00", "12:30"),
    (12, "2025-05-19", "14:00", "18:30"),
    (13, "2025-05-20", "09:00", "12:30"),
    (13, "2025-05-20", "14:00", "17:30"),
    (14, "2025-05-21", "09:00", "12:00"),
]


def utc_instant(day: str, at: str) -> datetime:
    local = datetime.combine(date.fromisoformat(day), time.fromisoformat(at), tzinfo=PARIS)
    return local.astimezone(UTC)


EXPECTED = sorted(
    (utc_instant(day, start), utc_instant(day, end), number)
    for number, day, start, end in LOCAL_SLOTS
)


@pytest.fixture
def feed(client, cs26):
    response = client.get(URL)
    assert response.status_code == 200
    return response


@pytest.fixture
def parsed(feed) -> Calendar:
    return Calendar.from_ical(feed.content)


def events_by_start(cal: Calendar):
    return sorted(cal.events, key=lambda e: e.start)


def test_it_is_served_as_an_inline_utf8_calendar_named_after_the_cohort(feed):
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert feed["Content-Disposition"] == 'inline; filename="cs26-2025.ics"'
    assert feed.content.startswith(b"BEGIN:VCALENDAR\r\n")


def test_the_calendar_header_follows_rfc_5545(parsed):
    assert parsed["VERSION"] == "2.0"
    assert parsed["PRODID"] == "-//Essor//Calendrier de promotion//FR"
    assert parsed["CALSCALE"] == "GREGORIAN"
    assert parsed["METHOD"] == "PUBLISH"
    assert parsed["X-WR-CALNAME"] == "CS26 2025"
    assert parsed["X-WR-TIMEZONE"] == "Europe/Paris"


def test_it_has_one_event_per_slot_with_a_unique_uid(parsed, cs26):
    events = parsed.events
    assert len(events) == 26 == Slot.objects.filter(cohort=cs26).count()
    uids = {str(e["UID"]) for e in events}
    assert len(uids) == 26
    assert all(uid.endswith("@essor") for uid in uids)
    assert all("DTSTAMP" in e for e in events)


def test_each_summary_names_the_module_by_number_and_title(parsed):
    for event, (_, _, number) in zip(events_by_start(parsed), EXPECTED, strict=True):
        assert str(event["SUMMARY"]) == f"Module {number} — {TITLES[number]}"


def test_every_event_is_at_the_right_utc_instant_on_both_sides_of_summer_time(parsed):
    for event, (start, end, number) in zip(events_by_start(parsed), EXPECTED, strict=True):
        assert event["DTSTART"].params["TZID"] == "Europe/Paris", number
        assert event["DTEND"].params["TZID"] == "Europe/Paris", number
        assert event.start.astimezone(UTC) == start, number
        assert event.end.astimezone(UTC) == end, number


def test_the_instants_around_the_change_are_the_ones_a_person_in_paris_expects(parsed):
    by_start = {e.start.astimezone(UTC): e for e in parsed.events}
    # Winter, UTC+1.
    assert "Module 1 —" in by_start[datetime(2025, 1, 20, 13, 0, tzinfo=UTC)]["SUMMARY"]
    assert "Module 8 —" in by_start[datetime(2025, 3, 18, 8, 0, tzinfo=UTC)]["SUMMARY"]
    # Summer, UTC+2: 10:00 in Paris is 08:00 UTC, not 09:00.
    assert "Module 10 —" in by_start[datetime(2025, 4, 14, 8, 0, tzinfo=UTC)]["SUMMARY"]
    assert "Module 14 —" in by_start[datetime(2025, 5, 21, 7, 0, tzinfo=UTC)]["SUMMARY"]


def test_the_vtimezone_alone_places_every_event_correctly(parsed):
    # A client without its own zone database relies on the VTIMEZONE: rebuild the zone
    # from its rules only (no lookup of "Europe/Paris") and place every event with it.
    [vtimezone] = parsed.timezones
    assert vtimezone["TZID"] == "Europe/Paris"
    offsets = {(sub.name, sub["TZOFFSETTO"].td) for sub in vtimezone.subcomponents}
    assert ("STANDARD", timedelta(hours=1)) in offsets
    assert ("DAYLIGHT", timedelta(hours=2)) in offsets
    zone = vtimezone.to_tz(lookup_tzid=False)
    for event, (start, end, number) in zip(events_by_start(parsed), EXPECTED, strict=True):
        local_start = event["DTSTART"].dt.replace(tzinfo=None)
        local_end = event["DTEND"].dt.replace(tzinfo=None)
        assert local_start.replace(tzinfo=zone).astimezone(UTC) == start, number
        assert local_end.replace(tzinfo=zone).astimezone(UTC) == end, number


def test_the_description_gives_the_half_day_and_the_module_text(parsed):
    events = {(e.start.date(), e.start.time()): e for e in parsed.events}
    morning = str(events[(date(2025, 3, 18), time(9))]["DESCRIPTION"])
    afternoon = str(events[(date(2025, 3, 18), time(14))]["DESCRIPTION"])
    assert morning.startswith("Journée de cours, matin (9 h – 12 h 30).")
    assert afternoon.startswith("Journée de cours, après-midi (14 h – 17 h 30).")
    assert "méthode des scénarios prospectifs" in morning
    opening = str(events[(date(2025, 1, 20), time(14))]["DESCRIPTION"])
    assert opening.startswith("Présentation de la formation, après-midi (14 h – 17 h).")


def test_each_event_links_to_the_programme_page(parsed):
    assert {str(e["URL"]) for e in parsed.events} == {"http://testserver/programmes/CS26/"}


def test_no_location_is_invented_when_the_cohort_has_none(parsed):
    assert all("LOCATION" not in e for e in parsed.events)


def test_the_place_becomes_the_location(client, cs26):
    Cohort.objects.filter(pk=cs26.pk).update(place="Cnam, 292 rue Saint-Martin, Paris")
    cal = Calendar.from_ical(client.get(URL).content)
    assert {str(e["LOCATION"]) for e in cal.events} == {"Cnam, 292 rue Saint-Martin, Paris"}


def test_an_unknown_cohort_is_not_found(client, db):
    assert client.get("/cohorts/nope/calendar.ics").status_code == 404


def test_an_unpublished_cohort_is_not_found(client, cs26):
    Cohort.objects.filter(pk=cs26.pk).update(is_public=False)
    assert client.get(URL).status_code == 404


def test_only_safe_methods_are_allowed(client, cs26):
    assert client.post(URL).status_code == 405


# The pure function, on a calendar built in memory (no database, no request).


def tiny_calendar(zone: str, place: str = "") -> CohortCalendar:
    programme = Programme(code="T1", title="Essai", certificate_name="Certificat d'essai")
    cohort = Cohort(programme=programme, slug="t1-2025", title="T1 2025", timezone=zone)
    cohort.place = place
    tz = ZoneInfo(zone)
    course = Module(programme=programme, number=1, title="Un", kind="course", format="day")
    closing = Module(programme=programme, number=2, title="Deux", kind="closing", format="day")

    def slot(pk, module, position, day, start, end):
        d = date.fromisoformat(day)
        return Slot(
            pk=pk,
            module=module,
            position=position,
            start=datetime.combine(d, time.fromisoformat(start), tzinfo=tz),
            end=datetime.combine(d, time.fromisoformat(end), tzinfo=tz),
        )

    return CohortCalendar(
        cohort=cohort,
        modules=[
            # Montréal changes on 9 March 2025 (UTC-5 → UTC-4), three weeks before Paris.
            ModuleWithSlots(course, [slot(1, course, 1, "2025-03-07", "09:00", "12:00")]),
            ModuleWithSlots(closing, [slot(2, closing, 1, "2025-03-10", "13:00", "16:00")]),
        ],
    )


def test_the_pure_function_uses_the_cohorts_own_zone():
    stamp = datetime(2025, 1, 1, 12, tzinfo=UTC)
    cal = Calendar.from_ical(calendar_ics(tiny_calendar("America/Montreal"), stamp=stamp))
    first, second = sorted(cal.events, key=lambda e: e.start)
    assert first["DTSTART"].params["TZID"] == "America/Montreal"
    assert first.start.astimezone(UTC) == datetime(2025, 3, 7, 14, tzinfo=UTC)
    assert second.start.astimezone(UTC) == datetime(2025, 3, 10, 17, tzinfo=UTC)
    assert [tz["TZID"] for tz in cal.timezones] == ["America/Montreal"]
    assert cal["X-WR-TIMEZONE"] == "America/Montreal"
    assert first["DTSTAMP"].dt == stamp
    assert str(first["UID"]) == "t1-2025-module-1-1@essor"
    assert str(second["SUMMARY"]) == "Module 2 — Deux"
    # No description in the module: the header line alone, no trailing blank lines.
    assert str(second["DESCRIPTION"]) == "Bilan de la formation, après-midi (13 h – 16 h)."
    assert "URL" not in first
    assert "LOCATION" not in first


def test_the_pure_function_adds_location_and_url_when_given():
    cal = build_calendar(
        tiny_calendar("Europe/Paris", place="Lyon"), programme_url="https://essor.example/p/T1/"
    )
    for event in cal.events:
        assert event["LOCATION"] == "Lyon"
        assert event["URL"] == "https://essor.example/p/T1/"


def test_the_refresh_hint_lets_subscribed_clients_poll_twice_a_day():
    cal = build_calendar(tiny_calendar("Europe/Paris"))
    assert cal["REFRESH-INTERVAL"].dt == timedelta(hours=12)
    assert b"\r\nX-PUBLISHED-TTL:PT12H\r\n" in cal.to_ical()


def test_a_cohort_without_slots_is_an_empty_but_valid_calendar():
    empty = CohortCalendar(cohort=tiny_calendar("Europe/Paris").cohort, modules=[])
    cal = Calendar.from_ical(calendar_ics(empty))
    assert cal.events == []
    assert cal["X-WR-CALNAME"] == "T1 2025"
