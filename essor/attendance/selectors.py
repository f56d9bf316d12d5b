"""Reads of attendance: the coordinator's grid, a participant's own half-days, the speaker
assignment page. Each builds its page in a fixed number of queries, whatever the number
of participants and half-days: rows are read once per table and assembled in Python.

A cell's status comes from the `AttendanceRecord` (the status of record). A half-day with
no record reads « à venir » before it starts, « en cours » while it runs and « non
émargé » once it has ended (until `alerts.close_ended_slots` records the absence).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.cohorts.models import Cohort, Enrolment, EnrolmentStatus, Role
from essor.cohorts.selectors import person_name
from essor.core.formats import french_date, french_time
from essor.programmes.models import Module, Slot

from .hours import hours_attended, hours_by_enrolment
from .labels import half_of, status_text
from .models import AttendanceRecord, AttendanceStatus, Countersignature, Signature, SlotSpeaker

User = get_user_model()

# Who appears in the grid: people following (or who followed) the programme. Withdrawn
# enrolments are left out; their records stay in the database and in the sheets.
GRID_STATUSES = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED, EnrolmentStatus.CERTIFIED)

# Statuses that count as having attended the half-day; the others block the certificate.
ATTENDED = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY})
MISSED = frozenset({AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT, "unsigned"})


# --- Cells -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CellKind:
    code: str
    symbol: str  # what the eye reads in the grid, without colour
    label: object  # lazy French words, for the legend, screen readers and exports


# In the order of the legend. `code` is also the CSS modifier (.att--<code>) and the value
# of the grid's status filter.
CELL_KINDS = [
    CellKind(AttendanceStatus.PRESENT, "P", gettext_lazy("présent·e")),
    CellKind(AttendanceStatus.LATE, "R", gettext_lazy("en retard (minutes)")),
    CellKind(AttendanceStatus.LEFT_EARLY, "D", gettext_lazy("départ anticipé (minutes)")),
    CellKind(AttendanceStatus.EXCUSED, "J", gettext_lazy("absence justifiée")),
    CellKind(AttendanceStatus.ABSENT, "A", gettext_lazy("absent·e")),
    CellKind("unsigned", "?", gettext_lazy("non émargé, demi-journée terminée")),
    CellKind("running", "…", gettext_lazy("en cours, pas encore émargé")),
    CellKind("future", "·", gettext_lazy("à venir")),
]
_KINDS = {kind.code: kind for kind in CELL_KINDS}
# Read once: `AttendanceStatus.values` walks the enum at each call (780 cells a grid).
_RECORDED = frozenset(AttendanceStatus.values)


@dataclass(frozen=True)
class Cell:
    code: str
    minutes: int = 0
    record_id: int | None = None  # the record to open for its history and corrections

    @property
    def kind(self) -> CellKind:
        return _KINDS[self.code]

    @property
    def symbol(self) -> str:
        return f"{self.kind.symbol} {self.minutes}" if self.minutes else self.kind.symbol

    @property
    def label(self) -> str:
        """The status in words: « en retard (15 min) », « absence justifiée »."""
        if self.code in _RECORDED:
            return status_text(self.code, self.minutes, self.minutes)
        return str(self.kind.label)

    @property
    def attended(self) -> bool:
        return self.code in ATTENDED

    @property
    def missed(self) -> bool:
        return self.code in MISSED


def cell_for(record: Mapping | None, slot: Slot, now: datetime) -> Cell:
    """The cell of one participant for one half-day; `record` is a values() dict or None."""
    if record is not None:
        status, record_id = record["status"], record.get("id")
        if status == AttendanceStatus.LATE:
            return Cell(status, record["minutes_late"], record_id)
        if status == AttendanceStatus.LEFT_EARLY:
            return Cell(status, record["minutes_left_early"], record_id)
        return Cell(status, record_id=record_id)
    if slot.end <= now:
        return Cell("unsigned")
    if slot.start <= now:
        return Cell("running")
    return Cell("future")


# --- Half-days in words --------------------------------------------------------------------


def slot_moment(slot: Slot, zone: ZoneInfo) -> str:
    """« 25 février 2025 après-midi »."""
    start = slot.start.astimezone(zone)
    return f"{french_date(start.date())} {half_of(start)}"


def module_title(module: Module) -> str:
    return _("Module %(number)s : %(title)s") % {"number": module.number, "title": module.title}


def describe_slot(slot: Slot, zone: ZoneInfo) -> str:
    """« 25 février 2025 après-midi — Module 5 : Analyse organisationnelle »."""
    return f"{slot_moment(slot, zone)} — {module_title(slot.module)}"


def missing_text(cell: Cell, slot: Slot, zone: ZoneInfo) -> str:
    """Why a half-day blocks the certificate, in plain French (DESIGN.md)."""
    params = {"when": slot_moment(slot, zone), "module": module_title(slot.module)}
    if cell.code == AttendanceStatus.EXCUSED:
        return (
            _(
                "Absence justifiée le %(when)s — %(module)s. Elle bloque le certificat, sauf "
                "dérogation accordée par le jury."
            )
            % params
        )
    if cell.code == "unsigned":
        return (
            _(
                "Non émargé le %(when)s — %(module)s. Signalez votre présence ou votre "
                "absence à la coordination."
            )
            % params
        )
    return _("Absent·e le %(when)s — %(module)s.") % params


# --- The coordinator's grid ------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A half-day of the grid, with its totals over every participant of the grid."""

    slot: Slot
    start: datetime  # in the cohort's zone
    end: datetime
    ended: bool
    countersigned: bool
    attended: int
    enrolled: int

    @property
    def module(self) -> Module:
        return self.slot.module

    @property
    def day(self) -> str:
        """« 25 février » (the year is in the caption and the accessible name)."""
        return french_date(self.start.date()).rsplit(" ", 1)[0]

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def half_day(self) -> str:
        return half_of(self.start)

    @property
    def times(self) -> str:
        return f"{french_time(self.start.time())} – {french_time(self.end.time())}"

    @property
    def heading(self) -> str:
        """« M5 25 février 2025 après-midi »: the export's column title."""
        return f"M{self.module.number} {french_date(self.start.date())} {self.half_day}"


