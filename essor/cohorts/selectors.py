"""Reads for the personal spaces and dashboards; each page's data in a fixed number of queries.

Nothing here checks permissions: views fetch the cohort through `get_cohort_for` first and
pass it in. The statement's state is derived by `essor.coursework.selectors`, never stored.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.core.formats import french_time
from essor.coursework.models import StatementOfIntent
from essor.coursework.selectors import (
    StatementState,
    statement_deadline,
    statement_state,
    statements_by_enrolment,
)
from essor.programmes.models import Slot
from essor.programmes.selectors import cohort_calendar, personal_work_schedule

from .models import (
    Application,
    ApplicationStatus,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    Membership,
    OrganisationFamily,
    Region,
    Role,
)

User = get_user_model()

# Enrolments still following the programme: alerts and lists of people concern them only.
ACTIVE_STATUSES = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED)

# The states of `essor.coursework.selectors.statement_state`, in the order a coordinator
# reads them (what needs chasing first).
STATEMENT_STATES = {
    "overdue": gettext_lazy("en retard (non remise)"),
    "missing": gettext_lazy("non commencée"),
    "draft": gettext_lazy("brouillon"),
    "late": gettext_lazy("remise en retard"),
    "submitted": gettext_lazy("remise"),
}


# --- Half-days ------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotView:
    """A half-day as a person reads it: local instants, times written « 14 h 30 »."""

    slot: Slot
    start: datetime  # in the cohort's zone
    end: datetime
    running: bool
    past: bool

    @property
    def module(self):
        return self.slot.module

    @property
    def times(self) -> str:
        return f"{french_time(self.start.time())} – {french_time(self.end.time())}"


def slot_view(slot: Slot, zone: ZoneInfo, now: datetime) -> SlotView:
    return SlotView(
        slot=slot,
        start=slot.start.astimezone(zone),
        end=slot.end.astimezone(zone),
        running=slot.start <= now < slot.end,
        past=slot.end <= now,
    )


def next_slot(cohort: Cohort, now: datetime) -> SlotView | None:
    """The half-day running now, else the next one to come (1 query)."""
    slot = (
        Slot.objects.filter(cohort=cohort, end__gt=now)
        .select_related("module")
        .order_by("start")
        .first()
    )
    return slot_view(slot, ZoneInfo(cohort.timezone), now) if slot else None


def person_name(enrolment: Enrolment) -> tuple[str, str]:
    """(last name, first name), from the account, or the application before it is accepted."""
    source = enrolment.user or enrolment.application
    if source is None:
        return "", ""
    return source.last_name, source.first_name


def display_name(enrolment: Enrolment) -> str:
    last_name, first_name = person_name(enrolment)
    return f"{first_name} {last_name}".strip() or _("(sans nom)")


def person_email(enrolment: Enrolment) -> str:
    source = enrolment.user or enrolment.application
    return source.email if source is not None else ""


# --- « Mon espace » ---------------------------------------------------------------------


@dataclass(frozen=True)
class SpaceLink:
    role: str
    role_label: str
    label: str
    url: str


@dataclass
class CohortSpace:
    cohort: Cohort
    links: list[SpaceLink] = field(default_factory=list)


# Role → (URL name, link text). Ordered as the links are shown.
_ROLE_PAGES = {
    Role.COORDINATOR: ("cohorts:dashboard", gettext_lazy("Tableau de bord de la coordination")),
    Role.SPEAKER: ("cohorts:speaker-home", gettext_lazy("Espace intervenant·e")),
    Role.TUTOR: ("cohorts:tutor-home", gettext_lazy("Espace tuteur·rice")),
    Role.PARTICIPANT: ("cohorts:participant-home", gettext_lazy("Mon parcours")),
    Role.PARTNER: ("cohorts:partner", gettext_lazy("Chiffres de la promotion")),
}
_ROLE_ORDER = list(_ROLE_PAGES)


def my_spaces(user) -> list[CohortSpace]:
    """Each cohort where `user` holds a role, with a link to the page of each role (1 query)."""
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("cohort")
        .order_by("cohort__title", "cohort__slug")
    )
    spaces: dict[int, CohortSpace] = {}
    for membership in memberships:
        space = spaces.setdefault(membership.cohort_id, CohortSpace(cohort=membership.cohort))
        url_name, label = _ROLE_PAGES[Role(membership.role)]
        space.links.append(
            SpaceLink(
                role=membership.role,
                role_label=Role(membership.role).label,
                label=str(label),
                url=reverse(url_name, kwargs={"slug": membership.cohort.slug}),
            )
        )
    for space in spaces.values():
        space.links.sort(key=lambda link: _ROLE_ORDER.index(link.role))
    return list(spaces.values())


# --- Participant home ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressItem:
    title: str
    detail: str


# What each certification requirement code of the programme file means, and where its
# progress will come from. No figure is shown until the feature that records it exists.
_REQUIREMENTS = {
    "attendance_all_slots": (
        gettext_lazy("Présence à chaque demi-journée (%(count)s au programme)"),
        gettext_lazy(
            "À venir : ce suivi se remplira au fil des émargements de chaque demi-journée."
        ),
    ),
    "note_accepted": (
        gettext_lazy("Note personnelle produite et acceptée"),
        gettext_lazy("À venir : ce suivi se remplira quand la note sera déposée puis évaluée."),
    ),
}


@dataclass(frozen=True)
class ParticipantHome:
    cohort: Cohort
    enrolment: Enrolment | None
    next_slot: SlotView | None
    statement: StatementOfIntent | None
    statement_state: StatementState
    deadline: datetime | None  # in the cohort's zone
    certification_text: str
    progress: list[ProgressItem]

    @property
    def deadline_time(self) -> str:
        return french_time(self.deadline.time()) if self.deadline else ""


def participant_home(cohort: Cohort, user, now: datetime) -> ParticipantHome:
    """What a participant needs on arriving (5 queries)."""
    enrolment = (
        Enrolment.objects.filter(cohort=cohort, user=user)
        .select_related("organisation", "tutor")
        .first()
    )
    statement = StatementOfIntent.objects.filter(enrolment=enrolment).first() if enrolment else None
    deadline = statement_deadline(cohort)
    slot_count = Slot.objects.filter(cohort=cohort).count()
    certification = cohort.programme.certification or {}
    progress = []
    for code in certification.get("requirements", []):
        title, detail = _REQUIREMENTS.get(code, (code, ""))
        progress.append(ProgressItem(title=str(title) % {"count": slot_count}, detail=str(detail)))
    zone = ZoneInfo(cohort.timezone)
    return ParticipantHome(
        cohort=cohort,
        enrolment=enrolment,
        next_slot=next_slot(cohort, now),
        statement=statement,
        statement_state=statement_state(statement, deadline, now),
        deadline=deadline.astimezone(zone) if deadline else None,
        certification_text=certification.get("text", ""),
        progress=progress,
    )


# --- Coordinator dashboard ----------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantRow:
    enrolment: Enrolment
    last_name: str
    first_name: str
    email: str
    statement: StatementOfIntent | None
    state: StatementState

    @property
    def name(self) -> str:
        return display_name(self.enrolment)

    @property
    def organisation(self):
        return self.enrolment.organisation

    @property
    def active(self) -> bool:
        return self.enrolment.status in ACTIVE_STATUSES


@dataclass(frozen=True)
class DashboardFilters:
    """The GET filters of the dashboard; unknown values are dropped, never trusted."""

    status: str = ""
    statement: str = ""
    tutor: str = ""  # a tutor's id, "none" (no tutor), or "" (any)

    @classmethod
    def from_query(cls, query: Mapping[str, str], tutor_ids: Iterable[int]) -> "DashboardFilters":
        status = query.get("status", "")
        statement = query.get("statement", "")
        tutor = query.get("tutor", "")
        allowed_tutors = {str(pk) for pk in tutor_ids} | {"none"}
        return cls(
            status=status if status in EnrolmentStatus.values else "",
            statement=statement if statement in STATEMENT_STATES else "",
            tutor=tutor if tutor in allowed_tutors else "",
        )

    @property
    def active(self) -> bool:
        return bool(self.status or self.statement or self.tutor)

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}

    def keep(self, row: ParticipantRow) -> bool:
        enrolment = row.enrolment
        if self.status and enrolment.status != self.status:
            return False
        if self.statement and row.state.code != self.statement:
            return False
        if self.tutor == "none":
            return enrolment.tutor_id is None
        return not self.tutor or str(enrolment.tutor_id) == self.tutor


@dataclass(frozen=True)
class Tally:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Dashboard:
    cohort: Cohort
    rows: list[ParticipantRow]  # after the filters
    total: int  # before the filters
    by_status: list[Tally]
    by_statement: list[Tally]
    alerts: list[ParticipantRow]
    tutors: list
    filters: DashboardFilters
    deadline: datetime | None  # in the cohort's zone
    applications_submitted: int
    applications_waitlisted: int


def cohort_tutors(cohort: Cohort) -> list:
    """The people holding the tutor role in `cohort`, by name (1 query)."""
    return list(
        User.objects.filter(memberships__cohort=cohort, memberships__role=Role.TUTOR)
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


def participant_rows(
    enrolments, *, deadline: datetime | None, now: datetime
) -> list[ParticipantRow]:
    """Rows for `enrolments` with their statement's state, sorted by name (2 queries)."""
    enrolments = list(
        enrolments.select_related("user", "application", "organisation", "tutor").order_by()
    )
    statements = statements_by_enrolment(e.pk for e in enrolments)
    rows = []
    for enrolment in enrolments:
        last_name, first_name = person_name(enrolment)
        statement = statements.get(enrolment.pk)
        rows.append(
            ParticipantRow(
                enrolment=enrolment,
                last_name=last_name,
                first_name=first_name,
                email=person_email(enrolment),
                statement=statement,
                state=statement_state(statement, deadline, now),
            )
        )
    rows.sort(key=lambda r: (r.last_name.casefold(), r.first_name.casefold(), r.enrolment.pk))
    return rows


