"""Schedules of the tutoring days and of the module 13 presentations: pure arithmetic,
no database, so that the rules are tested on their own (with hypothesis).

A tutoring day is made of the day's slots (two half-days with the lunch break between
them). Each tutor meets all their participants together once (temps collectif) and each
of them alone once (entretien individuel). Blocks never cross the lunch break (each block
lies inside one slot), a tutor is never in two blocks at once, nor is a participant.

Placement is "earliest fit": each block goes at the earliest time where it fits in a
slot and neither its tutor nor its participants are busy. Tutors work in parallel (their
participants are usually distinct), so the day is as short as it can be for each tutor.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from essor.core.errors import DomainError

INDIVIDUAL = "individual"
GROUP = "group"

DEFAULT_INDIVIDUAL_MINUTES = 30
DEFAULT_GROUP_MINUTES = 60
# Below this, an oral presentation is not worth the name: the page warns the coordination.
MIN_ORAL_MINUTES = 10


@dataclass(frozen=True)
class Block:
    tutor_id: Hashable
    kind: str  # INDIVIDUAL or GROUP
    start: datetime
    end: datetime
    participant_ids: tuple


Interval = tuple[datetime, datetime]


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals: one block may start when the other ends."""
    return a_start < b_end and b_start < a_end


def _free(busy: list[Interval], start: datetime, end: datetime, gap: timedelta) -> bool:
    return not any(overlaps(start, end, s - gap, e + gap) for s, e in busy)


def _earliest(
    slots: Sequence[Interval],
    minutes: int,
    tutor_busy: list[Interval],
    people_busy: list[Interval],
    gap: timedelta,
) -> datetime | None:
    length = timedelta(minutes=minutes)
    for slot_start, slot_end in slots:
        # The earliest start is the slot's start or just after something already placed.
        candidates = {slot_start}
        candidates |= {e + gap for _s, e in tutor_busy}
        candidates |= {e for _s, e in people_busy}
        for start in sorted(c for c in candidates if slot_start <= c):
            if start + length > slot_end:
                break
            if _free(tutor_busy, start, start + length, gap) and _free(
                people_busy, start, start + length, timedelta(0)
            ):
                return start
    return None


def _place_tutor(
    tutor_id,
    participants: Sequence,
    slots: Sequence[Interval],
    *,
    individual_minutes: int,
    group_minutes: int,
    gap: timedelta,
    busy: Mapping,
    group_first: bool,
) -> list[Block] | None:
    """The tutor's blocks in one order (group first or last), or None if they do not fit.
    `busy` (participant → intervals) is read, not changed."""
    wanted: list[tuple[str, int, tuple]] = [
        (INDIVIDUAL, individual_minutes, (p,)) for p in participants
    ]
    if group_minutes > 0 and participants:
        group = (GROUP, group_minutes, tuple(participants))
        wanted = [group, *wanted] if group_first else [*wanted, group]
    tutor_busy: list[Interval] = []
    placed_busy: dict = {}
    blocks = []
    for kind, minutes, people in wanted:
        people_busy = [
            interval for p in people for interval in (*busy.get(p, ()), *placed_busy.get(p, ()))
        ]
        start = _earliest(slots, minutes, tutor_busy, people_busy, gap)
        if start is None:
            return None
        end = start + timedelta(minutes=minutes)
        tutor_busy.append((start, end))
        for p in people:
            placed_busy.setdefault(p, []).append((start, end))
        blocks.append(Block(tutor_id, kind, start, end, people))
    return blocks


