"""What the answers say: per survey, per module, per programme.

Nothing derived is returned for fewer than MIN_ANSWERS_SHOWN answers (no mean, no
distribution, no text): with three answers, the people who know who answered could
recognise them. Free texts are sorted alphabetically, never in the order they came in.
Percentages are Decimals from 0 to 100 with one decimal place.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.db.models import Count
from django.utils.translation import gettext as _

from essor.programmes.models import Module

from .models import (
    MIN_ANSWERS_SHOWN,
    Answer,
    Moment,
    Question,
    QuestionKind,
    Recipient,
    Survey,
)

SATISFACTION = "satisfaction"
TWO_PLACES = Decimal("0.01")
ONE_PLACE = Decimal("0.1")


def mean_of(numbers: list[int]) -> Decimal | None:
    if not numbers:
        return None
    return (Decimal(sum(numbers)) / Decimal(len(numbers))).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )


def percent_of(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _text_key(text: str) -> tuple[str, str]:
    return (text.casefold(), text)


@dataclass
class QuestionResult:
    question: Question
    kind: str
    # Answers to this question (0 when the results are hidden).
    count: int = 0
    mean: Decimal | None = None
    # (label, count, percent of the answers to this question)
    distribution: list[tuple[str, int, Decimal | None]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    # (answer id, text) for picking highlights, same order as `texts`.
    answer_ids: list[tuple[UUID, str]] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    answers: int
    shown: bool
    # People asked (kept on the survey when the list is purged at closing).
    recipients: int = 0
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        """Response rate, in percent."""
        return percent_of(self.answers, self.recipients)


def scale_labels(question: Question) -> list[str]:
    labels = [str(n) for n in range(1, 6)]
    if question.scale_low:
        labels[0] = f"1 ({question.scale_low})"
    if question.scale_high:
        labels[4] = f"5 ({question.scale_high})"
    return labels


def _question_result(question: Question, rows: list[tuple]) -> QuestionResult:
    """rows: (answer id, number, choices, text) of the answers to `question`."""
    result = QuestionResult(question=question, kind=question.kind)
    if question.kind == QuestionKind.TEXT:
        pairs = sorted(
            ((pk, text.strip()) for pk, _n, _c, text in rows if text and text.strip()),
            key=lambda pair: _text_key(pair[1]),
        )
        result.count = len(pairs)
        result.texts = [text for _pk, text in pairs]
        result.answer_ids = pairs
        return result
    if question.kind == QuestionKind.SCALE:
        numbers = [n for _pk, n, _c, _t in rows if n is not None and 1 <= n <= 5]
        result.count = len(numbers)
        result.mean = mean_of(numbers)
        counts = Counter(numbers)
        labels = scale_labels(question)
        result.distribution = [
            (labels[n - 1], counts[n], percent_of(counts[n], len(numbers))) for n in range(1, 6)
        ]
        return result
    options = [str(label) for label in question.choices]
    if question.kind == QuestionKind.SINGLE:
        picked = [n for _pk, n, _c, _t in rows if n is not None]
    else:
        picked = [i for _pk, _n, choices, _t in rows for i in (choices or [])]
    answered = len([r for r in rows if (r[1] is not None or r[2])])
    counts = Counter(picked)
    result.count = answered
    result.distribution = [
        (label, counts[index], percent_of(counts[index], answered))
        for index, label in enumerate(options)
    ]
    return result


def survey_results(survey: Survey) -> SurveyResults:
    """The results of one survey (3 or 4 queries)."""
    answers = survey.responses.count()
    recipients = survey.recipients_count or Recipient.objects.filter(survey=survey).count()
    results = SurveyResults(
        survey=survey,
        answers=answers,
        shown=answers >= MIN_ANSWERS_SHOWN,
        recipients=max(recipients, answers),
    )
    questions = list(Question.objects.filter(questionnaire_id=survey.questionnaire_id))
    if not results.shown:
        results.questions = [QuestionResult(question=q, kind=q.kind) for q in questions]
        return results
    by_question = defaultdict(list)
    for pk, question_id, number, choices, text in Answer.objects.filter(
        response__survey=survey
    ).values_list("pk", "question_id", "number", "choices", "text"):
        by_question[question_id].append((pk, number, choices, text))
    results.questions = [_question_result(q, by_question[q.pk]) for q in questions]
    return results


@dataclass(frozen=True)
class ModuleSatisfaction:
    number: int
    title: str
    survey_id: int | None
    answers: int
    mean: Decimal | None


def _module_surveys(cohort) -> dict[int, tuple[int, int]]:
    """{module id: (survey id, responses)} for the « à chaud » surveys of the cohort."""
    found: dict[int, tuple[int, int]] = {}
    rows = (
        Survey.objects.filter(
            cohort=cohort, module__isnull=False, questionnaire__moment=Moment.MODULE
        )
        .annotate(n=Count("responses"))
        .order_by("opens_at", "pk")
        .values_list("module_id", "pk", "n", "questionnaire__key")
    )
    for module_id, pk, n, key in rows:
        # The default « a-chaud » questionnaire wins over another one for the same module.
        if module_id not in found or key == "a-chaud":
            found[module_id] = (pk, n)
    return found


def _satisfaction_numbers(survey_ids: Iterable[int]) -> dict[int, list[int]]:
    numbers: dict[int, list[int]] = defaultdict(list)
    for survey_id, number in Answer.objects.filter(
        response__survey_id__in=list(survey_ids),
        question__key=SATISFACTION,
        question__kind=QuestionKind.SCALE,
        number__isnull=False,
    ).values_list("response__survey_id", "number"):
        numbers[survey_id].append(number)
    return numbers


def module_satisfaction(cohort) -> list[ModuleSatisfaction]:
    """Per module of the programme: the « satisfaction » mean of its « à chaud » survey,
    None under MIN_ANSWERS_SHOWN answers (3 queries, whatever the number of modules)."""
    modules = list(
        Module.objects.filter(programme_id=cohort.programme_id)
        .order_by("number")
        .values_list("pk", "number", "title")
    )
    surveys = _module_surveys(cohort)
    shown = [pk for pk, n in surveys.values() if n >= MIN_ANSWERS_SHOWN]
    numbers = _satisfaction_numbers(shown) if shown else {}
    lines = []
    for module_id, number, title in modules:
        survey_id, answers = surveys.get(module_id, (None, 0))
        mean = None
        if survey_id is not None and answers >= MIN_ANSWERS_SHOWN:
            mean = mean_of(numbers.get(survey_id, []))
        lines.append(ModuleSatisfaction(number, title, survey_id, answers, mean))
    return lines


@dataclass(frozen=True)
class OverallSatisfaction:
    answers: int
    mean: Decimal | None
    # Share answering 4 or 5, in percent.
    percent_satisfied: Decimal | None


def overall_satisfaction(cohorts) -> OverallSatisfaction:
    """The « satisfaction » question of the end-of-programme surveys of `cohorts`."""
    cohort_ids = [c if isinstance(c, int) else c.pk for c in cohorts]
    numbers = list(
        Answer.objects.filter(
            response__survey__cohort_id__in=cohort_ids,
            response__survey__questionnaire__moment=Moment.END,
            question__key=SATISFACTION,
            question__kind=QuestionKind.SCALE,
            number__isnull=False,
        ).values_list("number", flat=True)
    )
    if len(numbers) < MIN_ANSWERS_SHOWN:
        return OverallSatisfaction(len(numbers), None, None)
    satisfied = len([n for n in numbers if n >= 4])
    return OverallSatisfaction(len(numbers), mean_of(numbers), percent_of(satisfied, len(numbers)))


def questionnaire_summary(cohort, audience: str) -> list[SurveyResults]:
    """Results of the cohort's surveys for `audience` (speakers, partners…), in order."""
    surveys = Survey.objects.filter(cohort=cohort, questionnaire__audience=audience).select_related(
        "questionnaire", "module"
    )
    return [survey_results(survey) for survey in surveys.order_by("opens_at", "pk")]