def dashboard(cohort: Cohort, query: Mapping[str, str], now: datetime) -> Dashboard:
    """The coordinator's view of a cohort (5 queries, whatever its size).

    Cohorts hold a few dozen people: the rows are read whole and filtered here, so the
    counts describe the whole cohort while the table shows the filtered rows.
    """
    tutors = cohort_tutors(cohort)
    filters = DashboardFilters.from_query(query, (t.pk for t in tutors))
    deadline = statement_deadline(cohort)
    rows = participant_rows(Enrolment.objects.filter(cohort=cohort), deadline=deadline, now=now)
    statuses = Counter(r.enrolment.status for r in rows)
    states = Counter(r.state.code for r in rows if r.active)
    applications = Application.objects.filter(cohort=cohort).aggregate(
        submitted=Count("pk", filter=Q(status=ApplicationStatus.SUBMITTED)),
        waitlisted=Count("pk", filter=Q(status=ApplicationStatus.WAITLISTED)),
    )
    return Dashboard(
        cohort=cohort,
        rows=[r for r in rows if filters.keep(r)],
        total=len(rows),
        by_status=[Tally(s.value, s.label, statuses[s.value]) for s in EnrolmentStatus],
        by_statement=[
            Tally(code, str(label), states[code]) for code, label in STATEMENT_STATES.items()
        ],
        alerts=[r for r in rows if r.active and r.state.alert],
        tutors=tutors,
        filters=filters,
        deadline=deadline.astimezone(ZoneInfo(cohort.timezone)) if deadline else None,
        applications_submitted=applications["submitted"],
        applications_waitlisted=applications["waitlisted"],
    )


