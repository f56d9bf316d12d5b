"""Eligibility to the certificate, explained: every blocking item in plain French.

The rules are data of the programme (`Programme.certification["requirements"]`):

- "attendance_all_slots": every half-day of the cohort attended. A present, late or
  left-early record counts as attended: the rule is attendance at every module, and the
  hours actually followed are shown separately (essor.attendance.hours). A half-day that
  has not ended yet and has no such record is « à venir »; a past one blocks as an
  unexcused absence, an excused absence (unless the jury granted a derogation for that
  half-day) or a half-day without any record (« non émargé·e »).
- "note_accepted": the latest assessment of the note says « acceptée ».
- "statement_submitted" (optional): the statement of intent is submitted.

An unknown requirement blocks (better not certify than certify on a rule we cannot read).

`evaluate` is pure (no query); `eligibility_for` and `cohort_eligibility` load what it
needs in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.attendance.hours import ZERO, attended_duration
from essor.attendance.labels import half_of
from essor.attendance.models import AttendanceRecord, AttendanceStatus
from essor.cohorts.models import Cohort, Enrolment, EnrolmentStatus
from essor.core import clock
from essor.core.formats import french_date
from essor.coursework.models import NoteAssessment, NoteDecision, StatementOfIntent, StatementStatus
from essor.programmes.models import Slot

from .models import Derogation

ATTENDANCE = "attendance_all_slots"
NOTE = "note_accepted"
STATEMENT = "statement_submitted"
KNOWN_REQUIREMENTS = (ATTENDANCE, NOTE, STATEMENT)

# Late and left early count as attended (see the module docstring).
ATTENDED = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY})


@dataclass(frozen=True)
class Blocker:
    """One reason why the certificate cannot be issued yet.

    code: upcoming, absent, excused, not_signed, note_missing, note_rework, note_refused,
    statement_missing, unknown_requirement.
    """

    code: str
    message: str
    slot_id: int | None = None


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    items: list[Blocker] = field(default_factory=list)
    attended: timedelta = ZERO
    planned: timedelta = ZERO

    @property
    def reasons(self) -> list[str]:
        return [item.message for item in self.items]

    def codes(self) -> set[str]:
        return {item.code for item in self.items}

    def as_json(self) -> dict:
        """What a jury decision keeps as evidence (JuryDecision.eligibility)."""
        return {
            "eligible": self.eligible,
            "reasons": self.reasons,
            "items": [
                {"code": item.code, "message": item.message, "slot_id": item.slot_id}
                for item in self.items
            ],
            "attended_hours": round(self.attended.total_seconds() / 3600, 2),
            "planned_hours": round(self.planned.total_seconds() / 3600, 2),
        }


def slot_label(slot: Slot, zone: ZoneInfo) -> str:
    """« 25 février 2025 après-midi — Module 5 : Analyse organisationnelle »."""
    start = slot.start.astimezone(zone)
    return _("%(date)s %(half)s — Module %(number)s : %(title)s") % {
        "date": french_date(start.date()),
        "half": half_of(start),
        "number": slot.module.number,
        "title": slot.module.title,
    }


def _slot_code(slot: Slot, status: str | None, derogated: bool, now) -> str | None:
    """Why this half-day blocks, as a code (None: it does not)."""
    if status in ATTENDED:
        return None
    if slot.end > now:
        return "upcoming"
    if status == AttendanceStatus.EXCUSED:
        return None if derogated else "excused"
    if status == AttendanceStatus.ABSENT:
        return "absent"
    return "not_signed"


_SLOT_MESSAGES = {
    "upcoming": gettext_lazy("Demi-journée à venir : %(slot)s"),
    "excused": gettext_lazy("Absence justifiée le %(slot)s (dérogation du jury nécessaire)"),
    "absent": gettext_lazy("Absent·e le %(slot)s"),
    "not_signed": gettext_lazy("Non émargé·e le %(slot)s"),
}


def _slot_blocker(
    slot: Slot, status: str | None, derogated: bool, now, zone, shared: dict
) -> Blocker | None:
    code = _slot_code(slot, status, derogated, now)
    if code is None:
        return None
    # The same half-day blocks many participants of a cohort in the same way: the
    # (immutable) blocker is written once and shared through `shared`.
    blocker = shared.get((slot.pk, code))
    if blocker is None:
        message = str(_SLOT_MESSAGES[code]) % {"slot": slot_label(slot, zone)}
        blocker = shared[(slot.pk, code)] = Blocker(code, message, slot.pk)
    return blocker


def _note_blocker(decision: str | None) -> Blocker | None:
    if decision == NoteDecision.ACCEPTED:
        return None
    if decision == NoteDecision.REWORK:
        return Blocker("note_rework", _("Note à reprendre"))
    if decision == NoteDecision.REFUSED:
        return Blocker("note_refused", _("Note refusée"))
    return Blocker("note_missing", _("Note non encore acceptée"))


def evaluate(
    *,
    requirements: Iterable[str],
    slots: Iterable[Slot],
    records: Mapping[int, tuple[str, int, int]],
    derogated_slot_ids: set[int],
    note_decision: str | None,
    statement_submitted: bool,
    now: datetime,
    zone: ZoneInfo,
    shared: dict | None = None,
) -> Eligibility:
    """The eligibility of one participant (no query).

    slots: the cohort's slots, in order, with their module loaded; records: slot id →
    (status, minutes late, minutes left early); note_decision: the latest assessment's;
    shared: a dict passed to every participant of one cohort, where each half-day's
    blocker is kept once written (30 participants × 26 half-days, written 26 times).
    """
    shared = {} if shared is None else shared
    items: list[Blocker] = []
    attended = planned = ZERO
    slots = list(slots)
    for slot in slots:
        duration = slot.end - slot.start
        planned += duration
        record = records.get(slot.pk)
        if record is not None:
            attended += attended_duration(duration, *record)
    for requirement in requirements:
        if requirement == ATTENDANCE:
            for slot in slots:
                status = records[slot.pk][0] if slot.pk in records else None
                blocker = _slot_blocker(
                    slot, status, slot.pk in derogated_slot_ids, now, zone, shared
                )
                if blocker is not None:
                    items.append(blocker)
        elif requirement == NOTE:
            blocker = _note_blocker(note_decision)
            if blocker is not None:
                items.append(blocker)
        elif requirement == STATEMENT:
            if not statement_submitted:
                items.append(Blocker("statement_missing", _("Note d'intention non remise")))
        else:
            items.append(
                Blocker(
                    "unknown_requirement",
                    _("Condition du programme non reconnue : %(code)s") % {"code": requirement},
                )
            )
    return Eligibility(eligible=not items, items=items, attended=attended, planned=planned)


def _compute(cohort: Cohort, enrolment_ids: list[int]) -> dict[int, Eligibility]:
    """Eligibility for these enrolments of `cohort` (at most 5 queries, whatever their
    number; the programme must already be loaded on the cohort)."""
    requirements = list((cohort.programme.certification or {}).get("requirements", []))
    now = clock.now()
    zone = ZoneInfo(cohort.timezone)
    slots = list(Slot.objects.filter(cohort=cohort).select_related("module").order_by("start"))
    records: dict[int, dict[int, tuple[str, int, int]]] = {pk: {} for pk in enrolment_ids}
    rows = (
        AttendanceRecord.objects.filter(enrolment_id__in=enrolment_ids, slot__cohort=cohort)
        .order_by()
        .values_list("enrolment_id", "slot_id", "status", "minutes_late", "minutes_left_early")
    )
    for enrolment_id, slot_id, status, late, early in rows:
        records[enrolment_id][slot_id] = (status, late or 0, early or 0)
    derogations: dict[int, set[int]] = {pk: set() for pk in enrolment_ids}
    for enrolment_id, slot_id in (
        Derogation.objects.filter(enrolment_id__in=enrolment_ids)
        .order_by()
        .values_list("enrolment_id", "slot_id")
    ):
        derogations[enrolment_id].add(slot_id)
    decisions: dict[int, str] = {}
    if NOTE in requirements:
        # Append-only: the latest assessment (by date, then id) is the one in force.
        for enrolment_id, decision in (
            NoteAssessment.objects.filter(enrolment_id__in=enrolment_ids)
            .order_by("created_at", "id")
            .values_list("enrolment_id", "decision")
        ):
            decisions[enrolment_id] = decision
    submitted: set[int] = set()
    if STATEMENT in requirements:
        submitted = set(
            StatementOfIntent.objects.filter(
                enrolment_id__in=enrolment_ids, status=StatementStatus.SUBMITTED
            ).values_list("enrolment_id", flat=True)
        )
    shared: dict = {}
    return {
        pk: evaluate(
            requirements=requirements,
            slots=slots,
            records=records[pk],
            derogated_slot_ids=derogations[pk],
            note_decision=decisions.get(pk),
            statement_submitted=pk in submitted,
            now=now,
            zone=zone,
            shared=shared,
        )
        for pk in enrolment_ids
    }


def eligibility_for(enrolment: Enrolment) -> Eligibility:
    cohort = enrolment.cohort
    if not _programme_loaded(cohort):
        cohort = Cohort.objects.select_related("programme").get(pk=cohort.pk)
    return _compute(cohort, [enrolment.pk])[enrolment.pk]


def candidates(cohort: Cohort):
    """The enrolments judged for the certificate: everyone but those who withdrew, in
    name order, with their user."""
    return (
        Enrolment.objects.filter(cohort=cohort)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def cohort_eligibility(cohort: Cohort, enrolments=None) -> dict[int, Eligibility]:
    """Eligibility of every candidate of `cohort` (or of `enrolments`, already loaded),
    keyed by enrolment id, in a fixed number of queries (6 at most)."""
    if enrolments is None:
        enrolments = candidates(cohort)
    ids = [enrolment.pk for enrolment in enrolments]
    if not _programme_loaded(cohort):
        cohort = Cohort.objects.select_related("programme").get(pk=cohort.pk)
    return _compute(cohort, ids)


def _programme_loaded(cohort: Cohort) -> bool:
    return Cohort.programme.is_cached(cohort)


# Each requirement of the programme, as a participant reads it.
REQUIREMENT_TEXTS = {
    ATTENDANCE: gettext_lazy(
        "Être présent·e à chaque demi-journée de chaque module (un retard ou un départ "
        "anticipé compte comme une présence ; les heures suivies sont indiquées à part)."
    ),
    NOTE: gettext_lazy("Produire la note personnelle et la voir acceptée."),
    STATEMENT: gettext_lazy("Remettre la note d'intention."),
}
