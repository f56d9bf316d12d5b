"""Dates and times written the French way, whatever the server's locale.

`strftime("%B")` depends on the process locale (often C or en_US on servers), so the
names are spelled out here. Pass local dates: convert an aware datetime to the cohort's
zone first (`dt.astimezone(zone).date()`), or the day may be off by one near midnight.
"""

from datetime import date, time

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def french_date(d: date) -> str:
    """« 24 février 2025 », « 1er mai 2025 » (the first of the month is an ordinal in French)."""
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]} {d.year}"


def french_weekday_date(d: date) -> str:
    """« lundi 24 février 2025 »."""
    return f"{WEEKDAYS[d.weekday()]} {french_date(d)}"


def french_time(t: time) -> str:
    """« 9 h », « 14 h 30 »: the form used in French programme texts and on signs."""
    return f"{t.hour} h {t.minute:02d}" if t.minute else f"{t.hour} h"
