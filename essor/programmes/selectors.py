"""Reads of programmes, modules and slots; every list here has a fixed number of queries."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Min, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort

from .models import Module, Programme, Slot


@dataclass
class ModuleWithSlots:
    module: Module
    slots: list[Slot] = field(default_factory=list)

    @property
    def duration(self) -> timedelta:
        return sum((s.duration for s in self.slots), timedelta())


@dataclass
class CohortCalendar:
    cohort: Cohort
    modules: list[ModuleWithSlots]

    @property
    def slots(self) -> list[Slot]:
        return [s for m in self.modules for s in m.slots]

    @property
    def duration(self) -> timedelta:
        return sum((m.duration for m in self.modules), timedelta())

    @property
    def first_day(self) -> date | None:
        """The local date (in the cohort's zone) of the first half-day."""
        slots = self.slots
        if not slots:
            return None
        return min(s.start for s in slots).astimezone(ZoneInfo(self.cohort.timezone)).date()

    @property
    def last_day(self) -> date | None:
        slots = self.slots
        if not slots:
            return None
        return max(s.end for s in slots).astimezone(ZoneInfo(self.cohort.timezone)).date()


def programme_list() -> QuerySet[Programme]:
    """Programmes for the home page, each with its public cohorts (2 queries)."""
    public_cohorts = (
        Cohort.objects.filter(is_public=True)
        .annotate(first_start=Min("slots__start"))
        .order_by("first_start")
    )
    return Programme.objects.prefetch_related(
        Prefetch("cohorts", queryset=public_cohorts, to_attr="public_cohorts")
    ).order_by("code")


def get_programme(code: str) -> Programme:
    """The programme by code (case-insensitive), 404 when unknown."""
    programme = Programme.objects.filter(code__iexact=code).first()
    if programme is None:
        raise Http404(_("Programme introuvable."))
    return programme


def public_cohorts(programme: Programme) -> list[Cohort]:
    return list(
        programme.cohorts.filter(is_public=True)
        .annotate(first_start=Min("slots__start"))
        .order_by("first_start")
    )


def cohort_calendar(cohort: Cohort) -> CohortCalendar:
    """Every module of the cohort's programme with the cohort's slots (2 queries)."""
    modules = Module.objects.filter(programme_id=cohort.programme_id).prefetch_related(
        Prefetch("slots", queryset=Slot.objects.filter(cohort=cohort).order_by("start"))
    )
    return CohortCalendar(
        cohort=cohort,
        modules=[ModuleWithSlots(module=m, slots=list(m.slots.all())) for m in modules],
    )


def featured_cohort(cohorts: list[Cohort], today: date) -> Cohort | None:
    """The cohort a visitor most likely wants: the next to start, else the latest."""
    dated = [c for c in cohorts if c.first_start is not None]
    upcoming = [c for c in dated if c.first_start.date() >= today]
    if upcoming:
        return min(upcoming, key=lambda c: c.first_start)
    if dated:
        return max(dated, key=lambda c: c.first_start)
    return cohorts[0] if cohorts else None


def get_public_cohort(slug: str) -> Cohort:
    """A published cohort (calendar, public API); unknown and unpublished answer the same 404."""
    cohort = Cohort.objects.select_related("programme").filter(slug=slug, is_public=True).first()
    if cohort is None:
        raise Http404(_("Promotion introuvable."))
    return cohort


def programme_modules(programme: Programme) -> list[Module]:
    """The programme's modules in order, for when no dated cohort gives them slots (1 query)."""
    return list(Module.objects.filter(programme=programme).order_by("number"))


# --- Public pages -------------------------------------------------------------------


@dataclass(frozen=True)
class CohortSpan:
    """What a list shows of a cohort without its calendar: hours and first/last instants."""

    duration: timedelta
    first_start: datetime
    last_end: datetime
    slot_count: int


def cohort_spans(cohort_ids: Iterable[int]) -> dict[int, CohortSpan]:
    """Hours, first start and last end of each cohort (1 query).

    Summed in Python rather than with Sum(F("end") - F("start")) so that SQLite and
    PostgreSQL give the same timedelta without backend-specific duration arithmetic."""
    rows = (
        Slot.objects.filter(cohort_id__in=list(cohort_ids))
        .order_by()
        .values_list("cohort_id", "start", "end")
    )
    grouped: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for cohort_id, start, end in rows:
        grouped[cohort_id].append((start, end))
    return {
        cohort_id: CohortSpan(
            duration=sum((end - start for start, end in slots), timedelta()),
            first_start=min(start for start, _end in slots),
            last_end=max(end for _start, end in slots),
            slot_count=len(slots),
        )
        for cohort_id, slots in grouped.items()
    }


@dataclass(frozen=True)
class ProgrammeOverview:
    programme: Programme
    cohort: Cohort | None
    span: CohortSpan | None
    upcoming: bool


def programme_overviews(today: date) -> list[ProgrammeOverview]:
    """Each programme with the cohort a visitor most likely wants and its hours (3 queries)."""
    programmes = list(programme_list())
    featured = {p.pk: featured_cohort(p.public_cohorts, today) for p in programmes}
    spans = cohort_spans(c.pk for c in featured.values() if c is not None)
    overviews = []
    for programme in programmes:
        cohort = featured[programme.pk]
        span = spans.get(cohort.pk) if cohort else None
        upcoming = span is not None and span.first_start.date() >= today
        overviews.append(ProgrammeOverview(programme, cohort, span, upcoming))
    return overviews


def pick_public_cohort(cohorts: list[Cohort], slug: str | None, today: date) -> Cohort | None:
    """The cohort asked for with ?cohort=<slug> among the public ones (404 otherwise), or
    the featured one when none is asked for. No query: `cohorts` is already loaded."""
    if slug:
        for cohort in cohorts:
            if cohort.slug == slug:
                return cohort
        raise Http404(_("Promotion introuvable."))
    return featured_cohort(cohorts, today)


@dataclass(frozen=True)
class DayCount:
    """« 12 journées de 7 h »: how many (half-)days of one length a cohort has."""

    count: int
    full_day: bool
    duration: timedelta


def day_breakdown(calendar: CohortCalendar) -> list[DayCount]:
    """The cohort's hours split into days and half-days, computed from the slots (no query).

    A module's slots on one local date form a day when there are two or more of them,
    a half-day when alone; days come first, longest first.
    """
    zone = ZoneInfo(calendar.cohort.timezone)
    counts: Counter[tuple[bool, timedelta]] = Counter()
    for item in calendar.modules:
        per_date: dict[date, list[Slot]] = defaultdict(list)
        for slot in item.slots:
            per_date[slot.start.astimezone(zone).date()].append(slot)
        for slots in per_date.values():
            counts[(len(slots) > 1, sum((s.duration for s in slots), timedelta()))] += 1
    return [
        DayCount(count=n, full_day=full, duration=duration)
        for (full, duration), n in sorted(counts.items(), key=lambda kv: (not kv[0][0], -kv[0][1]))
    ]


@dataclass(frozen=True)
class PersonalWorkSchedule:
    """The personal work of the programme placed on the cohort's calendar."""

    statement_module: ModuleWithSlots | None
    tutoring_modules: list[ModuleWithSlots]
    oral_module: ModuleWithSlots | None


def personal_work_schedule(programme: Programme, calendar: CohortCalendar) -> PersonalWorkSchedule:
    """Which dated modules host the statement of intent, tutoring and oral presentations."""
    by_number = {item.module.number: item for item in calendar.modules}
    work = programme.personal_work or {}
    statement = work.get("statement_of_intent") or {}
    tutoring = work.get("tutoring") or {}
    return PersonalWorkSchedule(
        statement_module=by_number.get(statement.get("presented_at_module")),
        tutoring_modules=[by_number[n] for n in tutoring.get("modules", []) if n in by_number],
        oral_module=by_number.get(tutoring.get("oral_presentation_module")),
    )
