"""A survey's answers as a spreadsheet: one row per response, one column per question.

No response id, no date, no respondent: rows are ordered by the responses' random keys
(an order that is the same at each download and says nothing about who answered when).
Refused under MIN_ANSWERS_SHOWN answers. CSV for French Excel (`;`, UTF-8 BOM).
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from essor.core.errors import DomainError

from .models import MIN_ANSWERS_SHOWN, Answer, Question, QuestionKind, Survey

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str) -> str:
    """A cell starting like a formula stays text in spreadsheet programs."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _value(question: Question, number, choices, text) -> str:
    if question.kind == QuestionKind.SCALE:
        return "" if number is None else str(number)
    if question.kind == QuestionKind.SINGLE:
        if number is None or number >= len(question.choices):
            return ""
        return str(question.choices[number])
    if question.kind == QuestionKind.MULTIPLE:
        return " ; ".join(
            str(question.choices[i]) for i in (choices or []) if 0 <= i < len(question.choices)
        )
    return text or ""


def results_table(survey: Survey) -> tuple[list[str], list[list[str]]]:
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
        row[column[question_id]] = _safe(
            _value(questions[column[question_id]], number, choices, text)
        )
    for response_id in survey.responses.values_list("pk", flat=True):
        by_response.setdefault(response_id, [""] * len(questions))
    rows = [by_response[key] for key in sorted(by_response, key=str)]
    return [_safe(q.text) for q in questions], rows


def results_csv(survey: Survey) -> str:
    """The CSV text (with its BOM); DomainError under 5 answers."""
    headers, rows = results_table(survey)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


def results_xlsx(survey: Survey) -> bytes:
    headers, rows = results_table(survey)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Réponses")
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([int(v) if v.isdigit() else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
