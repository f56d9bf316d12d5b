"""Reads of the tutoring days: the schedule as each role sees it, the personal calendar,
the tutoring records. Every list is read in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.cohorts.models import Cohort, Enrolment, Role
from essor.cohorts.permissions import has_role
from essor.programmes.models import Module, Slot

from .models import PRESENTING, TutoringRecord, TutoringSession
from .selectors import participant_name

DEFAULT_TUTORING_MODULES = (9, 11, 13)

# The diagnostic sections of the workbook, ticked on a tutoring record when done.
DIAGNOSTIC_SECTIONS = (
    ("A", gettext_lazy("A — identité")),
    ("B", gettext_lazy("B — institutionnel")),
    ("C", gettext_lazy("C — organisationnel")),
    ("D", gettext_lazy("D — économique")),
    ("E", gettext_lazy("E — synthèse")),
    ("F", gettext_lazy("F — prospective")),
    ("G", gettext_lazy("G — gouvernance")),
    ("H", gettext_lazy("H — gestion")),
)


def tutoring_module_numbers(cohort: Cohort) -> tuple[int, ...]:
    """The programme's tutoring days (CS26: modules 9, 11 and 13)."""
    personal_work = cohort.programme.personal_work or {}
    numbers = (personal_work.get("tutoring") or {}).get("modules")
    return tuple(numbers) if numbers else DEFAULT_TUTORING_MODULES


def oral_module_number(cohort: Cohort) -> int:
    personal_work = cohort.programme.personal_work or {}
    return int((personal_work.get("tutoring") or {}).get("oral_presentation_module", 13))


def get_tutoring_module(cohort: Cohort, number: int) -> Module:
    """The module of a tutoring day; 404 for any other module number."""
    module = None
    if number in tutoring_module_numbers(cohort):
        module = Module.objects.filter(programme_id=cohort.programme_id, number=number).first()
    if module is None:
        raise Http404(_("Journée de tutorat introuvable."))
    return module


def get_tutoring_cohort(user, slug: str) -> Cohort:
    """The cohort for its coordination, tutors and participants; 404 for anyone else."""
    cohort = Cohort.objects.select_related("programme").filter(slug=slug).first()
    if cohort is None or not has_role(user, cohort, Role.COORDINATOR, Role.TUTOR, Role.PARTICIPANT):
        raise Http404(_("Promotion introuvable."))
    return cohort


def day_slots(cohort: Cohort, module: Module) -> list[Slot]:
    return list(Slot.objects.filter(cohort=cohort, module=module).order_by("start"))


def tutored_enrolments(cohort: Cohort) -> list[Enrolment]:
    """Participants who take part in the tutoring days, with a tutor, by tutor then name."""
    return list(
        Enrolment.objects.filter(cohort=cohort, status__in=PRESENTING, tutor__isnull=False)
        .select_related("user", "tutor", "application")
        .order_by(
            "tutor__last_name",
            "tutor__first_name",
            "tutor_id",
            "user__last_name",
            "user__first_name",
            "pk",
        )
    )


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


@dataclass
class SessionRow:
    session: TutoringSession
    tutor_name: str
    people: list[tuple[int, str]]  # (enrolment id, name)
    editable: bool = False

    @property
    def names(self) -> list[str]:
        return [name for _pk, name in self.people]


@dataclass
class TutoringDay:
    cohort: Cohort
    module: Module
    slots: list[Slot]
    rows: list[SessionRow]
    # Whose schedule the page shows: "all" (coordination), "tutor", "participant".
    scope: str
    enrolments_without_tutor: int = 0
    my_enrolment: Enrolment | None = None
    tutors: list = field(default_factory=list)


def _sessions(slots: list[Slot]):
    return (
        TutoringSession.objects.filter(slot__in=slots)
        .select_related("tutor")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Enrolment.objects.select_related("user", "application").order_by(
                    "user__last_name", "user__first_name", "pk"
                ),
            )
        )
        .order_by("start", "tutor__last_name", "id")
    )


