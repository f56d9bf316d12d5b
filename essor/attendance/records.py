"""The one way an attendance record is created or changed: with its history entry.

Callers (sign-in, roll call, corrections) run inside their own transaction; this
function locks the record so two concurrent changes are applied one after the other and
both are kept in the history.
"""

from django.db import IntegrityError, transaction

from essor.core import clock

from .models import AttendanceChange, AttendanceRecord, AttendanceStatus


def snapshot(record: AttendanceRecord) -> dict:
    return {
        "status": record.status,
        "minutes_late": record.minutes_late,
        "minutes_left_early": record.minutes_left_early,
        "reason": record.reason,
        "justification": record.justification.name if record.justification else "",
    }


# No savepoint of its own inside a caller's transaction (two round trips per record, on
# every signature): no caller goes on after an error in it, the whole transaction is
# rolled back.
@transaction.atomic(savepoint=False)
def apply_status(
    *,
    slot,
    enrolment,
    status: str,
    by,
    reason: str = "",
    minutes_late: int = 0,
    minutes_left_early: int = 0,
    justification=None,
    change_reason: str = "",
    only_if_missing: bool = False,
) -> tuple[AttendanceRecord, bool]:
    """Set the status of record; returns (record, changed). A no-op leaves no history.

    `only_if_missing`: create the record, but leave one that exists as it is.
    """
    AttendanceStatus(status)  # unknown statuses are a programming error, not user input
    now = clock.now()
    record = (
        AttendanceRecord.objects.select_for_update().filter(slot=slot, enrolment=enrolment).first()
    )
    if record is None:
        try:
            with transaction.atomic():
                record = AttendanceRecord.objects.create(
                    slot=slot,
                    enrolment=enrolment,
                    status=status,
                    minutes_late=minutes_late,
                    minutes_left_early=minutes_left_early,
                    reason=reason,
                    justification=justification or "",
                    updated_at=now,
                    updated_by=by,
                )
        except IntegrityError:
            # Created meanwhile by a concurrent request (PostgreSQL): lock it and update.
            record = AttendanceRecord.objects.select_for_update().get(
                slot=slot, enrolment=enrolment
            )
        else:
            AttendanceChange.objects.create(
                record=record,
                by=by,
                at=now,
                before={},
                after=snapshot(record),
                reason=change_reason,
            )
            return record, True
    if only_if_missing:
        return record, False
    before = snapshot(record)
    record.status = status
    record.minutes_late = minutes_late
    record.minutes_left_early = minutes_left_early
    record.reason = reason
    if justification is not None:
        record.justification = justification
    after = snapshot(record)
    if after == before:
        return record, False
    record.updated_at = now
    record.updated_by = by
    record.save()
    # Snapshot again after saving: a new justification only gets its stored path then.
    AttendanceChange.objects.create(
        record=record, by=by, at=now, before=before, after=snapshot(record), reason=change_reason
    )
    return record, True
