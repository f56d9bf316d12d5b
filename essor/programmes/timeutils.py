"""Local dates and times of a cohort ↔ aware datetimes, and hours written the French way."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo


def local_datetime(day: date, at: time, tz_name: str) -> datetime:
    """The aware instant of a wall-clock time in the cohort's zone (DST handled by zoneinfo)."""
    return datetime.combine(day, at, tzinfo=ZoneInfo(tz_name))


def hours_of(duration: timedelta) -> Decimal:
    """A duration in hours, exact to the minute (7 h 30 → Decimal('7.5'))."""
    minutes = int(duration.total_seconds()) // 60
    return Decimal(minutes) / Decimal(60)


def format_hours(duration: timedelta | Decimal | int | float) -> str:
    """French form: « 7 h », « 3 h 30 », « 90 h »."""
    if isinstance(duration, timedelta):
        minutes = int(duration.total_seconds()) // 60
    else:
        minutes = round(Decimal(str(duration)) * 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"
