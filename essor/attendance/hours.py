"""Hours attended and hours planned, computed from the slots and the attendance records.

The rule lives in `attended_duration` and nowhere else: a present participant gets the
slot's hours; a late one the slot minus the minutes late; one who left early the slot
minus the minutes missed; an excused or unexcused absence, or no record at all, counts
zero. The certificat de réalisation, the attestation, the attendance sheet and the grid
all read their hours from here.
"""

from datetime import timedelta
from typing import NamedTuple

from essor.cohorts.models import Cohort, Enrolment
from essor.programmes.models import Slot

from .models import AttendanceRecord, AttendanceStatus

ZERO = timedelta()


class Hours(NamedTuple):
    attended: timedelta
    planned: timedelta


def attended_duration(
    duration: timedelta, status: str | None, minutes_late: int = 0, minutes_left_early: int = 0
) -> timedelta:
    """The part of a slot of `duration` that a record with this status counts."""
    if status == AttendanceStatus.PRESENT:
        missed = 0
    elif status == AttendanceStatus.LATE:
        missed = minutes_late
    elif status == AttendanceStatus.LEFT_EARLY:
        missed = minutes_left_early
    else:  # excused, absent, or no record
        return ZERO
    # Minutes beyond the slot's length are a typing slip: never count negative hours.
    return max(duration - timedelta(minutes=missed), ZERO)


def _planned(cohort_id: int) -> tuple[timedelta, dict[int, timedelta]]:
    """The cohort's total planned time and each slot's duration (1 query)."""
    rows = Slot.objects.filter(cohort_id=cohort_id).order_by().values_list("pk", "start", "end")
    durations = {pk: end - start for pk, start, end in rows}
    return sum(durations.values(), ZERO), durations


def hours_attended(enrolment: Enrolment) -> Hours:
    """Hours attended and planned for one participant (2 queries)."""
    planned, durations = _planned(enrolment.cohort_id)
    records = (
        AttendanceRecord.objects.filter(enrolment=enrolment, slot__cohort_id=enrolment.cohort_id)
        .order_by()
        .values_list("slot_id", "status", "minutes_late", "minutes_left_early")
    )
    attended = sum(
        (attended_duration(durations[slot_id], *rest) for slot_id, *rest in records), ZERO
    )
    return Hours(attended=attended, planned=planned)


def hours_by_enrolment(cohort: Cohort) -> dict[int, Hours]:
    """Hours attended and planned for every enrolment of the cohort, whatever its status
    (2 queries). An enrolment without any record is present with zero hours attended."""
    planned, _durations = _planned(cohort.pk)
    # One row per (enrolment, record of this cohort's slot), or one row with NULLs for
    # an enrolment without records: LEFT JOINs keep them.
    rows = (
        Enrolment.objects.filter(cohort=cohort)
        .order_by()
        .values_list(
            "pk",
            "attendance__slot__cohort_id",
            "attendance__status",
            "attendance__minutes_late",
            "attendance__minutes_left_early",
            "attendance__slot__start",
            "attendance__slot__end",
        )
    )
    attended: dict[int, timedelta] = {}
    for pk, slot_cohort, status, late, early, start, end in rows:
        attended.setdefault(pk, ZERO)
        if slot_cohort == cohort.pk:
            attended[pk] += attended_duration(end - start, status, late or 0, early or 0)
    return {pk: Hours(attended=value, planned=planned) for pk, value in attended.items()}
