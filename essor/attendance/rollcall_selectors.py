"""Reads for the roll call and for one record's history, each with a fixed number of
queries (the roll call does not grow with the number of participants)."""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.http import Http404
from django.utils.translation import gettext as _

from essor.cohorts.models import Enrolment, Role
from essor.cohorts.permissions import has_role
from essor.cohorts.selectors import display_name
from essor.core.formats import french_date, french_time

from .labels import half_day_name, snapshot_text, status_text, zone_of
from .models import AbsenceNotice, AttendanceChange, AttendanceRecord, Signature
from .rollcall import ACTIVE


@dataclass
class RollCallRow:
    enrolment: Enrolment
    name: str
    organisation: str
    signed_at: datetime | None  # local time of the participant's own signature
    record: AttendanceRecord | None
    notices: list[str] = field(default_factory=list)  # reasons of absences announced

    @property
    def signed(self) -> str:
        """« 14 h 05 » or « non émargé »."""
        return french_time(self.signed_at.time()) if self.signed_at else _("non émargé")

    @property
    def status(self) -> str:
        """The current status in words; « non renseigné » before any signature or call."""
        if self.record is None:
            return _("non renseigné")
        return status_text(
            self.record.status, self.record.minutes_late, self.record.minutes_left_early
        )


@dataclass
class RollCall:
    slot: object
    zone: ZoneInfo
    name: str  # « Module 5 — 25 février 2025 après-midi »
    start: datetime  # local
    end: datetime
    rows: list[RollCallRow]

    @property
    def times(self) -> str:
        return f"{french_time(self.start.time())} – {french_time(self.end.time())}"

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds()) // 60


def _rows(slot, enrolments: list[Enrolment], zone: ZoneInfo) -> list[RollCallRow]:
    """Rows for these enrolments: 3 queries (signatures, records, notices), whatever
    their number."""
    ids = [e.pk for e in enrolments]
    signed = dict(
        Signature.objects.filter(slot=slot, enrolment_id__in=ids)
        .order_by()
        .values_list("enrolment_id", "signed_at")
    )
    records = {
        r.enrolment_id: r
        for r in AttendanceRecord.objects.filter(slot=slot, enrolment_id__in=ids).order_by()
    }
    notices: dict[int, list[str]] = {}
    for enrolment_id, reason in (
        AbsenceNotice.objects.filter(slots=slot, enrolment_id__in=ids)
        .order_by("created_at", "pk")
        .values_list("enrolment_id", "reason")
    ):
        notices.setdefault(enrolment_id, []).append(reason)
    return [
        RollCallRow(
            enrolment=e,
            name=display_name(e),
            organisation=e.organisation.name if e.organisation else "",
            signed_at=signed[e.pk].astimezone(zone) if e.pk in signed else None,
            record=records.get(e.pk),
            notices=notices.get(e.pk, []),
        )
        for e in enrolments
    ]


def roll_call(slot) -> RollCall:
    """Everyone called for the half-day (admitted or enrolled), in name order: 4 queries."""
    zone = zone_of(slot)
    enrolments = list(
        Enrolment.objects.filter(cohort_id=slot.cohort_id, status__in=ACTIVE)
        .select_related("user", "organisation", "application")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    return RollCall(
        slot=slot,
        zone=zone,
        name=half_day_name(slot, zone),
        start=slot.start.astimezone(zone),
        end=slot.end.astimezone(zone),
        rows=_rows(slot, enrolments, zone),
    )


def roll_call_row(slot, enrolment: Enrolment) -> RollCallRow:
    """One row again, after a change (the HTMX answer)."""
    return _rows(slot, [enrolment], zone_of(slot))[0]


def called_enrolment(slot, raw_id: str) -> Enrolment | None:
    """The enrolment a roll call form is about, if it is one of this slot's cohort."""
    if not raw_id.isdigit():
        return None
    return (
        Enrolment.objects.select_related("user", "organisation", "application", "cohort")
        .filter(pk=int(raw_id), cohort_id=slot.cohort_id)
        .first()
    )


# --- One record and its history ---------------------------------------------------------


def can_see_record(user, record: AttendanceRecord) -> bool:
    """The coordination and the cohort's speakers, the participant, their tutor."""
    if not user.is_authenticated:
        return False
    enrolment = record.enrolment
    cohort_id = record.slot.cohort_id
    if enrolment.user_id == user.pk:
        return True
    if enrolment.tutor_id == user.pk and has_role(user, cohort_id, Role.TUTOR):
        return True
    return has_role(user, cohort_id, Role.COORDINATOR, Role.SPEAKER)


def get_record_for(user, record_id: int) -> AttendanceRecord:
    """The record if `user` may see it; 404 otherwise (unknown or forbidden alike)."""
    record = (
        AttendanceRecord.objects.select_related(
            "slot__module",
            "slot__cohort",
            "enrolment__user",
            "enrolment__organisation",
            "enrolment__application",
        )
        .filter(pk=record_id)
        .first()
    )
    if record is None or not can_see_record(user, record):
        raise Http404(_("Présence introuvable."))
    return record


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime  # local
    by: str
    before: str
    after: str
    reason: str
    created: bool  # the first entry: the record's creation

    @property
    def when(self) -> str:
        """« 20 janvier 2025, 14 h 05 »."""
        return f"{french_date(self.at.date())}, {french_time(self.at.time())}"


def record_history(record: AttendanceRecord) -> list[HistoryEntry]:
    """Every change of the record, oldest first, in words (1 query)."""
    zone = zone_of(record.slot)
    return [
        HistoryEntry(
            at=change.at.astimezone(zone),
            by=str(change.by),
            before=snapshot_text(change.before),
            after=snapshot_text(change.after),
            reason=change.reason,
            created=not change.before,
        )
        for change in AttendanceChange.objects.filter(record=record).select_related("by")
    ]
