"""Template filters for showing hours, local times and half-days the French way.

Slots are stored as aware UTC instants; what a participant reads is the wall-clock time
of the cohort's zone. Templates either wrap the calendar in `{% timezone cohort.timezone %}`
(the filters below marked `expects_localtime` then receive the local time) or pass the
zone explicitly: `{{ slot.start|local:cohort.timezone }}`.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from essor.core.formats import french_date, french_weekday_date
from essor.programmes.timeutils import format_hours

register = template.Library()

# A half-day that starts before 13:00 is the morning one, whatever the exact times: the
# programme's mornings start between 8:30 and 10:00, its afternoons at 13:30 or later.
AFTERNOON_FROM = time(13, 0)


@register.filter
def hours(value: timedelta | Decimal | int | float | None) -> str:
    """« 7 h », « 3 h 30 », « 90 h »; empty for a missing value."""
    if value is None or value == "":
        return ""
    return format_hours(value)


@register.filter(expects_localtime=True)
def local(value: datetime | None, tz_name: str | None = None) -> datetime | None:
    """The instant in the given zone (or the active one): the wall-clock time to show."""
    if value is None or timezone.is_naive(value):
        return value
    if tz_name:
        try:
            return value.astimezone(ZoneInfo(tz_name))
        except (ZoneInfoNotFoundError, ValueError):
            # A bad zone name must not take the public page down: fall back to the
            # site's zone, which is the programme's default anyway.
            return timezone.localtime(value)
    return timezone.localtime(value)


@register.filter(expects_localtime=True)
def half_day(value, tz_name: str | None = None) -> str:
    """« matin » or « après-midi » for a slot or its start instant, by local start time."""
    start = getattr(value, "start", value)
    if not isinstance(start, datetime):
        return ""
    start = local(start, tz_name)
    return _("matin") if start.time() < AFTERNOON_FROM else _("après-midi")


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _french() -> bool:
    return (get_language() or "fr").startswith("fr")


@register.filter(expects_localtime=True)
def long_date(value) -> str:
    """« lundi 20 janvier 2025 », « jeudi 1er mai 2025 » (Django's fr format lacks « 1er »)."""
    day = _as_date(value)
    if day is None:
        return ""
    return french_weekday_date(day) if _french() else date_format(day, "l j F Y")


@register.filter(expects_localtime=True)
def plain_date(value) -> str:
    """« 20 janvier 2025 », « 1er mai 2025 »."""
    day = _as_date(value)
    if day is None:
        return ""
    return french_date(day) if _french() else date_format(day, "j F Y")
