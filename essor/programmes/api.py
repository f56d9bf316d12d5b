"""Public programme data over JSON: the catalogue and one programme with its dated modules.

Times are ISO 8601 with the offset of the cohort's zone (2025-03-18T09:00:00+01:00,
2025-04-14T10:00:00+02:00), so a client never has to know the zone to place a slot.
Hours are computed from the slots, like everywhere else in Essor.
"""

from datetime import datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field, WithJsonSchema

from essor.core import clock

from . import selectors
from .models import Module, ModuleFormat, ModuleKind
from .selectors import CohortCalendar, ModuleWithSlots
from .timeutils import hours_of

router = Router(tags=["programmes"])

# 90 stays 90 and 3.5 stays 3.5 in the JSON, while the schema still says "number".
Hours = Annotated[
    int | float,
    WithJsonSchema({"type": "number", "description": "Heures, calculées à partir des créneaux."}),
]


def hours_number(duration: timedelta) -> int | float:
    hours = hours_of(duration)
    return int(hours) if hours == hours.to_integral_value() else float(hours)


class SlotOut(Schema):
    id: int
    start: datetime = Field(
        description="Début, ISO 8601 avec le décalage du fuseau de la promotion."
    )
    end: datetime = Field(description="Fin, ISO 8601 avec le décalage du fuseau de la promotion.")


class ModuleOut(Schema):
    number: int
    title: str
    kind: ModuleKind
    format: ModuleFormat
    description: str
    hours: Hours
    slots: list[SlotOut]


class ProgrammeSummaryOut(Schema):
    code: str
    title: str
    level: int
    total_hours: Hours | None = Field(
        description="Heures de la promotion mise en avant ; null sans promotion datée."
    )
    cohorts: list[str] = Field(description="Identifiants des promotions publiées.")


class ProgrammeOut(ProgrammeSummaryOut):
    level_label: str
    cohort: str | None = Field(
        description="La promotion dont les créneaux sont donnés (la prochaine, sinon la dernière)."
    )
    modules: list[ModuleOut]


def module_out(entry: ModuleWithSlots, zone: ZoneInfo) -> dict:
    module = entry.module
    return {
        "number": module.number,
        "title": module.title,
        "kind": module.kind,
        "format": module.format,
        "description": module.description,
        "hours": hours_number(entry.duration),
        "slots": [
            {"id": s.id, "start": s.start.astimezone(zone), "end": s.end.astimezone(zone)}
            for s in entry.slots
        ],
    }


def calendar_modules(calendar: CohortCalendar) -> list[dict]:
    zone = ZoneInfo(calendar.cohort.timezone)
    return [module_out(entry, zone) for entry in calendar.modules]


def undated_modules(modules: list[Module]) -> list[dict]:
    return [module_out(ModuleWithSlots(module=m), ZoneInfo("UTC")) for m in modules]


@router.get("/programmes", response=list[ProgrammeSummaryOut], url_name="programme-list")
def list_programmes(request):
    """Les programmes et leurs promotions publiées (3 requêtes, quel que soit leur nombre)."""
    return [
        {
            "code": o.programme.code,
            "title": o.programme.title,
            "level": o.programme.level,
            "total_hours": hours_number(o.span.duration) if o.span else None,
            "cohorts": [c.slug for c in o.programme.public_cohorts],
        }
        for o in selectors.programme_overviews(timezone.localdate(clock.now()))
    ]


@router.get("/programmes/{code}", response=ProgrammeOut, url_name="programme-detail")
def get_programme(request, code: str):
    """Un programme avec ses modules et les créneaux de sa promotion mise en avant."""
    try:
        programme = selectors.get_programme(code)
    except Http404:
        raise Http404(_("Programme introuvable.")) from None
    cohorts = selectors.public_cohorts(programme)
    cohort = selectors.featured_cohort(cohorts, timezone.localdate(clock.now()))
    if cohort is None:
        modules, total_hours = undated_modules(selectors.programme_modules(programme)), None
    else:
        calendar = selectors.cohort_calendar(cohort)
        modules, total_hours = calendar_modules(calendar), hours_number(calendar.duration)
    return {
        "code": programme.code,
        "title": programme.title,
        "level": programme.level,
        "level_label": programme.level_label,
        "total_hours": total_hours,
        "cohorts": [c.slug for c in cohorts],
        "cohort": cohort.slug if cohort else None,
        "modules": modules,
    }
