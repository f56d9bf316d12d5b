"""Reads for the bilan, the improvement actions and the complaints log of a cohort."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.db.models import Min, Q
from django.http import Http404
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort, Membership, Role
from essor.core import clock
from essor.core.numbers import french_number
from essor.core.svg import Chart, empty_chart, svg_document, svg_text, truncate
from essor.surveys.models import MIN_ANSWERS_SHOWN, Audience, QuestionKind, Survey

from .models import ActionStatus, Bilan, Complaint, Highlight, ImprovementAction
from .results import CohortResults, cohort_results

OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
# The people who may own an action: the cohort's staff.
OWNER_ROLES = (Role.COORDINATOR, Role.SPEAKER, Role.TUTOR)


# --- cohorts in order -----------------------------------------------------------------------


def next_cohort(cohort: Cohort) -> Cohort | None:
    """The cohort of the same programme whose first half-day comes next (2 queries)."""
    first = cohort.slots.aggregate(first=Min("start"))["first"]
    if first is None:
        return None
    return (
        Cohort.objects.filter(programme_id=cohort.programme_id)
        .exclude(pk=cohort.pk)
        .annotate(first_start=Min("slots__start"))
        .filter(first_start__gt=first)
        .order_by("first_start", "pk")
        .first()
    )


# --- improvement actions --------------------------------------------------------------------


@dataclass
class ActionRow:
    action: ImprovementAction
    owner_name: str
    late: bool


@dataclass
class ActionListing:
    decided: list[ActionRow]  # decided in this cohort
    carried: list[ActionRow]  # decided in an earlier cohort, carried to this one

    @property
    def open_count(self) -> int:
        return sum(row.action.status in OPEN_STATUSES for row in self.decided + self.carried)


def _owner_name(user) -> str:
    return user.get_full_name() or user.username


def cohort_actions(cohort: Cohort) -> ActionListing:
    """The actions decided in `cohort` and those carried to it (1 query)."""
    today = clock.now().date()
    rows = (
        ImprovementAction.objects.filter(Q(origin_cohort=cohort) | Q(carried_to=cohort))
        .select_related("owner", "origin_cohort", "carried_to", "complaint")
        .order_by("due_on", "pk")
    )
    decided, carried = [], []
    for action in rows:
        row = ActionRow(
            action=action,
            owner_name=_owner_name(action.owner),
            late=action.status in OPEN_STATUSES and action.due_on < today,
        )
        (decided if action.origin_cohort_id == cohort.pk else carried).append(row)
    return ActionListing(decided=decided, carried=carried)


def get_cohort_action(cohort: Cohort, pk: int) -> ImprovementAction:
    """An action the cohort's page may edit: decided in it or carried to it; 404 otherwise."""
    action = (
        ImprovementAction.objects.filter(Q(origin_cohort=cohort) | Q(carried_to=cohort), pk=pk)
        .select_related("owner", "origin_cohort", "carried_to", "complaint")
        .first()
    )
    if action is None:
        raise Http404(_("Action introuvable."))
    return action


def owner_choices(cohort: Cohort):
    """The cohort's staff (coordination, speakers, tutors), who may own an action."""
    from essor.accounts.models import User

    ids = Membership.objects.filter(cohort=cohort, role__in=OWNER_ROLES).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


# --- complaints -----------------------------------------------------------------------------


def cohort_complaints(cohort: Cohort, state: str = "") -> list[Complaint]:
    """The cohort's complaints, newest first; state "open" or "closed" filters (2 queries)."""
    qs = Complaint.objects.filter(cohort=cohort).prefetch_related("actions")
    if state == "open":
        qs = qs.filter(closed_on__isnull=True)
    elif state == "closed":
        qs = qs.filter(closed_on__isnull=False)
    return list(qs.order_by("-received_on", "-pk"))


def get_cohort_complaint(cohort: Cohort, pk: int) -> Complaint:
    complaint = Complaint.objects.filter(cohort=cohort, pk=pk).first()
    if complaint is None:
        raise Http404(_("Réclamation introuvable."))
    return complaint


# --- highlights -----------------------------------------------------------------------------


@dataclass
class Candidate:
    answer_id: UUID
    text: str
    source: str
    retained: bool


@dataclass
class CandidateGroup:
    survey: Survey
    question: str
    source: str
    candidates: list[Candidate]


def highlight_source(survey: Survey, question_text: str) -> str:
    return truncate(f"{survey.title} — {question_text}", 250)