@dataclass(frozen=True)
class ModuleGroup:
    module: Module
    columns: list[Column]


@dataclass
class GridRow:
    enrolment: Enrolment
    last_name: str
    first_name: str
    cells: list[Cell]  # one per shown column
    attended: int  # over the whole programme, whatever the filters
    missed: int
    hours_attended: timedelta | None
    hours_planned: timedelta | None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def organisation(self):
        return self.enrolment.organisation


NAME_MAX = 100


@dataclass(frozen=True)
class GridFilters:
    module: int | None = None
    status: str = ""
    name: str = ""
    missed: bool = False

    @classmethod
    def from_query(cls, query: Mapping[str, str], module_numbers: Iterable[int]) -> "GridFilters":
        """Unknown values are ignored, so a stale or hand-edited link still shows a grid."""
        raw_module = str(query.get("module", "")).strip()
        module = int(raw_module) if raw_module.isdigit() else None
        status = str(query.get("status", "")).strip()
        return cls(
            module=module if module in set(module_numbers) else None,
            status=status if status in _KINDS else "",
            name=" ".join(str(query.get("name", "")).split())[:NAME_MAX],
            missed=str(query.get("missed", "")) in ("1", "on", "true"),
        )

    @property
    def active(self) -> bool:
        return bool(self.module or self.status or self.name or self.missed)

    def as_query(self) -> dict[str, str]:
        query = {}
        if self.module:
            query["module"] = str(self.module)
        if self.status:
            query["status"] = self.status
        if self.name:
            query["name"] = self.name
        if self.missed:
            query["missed"] = "1"
        return query

    def keep(self, row: GridRow) -> bool:
        if self.name and self.name.casefold() not in f"{row.name} {row.last_name}".casefold():
            return False
        if self.missed and not row.missed:
            return False
        return not self.status or any(cell.code == self.status for cell in row.cells)