def tutoring_day(cohort: Cohort, module: Module, user) -> TutoringDay:
    """The day's schedule as `user` may see it: everything for the coordination, their own
    blocks for a tutor, their own times for a participant. Four queries at most."""
    slots = day_slots(cohort, module)
    sessions = _sessions(slots)
    coordinator = has_role(user, cohort, Role.COORDINATOR)
    my_enrolment = None
    if coordinator:
        scope = "all"
    elif has_role(user, cohort, Role.TUTOR):
        scope = "tutor"
        sessions = sessions.filter(tutor=user)
    else:
        scope = "participant"
        my_enrolment = Enrolment.objects.filter(cohort=cohort, user=user).first()
        sessions = sessions.filter(participants=my_enrolment) if my_enrolment else sessions.none()
    rows = [
        SessionRow(
            session=s,
            tutor_name=person_name(s.tutor),
            people=[(e.pk, participant_name(e)) for e in s.participants.all()],
            editable=coordinator,
        )
        for s in sessions
    ]
    without_tutor = 0
    if coordinator:
        without_tutor = Enrolment.objects.filter(
            cohort=cohort, status__in=PRESENTING, tutor__isnull=True
        ).count()
    return TutoringDay(
        cohort=cohort,
        module=module,
        slots=slots,
        rows=rows,
        scope=scope,
        enrolments_without_tutor=without_tutor,
        my_enrolment=my_enrolment,
    )


def personal_sessions(cohort: Cohort, user) -> list[TutoringSession]:
    """The tutoring sessions `user` takes part in, as tutor or as participant (2 queries)."""
    own = Q(tutor=user) | Q(participants__user=user)
    ids = TutoringSession.objects.filter(own, slot__cohort=cohort).values("pk")
    return list(
        TutoringSession.objects.filter(pk__in=ids)
        .select_related("tutor", "slot__module")
        .prefetch_related(
            Prefetch("participants", queryset=Enrolment.objects.select_related("user"))
        )
        .order_by("start", "id")
    )


def get_session_for_edit(cohort: Cohort, module: Module, session_id: int) -> TutoringSession:
    session = (
        TutoringSession.objects.select_related("slot", "tutor")
        .filter(pk=session_id, slot__cohort=cohort, slot__module=module)
        .first()
    )
    if session is None:
        raise Http404(_("Créneau introuvable."))
    return session


# --- Tutoring records -------------------------------------------------------------------


def tutoring_record(enrolment: Enrolment, module: Module) -> TutoringRecord | None:
    return (
        TutoringRecord.objects.select_related("author")
        .filter(enrolment=enrolment, module=module)
        .first()
    )


def can_edit_record(user, enrolment: Enrolment) -> bool:
    """The participant's tutor and the coordination write the record; the participant
    reads it."""
    if not user.is_authenticated:
        return False
    if enrolment.tutor_id == user.pk and has_role(user, enrolment.cohort_id, Role.TUTOR):
        return True
    return has_role(user, enrolment.cohort_id, Role.COORDINATOR)


# --- The personal calendar ----------------------------------------------------------------


def session_summary(session: TutoringSession, user) -> str:
    module = session.slot.module.number
    if session.tutor_id == user.pk:
        if session.kind == "group":
            return _("Tutorat (module %(module)s) — temps collectif") % {"module": module}
        names = ", ".join(participant_name(e) for e in session.participants.all())
        return _("Tutorat (module %(module)s) — entretien avec %(names)s") % {
            "module": module,
            "names": names,
        }
    if session.kind == "group":
        return _("Tutorat (module %(module)s) — temps collectif avec %(tutor)s") % {
            "module": module,
            "tutor": person_name(session.tutor),
        }
    return _("Tutorat (module %(module)s) — entretien individuel avec %(tutor)s") % {
        "module": module,
        "tutor": person_name(session.tutor),
    }


def sessions_ics(cohort: Cohort, sessions: list[TutoringSession], user, *, stamp) -> bytes:
    """`user`'s tutoring sessions as RFC 5545 iCalendar, in the cohort's zone."""
    from datetime import UTC, date
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    zone = ZoneInfo(cohort.timezone)
    cal = Calendar()
    cal.add("prodid", "-//Essor//Tutorat//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.calendar_name = _("Tutorat — %(cohort)s") % {"cohort": cohort.title}
    cal.add("x-wr-timezone", cohort.timezone)
    for session in sessions:
        event = Event()
        event.add("uid", f"{cohort.slug}-tutorat-{session.pk}@essor")
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", session.start.astimezone(zone))
        event.add("dtend", session.end.astimezone(zone))
        event.add("summary", session_summary(session, user))
        if cohort.place:
            event.add("location", cohort.place)
        cal.add_component(event)
    if sessions:
        first, last = sessions[0].start, sessions[-1].end
        cal.add_missing_timezones(
            first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 1, 1)
        )
    return cal.to_ical()
