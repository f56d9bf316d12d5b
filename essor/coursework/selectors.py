"""Reads of personal work. The statement's lateness is derived here, never stored."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from essor.cohorts.models import Cohort, Enrolment
from essor.programmes.models import Slot

from .models import (
    PRESENTING,
    StatementComment,
    StatementOfIntent,
    StatementStatus,
    StatementVersion,
)
from .schedule import PresentationSchedule, split_half_day

# How long before the deadline a missing statement raises an alert on the dashboard.
ALERT_BEFORE_DEADLINE = timedelta(days=7)


def statement_deadline(cohort: Cohort) -> datetime | None:
    """Due before module 1 starts: the start of the cohort's first half-day of module 1."""
    first = (
        Slot.objects.filter(cohort=cohort, module__number=1)
        .order_by("start")
        .values("start")
        .first()
    )
    return first["start"] if first else None


@dataclass(frozen=True)
class StatementState:
    code: str  # missing, draft, submitted, late (submitted after the deadline), overdue
    label: str
    alert: bool  # shown as an alert on the coordinator's dashboard


def statement_state(
    statement: StatementOfIntent | None, deadline: datetime | None, now: datetime
) -> StatementState:
    submitted = statement is not None and statement.status == StatementStatus.SUBMITTED
    if submitted:
        if deadline is not None and statement.submitted_at > deadline:
            return StatementState("late", str(_("remise en retard")), False)
        return StatementState("submitted", str(_("remise")), False)
    past = deadline is not None and now > deadline
    soon = deadline is not None and now > deadline - ALERT_BEFORE_DEADLINE
    if past:
        return StatementState("overdue", str(_("en retard (non remise)")), True)
    if statement is None or not (statement.body or statement.file):
        return StatementState("missing", str(_("non commencée")), soon)
    return StatementState("draft", str(_("brouillon")), soon)


def statements_by_enrolment(enrolment_ids: Iterable[int]) -> dict[int, StatementOfIntent]:
    """One query for a whole list of enrolments."""
    return {
        s.enrolment_id: s
        for s in StatementOfIntent.objects.filter(enrolment_id__in=list(enrolment_ids))
    }


# --- Pages of the statement of intent -------------------------------------------------


def get_own_enrolment(user, cohort: Cohort) -> Enrolment:
    """The user's own enrolment in the cohort; 404 if they have none."""
    enrolment = (
        Enrolment.objects.select_related("cohort", "user")
        .filter(cohort=cohort, user_id=user.pk)
        .first()
    )
    if enrolment is None:
        raise Http404(_("Inscription introuvable."))
    return enrolment


def participant_name(enrolment: Enrolment) -> str:
    """The name to show; an admitted person who has not yet accepted their invitation has
    no account, only their application."""
    if enrolment.user is not None:
        return enrolment.user.get_full_name() or enrolment.user.get_username()
    application = enrolment.application
    if application is not None:
        return f"{application.first_name} {application.last_name}"
    return str(_("Participant·e sans compte"))


def statement_of(enrolment: Enrolment) -> StatementOfIntent | None:
    return StatementOfIntent.objects.filter(enrolment=enrolment).first()


def statement_with_history(enrolment: Enrolment) -> StatementOfIntent | None:
    """The statement with its versions and comments (and their authors): three queries."""
    return (
        StatementOfIntent.objects.filter(enrolment=enrolment)
        .prefetch_related(
            Prefetch("versions", queryset=StatementVersion.objects.order_by("-number")),
            Prefetch("comments", queryset=StatementComment.objects.select_related("author")),
        )
        .first()
    )


def last_submitted_version(statement: StatementOfIntent | None) -> StatementVersion | None:
    if statement is None:
        return None
    return statement.versions.filter(submitted=True).order_by("-number").first()


def changed_since_submission(statement: StatementOfIntent, version: StatementVersion | None):
    """True when the participant edited their statement after its last submission."""
    return version is not None and (
        version.body != statement.body or version.file.name != statement.file.name
    )


def get_version(enrolment: Enrolment, number: int) -> StatementVersion:
    version = (
        StatementVersion.objects.select_related("created_by")
        .filter(statement__enrolment=enrolment, number=number)
        .first()
    )
    if version is None:
        raise Http404(_("Version introuvable."))
    return version


