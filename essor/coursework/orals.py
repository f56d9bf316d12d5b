"""The oral presentations of the notes at the third tutoring day (module 13): running
order and times, the evaluation grid filled in during the presentation, the
methodological feedback sent to the participant.

Services (writes) raise DomainError and write nothing on error; selectors (reads) keep a
fixed number of queries whatever the cohort's size.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort, Enrolment, Role
from essor.cohorts.permissions import has_role
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.formats import french_date, french_time
from essor.programmes.models import Slot

from .models import PRESENTING, OralPresentation
from .selectors import participant_name
from .tutoring import OralTimes, split_orals
from .tutoring_forms import ORAL_CRITERIA
from .tutoring_selectors import oral_module_number, person_name

GRID_MAX = 4
MAX_FEEDBACK_CHARS = 20_000


# --- Selectors ----------------------------------------------------------------------------


def oral_slots(cohort: Cohort) -> list[Slot]:
    return list(
        Slot.objects.filter(cohort=cohort, module__number=oral_module_number(cohort)).order_by(
            "start"
        )
    )


def _name_key(user) -> tuple:
    if user is None:
        return ("", "")
    return (user.last_name.lower(), user.first_name.lower())


def _default_key(enrolment: Enrolment) -> tuple:
    """By tutor then name: a tutor's participants pass one after the other."""
    return (
        enrolment.tutor is None,
        *_name_key(enrolment.tutor),
        *_name_key(enrolment.user),
        enrolment.pk,
    )


def presenting(cohort: Cohort) -> list[Enrolment]:
    """The participants presenting, in running order (the stored one, newcomers after,
    by tutor then name), with their presentation: one query."""
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status__in=PRESENTING).select_related(
            "user", "tutor", "application", "oral_presentation"
        )
    )

    def key(e):
        oral = getattr(e, "oral_presentation", None)
        return (oral is None, oral.rank if oral else 0, *_default_key(e))

    enrolments.sort(key=key)
    return enrolments


@dataclass(frozen=True)
class OralRow:
    position: int
    enrolment: Enrolment
    presentation: OralPresentation | None
    name: str
    tutor_name: str
    may_evaluate: bool


@dataclass(frozen=True)
class OralsPlan:
    slots: list[Slot]
    times: OralTimes  # what the day allows for the current number of people
    rows: list[OralRow]
    ordered: bool  # a running order has been generated


def can_evaluate(user, enrolment: Enrolment) -> bool:
    """The participant's tutor and the coordination fill in the grid and send feedback."""
    if not user.is_authenticated:
        return False
    if enrolment.tutor_id == user.pk and has_role(user, enrolment.cohort_id, Role.TUTOR):
        return True
    return has_role(user, enrolment.cohort_id, Role.COORDINATOR)


def orals_plan(cohort: Cohort, user) -> OralsPlan:
    """The running order with times: two queries, whatever the cohort's size."""
    slots = oral_slots(cohort)
    enrolments = presenting(cohort)
    coordinator = has_role(user, cohort, Role.COORDINATOR)
    rows = [
        OralRow(
            position=index + 1,
            enrolment=e,
            presentation=getattr(e, "oral_presentation", None),
            name=participant_name(e),
            tutor_name=person_name(e.tutor) if e.tutor else "—",
            may_evaluate=coordinator or e.tutor_id == user.pk,
        )
        for index, e in enumerate(enrolments)
    ]
    return OralsPlan(
        slots=slots,
        times=split_orals([(s.start, s.end) for s in slots], len(rows)),
        rows=rows,
        ordered=any(r.presentation is not None for r in rows),
    )


def oral_of(enrolment: Enrolment) -> OralPresentation | None:
    return (
        OralPresentation.objects.select_related("evaluated_by").filter(enrolment=enrolment).first()
    )


def grid_rows(presentation: OralPresentation | None) -> list[tuple[str, int | None]]:
    grid = presentation.grid if presentation else {}
    return [(label, grid.get(key)) for key, label in ORAL_CRITERIA]


# --- Services -----------------------------------------------------------------------------


def _check_coordinator(cohort: Cohort, by) -> None:
    if by is None or not has_role(by, cohort, Role.COORDINATOR):
        raise DomainError(
            "not_coordinator",
            _("Seule la coordination pédagogique organise l'ordre de passage."),
        )


def _store_order(cohort: Cohort, enrolments: list[Enrolment]) -> list[OralPresentation]:
    slots = oral_slots(cohort)
    times = split_orals([(s.start, s.end) for s in slots], len(enrolments)).times
    existing = {
        o.enrolment_id: o
        for o in OralPresentation.objects.select_for_update().filter(
            enrolment__in=[e.pk for e in enrolments]
        )
    }
    stored = []
    for index, enrolment in enumerate(enrolments):
        start, end = times[index] if times else (None, None)
        oral = existing.get(enrolment.pk)
        if oral is None:
            oral = OralPresentation.objects.create(
                enrolment=enrolment, rank=index + 1, start=start, end=end
            )
        elif (oral.rank, oral.start, oral.end) != (index + 1, start, end):
            oral.rank, oral.start, oral.end = index + 1, start, end
            oral.save(update_fields=["rank", "start", "end"])
        stored.append(oral)
    return stored


@transaction.atomic
def generate_oral_order(*, cohort: Cohort, by) -> list[OralPresentation]:
    """Order everyone by tutor then name, and give each the same time across the day."""
    _check_coordinator(cohort, by)
    enrolments = sorted(presenting(cohort), key=_default_key)
    return _store_order(cohort, enrolments)


