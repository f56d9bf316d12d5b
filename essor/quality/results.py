"""A cohort's results, computed from the records (Qualiopi indicators 2 and 3).

Definitions (also shown on the public page, see `METHOD_NOTES`):

- participants: every enrolment of the cohort, whatever its status (admitted, enrolled,
  certified or withdrawn): everyone who began counts.
- drop-out rate: withdrawn enrolments / participants.
- completion rate: participants (not withdrawn) who followed every module, i.e. with no
  half-day already ended left unattended (absent, excused without the jury's derogation,
  or not signed — the rule of essor.certification.eligibility), / participants.
- certification rate: participants holding a valid certificate (not revoked) / participants.
- attendance rate: hours attended / hours planned, over the half-days already ended and
  the participants who did not withdraw (hours counted by essor.attendance.hours).
- satisfaction: essor.surveys.results.overall_satisfaction, shown from 5 answers on.

Rates are Decimal percentages with one decimal (Decimal("83.3") = 83,3 %), None when
there is nobody to divide by.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from essor.attendance.hours import ZERO
from essor.attendance.models import AttendanceRecord
from essor.certification.eligibility import ATTENDANCE, evaluate
from essor.certification.models import Certificate, CertificateStatus, Derogation
from essor.cohorts.models import Cohort, Enrolment, EnrolmentStatus
from essor.core import clock
from essor.programmes.models import Programme, Slot
from essor.surveys.models import MIN_ANSWERS_SHOWN

# Blockers of the attendance rule that mean a module was not followed (« upcoming » is
# not one: a half-day still to come does not count against anybody).
NOT_FOLLOWED = frozenset({"absent", "excused", "not_signed"})

METHOD_NOTES = [
    (
        _("Participant·es"),
        _(
            "Toutes les personnes inscrites à la promotion, y compris celles qui ont "
            "abandonné en cours de formation."
        ),
    ),
    (
        _("Taux d'abandon"),
        _("Nombre d'abandons rapporté au nombre de participant·es."),
    ),
    (
        _("Taux d'achèvement"),
        _(
            "Participant·es ayant suivi l'ensemble des modules (aucune demi-journée passée "
            "non émargée, ni absence sans dérogation du jury) rapporté au nombre de "
            "participant·es."
        ),
    ),
    (
        _("Taux de certification"),
        _(
            "Participant·es titulaires d'un certificat délivré et non révoqué rapporté au "
            "nombre de participant·es."
        ),
    ),
    (
        _("Taux d'assiduité"),
        _(
            "Heures suivies rapportées aux heures prévues, sur les demi-journées terminées, "
            "pour les participant·es n'ayant pas abandonné."
        ),
    ),
    (
        _("Satisfaction"),
        _(
            "Moyenne des réponses à la question de satisfaction globale (échelle de 1 à 5) "
            "des questionnaires anonymes ; part des réponses à 4 ou 5. Affichée à partir de "
            "5 réponses."
        ),
    ),
]


def percent(part: int | float | Decimal, whole: int | float | Decimal) -> Decimal | None:
    """part / whole as a percentage with one decimal (half up); None when whole is 0."""
    if not whole:
        return None
    value = Decimal(str(part)) * 100 / Decimal(str(whole))
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Satisfaction:
    answers: int = 0
    mean: Decimal | None = None
    percent_satisfied: Decimal | None = None

    @property
    def shown(self) -> bool:
        return self.answers >= MIN_ANSWERS_SHOWN and self.mean is not None


@dataclass
class CohortResults:
    cohort: Cohort | None  # None for a programme's total
    participants: int = 0
    withdrawn: int = 0
    completed: int = 0
    certified: int = 0
    attended: timedelta = ZERO
    planned: timedelta = ZERO
    first_day: date | None = None
    last_day: date | None = None
    finished: bool = False
    satisfaction: Satisfaction = field(default_factory=Satisfaction)

    @property
    def dropout_rate(self) -> Decimal | None:
        return percent(self.withdrawn, self.participants)

    @property
    def completion_rate(self) -> Decimal | None:
        return percent(self.completed, self.participants)

    @property
    def certification_rate(self) -> Decimal | None:
        return percent(self.certified, self.participants)

    @property
    def attendance_rate(self) -> Decimal | None:
        return percent(self.attended.total_seconds(), self.planned.total_seconds())

    @property
    def attended_hours(self) -> Decimal:
        return (Decimal(self.attended.total_seconds()) / 3600).quantize(Decimal("0.01"))

    @property
    def planned_hours(self) -> Decimal:
        return (Decimal(self.planned.total_seconds()) / 3600).quantize(Decimal("0.01"))


@dataclass
class ProgrammeResults:
    programme: Programme
    cohorts: list[CohortResults]  # finished cohorts, oldest first
    total: CohortResults
    computed_on: date
    method_notes: list = field(default_factory=lambda: METHOD_NOTES)


def _satisfaction(cohorts: list[Cohort]) -> Satisfaction:
    from essor.surveys.results import overall_satisfaction

    if not cohorts:
        return Satisfaction()
    overall = overall_satisfaction(cohorts)
    return Satisfaction(
        answers=overall.answers,
        mean=_decimal(overall.mean, "0.01"),
        percent_satisfied=_decimal(overall.percent_satisfied, "0.1"),
    )


def _decimal(value, quantum: str) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(quantum), rounding=ROUND_HALF_UP)


def _compute(cohorts: list[Cohort], now: datetime) -> dict[int, CohortResults]:
    """Figures for these cohorts in 5 queries, whatever their number and size (the
    satisfaction is added by the callers)."""
    ids = [cohort.pk for cohort in cohorts]
    results = {cohort.pk: CohortResults(cohort=cohort) for cohort in cohorts}
    slots: dict[int, list[Slot]] = {pk: [] for pk in ids}
    for slot in Slot.objects.filter(cohort_id__in=ids).select_related("module").order_by("start"):
        slots[slot.cohort_id].append(slot)
    enrolments = list(
        Enrolment.objects.filter(cohort_id__in=ids)
        .order_by()
        .values_list("pk", "cohort_id", "status")
    )
    active = [pk for pk, _cohort, status in enrolments if status != EnrolmentStatus.WITHDRAWN]
    records: dict[int, dict[int, tuple[str, int, int]]] = {pk: {} for pk in active}
    for enrolment_id, slot_id, status, late, early in (
        AttendanceRecord.objects.filter(enrolment_id__in=active, slot__cohort_id__in=ids)
        .order_by()
        .values_list("enrolment_id", "slot_id", "status", "minutes_late", "minutes_left_early")
    ):
        records[enrolment_id][slot_id] = (status, late or 0, early or 0)
    derogations: dict[int, set[int]] = {pk: set() for pk in active}
    for enrolment_id, slot_id in (
        Derogation.objects.filter(enrolment_id__in=active)
        .order_by()
        .values_list("enrolment_id", "slot_id")
    ):
        derogations[enrolment_id].add(slot_id)
    certified = set(
        Certificate.objects.filter(enrolment__cohort_id__in=ids, status=CertificateStatus.VALID)
        .order_by()
        .values_list("enrolment_id", flat=True)
    )
    ended: dict[int, list[Slot]] = {pk: [s for s in slots[pk] if s.end <= now] for pk in ids}
    for cohort in cohorts:
        result = results[cohort.pk]
        cohort_slots = slots[cohort.pk]
        if cohort_slots:
            zone = ZoneInfo(cohort.timezone)
            result.first_day = cohort_slots[0].start.astimezone(zone).date()
            result.last_day = cohort_slots[-1].end.astimezone(zone).date()
            result.finished = cohort_slots[-1].end <= now
    shared: dict[int, dict] = {}  # per cohort: each half-day's blocker written once
    for pk, cohort_id, status in enrolments:
        result = results[cohort_id]
        result.participants += 1
        if pk in certified:
            result.certified += 1
        if status == EnrolmentStatus.WITHDRAWN:
            result.withdrawn += 1
            continue
        past = ended[cohort_id]
        eligibility = evaluate(
            requirements=[ATTENDANCE],
            slots=past,
            records=records[pk],
            derogated_slot_ids=derogations[pk],
            note_decision=None,
            statement_submitted=False,
            now=now,
            zone=ZoneInfo(result.cohort.timezone),
            shared=shared.setdefault(cohort_id, {}),
        )
        if not (eligibility.codes() & NOT_FOLLOWED):
            result.completed += 1
        result.attended += eligibility.attended
        result.planned += eligibility.planned
    return results


def cohort_results(cohort: Cohort) -> CohortResults:
    """The figures of one cohort (a fixed number of queries, whatever its size)."""
    result = _compute([cohort], clock.now())[cohort.pk]
    result.satisfaction = _satisfaction([cohort])
    return result


def finished_cohorts(programme: Programme, now: datetime | None = None) -> list[Cohort]:
    """The programme's cohorts whose last half-day has ended, oldest first (1 query)."""
    now = now or clock.now()
    return list(
        Cohort.objects.filter(programme=programme)
        .annotate(first_start=Min("slots__start"), last_end=Max("slots__end"))
        .filter(last_end__lte=now)
        .select_related("programme")
        .order_by("first_start", "pk")
    )


def _add(total: CohortResults, result: CohortResults) -> None:
    total.participants += result.participants
    total.withdrawn += result.withdrawn
    total.completed += result.completed
    total.certified += result.certified
    total.attended += result.attended
    total.planned += result.planned
    if result.first_day and (total.first_day is None or result.first_day < total.first_day):
        total.first_day = result.first_day
    if result.last_day and (total.last_day is None or result.last_day > total.last_day):
        total.last_day = result.last_day


def programme_results(programme: Programme) -> ProgrammeResults:
    """The public figures: per finished cohort, and all finished cohorts together."""
    now = clock.now()
    cohorts = finished_cohorts(programme, now)
    computed = _compute(cohorts, now)
    rows = []
    total = CohortResults(cohort=None, finished=True)
    for cohort in cohorts:
        result = computed[cohort.pk]
        result.satisfaction = _satisfaction([cohort])
        rows.append(result)
        _add(total, result)
    total.satisfaction = _satisfaction(cohorts)
    zone = ZoneInfo(cohorts[-1].timezone) if cohorts else None
    today = now.astimezone(zone).date() if zone else now.date()
    return ProgrammeResults(programme=programme, cohorts=rows, total=total, computed_on=today)
