"""A survey's answers as a spreadsheet: one row per response, one column per question.

No response id, no date, no respondent: rows are ordered by the responses' random keys
(an order that is the same at each download and says nothing about who answered when).
Refused under MIN_ANSWERS_SHOWN answers. Written by the project's spreadsheet writers
(essor.core.spreadsheets: CSV for French Excel, XLSX with text kept as text).
"""

from django.utils.translation import gettext as _

from essor.core.errors import DomainError
from essor.core.spreadsheets import Table, to_csv, to_xlsx

from .models import MIN_ANSWERS_SHOWN, Answer, Question, QuestionKind, Survey


def _value(question: Question, number, choices, text) -> int | str:
    if question.kind == QuestionKind.SCALE:
        return "" if number is None else number
    if question.kind == QuestionKind.SINGLE:
        if number is None or number >= len(question.choices):
            return ""
        return str(question.choices[number])
    if question.kind == QuestionKind.MULTIPLE:
        return " ; ".join(
            str(question.choices[i]) for i in (choices or []) if 0 <= i < len(question.choices)
        )
    return text or ""


def results_table(survey: Survey) -> Table:
    """Headers (the questions) and one row per response; DomainError under 5 answers."""
    answers_count = survey.responses.count()
    if answers_count < MIN_ANSWERS_SHOWN:
        raise DomainError(
            "too_few_answers",
            _("Export impossible : moins de %(min)s réponses, les résultats restent masqués.")
            % {"min": MIN_ANSWERS_SHOWN},
        )
    questions = list(Question.objects.filter(questionnaire_id=survey.questionnaire_id))
    column = {q.pk: index for index, q in enumerate(questions)}
    by_response: dict = {}
    for response_id, question_id, number, choices, text in Answer.objects.filter(
        response__survey=survey
    ).values_list("response_id", "question_id", "number", "choices", "text"):
        if question_id not in column:
            continue
        row = by_response.setdefault(response_id, [""] * len(questions))
        row[column[question_id]] = _value(questions[column[question_id]], number, choices, text)
    for response_id in survey.responses.values_list("pk", flat=True):
        by_response.setdefault(response_id, [""] * len(questions))
    rows = [by_response[key] for key in sorted(by_response, key=str)]
    return Table(headers=[q.text for q in questions], rows=rows)


def results_csv(survey: Survey) -> bytes:
    """The CSV (UTF-8 with BOM); DomainError under 5 answers."""
    return to_csv(results_table(survey))


def results_xlsx(survey: Survey) -> bytes:
    """One sheet « Réponses », scales as numbers; DomainError under 5 answers."""
    return to_xlsx(results_table(survey), title=_("Réponses"))
