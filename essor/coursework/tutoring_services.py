"""Writes on the tutoring days: generating and editing the schedule, the tutoring records.

Each function is one transaction; a broken rule raises DomainError (code + French
message) and writes nothing.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort, Enrolment, Role
from essor.cohorts.permissions import has_role
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.formats import french_time
from essor.programmes.models import Module, Slot

from .models import TutoringRecord, TutoringSession
from .selectors import participant_name
from .tutoring import generate_schedule
from .tutoring_selectors import (
    DIAGNOSTIC_SECTIONS,
    can_edit_record,
    person_name,
    tutored_enrolments,
    tutoring_module_numbers,
)

MAX_MINUTES = 8 * 60
MAX_NOTES_CHARS = 20_000
MAX_STEP_CHARS = 500
MAX_STEPS = 20


def _check_coordinator(cohort: Cohort, by) -> None:
    if by is None or not has_role(by, cohort, Role.COORDINATOR):
        raise DomainError(
            "not_coordinator", _("Seule la coordination pédagogique modifie le planning.")
        )


def _check_minutes(value: int, *, label: str, allow_zero: bool) -> None:
    if not isinstance(value, int) or value < (0 if allow_zero else 1) or value > MAX_MINUTES:
        raise DomainError(
            "schedule_invalid_durations",
            _("%(label)s : indiquez un nombre entier de minutes entre %(min)s et %(max)s.")
            % {"label": label, "min": 0 if allow_zero else 1, "max": MAX_MINUTES},
        )


@transaction.atomic
def build_tutoring_schedule(
    *,
    cohort: Cohort,
    module_number: int,
    by,
    individual_minutes: int,
    group_minutes: int,
    gap_minutes: int = 0,
) -> list[TutoringSession]:
    """Generate the day's schedule and replace the sessions stored for that day."""
    _check_coordinator(cohort, by)
    _check_minutes(individual_minutes, label=_("Entretien individuel"), allow_zero=False)
    _check_minutes(group_minutes, label=_("Temps collectif"), allow_zero=True)
    _check_minutes(gap_minutes, label=_("Pause entre deux créneaux"), allow_zero=True)
    if module_number not in tutoring_module_numbers(cohort):
        raise DomainError(
            "not_a_tutoring_day",
            _("Le module %(number)s n'est pas une journée de tutorat.") % {"number": module_number},
        )
    # Locked: two coordinators generating at once must not leave two schedules behind.
    slots = list(
        Slot.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, module__number=module_number)
        .order_by("start")
    )
    enrolments = tutored_enrolments(cohort)
    tutors: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for enrolment in enrolments:
        tutors.setdefault(enrolment.tutor_id, []).append(enrolment.pk)
        names[enrolment.tutor_id] = person_name(enrolment.tutor)
    blocks = generate_schedule(
        slots=[(s.start, s.end) for s in slots],
        tutors=tutors,
        individual_minutes=individual_minutes,
        group_minutes=group_minutes,
        gap_minutes=gap_minutes,
        tutor_names=names,
    )
    TutoringSession.objects.filter(slot__in=slots).delete()
    created = []
    for block in blocks:
        slot = next(s for s in slots if s.start <= block.start and block.end <= s.end)
        session = TutoringSession.objects.create(
            slot=slot,
            tutor_id=block.tutor_id,
            kind=block.kind,  # the same codes as TutoringSessionKind
            start=block.start,
            end=block.end,
        )
        session.participants.set(block.participant_ids)
        created.append(session)
    return created


def _clock(at: datetime, zone) -> str:
    return french_time(at.astimezone(zone).time())