@dataclass(frozen=True)
class SharedStatement:
    enrolment: Enrolment
    statement: StatementOfIntent
    version: StatementVersion  # the last submitted one: what was shared
    name: str


def _shared_queryset(cohort: Cohort):
    # Only what is both shared AND submitted: a draft is never shown to the cohort, and a
    # revision made after the last submission stays private until it is submitted.
    return StatementOfIntent.objects.filter(
        enrolment__cohort=cohort,
        enrolment__status__in=PRESENTING,
        shared_with_cohort=True,
        status=StatementStatus.SUBMITTED,
    ).prefetch_related(
        Prefetch(
            "versions",
            queryset=StatementVersion.objects.filter(submitted=True).order_by("-number"),
            to_attr="submitted_versions",
        )
    )


def shared_statements(cohort: Cohort) -> list[SharedStatement]:
    """The statements shared with the cohort, in presentation order: two queries."""
    statements = _shared_queryset(cohort).select_related(
        "enrolment__user", "enrolment__organisation", "enrolment__application"
    )
    items = [
        SharedStatement(s.enrolment, s, s.submitted_versions[0], participant_name(s.enrolment))
        for s in statements
        if s.submitted_versions
    ]
    items.sort(key=lambda i: _order_key(i.enrolment, i.statement))
    return items


def get_shared_version(cohort: Cohort, enrolment_id: int) -> StatementVersion:
    statement = _shared_queryset(cohort).filter(enrolment_id=enrolment_id).first()
    if statement is None or not statement.submitted_versions:
        raise Http404(_("Note introuvable."))
    return statement.submitted_versions[0]


# --- Module 1 presentations -----------------------------------------------------------


def _order_key(enrolment: Enrolment, statement: StatementOfIntent | None):
    rank = statement.presentation_rank if statement is not None else None
    user = enrolment.user
    name = (user.last_name, user.first_name) if user else ("", "")
    # Ranked people first, in rank order; the others after them, alphabetically.
    return (rank is None, rank or 0, name[0].lower(), name[1].lower(), enrolment.pk)


def module_one_slot(cohort: Cohort) -> Slot | None:
    """The half-day of module 1 where the statements are presented (the first one if the
    module ever had more than one)."""
    return Slot.objects.filter(cohort=cohort, module__number=1).order_by("start").first()


@dataclass(frozen=True)
class PresentationRow:
    position: int
    enrolment: Enrolment
    statement: StatementOfIntent | None
    name: str
    state: StatementState
    start: datetime | None
    end: datetime | None


@dataclass(frozen=True)
class Presentations:
    slot: Slot | None
    schedule: PresentationSchedule | None
    rows: list[PresentationRow]


def presenting_enrolments(cohort: Cohort) -> list[Enrolment]:
    """The cohort's presenting participants in presentation order, with their statements:
    one query."""
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status__in=PRESENTING).select_related(
            "user", "organisation", "application", "statement"
        )
    )
    enrolments.sort(key=lambda e: _order_key(e, getattr(e, "statement", None)))
    return enrolments


def presentations(cohort: Cohort, *, opening_minutes: int, now: datetime) -> Presentations:
    """The module 1 running order with times: two queries, whatever the cohort's size."""
    slot = module_one_slot(cohort)
    # The deadline is the start of module 1: the slot just read, not a second query.
    deadline = slot.start if slot is not None else None
    enrolments = presenting_enrolments(cohort)
    schedule = (
        split_half_day(slot.start, slot.end, len(enrolments), opening_minutes) if slot else None
    )
    times = schedule.times if schedule and schedule.times else []
    rows = []
    for index, enrolment in enumerate(enrolments):
        statement = getattr(enrolment, "statement", None)
        start, end = times[index] if times else (None, None)
        rows.append(
            PresentationRow(
                position=index + 1,
                enrolment=enrolment,
                statement=statement,
                name=participant_name(enrolment),
                state=statement_state(statement, deadline, now),
                start=start,
                end=end,
            )
        )
    return Presentations(slot=slot, schedule=schedule, rows=rows)
