"""Reads for the three views of personal work: the coordinator's overview of a cohort, the
tutor's « what changed since I last looked », and the participant's timeline.

Every function here reads a fixed number of queries whatever the cohort's size: the rows of
a cohort (a few dozen people) are read whole and combined in Python, and the filters apply
to the combined rows, so the counts always describe the whole cohort.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, F, Max, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.cohorts.models import Cohort, Enrolment, EnrolmentStatus
from essor.cohorts.selectors import cohort_tutors, person_name
from essor.core.formats import french_date
from essor.core.spreadsheets import Table
from essor.programmes.models import Slot

from .models import (
    FeedbackStatus,
    LastSeen,
    NoteAssessment,
    NoteDecision,
    NoteFeedback,
    NoteSettings,
    NoteVersion,
    OralPresentation,
    ProblemStatementVersion,
    StatementComment,
    StatementOfIntent,
    StatementStatus,
    StatementVersion,
    TutoringRecord,
)
from .selectors import statement_deadline, statement_state

# Who has personal work to follow: everyone but those who withdrew.
FOLLOWED = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED, EnrolmentStatus.CERTIFIED)


def _followed(cohort: Cohort):
    return Enrolment.objects.filter(cohort=cohort, status__in=FOLLOWED).select_related(
        "user", "application", "organisation", "tutor"
    )


def _by_name(enrolment: Enrolment):
    last_name, first_name = person_name(enrolment)
    return (last_name.casefold(), first_name.casefold(), enrolment.pk)


def _name(enrolment: Enrolment) -> str:
    last_name, first_name = person_name(enrolment)
    return f"{first_name} {last_name}".strip() or str(_("(sans nom)"))


def _latest(rows: Iterable, key: str) -> dict:
    """The last row per enrolment of rows already ordered oldest first."""
    return {row[key]: row for row in rows}


# --- The coordinator's overview ---------------------------------------------------------


@dataclass(frozen=True)
class FinalState:
    code: str  # none, on_time, late (submitted after the deadline), overdue (none, past it)
    label: str

    @property
    def late(self) -> bool:
        return self.code in ("late", "overdue")


def final_state(final_at: datetime | None, deadline: datetime | None, now: datetime):
    """Derived, never stored: a final version's time against the cohort's deadline."""
    if final_at is not None:
        if deadline is not None and final_at > deadline:
            return FinalState("late", _("remise en retard"))
        return FinalState("on_time", _("remise"))
    if deadline is not None and now > deadline:
        return FinalState("overdue", _("en retard (non remise)"))
    return FinalState("none", _("non remise"))


@dataclass(frozen=True)
class OverviewRow:
    enrolment: Enrolment
    last_name: str
    first_name: str
    problem_statement_at: datetime | None  # the latest version's date
    problem_statement_versions: int
    draft_at: datetime | None  # the last uploaded version (draft or final)
    draft_pages: int | None
    draft_words: int | None
    draft_number: int | None
    feedback_status: str  # a FeedbackStatus value, or ""
    feedback_at: datetime | None
    final_at: datetime | None
    final: FinalState
    decision: str  # a NoteDecision value, or ""
    decision_at: datetime | None

    @property
    def feedback_label(self) -> str:
        return FeedbackStatus(self.feedback_status).label if self.feedback_status else ""

    @property
    def decision_label(self) -> str:
        return NoteDecision(self.decision).label if self.decision else ""


FEEDBACK_NONE = "none"
DECISION_NONE = "none"


@dataclass(frozen=True)
class OverviewFilters:
    """The GET filters; unknown values are dropped, never trusted."""

    tutor: str = ""  # a tutor's id, "none" (no tutor) or "" (any)
    feedback: str = ""  # a FeedbackStatus value, "none" (no feedback yet) or ""
    decision: str = ""  # a NoteDecision value, "none" (not assessed) or ""
    missing_problem_statement: bool = False
    late: bool = False

    @classmethod
    def from_query(cls, query: Mapping[str, str], tutor_ids: Iterable[int]) -> "OverviewFilters":
        tutor = query.get("tutor", "")
        feedback = query.get("feedback", "")
        decision = query.get("decision", "")
        return cls(
            tutor=tutor if tutor in {str(pk) for pk in tutor_ids} | {"none"} else "",
            feedback=feedback if feedback in {*FeedbackStatus.values, FEEDBACK_NONE} else "",
            decision=decision if decision in {*NoteDecision.values, DECISION_NONE} else "",
            missing_problem_statement=query.get("missing_problem_statement") == "1",
            late=query.get("late") == "1",
        )

    @property
    def active(self) -> bool:
        return any(vars(self).values())

    def as_query(self) -> dict[str, str]:
        return {k: ("1" if v is True else v) for k, v in vars(self).items() if v}

    def keep(self, row: OverviewRow) -> bool:
        tutor_id = row.enrolment.tutor_id
        if self.tutor == "none" and tutor_id is not None:
            return False
        if self.tutor not in ("", "none") and str(tutor_id) != self.tutor:
            return False
        if self.feedback and (row.feedback_status or FEEDBACK_NONE) != self.feedback:
            return False
        if self.decision and (row.decision or DECISION_NONE) != self.decision:
            return False
        if self.missing_problem_statement and row.problem_statement_at is not None:
            return False
        return not (self.late and not row.final.late)


@dataclass(frozen=True)
class Tally:
    code: str
    label: str
    count: int


@dataclass(frozen=True)
class Overview:
    cohort: Cohort
    rows: list[OverviewRow]  # after the filters
    total: int  # before the filters
    counts: list[Tally]
    by_feedback: list[Tally]
    by_decision: list[Tally]
    tutors: list
    filters: OverviewFilters
    deadline: datetime | None
    target_pages: int


def overview(cohort: Cohort, query: Mapping[str, str], now: datetime) -> Overview:
    """Seven queries, whatever the number of participants: tutors, settings, enrolments,
    problem statements, note versions, feedback, assessments."""
    tutors = cohort_tutors(cohort)
    filters = OverviewFilters.from_query(query, (t.pk for t in tutors))
    settings = NoteSettings.objects.filter(cohort=cohort).first()
    deadline = settings.final_deadline if settings else None
    enrolments = sorted(_followed(cohort).order_by(), key=_by_name)
    ids = [e.pk for e in enrolments]

    statements = {
        row["enrolment_id"]: row
        for row in ProblemStatementVersion.objects.filter(enrolment_id__in=ids)
        .values("enrolment_id")
        .annotate(latest=Max("created_at"), versions=Count("id"))
        .order_by()
    }
    # Every version's figures (not its file): a participant uploads a handful at most.
    versions = list(
        NoteVersion.objects.filter(enrolment_id__in=ids)
        .order_by("uploaded_at", "number")
        .values("enrolment_id", "number", "uploaded_at", "pages", "words", "is_final")
    )
    last_version = _latest(versions, "enrolment_id")
    first_final = {}
    for version in versions:
        if version["is_final"]:
            first_final.setdefault(version["enrolment_id"], version)
    feedback = _latest(
        NoteFeedback.objects.filter(version__enrolment_id__in=ids)
        .order_by("created_at", "id")
        .values("version__enrolment_id", "status", "created_at"),
        "version__enrolment_id",
    )
    assessments = _latest(
        NoteAssessment.objects.filter(enrolment_id__in=ids)
        .order_by("created_at", "id")
        .values("enrolment_id", "decision", "created_at"),
        "enrolment_id",
    )

    rows = []
    for enrolment in enrolments:
        last_name, first_name = person_name(enrolment)
        statement = statements.get(enrolment.pk, {})
        version = last_version.get(enrolment.pk, {})
        final = first_final.get(enrolment.pk, {})
        last_feedback = feedback.get(enrolment.pk, {})
        assessment = assessments.get(enrolment.pk, {})
        rows.append(
            OverviewRow(
                enrolment=enrolment,
                last_name=last_name,
                first_name=first_name,
                problem_statement_at=statement.get("latest"),
                problem_statement_versions=statement.get("versions", 0),
                draft_at=version.get("uploaded_at"),
                draft_pages=version.get("pages"),
                draft_words=version.get("words"),
                draft_number=version.get("number"),
                feedback_status=last_feedback.get("status", ""),
                feedback_at=last_feedback.get("created_at"),
                final_at=final.get("uploaded_at"),
                final=final_state(final.get("uploaded_at"), deadline, now),
                decision=assessment.get("decision", ""),
                decision_at=assessment.get("created_at"),
            )
        )

    feedbacks = Counter(r.feedback_status or FEEDBACK_NONE for r in rows)
    decisions = Counter(r.decision or DECISION_NONE for r in rows)
    counts = [
        Tally(
            "problem_statement",
            _("avec une problématique"),
            sum(bool(r.problem_statement_at) for r in rows),
        ),
        Tally(
            "draft", _("avec au moins une version de la note"), sum(bool(r.draft_at) for r in rows)
        ),
        Tally("final", _("note finale remise"), sum(bool(r.final_at) for r in rows)),
        Tally("late", _("en retard"), sum(r.final.late for r in rows)),
    ]
    return Overview(
        cohort=cohort,
        rows=[r for r in rows if filters.keep(r)],
        total=len(rows),
        counts=counts,
        by_feedback=[
            *(Tally(s.value, s.label, feedbacks[s.value]) for s in FeedbackStatus),
            Tally(FEEDBACK_NONE, _("pas encore de retour"), feedbacks[FEEDBACK_NONE]),
        ],
        by_decision=[
            *(Tally(d.value, d.label, decisions[d.value]) for d in NoteDecision),
            Tally(DECISION_NONE, _("pas encore évaluée"), decisions[DECISION_NONE]),
        ],
        tutors=tutors,
        filters=filters,
        deadline=deadline,
        target_pages=settings.target_pages if settings else 20,
    )


def overview_table(board: Overview) -> Table:
    """The filtered rows as a spreadsheet: French headers, French dates, counts as numbers."""
    zone = ZoneInfo(board.cohort.timezone)

    def day(value: datetime | None) -> str:
        return french_date(value.astimezone(zone).date()) if value else ""

    headers = [
        _("Nom"),
        _("Prénom"),
        _("Structure"),
        _("Tuteur·rice"),
        _("Problématique (dernière version)"),
        _("Versions de la problématique"),
        _("Dernière version de la note"),
        _("Pages"),
        _("Mots"),
        _("Dernier retour du tuteur"),
        _("Note finale remise le"),
        _("Remise finale"),
        _("Décision"),
    ]
    lines = []
    for row in board.rows:
        enrolment = row.enrolment
        lines.append(
            [
                row.last_name,
                row.first_name,
                enrolment.organisation.name if enrolment.organisation else "",
                str(enrolment.tutor) if enrolment.tutor else "",
                day(row.problem_statement_at),
                row.problem_statement_versions,
                day(row.draft_at),
                row.draft_pages if row.draft_pages is not None else "",
                row.draft_words if row.draft_words is not None else "",
                str(row.feedback_label),
                day(row.final_at),
                str(row.final.label),
                str(row.decision_label),
            ]
        )
    return Table(headers=[str(h) for h in headers], rows=lines)


# --- The tutor's « what changed » -------------------------------------------------------


@dataclass(frozen=True)
class Change:
    code: str
    label: str
    count: int
    latest: datetime | None


@dataclass(frozen=True)
class ChangesRow:
    enrolment: Enrolment
    name: str
    seen_at: datetime | None
    changes: list[Change]

    @property
    def new_total(self) -> int:
        return sum(c.count for c in self.changes)


@dataclass(frozen=True)
class TutorChanges:
    rows: list[ChangesRow]
    sees_all: bool

    @property
    def with_news(self) -> int:
        return sum(1 for r in self.rows if r.new_total)


def _unseen(queryset, user, enrolment_path: str, time_field: str):
    """Rows newer than `user`'s last look at their enrolment (all of them if never seen),
    counted per enrolment with the latest time."""
    seen_after = LastSeen.objects.filter(
        user=user, enrolment_id=OuterRef(enrolment_path), seen_at__gte=OuterRef(time_field)
    )
    return {
        row["followed"]: row
        for row in queryset.filter(~Exists(seen_after))
        .values(followed=F(enrolment_path))
        .annotate(count=Count("id"), latest=Max(time_field))
        .order_by()
    }


CHANGE_LABELS = {
    "problem_statement": gettext_lazy("nouvelle version de la problématique"),
    "note": gettext_lazy("nouvelle version de la note"),
    "statement": gettext_lazy("nouvelle version de la note d'intention"),
    "statement_comment": gettext_lazy("nouveau commentaire sur la note d'intention"),
    "tutoring": gettext_lazy("fiche de tutorat mise à jour"),
}


def tutor_changes(cohort: Cohort, user, *, sees_all: bool) -> TutorChanges:
    """Each followed participant with what is new since `user` last marked them seen.

    Seven queries, whatever the number of participants: enrolments, the user's last looks,
    and one grouped count per kind of change. What the user wrote themself is not news to
    them (their own comments, the tutoring records they filled in).
    """
    enrolments = _followed(cohort).order_by()
    if not sees_all:
        enrolments = enrolments.filter(tutor=user)
    enrolments = sorted(enrolments, key=_by_name)
    ids = [e.pk for e in enrolments]
    seen = dict(
        LastSeen.objects.filter(user=user, enrolment_id__in=ids).values_list(
            "enrolment_id", "seen_at"
        )
    )
    kinds = {
        "problem_statement": _unseen(
            ProblemStatementVersion.objects.filter(enrolment_id__in=ids),
            user,
            "enrolment_id",
            "created_at",
        ),
        "note": _unseen(
            NoteVersion.objects.filter(enrolment_id__in=ids), user, "enrolment_id", "uploaded_at"
        ),
        "statement": _unseen(
            StatementVersion.objects.filter(statement__enrolment_id__in=ids),
            user,
            "statement__enrolment_id",
            "created_at",
        ),
        "statement_comment": _unseen(
            StatementComment.objects.filter(statement__enrolment_id__in=ids).exclude(author=user),
            user,
            "statement__enrolment_id",
            "created_at",
        ),
        "tutoring": _unseen(
            TutoringRecord.objects.filter(enrolment_id__in=ids).exclude(author=user),
            user,
            "enrolment_id",
            "updated_at",
        ),
    }
    rows = []
    for enrolment in enrolments:
        changes = []
        for code, found in kinds.items():
            item = found.get(enrolment.pk)
            if item:
                changes.append(
                    Change(code, str(CHANGE_LABELS[code]), item["count"], item["latest"])
                )
        rows.append(ChangesRow(enrolment, _name(enrolment), seen.get(enrolment.pk), changes))
    return TutorChanges(rows=rows, sees_all=sees_all)


# --- The participant's timeline ---------------------------------------------------------


@dataclass(frozen=True)
class TimelineItem:
    when: datetime
    # statement, problem_statement, note, feedback, tutoring, record, oral, deadline, assessment
    kind: str
    title: str
    state: str = ""
    detail: str = ""
    past: bool = True
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NextStep:
    title: str
    due: datetime | date | None
    detail: str = ""


@dataclass(frozen=True)
class Timeline:
    items: list[TimelineItem]
    next_step: NextStep | None
    others: list[NextStep]
    final_deadline: datetime | None
    target_pages: int


def _module_days(cohort: Cohort) -> dict[int, datetime]:
    """The first half-day of each tutoring module (one query)."""
    modules = (cohort.programme.personal_work or {}).get("tutoring", {}).get("modules", [])
    days: dict[int, datetime] = {}
    for number, start in (
        Slot.objects.filter(cohort=cohort, module__number__in=modules)
        .order_by("start")
        .values_list("module__number", "start")
    ):
        days.setdefault(number, start)
    return days


def _due_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def timeline(enrolment: Enrolment, now: datetime) -> Timeline:
    """The participant's own personal work, oldest first, with what to do next.

    A fixed number of queries: statement, module 1, tutoring days, problem statement
    versions, note versions with their feedback (2), tutoring records, oral presentation,
    note settings, latest assessment.
    """
    cohort = enrolment.cohort
    zone = ZoneInfo(cohort.timezone)
    today = now.astimezone(zone).date()
    items: list[TimelineItem] = []
    pending: list[NextStep] = []

    # Statement of intent.
    statement = StatementOfIntent.objects.filter(enrolment=enrolment).first()
    deadline = statement_deadline(cohort)
    state = statement_state(statement, deadline, now)
    submitted = statement is not None and statement.status == StatementStatus.SUBMITTED
    if deadline is not None:
        items.append(
            TimelineItem(
                deadline,
                "deadline",
                _("Note d'intention à remettre (début du module 1)"),
                state=state.label,
                past=deadline <= now,
            )
        )
    if submitted:
        items.append(
            TimelineItem(
                statement.submitted_at, "statement", _("Note d'intention remise"), state=state.label
            )
        )
    else:
        pending.append(NextStep(_("Remettre votre note d'intention"), deadline))

    # Tutoring days (modules 9, 11, 13 in CS26).
    days = _module_days(cohort)
    for number, start in days.items():
        items.append(
            TimelineItem(
                start,
                "tutoring",
                _("Journée de tutorat — module %(number)s") % {"number": number},
                state=_("passée") if start <= now else _("à venir"),
                past=start <= now,
            )
        )
    next_day = next((start for start in sorted(days.values()) if start > now), None)

    # Problem statement.
    statements = list(
        ProblemStatementVersion.objects.filter(enrolment=enrolment).order_by("number")
    )
    for version in statements:
        items.append(
            TimelineItem(
                version.created_at,
                "problem_statement",
                _("Problématique — version %(number)s") % {"number": version.number},
                state=version.get_origin_display(),
                detail=version.text,
            )
        )
    if not statements:
        pending.append(
            NextStep(
                _("Formuler votre problématique"),
                next_day,
                _("Elle s'affine au fil des journées de tutorat."),
            )
        )

    # Note versions and the tutor's feedback.
    versions = list(
        NoteVersion.objects.filter(enrolment=enrolment)
        .order_by("number")
        .prefetch_related("feedback")
    )
    for version in versions:
        size = (
            _("%(pages)s pages") % {"pages": version.pages}
            if version.pages is not None
            else _("%(words)s mots") % {"words": version.words}
            if version.words is not None
            else ""
        )
        items.append(
            TimelineItem(
                version.uploaded_at,
                "note",
                (
                    _("Note — version finale %(number)s")
                    if version.is_final
                    else _("Note — brouillon %(number)s")
                )
                % {"number": version.number},
                state=_("version finale") if version.is_final else _("brouillon"),
                detail=size,
            )
        )
        for feedback in version.feedback.all():
            items.append(
                TimelineItem(
                    feedback.created_at,
                    "feedback",
                    _("Retour du tuteur sur la version %(number)s") % {"number": version.number},
                    state=feedback.get_status_display(),
                    detail=feedback.comment,
                )
            )

    # Tutoring records and the steps agreed there.
    records = list(
        TutoringRecord.objects.filter(enrolment=enrolment)
        .select_related("module")
        .order_by("module__number")
    )
    for record in records:
        steps = [s for s in record.next_steps if isinstance(s, dict) and s.get("text")]
        items.append(
            TimelineItem(
                record.updated_at,
                "record",
                _("Fiche de tutorat — module %(number)s") % {"number": record.module.number},
                state=_("rédaction avancée à %(percent)s %%") % {"percent": record.draft_percent},
                detail=record.notes,
                lines=[s["text"] for s in steps],
            )
        )
    if records:
        for step in records[-1].next_steps:
            if not isinstance(step, dict) or not step.get("text"):
                continue
            due = _due_day(step.get("due", ""))
            if due is None or due >= today:
                pending.append(NextStep(step["text"], due, _("convenu en journée de tutorat")))

    # Oral presentation (module 13 in CS26): the feedback only once it was sent.
    oral = OralPresentation.objects.filter(enrolment=enrolment).first()
    if oral is not None and oral.start is not None:
        items.append(
            TimelineItem(
                oral.start,
                "oral",
                _("Présentation orale (passage n° %(rank)s)") % {"rank": oral.rank},
                state=_("passée") if oral.start <= now else _("à venir"),
                past=oral.start <= now,
            )
        )
    if oral is not None and oral.feedback_sent_at is not None:
        items.append(
            TimelineItem(
                oral.feedback_sent_at,
                "oral",
                _("Retours méthodologiques sur la présentation orale"),
                detail=oral.feedback,
            )
        )

    # The final note and its assessment.
    settings = NoteSettings.objects.filter(cohort=cohort).first()
    final_deadline = settings.final_deadline if settings else None
    final = next((v for v in versions if v.is_final), None)
    fstate = final_state(final.uploaded_at if final else None, final_deadline, now)
    if final_deadline is not None:
        items.append(
            TimelineItem(
                final_deadline,
                "deadline",
                _("Date limite de remise de la note finale"),
                state=fstate.label,
                past=final_deadline <= now,
            )
        )
    assessment = (
        NoteAssessment.objects.filter(enrolment=enrolment).order_by("-created_at", "-id").first()
    )
    if assessment is not None:
        items.append(
            TimelineItem(
                assessment.created_at,
                "assessment",
                _("Évaluation de la note"),
                state=assessment.get_decision_display(),
                detail=assessment.reasons,
            )
        )
    if assessment is not None and assessment.decision == NoteDecision.REWORK:
        pending.append(NextStep(_("Reprendre la note et la déposer à nouveau"), final_deadline))
    elif final is None or (assessment is not None and assessment.decision == NoteDecision.REFUSED):
        if not versions:
            pending.append(
                NextStep(
                    _("Déposer un premier brouillon de la note"),
                    next_day or final_deadline,
                    _("Environ %(pages)s pages.")
                    % {"pages": settings.target_pages if settings else 20},
                )
            )
        if final is None:
            pending.append(NextStep(_("Déposer la version finale de la note"), final_deadline))

    items.sort(key=lambda i: i.when)

    def urgency(step: NextStep):
        due = step.due
        if isinstance(due, datetime):
            due = due.astimezone(zone).date()
        return (due is None, due or date.max)

    pending.sort(key=urgency)
    return Timeline(
        items=items,
        next_step=pending[0] if pending else None,
        others=pending[1:],
        final_deadline=final_deadline,
        target_pages=settings.target_pages if settings else 20,
    )
