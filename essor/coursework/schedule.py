"""Times of the module 1 presentations: pure arithmetic, no database.

The half-day opens with a welcome (30 minutes by default); the rest is split evenly in
WHOLE minutes, rounded down, so that the last presentation ends within the half-day. The
minutes left over make a margin at the end (12 people in 2 h 30: 12 minutes each, 6
minutes of margin) — better than times like 14 h 42 min 30 s.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_OPENING_MINUTES = 30
# Below this, a presentation is not worth the name: the page warns the coordination.
MIN_MINUTES_EACH = 5


@dataclass(frozen=True)
class PresentationSchedule:
    opening_end: datetime
    minutes_each: int
    margin_minutes: int
    times: list[tuple[datetime, datetime]]  # one (start, end) per person, in order
    too_many: bool  # less than MIN_MINUTES_EACH each


def split_half_day(
    start: datetime, end: datetime, count: int, opening_minutes: int
) -> PresentationSchedule:
    opening_end = start + timedelta(minutes=opening_minutes)
    available = max(int((end - opening_end).total_seconds()) // 60, 0)
    if count <= 0:
        return PresentationSchedule(opening_end, 0, available, [], False)
    each = available // count
    if each <= 0:
        return PresentationSchedule(opening_end, 0, available, [], True)
    times = [
        (opening_end + timedelta(minutes=i * each), opening_end + timedelta(minutes=(i + 1) * each))
        for i in range(count)
    ]
    return PresentationSchedule(
        opening_end=opening_end,
        minutes_each=each,
        margin_minutes=available - each * count,
        times=times,
        too_many=each < MIN_MINUTES_EACH,
    )