@transaction.atomic
def set_oral_order(*, cohort: Cohort, enrolment_ids: list[int], by) -> list[OralPresentation]:
    """Store a running order (every presenting participant once) and its times."""
    _check_coordinator(cohort, by)
    enrolments = {e.pk: e for e in presenting(cohort)}
    if sorted(enrolment_ids) != sorted(enrolments):
        raise DomainError(
            "order_mismatch",
            _("La liste des participant·es a changé entre-temps : rechargez la page."),
        )
    return _store_order(cohort, [enrolments[pk] for pk in enrolment_ids])


def _check_evaluator(enrolment: Enrolment, by) -> None:
    if by is None or not can_evaluate(by, enrolment):
        raise DomainError(
            "not_evaluator",
            _("Seul·es le tuteur ou la tutrice et la coordination évaluent la présentation."),
        )


def _locked_oral(enrolment: Enrolment) -> OralPresentation:
    oral = OralPresentation.objects.select_for_update().filter(enrolment=enrolment).first()
    if oral is None:
        # Evaluated before any running order was set: placed after the others.
        last = OralPresentation.objects.filter(enrolment__cohort_id=enrolment.cohort_id).aggregate(
            top=Max("rank")
        )["top"]
        oral = OralPresentation.objects.create(enrolment=enrolment, rank=(last or 0) + 1)
        oral = OralPresentation.objects.select_for_update().get(pk=oral.pk)
    return oral


@transaction.atomic
def save_oral_evaluation(
    *, enrolment: Enrolment, by, grid: dict, feedback: str
) -> OralPresentation:
    """The grid (criteria scored 0–4, unscored ones left out) and the feedback text."""
    _check_evaluator(enrolment, by)
    keys = [key for key, _label in ORAL_CRITERIA]
    cleaned = {}
    for key, value in grid.items():
        if key not in keys:
            raise DomainError("grid_invalid", _("Critère de la grille inconnu."))
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= GRID_MAX:
            raise DomainError(
                "grid_invalid",
                _("Chaque critère reçoit une note de 0 à %(max)s.") % {"max": GRID_MAX},
            )
        cleaned[key] = value
    feedback = (feedback or "").replace("\r\n", "\n")
    if len(feedback) > MAX_FEEDBACK_CHARS:
        raise DomainError(
            "feedback_too_long",
            _("Les retours dépassent %(max)s caractères.") % {"max": MAX_FEEDBACK_CHARS},
        )
    oral = _locked_oral(enrolment)
    if oral.feedback_sent_at is not None:
        raise DomainError(
            "feedback_already_sent",
            _("Les retours ont déjà été envoyés : l'évaluation ne peut plus changer."),
        )
    oral.grid = {key: cleaned[key] for key in keys if key in cleaned}
    oral.feedback = feedback
    oral.evaluated_by = by
    oral.save(update_fields=["grid", "feedback", "evaluated_by"])
    return oral


@transaction.atomic
def send_oral_feedback(*, enrolment: Enrolment, by) -> OralPresentation:
    """E-mail the feedback to the participant, once; records when it was sent."""
    _check_evaluator(enrolment, by)
    oral = OralPresentation.objects.select_for_update().filter(enrolment=enrolment).first()
    if oral is None or not oral.feedback.strip():
        raise DomainError(
            "feedback_empty",
            _("Écrivez et enregistrez les retours méthodologiques avant de les envoyer."),
        )
    if oral.feedback_sent_at is not None:
        raise DomainError("feedback_already_sent", _("Les retours ont déjà été envoyés."))
    user = enrolment.user
    if user is None or not user.email:
        raise DomainError(
            "no_email",
            _("Cette personne n'a pas d'adresse électronique : les retours ne peuvent pas partir."),
        )
    oral.feedback_sent_at = clock.now()
    oral.save(update_fields=["feedback_sent_at"])
    subject, body = _feedback_mail(enrolment, oral)
    to = [user.email]
    transaction.on_commit(
        lambda: send_mail(subject=subject, message=body, from_email=None, recipient_list=to)
    )
    return oral


def _feedback_mail(enrolment: Enrolment, oral: OralPresentation) -> tuple[str, str]:
    cohort = enrolment.cohort
    zone = ZoneInfo(cohort.timezone)
    when: datetime | None = oral.start
    # Written in the site's language: the reader is not the person clicking.
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Retours sur votre présentation orale — %(cohort)s") % {"cohort": cohort.title}
        url = settings.ESSOR_BASE_URL.rstrip("/") + reverse(
            "coursework:oral", kwargs={"enrolment_id": enrolment.pk}
        )
        body = render_to_string(
            "coursework/email/oral_feedback.txt",
            {
                "name": participant_name(enrolment),
                "cohort": cohort,
                "day": french_date(when.astimezone(zone).date()) if when else "",
                "time": french_time(when.astimezone(zone).time()) if when else "",
                "grid": grid_rows(oral),
                "grid_max": GRID_MAX,
                "feedback": oral.feedback,
                "url": url,
            },
        )
    return subject, body


def get_oral_for_page(enrolment: Enrolment) -> OralPresentation | None:
    oral = oral_of(enrolment)
    if oral is None and enrolment.status not in PRESENTING:
        raise Http404(_("Présentation introuvable."))
    return oral
