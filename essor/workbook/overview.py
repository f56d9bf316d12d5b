"""The coordination's (or a tutor's) overview of a cohort's workbooks: one row per
participant, one cell per section with its status and whether it is late. A fixed number
of queries whatever the cohort's size."""

from dataclasses import dataclass
from datetime import datetime

from essor.cohorts.models import Cohort, Enrolment, EnrolmentStatus, Role
from essor.cohorts.permissions import has_role, visible_enrolments
from essor.cohorts.selectors import person_name

from .models import SectionEntry, SectionStatus, Workbook
from .sections import SPECS, due_dates

FOLLOWED = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED, EnrolmentStatus.CERTIFIED)


@dataclass(frozen=True)
class Cell:
    code: str
    status: str  # todo / in_progress / done
    label: str
    late: bool


@dataclass(frozen=True)
class Row:
    enrolment: Enrolment
    name: str
    opened: bool  # the participant has opened their workbook
    cells: list[Cell]
    updated_at: datetime | None

    @property
    def done(self) -> int:
        return sum(1 for c in self.cells if c.status == SectionStatus.DONE)

    @property
    def late(self) -> int:
        return sum(1 for c in self.cells if c.late)


@dataclass(frozen=True)
class Overview:
    cohort: Cohort
    rows: list[Row]
    due: dict[str, datetime | None]
    specs: tuple

    @property
    def due_list(self) -> list[tuple]:
        return [(spec, self.due.get(spec.code)) for spec in self.specs]


def _sort_key(enrolment: Enrolment):
    last, first = person_name(enrolment)
    return (last.casefold(), first.casefold(), enrolment.pk)


def cohort_overview(user, cohort: Cohort, *, now: datetime) -> Overview:
    """The coordination sees every participant; anyone else (a tutor, even one who also
    speaks in the cohort) only those they tutor."""
    visible = visible_enrolments(user, cohort)
    if not has_role(user, cohort, Role.COORDINATOR):
        visible = visible.filter(tutor=user)
    enrolments = sorted(
        visible.filter(status__in=FOLLOWED).select_related(
            "user", "application", "organisation", "tutor"
        ),
        key=_sort_key,
    )
    ids = [e.pk for e in enrolments]
    workbooks = dict(
        Workbook.objects.filter(enrolment_id__in=ids).values_list("enrolment_id", "pk")
    )
    entries: dict[tuple[int, str], tuple[str, datetime | None]] = {}
    last: dict[int, datetime | None] = {}
    for workbook_id, section, status, updated_at in SectionEntry.objects.filter(
        workbook__enrolment_id__in=ids
    ).values_list("workbook_id", "section", "status", "updated_at"):
        entries[(workbook_id, section)] = (status, updated_at)
        if updated_at is not None and (
            last.get(workbook_id) is None or updated_at > last[workbook_id]
        ):
            last[workbook_id] = updated_at
    due = due_dates(cohort)
    labels = dict(SectionStatus.choices)
    rows = []
    for enrolment in enrolments:
        workbook_id = workbooks.get(enrolment.pk)
        cells = []
        for spec in SPECS:
            status, _updated = entries.get((workbook_id, spec.code), (SectionStatus.TODO, None))
            deadline = due.get(spec.code)
            late = deadline is not None and now > deadline and status != SectionStatus.DONE
            cells.append(Cell(spec.code, status, str(labels[status]), late))
        last_name, first_name = person_name(enrolment)
        rows.append(
            Row(
                enrolment=enrolment,
                name=f"{last_name.upper()} {first_name}".strip(),
                opened=workbook_id is not None,
                cells=cells,
                updated_at=last.get(workbook_id),
            )
        )
    return Overview(cohort=cohort, rows=rows, due=due, specs=SPECS)
