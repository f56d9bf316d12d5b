"""A cohort's calendar as RFC 5545 iCalendar: one event per slot, in the cohort's zone.

No request and no query: it receives a CohortCalendar (already read by the selectors)
and returns the calendar, so the view stays thin and the export is tested in memory.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from essor.core import clock

from .models import Module
from .selectors import CohortCalendar

PRODID = "-//Essor//Calendrier de promotion//FR"
# Subscribed calendars poll this feed; twice a day is plenty for a programme that is
# re-dated a few times a year, and spares the server.
REFRESH_INTERVAL = timedelta(hours=12)
# Slots starting before this local hour are the morning half-day.
AFTERNOON_FROM = time(12, 0)


def slot_uid(cohort_slug: str, module_number: int, position: int) -> str:
    """A UID that survives reloads and does not depend on the host serving the feed.

    Built from the cohort, module number and position (what the loader keys slots on)
    rather than the database id, so that re-creating a database does not make
    subscribers see every event twice.
    """
    return f"{cohort_slug}-module-{module_number}-{position}@essor"


def half_day_label(local_start: datetime) -> str:
    return _("matin") if local_start.time() < AFTERNOON_FROM else _("après-midi")


def format_clock(at: time) -> str:
    """French clock time: « 9 h », « 12 h 30 »."""
    return f"{at.hour} h {at.minute:02d}" if at.minute else f"{at.hour} h"


def event_summary(module: Module) -> str:
    return _("Module %(number)s — %(title)s") % {"number": module.number, "title": module.title}


def event_description(module: Module, local_start: datetime, local_end: datetime) -> str:
    header = _("%(kind)s, %(half_day)s (%(start)s – %(end)s).") % {
        "kind": module.get_kind_display(),
        "half_day": half_day_label(local_start),
        "start": format_clock(local_start.time()),
        "end": format_clock(local_end.time()),
    }
    description = module.description.strip()
    return f"{header}\n\n{description}" if description else header


def build_calendar(
    calendar: CohortCalendar,
    *,
    programme_url: str | None = None,
    stamp: datetime | None = None,
) -> Calendar:
    """The iCalendar object for a cohort.

    `programme_url` (absolute) becomes each event's URL; `stamp` is the DTSTAMP, now by
    default (RFC 5545: with METHOD, the time the object was created).
    """
    cohort = calendar.cohort
    zone = ZoneInfo(cohort.timezone)
    stamp = (stamp or clock.now()).astimezone(UTC)

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # Sets both NAME (RFC 7986) and X-WR-CALNAME, which Google and Outlook read.
    cal.calendar_name = cohort.title
    cal.add("x-wr-timezone", cohort.timezone)
    cal.add("x-wr-caldesc", f"{cohort.programme.certificate_name} — {cohort.programme.title}")
    cal.refresh_interval = REFRESH_INTERVAL
    # The older, Outlook-era spelling of the same hint; an X- property is untyped, so
    # the duration is encoded explicitly.
    cal.add("x-published-ttl", vDuration(REFRESH_INTERVAL))

    for entry in calendar.modules:
        for slot in entry.slots:
            start = slot.start.astimezone(zone)
            end = slot.end.astimezone(zone)
            event = Event()
            event.add("uid", slot_uid(cohort.slug, entry.module.number, slot.position))
            event.add("dtstamp", stamp)
            event.add("dtstart", start)
            event.add("dtend", end)
            event.add("summary", event_summary(entry.module))
            event.add("description", event_description(entry.module, start, end))
            if cohort.place:
                event.add("location", cohort.place)
            if programme_url:
                event.add("url", programme_url)
            cal.add_component(event)

    first_day, last_day = calendar.first_day, calendar.last_day
    if first_day is not None and last_day is not None:
        # Whole years around the slots, so the VTIMEZONE carries both the winter and the
        # summer rule even for a cohort that sits on one side of a change.
        cal.add_missing_timezones(
            first_date=date(first_day.year, 1, 1), last_date=date(last_day.year + 1, 1, 1)
        )
    return cal


def calendar_ics(
    calendar: CohortCalendar,
    *,
    programme_url: str | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """The cohort's calendar serialised (CRLF line endings, folded lines, UTF-8)."""
    return build_calendar(calendar, programme_url=programme_url, stamp=stamp).to_ical()