def highlight_candidates(cohort: Cohort) -> tuple[list[CandidateGroup], int]:
    """The free-text answers the coordination may quote: those of this cohort's surveys
    with at least 5 answers, by survey and question; and how many surveys were left out
    for having fewer answers."""
    from essor.surveys.results import survey_results

    retained = set(
        Highlight.objects.filter(bilan__cohort=cohort, answer__isnull=False).values_list(
            "answer_id", flat=True
        )
    )
    groups, hidden = [], 0
    for survey in Survey.objects.filter(cohort=cohort).order_by("opens_at", "pk"):
        results = survey_results(survey)
        if not results.shown:
            if results.answers:
                hidden += 1
            continue
        for question in results.questions:
            if question.kind != QuestionKind.TEXT or not question.answer_ids:
                continue
            source = highlight_source(survey, question.question.text)
            groups.append(
                CandidateGroup(
                    survey=survey,
                    question=question.question.text,
                    source=source,
                    candidates=[
                        Candidate(answer_id=pk, text=text, source=source, retained=pk in retained)
                        for pk, text in question.answer_ids
                    ],
                )
            )
    return groups, hidden


# --- the bilan ------------------------------------------------------------------------------


@dataclass
class ModuleRow:
    number: int
    title: str
    answers: int
    mean: float | None

    @property
    def shown(self) -> bool:
        return self.answers >= MIN_ANSWERS_SHOWN and self.mean is not None


@dataclass
class FeedbackSummary:
    """A speakers' or partners' questionnaire: results only from 5 answers on."""

    title: str
    answers: int
    shown: bool
    questions: list = field(default_factory=list)


@dataclass
class BilanPage:
    cohort: Cohort
    bilan: Bilan
    results: CohortResults
    modules: list[ModuleRow]
    chart: Chart
    speakers: list[FeedbackSummary]
    partners: list[FeedbackSummary]
    highlights: list[Highlight]
    actions: ActionListing


def get_bilan(cohort: Cohort) -> Bilan:
    """The cohort's bilan, or a blank unsaved one."""
    return Bilan.objects.filter(cohort=cohort).first() or Bilan(cohort=cohort)


def draw_module_satisfaction(rows: list[ModuleRow]) -> Chart:
    """Horizontal bars: mean satisfaction (1 to 5) per module with at least 5 answers."""
    title = _("Satisfaction par module (moyenne sur 5)")
    headers = [_("Module"), _("Réponses"), _("Moyenne sur 5")]
    shown = [row for row in rows if row.shown]
    if not shown:
        return empty_chart(title, headers, _("Aucun module n'a encore reçu au moins 5 réponses."))
    label_width, bar_width, row_height, top = 260, 320, 26, 30
    width = label_width + bar_width + 60
    height = top + row_height * len(shown) + 30
    body = []
    # Axis ticks 1..5.
    for tick in range(0, 6):
        x = label_width + bar_width * tick / 5
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 24}" '
            f'stroke="#bbb" stroke-width="1" stroke-dasharray="2 3"/>'
        )
        body.append(svg_text(x, height - 8, str(tick), size=11, anchor="middle"))
    for index, row in enumerate(shown):
        y = top + index * row_height
        label = truncate(f"{row.number}. {row.title}", 38)
        body.append(svg_text(label_width - 8, y + 16, label, size=11, anchor="end"))
        length = bar_width * float(row.mean) / 5
        body.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row_height - 10}" '
            f'fill="#1b6ca8" stroke="#000" stroke-width="0.5"/>'
        )
        body.append(svg_text(label_width + length + 6, y + 16, french_number(row.mean, 1), size=11))
    desc = "; ".join(
        _("Module %(number)s : %(mean)s sur 5")
        % {"number": row.number, "mean": french_number(row.mean, 1)}
        for row in shown
    )
    svg = svg_document("bilan-satisfaction", width, height, title, desc, body)
    table = [
        [f"{row.number}. {row.title}", str(row.answers), french_number(row.mean, 1)]
        for row in shown
    ]
    return Chart(title, svg, headers, table, False)


def _feedback(cohort: Cohort, audience: str) -> list[FeedbackSummary]:
    from essor.surveys.results import questionnaire_summary

    summaries = []
    for results in questionnaire_summary(cohort, audience):
        survey = getattr(results, "survey", None)
        summaries.append(
            FeedbackSummary(
                title=survey.title if survey is not None else "",
                answers=results.answers,
                shown=bool(results.shown),
                questions=list(results.questions) if results.shown else [],
            )
        )
    return summaries


def module_rows(cohort: Cohort) -> list[ModuleRow]:
    from essor.surveys.results import module_satisfaction

    return [
        ModuleRow(number=row.number, title=row.title, answers=row.answers, mean=row.mean)
        for row in module_satisfaction(cohort)
    ]


def bilan_page(cohort: Cohort) -> BilanPage:
    """Everything the bilan shows (page and PDF); no participant's name in it."""
    modules = module_rows(cohort)
    bilan = get_bilan(cohort)
    highlights = list(bilan.highlights.all()) if bilan.pk else []
    return BilanPage(
        cohort=cohort,
        bilan=bilan,
        results=cohort_results(cohort),
        modules=modules,
        chart=draw_module_satisfaction(modules),
        speakers=_feedback(cohort, Audience.SPEAKERS),
        partners=_feedback(cohort, Audience.PARTNERS),
        highlights=highlights,
        actions=cohort_actions(cohort),
    )


def is_past(day: date | None) -> bool:
    return day is not None and day < clock.now().date()