@dataclass
class Grid:
    cohort: Cohort
    now: datetime
    modules: list[Module]  # every module with a half-day, for the module filter
    groups: list[ModuleGroup]  # the shown columns, grouped by module
    rows: list[GridRow]  # the shown rows
    total: int  # participants in the grid before filtering
    filters: GridFilters
    legend: list[CellKind] = field(default_factory=lambda: CELL_KINDS)

    @property
    def columns(self) -> list[Column]:
        return [c for g in self.groups for c in g.columns]

    @property
    def column_count(self) -> int:
        return len(self.columns)

    @property
    def updated(self) -> str:
        """« 14 h 05 »: when the shown state was read."""
        return french_time(self.now.astimezone(ZoneInfo(self.cohort.timezone)).time())


def grid_enrolments(cohort: Cohort) -> list[Enrolment]:
    """The grid's participants, by last then first name (1 query)."""
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status__in=GRID_STATUSES).select_related(
            "user", "application", "organisation"
        )
    )
    enrolments.sort(key=lambda e: tuple(part.casefold() for part in person_name(e)))
    return enrolments


def cohort_slots(cohort: Cohort) -> list[Slot]:
    """The cohort's half-days in time order, with their module (1 query)."""
    return list(Slot.objects.filter(cohort=cohort).select_related("module").order_by("start"))


def records_by_cell(cohort: Cohort) -> dict[tuple[int, int], dict]:
    """(slot id, enrolment id) → the record's status fields (1 query)."""
    rows = AttendanceRecord.objects.filter(slot__cohort=cohort).values(
        "id", "slot_id", "enrolment_id", "status", "minutes_late", "minutes_left_early"
    )
    return {(r["slot_id"], r["enrolment_id"]): r for r in rows}


def attendance_grid(cohort: Cohort, query: Mapping[str, str], now: datetime) -> Grid:
    """Participants × half-days with totals (6 queries): slots, enrolments, records,
    countersignatures, and the two of `hours_by_enrolment`."""
    zone = ZoneInfo(cohort.timezone)
    slots = cohort_slots(cohort)
    enrolments = grid_enrolments(cohort)
    records = records_by_cell(cohort)
    countersigned = set(
        Countersignature.objects.filter(slot__cohort=cohort).values_list("slot_id", flat=True)
    )
    hours = hours_by_enrolment(cohort)

    modules: dict[int, Module] = {}
    for slot in slots:
        modules.setdefault(slot.module.number, slot.module)
    filters = GridFilters.from_query(query, modules)

    cells = {e.pk: [cell_for(records.get((s.pk, e.pk)), s, now) for s in slots] for e in enrolments}
    columns = []
    for index, slot in enumerate(slots):
        columns.append(
            Column(
                slot=slot,
                start=slot.start.astimezone(zone),
                end=slot.end.astimezone(zone),
                ended=slot.end <= now,
                countersigned=slot.pk in countersigned,
                attended=sum(1 for e in enrolments if cells[e.pk][index].attended),
                enrolled=len(enrolments),
            )
        )
    shown = [
        i
        for i, c in enumerate(columns)
        if filters.module is None or c.module.number == filters.module
    ]
    groups: list[ModuleGroup] = []
    for i in shown:
        column = columns[i]
        if groups and groups[-1].module.pk == column.module.pk:
            groups[-1].columns.append(column)
        else:
            groups.append(ModuleGroup(module=column.module, columns=[column]))

    rows = []
    for enrolment in enrolments:
        last_name, first_name = person_name(enrolment)
        all_cells = cells[enrolment.pk]
        attended, planned = hours.get(enrolment.pk, (None, None))
        row = GridRow(
            enrolment=enrolment,
            last_name=last_name,
            first_name=first_name,
            cells=[all_cells[i] for i in shown],
            attended=sum(1 for c in all_cells if c.attended),
            missed=sum(1 for c in all_cells if c.missed),
            hours_attended=attended,
            hours_planned=planned,
        )
        if filters.keep(row):
            rows.append(row)
    return Grid(
        cohort=cohort,
        now=now,
        modules=list(modules.values()),
        groups=groups,
        rows=rows,
        total=len(enrolments),
        filters=filters,
    )


# --- A participant's own attendance -------------------------------------------------------


@dataclass(frozen=True)
class MyHalfDay:
    slot: Slot
    start: datetime  # local
    end: datetime
    cell: Cell
    signed_at: datetime | None  # local

    @property
    def times(self) -> str:
        return f"{french_time(self.start.time())} – {french_time(self.end.time())}"

    @property
    def signed_time(self) -> str:
        return french_time(self.signed_at.time()) if self.signed_at else ""