def get_cohort_enrolment(cohort: Cohort, enrolment_id: int) -> Enrolment:
    """An enrolment of `cohort` (whose access the caller has checked); 404 otherwise."""
    enrolment = (
        Enrolment.objects.select_related("user", "application", "tutor")
        .filter(cohort=cohort, pk=enrolment_id)
        .first()
    )
    if enrolment is None:
        raise Http404(_("Inscription introuvable."))
    return enrolment


# --- Speaker and tutor homes --------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A participant as a speaker sees them: name and organisation, nothing private."""

    last_name: str
    first_name: str
    organisation: object

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class SpeakerView:
    upcoming: list[SlotView]  # running and to come, soonest first
    past: list[SlotView]  # most recent first
    people: list[Person]


def speaker_home(cohort: Cohort, now: datetime) -> SpeakerView:
    """Every half-day of the cohort and its participants (2 queries).

    All modules are listed: speakers are not yet assigned to modules; once they are, this
    will show a speaker their own half-days only.
    """
    zone = ZoneInfo(cohort.timezone)
    slots = [
        slot_view(slot, zone, now)
        for slot in Slot.objects.filter(cohort=cohort).select_related("module").order_by("start")
    ]
    enrolments = Enrolment.objects.filter(cohort=cohort, status__in=ACTIVE_STATUSES).select_related(
        "user", "application", "organisation"
    )
    people = sorted(
        (Person(*person_name(e), organisation=e.organisation) for e in enrolments),
        key=lambda p: (p.last_name.casefold(), p.first_name.casefold()),
    )
    return SpeakerView(
        upcoming=[s for s in slots if not s.past],
        past=[s for s in reversed(slots) if s.past],
        people=people,
    )


