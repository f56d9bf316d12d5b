"""Reads of programmes, modules and slots; every list here has a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Min, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

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
        slots = self.slots
        return min(s.start for s in slots).date() if slots else None

    @property
    def last_day(self) -> date | None:
        slots = self.slots
        return max(s.end for s in slots).date() if slots else None


def programme_list() -> QuerySet[Programme]:
    """Programmes for the home page, each with its public cohorts (2 queries)."""
    public_cohorts = Cohort.objects.filter(is_public=True).annotate(
        first_start=Min("slots__start")
    ).order_by("first_start")
    return Programme.objects.prefetch_related(
        Prefetch("cohorts", queryset=public_cohorts, to_attr="public_cohorts")
    ).order_by("code")


def get_programme(code: str) -> Programme:
    """The programme by code (case-insensitive), 404 when unknown."""
    return get_object_or_404(Programme, code__iexact=code)


def get_cohort(slug: str) -> Cohort:
    return get_object_or_404(Cohort.objects.select_related("programme"), slug=slug)


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