# --- comparisons ----------------------------------------------------------------------------


@dataclass
class CompareRow:
    label: str
    answers: int
    # One per compared question, None when hidden or unanswered.
    means: list[Decimal | None]

    @property
    def shown(self) -> bool:
        return self.answers >= MIN_ANSWERS_SHOWN


@dataclass
class Comparison:
    questionnaire: object
    questions: list[Question]
    rows: list[CompareRow]


def _scale_questions(questionnaire) -> list[Question]:
    return list(
        Question.objects.filter(questionnaire=questionnaire, kind=QuestionKind.SCALE).order_by(
            "position", "pk"
        )
    )


def _means_by(group_rows, questions, answers: dict) -> list[CompareRow]:
    """group_rows: (group key, label); answers: {group key: {question id: [numbers]}} and
    counts under key (group, None)."""
    lines = []
    for key, label, count in group_rows:
        shown = count >= MIN_ANSWERS_SHOWN
        means = [mean_of(answers.get(key, {}).get(q.pk, [])) if shown else None for q in questions]
        lines.append(CompareRow(label, count, means))
    return lines


def module_questionnaire(cohort):
    """The « à chaud » questionnaire used by the cohort (the default one first)."""
    from .models import Questionnaire

    candidates = list(
        Questionnaire.objects.filter(
            programme_id=cohort.programme_id, moment=Moment.MODULE, surveys__cohort=cohort
        ).distinct()
    )
    if not candidates:
        return None
    candidates.sort(key=lambda q: (q.key != "a-chaud", q.pk))
    return candidates[0]