@dataclass(frozen=True)
class TutoringDay:
    number: int
    title: str
    slots: list[SlotView]
    oral: bool  # the day of the oral presentations


@dataclass(frozen=True)
class TutorView:
    rows: list[ParticipantRow]
    deadline: datetime | None
    days: list[TutoringDay]
    sees_all: bool


def tutor_home(cohort: Cohort, user, now: datetime, *, sees_all: bool) -> TutorView:
    """A tutor's participants with their statement's state, and the tutoring days
    (5 queries). The coordination (`sees_all`) sees every participant."""
    enrolments = Enrolment.objects.filter(cohort=cohort, status__in=ACTIVE_STATUSES)
    if not sees_all:
        enrolments = enrolments.filter(tutor=user)
    deadline = statement_deadline(cohort)
    rows = participant_rows(enrolments, deadline=deadline, now=now)
    calendar = cohort_calendar(cohort)
    schedule = personal_work_schedule(cohort.programme, calendar)
    zone = ZoneInfo(cohort.timezone)
    oral = schedule.oral_module.module.number if schedule.oral_module else None
    days = [
        TutoringDay(
            number=item.module.number,
            title=item.module.title,
            slots=[slot_view(s, zone, now) for s in item.slots],
            oral=item.module.number == oral,
        )
        for item in schedule.tutoring_modules
    ]
    return TutorView(
        rows=rows,
        deadline=deadline.astimezone(zone) if deadline else None,
        days=days,
        sees_all=sees_all,
    )


# --- Partner: aggregate figures only ------------------------------------------------------

# Below this, a count could point at a person: it is shown as « moins de 3 ».
SMALL_CELL = 3


@dataclass(frozen=True)
class Cell:
    label: str
    count: int
    suppressed: bool

    @property
    def shown(self) -> str:
        return str(_("moins de %(n)s") % {"n": SMALL_CELL}) if self.suppressed else str(self.count)


def suppress(counts: list[tuple[str, int]]) -> list[Cell]:
    """Hide counts of 1 or 2, and — when exactly one count is hidden — the next smallest
    non-zero count too, so that the hidden one cannot be worked out from the total."""
    hidden = {i for i, (_label, n) in enumerate(counts) if 0 < n < SMALL_CELL}
    if len(hidden) == 1:
        others = [(n, i) for i, (_label, n) in enumerate(counts) if n and i not in hidden]
        if others:
            hidden.add(min(others)[1])
    return [Cell(label, n, i in hidden) for i, (label, n) in enumerate(counts)]


@dataclass(frozen=True)
class PartnerFigures:
    enrolled: Cell  # participants following or having followed the programme
    organisations: Cell
    by_status: list[Cell]
    by_family: list[Cell]
    by_region: list[Cell]


def _total(n: int) -> Cell:
    return Cell("", n, 0 < n < SMALL_CELL)


def partner_figures(cohort: Cohort) -> PartnerFigures:
    """Counts only, no name nor any row about a person (1 query). Families and regions
    count organisations (a structure with two participants counts once); regions and
    families without any organisation are left out."""
    rows = list(
        Enrolment.objects.filter(cohort=cohort)
        .order_by()
        .values_list("status", "organisation_id", "organisation__family", "organisation__region")
    )
    statuses = Counter(status for status, *_rest in rows)
    # Withdrawn participants' organisations no longer take part in the cohort.
    organisations = {
        org: (family, region)
        for status, org, family, region in rows
        if org is not None and status != EnrolmentStatus.WITHDRAWN
    }
    families = Counter(family for family, _region in organisations.values())
    regions = Counter(region for _family, region in organisations.values())
    return PartnerFigures(
        enrolled=_total(sum(n for s, n in statuses.items() if s != EnrolmentStatus.WITHDRAWN)),
        organisations=_total(len(organisations)),
        by_status=suppress([(s.label, statuses[s.value]) for s in EnrolmentStatus]),
        by_family=suppress(
            [(f.label, families[f.value]) for f in OrganisationFamily if families[f.value]]
        ),
        by_region=suppress([(r.label, regions[r.value]) for r in Region if regions[r.value]]),
    )