@dataclass(frozen=True)
class MyAttendance:
    enrolment: Enrolment | None
    half_days: list[MyHalfDay]
    hours_attended: timedelta | None
    hours_planned: timedelta | None
    missing: list[str]  # what blocks the certificate, one sentence per half-day

    @property
    def attended(self) -> int:
        return sum(1 for h in self.half_days if h.cell.attended)

    @property
    def missed(self) -> int:
        return len(self.missing)

    @property
    def to_come(self) -> int:
        return sum(1 for h in self.half_days if h.cell.code in ("future", "running"))


def my_attendance(cohort: Cohort, enrolment: Enrolment | None, now: datetime) -> MyAttendance:
    """A participant's half-days, hours and what is missing for the certificate
    (5 queries: slots, records, signatures, and the two of `hours_attended`)."""
    zone = ZoneInfo(cohort.timezone)
    slots = cohort_slots(cohort)
    if enrolment is None:
        return MyAttendance(None, [], None, None, [])
    records = {
        r["slot_id"]: r
        for r in AttendanceRecord.objects.filter(enrolment=enrolment).values(
            "slot_id", "status", "minutes_late", "minutes_left_early"
        )
    }
    signed = dict(Signature.objects.filter(enrolment=enrolment).values_list("slot_id", "signed_at"))
    half_days = []
    missing = []
    for slot in slots:
        cell = cell_for(records.get(slot.pk), slot, now)
        at = signed.get(slot.pk)
        half_days.append(
            MyHalfDay(
                slot=slot,
                start=slot.start.astimezone(zone),
                end=slot.end.astimezone(zone),
                cell=cell,
                signed_at=at.astimezone(zone) if at else None,
            )
        )
        if cell.missed:
            missing.append(missing_text(cell, slot, zone))
    hours = hours_attended(enrolment)
    return MyAttendance(enrolment, half_days, hours.attended, hours.planned, missing)


# --- Speaker assignment -------------------------------------------------------------------


@dataclass(frozen=True)
class SlotAssignment:
    slot: Slot
    start: datetime  # local
    end: datetime
    speaker_ids: frozenset[int]

    @property
    def times(self) -> str:
        return f"{french_time(self.start.time())} – {french_time(self.end.time())}"


@dataclass(frozen=True)
class SpeakerAssignment:
    speakers: list  # the cohort's speakers (users), by name
    slots: list[SlotAssignment]


def cohort_speakers(cohort: Cohort) -> list:
    """People holding the speaker role in the cohort, by name (1 query)."""
    return list(
        User.objects.filter(memberships__cohort=cohort, memberships__role=Role.SPEAKER)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def speaker_assignment(cohort: Cohort) -> SpeakerAssignment:
    """Every half-day with its speakers, and the speakers to choose from (3 queries)."""
    zone = ZoneInfo(cohort.timezone)
    slots = cohort_slots(cohort)
    assigned: dict[int, set[int]] = {}
    for slot_id, speaker_id in SlotSpeaker.objects.filter(slot__cohort=cohort).values_list(
        "slot_id", "speaker_id"
    ):
        assigned.setdefault(slot_id, set()).add(speaker_id)
    return SpeakerAssignment(
        speakers=cohort_speakers(cohort),
        slots=[
            SlotAssignment(
                slot=s,
                start=s.start.astimezone(zone),
                end=s.end.astimezone(zone),
                speaker_ids=frozenset(assigned.get(s.pk, ())),
            )
            for s in slots
        ],
    )


# Used by the participant's home (« Vers le certificat ») through a template tag.
@dataclass(frozen=True)
class AttendanceSummary:
    hours_attended: timedelta | None
    hours_planned: timedelta | None
    attended: int
    missed: int
    total: int


def attendance_summary(cohort: Cohort, enrolment: Enrolment, now: datetime) -> AttendanceSummary:
    mine = my_attendance(cohort, enrolment, now)
    return AttendanceSummary(
        hours_attended=mine.hours_attended,
        hours_planned=mine.hours_planned,
        attended=mine.attended,
        missed=mine.missed,
        total=len(mine.half_days),
    )