def _not_fit_message(
    tutor_label: str, count: int, individual: int, group: int, gap: int, slots
) -> str:
    needed = individual * count + (group if count else 0) + gap * count
    available = sum(int((end - start).total_seconds()) // 60 for start, end in slots)
    return _(
        "Le planning ne tient pas dans la journée pour %(tutor)s : %(count)s entretiens "
        "individuels de %(individual)s minutes et un temps collectif de %(group)s minutes "
        "demandent au moins %(needed)s minutes, sans couper la pause du déjeuner, pour "
        "%(available)s minutes de créneaux. Raccourcissez les entretiens ou le temps "
        "collectif."
    ) % {
        "tutor": tutor_label,
        "count": count,
        "individual": individual,
        "group": group,
        "needed": needed,
        "available": available,
    }


def generate_schedule(
    *,
    slots: Sequence[Interval],
    tutors: Mapping[Hashable, Sequence[Hashable]],
    individual_minutes: int = DEFAULT_INDIVIDUAL_MINUTES,
    group_minutes: int = DEFAULT_GROUP_MINUTES,
    gap_minutes: int = 0,
    tutor_names: Mapping[Hashable, str] | None = None,
) -> list[Block]:
    """Every tutor's group time and individual interviews, inside `slots`.

    `tutors` maps each tutor to their participants (in the order wanted for the
    interviews). `gap_minutes` is a pause the tutor keeps between two of their blocks.
    Raises DomainError("schedule_does_not_fit") when a tutor's blocks cannot all be
    placed.
    """
    if individual_minutes <= 0 or group_minutes < 0 or gap_minutes < 0:
        raise DomainError(
            "schedule_invalid_durations",
            _("Les durées doivent être des nombres de minutes positifs."),
        )
    slots = sorted((s, e) for s, e in slots if e > s)
    if not slots:
        raise DomainError(
            "schedule_no_slots",
            _("Cette journée de tutorat n'a pas encore de créneaux : programmez-la d'abord."),
        )
    gap = timedelta(minutes=gap_minutes)
    # What each participant already has (a participant may be shared between tutors).
    busy: dict = {}
    blocks: list[Block] = []
    for tutor_id in sorted(tutors, key=str):
        participants = list(dict.fromkeys(tutors[tutor_id]))  # once each, order kept
        if not participants:
            continue
        placed = None
        for group_first in (True, False):
            placed = _place_tutor(
                tutor_id,
                participants,
                slots,
                individual_minutes=individual_minutes,
                group_minutes=group_minutes,
                gap=gap,
                busy=busy,
                group_first=group_first,
            )
            if placed is not None:
                break
        if placed is None:
            label = (tutor_names or {}).get(tutor_id) or str(tutor_id)
            raise DomainError(
                "schedule_does_not_fit",
                _not_fit_message(
                    label, len(participants), individual_minutes, group_minutes, gap_minutes, slots
                ),
            )
        for block in placed:
            for p in block.participant_ids:
                busy.setdefault(p, []).append((block.start, block.end))
        blocks.extend(placed)
    blocks.sort(key=lambda b: (b.start, str(b.tutor_id), b.kind))
    return blocks


# --- Module 13: the oral presentations ------------------------------------------------


@dataclass(frozen=True)
class OralTimes:
    minutes_each: int
    times: list[Interval]  # one (start, end) per person, in order; empty if impossible
    too_short: bool  # less than MIN_ORAL_MINUTES each (or no room at all)


def _minutes(start: datetime, end: datetime) -> int:
    return max(int((end - start).total_seconds()) // 60, 0)


def split_orals(slots: Sequence[Interval], count: int) -> OralTimes:
    """`count` presentations of the same whole number of minutes across the day's slots.

    The duration is the longest that lets everyone pass; the people are then spread over
    the slots in proportion to what each slot can hold (so the afternoon is not left
    empty while the morning overflows), back to back from each slot's start. No
    presentation crosses the lunch break.
    """
    slots = sorted((s, e) for s, e in slots if e > s)
    if count <= 0:
        return OralTimes(0, [], False)
    lengths = [_minutes(s, e) for s, e in slots]
    each = 0
    for minutes in range(max(lengths, default=0), 0, -1):
        if sum(length // minutes for length in lengths) >= count:
            each = minutes
            break
    if each == 0:
        return OralTimes(0, [], True)
    capacity = [length // each for length in lengths]
    total = sum(capacity)
    # Largest remainder: proportional shares, never above a slot's capacity.
    shares = [count * c / total for c in capacity]
    counts = [min(int(share), c) for share, c in zip(shares, capacity, strict=True)]
    order = sorted(range(len(slots)), key=lambda i: (-(shares[i] - int(shares[i])), i))
    while sum(counts) < count:
        for i in order:
            if sum(counts) < count and counts[i] < capacity[i]:
                counts[i] += 1
    times = []
    for (start, _end), n in zip(slots, counts, strict=True):
        for k in range(n):
            times.append(
                (start + timedelta(minutes=k * each), start + timedelta(minutes=(k + 1) * each))
            )
    return OralTimes(each, times, each < MIN_ORAL_MINUTES)