@transaction.atomic
def edit_tutoring_session(
    *, session: TutoringSession, start: datetime, end: datetime, by
) -> TutoringSession:
    """Move or resize one block, inside one of its day's slots, without double booking
    its tutor or any of its participants."""
    slot = session.slot
    cohort = Cohort.objects.get(pk=slot.cohort_id)
    _check_coordinator(cohort, by)
    zone = ZoneInfo(cohort.timezone)
    if end <= start:
        raise DomainError("invalid_times", _("L'heure de fin doit suivre l'heure de début."))
    day = list(
        Slot.objects.filter(cohort_id=slot.cohort_id, module_id=slot.module_id).order_by("start")
    )
    target = next((s for s in day if s.start <= start and end <= s.end), None)
    if target is None:
        ranges = ", ".join(f"{_clock(s.start, zone)} – {_clock(s.end, zone)}" for s in day)
        raise DomainError(
            "outside_slots",
            _(
                "Le créneau doit tenir dans une demi-journée de la journée de tutorat "
                "(%(ranges)s), sans empiéter sur la pause du déjeuner."
            )
            % {"ranges": ranges},
        )
    # Locked so that two edits at once cannot both pass the overlap check.
    session = TutoringSession.objects.select_for_update().get(pk=session.pk)
    participants = list(session.participants.select_related("user", "application"))
    others = list(
        TutoringSession.objects.select_for_update(of=("self",))
        .select_related("tutor")
        .filter(start__lt=end, end__gt=start)
        .exclude(pk=session.pk)
        .order_by("start", "id")
    )
    tutor_clash = next((o for o in others if o.tutor_id == session.tutor_id), None)
    if tutor_clash is not None:
        raise DomainError(
            "double_booking",
            _("%(name)s a déjà un créneau de %(start)s à %(end)s.")
            % {
                "name": person_name(tutor_clash.tutor),
                "start": _clock(tutor_clash.start, zone),
                "end": _clock(tutor_clash.end, zone),
            },
        )
    ids = {p.pk for p in participants}
    taken = TutoringSession.participants.through.objects.filter(
        tutoringsession_id__in=[o.pk for o in others], enrolment_id__in=ids
    ).values_list("tutoringsession_id", "enrolment_id")
    busy: dict[int, set[int]] = {}
    for session_id, enrolment_id in taken:
        busy.setdefault(session_id, set()).add(enrolment_id)
    clash = next((o for o in others if o.pk in busy), None)
    if clash is not None:
        who = ", ".join(participant_name(p) for p in participants if p.pk in busy[clash.pk])
        raise DomainError(
            "double_booking",
            _("%(names)s a déjà un créneau de %(start)s à %(end)s.")
            % {"names": who, "start": _clock(clash.start, zone), "end": _clock(clash.end, zone)},
        )
    session.start, session.end, session.slot = start, end, target
    session.save(update_fields=["start", "end", "slot"])
    return session


# --- Tutoring records -------------------------------------------------------------------


def _clean_steps(steps: list[dict]) -> list[dict]:
    cleaned = []
    for step in steps:
        text = (step.get("text") or "").strip()
        due = step.get("due")
        if not text and not due:
            continue  # an empty row of the form
        if not text:
            raise DomainError("step_without_text", _("Une échéance n'a pas d'intitulé."))
        if len(text) > MAX_STEP_CHARS:
            raise DomainError(
                "step_too_long",
                _("Une étape dépasse %(max)s caractères.") % {"max": MAX_STEP_CHARS},
            )
        if due is not None and not isinstance(due, date):
            raise DomainError("step_bad_date", _("Une date d'échéance n'est pas valide."))
        cleaned.append({"text": text, "due": due.isoformat() if due else ""})
    if len(cleaned) > MAX_STEPS:
        raise DomainError(
            "too_many_steps", _("Au plus %(max)s prochaines étapes.") % {"max": MAX_STEPS}
        )
    return cleaned


@transaction.atomic
def save_tutoring_record(
    *,
    enrolment: Enrolment,
    module: Module,
    by,
    problem_statement_defined: bool,
    outline_done: bool,
    draft_percent: int,
    diagnostic_sections_done: list[str],
    notes: str,
    next_steps: list[dict],
) -> TutoringRecord:
    """Create or update the participant's record for one tutoring day."""
    if not can_edit_record(by, enrolment):
        raise DomainError(
            "not_tutor",
            _("Seul·es le tuteur ou la tutrice et la coordination remplissent la fiche."),
        )
    if module.number not in tutoring_module_numbers(enrolment.cohort):
        raise DomainError("not_a_tutoring_day", _("Ce module n'est pas une journée de tutorat."))
    if not isinstance(draft_percent, int) or not 0 <= draft_percent <= 100:
        raise DomainError(
            "bad_percent", _("L'avancement de la rédaction est un pourcentage entre 0 et 100.")
        )
    known = [code for code, _label in DIAGNOSTIC_SECTIONS]
    if any(code not in known for code in diagnostic_sections_done):
        raise DomainError("bad_section", _("Section du diagnostic inconnue."))
    if len(notes or "") > MAX_NOTES_CHARS:
        raise DomainError(
            "notes_too_long",
            _("Les notes dépassent %(max)s caractères.") % {"max": MAX_NOTES_CHARS},
        )
    values = {
        "problem_statement_defined": bool(problem_statement_defined),
        "outline_done": bool(outline_done),
        "draft_percent": draft_percent,
        "diagnostic_sections_done": [c for c in known if c in set(diagnostic_sections_done)],
        "notes": (notes or "").replace("\r\n", "\n"),
        "next_steps": _clean_steps(next_steps),
        "author": by,
        "updated_at": clock.now(),
    }
    record, _created = TutoringRecord.objects.select_for_update().update_or_create(
        enrolment=enrolment, module=module, defaults=values
    )
    return record