def compare_modules(cohort) -> Comparison | None:
    """The « à chaud » questionnaire's scale questions, mean per module (5 queries)."""
    questionnaire = module_questionnaire(cohort)
    if questionnaire is None:
        return None
    questions = _scale_questions(questionnaire)
    surveys = list(
        Survey.objects.filter(cohort=cohort, questionnaire=questionnaire, module__isnull=False)
        .annotate(n=Count("responses"))
        .order_by("module__number")
        .values_list("pk", "module__number", "module__title", "n")
    )
    shown = [pk for pk, _num, _t, n in surveys if n >= MIN_ANSWERS_SHOWN]
    answers: dict = defaultdict(lambda: defaultdict(list))
    if shown and questions:
        for survey_id, question_id, number in Answer.objects.filter(
            response__survey_id__in=shown,
            question__in=questions,
            number__isnull=False,
        ).values_list("response__survey_id", "question_id", "number"):
            answers[survey_id][question_id].append(number)
    groups = [
        (pk, _("Module %(number)s : %(title)s") % {"number": num, "title": title}, n)
        for pk, num, title, n in surveys
    ]
    return Comparison(questionnaire, questions, _means_by(groups, questions, answers))


def compare_cohorts(programme, questionnaire) -> Comparison:
    """The questionnaire's scale questions, mean per cohort of the programme (all its
    surveys in the cohort together: every module for « à chaud »)."""
    from essor.cohorts.models import Cohort

    questions = _scale_questions(questionnaire)
    counts = dict(
        Survey.objects.filter(questionnaire=questionnaire)
        .values("cohort_id")
        .annotate(n=Count("responses"))
        .values_list("cohort_id", "n")
    )
    cohorts = list(Cohort.objects.filter(programme=programme, pk__in=list(counts)).order_by("pk"))
    shown = [c.pk for c in cohorts if counts.get(c.pk, 0) >= MIN_ANSWERS_SHOWN]
    answers: dict = defaultdict(lambda: defaultdict(list))
    if shown and questions:
        for cohort_id, question_id, number in Answer.objects.filter(
            response__survey__cohort_id__in=shown,
            response__survey__questionnaire=questionnaire,
            question__in=questions,
            number__isnull=False,
        ).values_list("response__survey__cohort_id", "question_id", "number"):
            answers[cohort_id][question_id].append(number)
    groups = [(c.pk, c.title, counts.get(c.pk, 0)) for c in cohorts]
    return Comparison(questionnaire, questions, _means_by(groups, questions, answers))
