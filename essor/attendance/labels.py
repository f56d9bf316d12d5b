"""Half-days and attendance states written in French words, for pages, e-mails and reports.

No query here: callers pass slots with their module (and cohort, when named) loaded.
"""

from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from essor.core.formats import french_date, french_time, french_weekday_date
from essor.core.templatetags.essor_format import AFTERNOON_FROM

from .models import AttendanceStatus


def zone_of(slot) -> ZoneInfo:
    return ZoneInfo(slot.cohort.timezone)


def half_of(local_start) -> str:
    return _("matin") if local_start.time() < AFTERNOON_FROM else _("après-midi")


def half_day_name(slot, zone: ZoneInfo | None = None, *, with_cohort: bool = False) -> str:
    """« Module 5 — 25 février 2025 après-midi » (with « (CS26 2025) » when asked: a
    report that spans cohorts must say which one)."""
    start = slot.start.astimezone(zone or zone_of(slot))
    text = _("Module %(number)s — %(date)s %(half)s") % {
        "number": slot.module.number,
        "date": french_date(start.date()),
        "half": half_of(start),
    }
    if with_cohort:
        text += f" ({slot.cohort.title})"
    return text


def half_day_choice(slot, zone: ZoneInfo) -> str:
    """« Module 5 — mardi 25 février 2025, après-midi (14 h – 17 h) »: what a participant
    reads when choosing half-days."""
    start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
    return _("Module %(number)s — %(date)s, %(half)s (%(start)s – %(end)s)") % {
        "number": slot.module.number,
        "date": french_weekday_date(start.date()),
        "half": half_of(start),
        "start": french_time(start.time()),
        "end": french_time(end.time()),
    }


def status_text(status: str, minutes_late: int = 0, minutes_left_early: int = 0) -> str:
    """« en retard (15 min) », « parti·e en avance (30 min) », « absence justifiée »."""
    label = str(AttendanceStatus(status).label)
    minutes = {
        AttendanceStatus.LATE: minutes_late,
        AttendanceStatus.LEFT_EARLY: minutes_left_early,
    }.get(status)
    if minutes:
        return _("%(status)s (%(minutes)s min)") % {"status": label, "minutes": minutes}
    return label


def snapshot_text(snapshot: dict) -> str:
    """A state kept in the history (records.snapshot) in words; « — » before creation."""
    if not snapshot:
        return "—"
    text = status_text(
        snapshot.get("status", AttendanceStatus.ABSENT),
        snapshot.get("minutes_late", 0),
        snapshot.get("minutes_left_early", 0),
    )
    if snapshot.get("justification"):
        text += _(", avec justificatif")
    return text
