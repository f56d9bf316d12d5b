"""CSV and XLSX exports of a survey's answers, read back (part s2)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from essor.core.errors import DomainError
from essor.surveys.exports import results_csv, results_xlsx
from essor.surveys.models import Response

from .test_s2_factories import add_response, make_questionnaire, make_survey, questions

pytestmark = pytest.mark.django_db

ROWS = [
    {"satisfaction": 5, "rythme": 1, "apports": (0, 1), "text": "=SOMME(A1)"},
    {"satisfaction": 4, "rythme": 0, "apports": (2,), "text": "Très bien ; merci"},
    {"satisfaction": 4, "rythme": 2},
    {"satisfaction": 3},
    {"satisfaction": 2, "rythme": 1},
]
HEADERS = ["Satisfaction globale", "Le rythme", "Ce qui vous a servi", "Commentaires"]


@pytest.fixture
def survey(cs26):
    survey = make_survey(
        cs26, make_questionnaire(cs26.programme), module=cs26.programme.modules.get(number=1)
    )
    qs = questions(survey.questionnaire)
    for row in ROWS:
        add_response(survey, qs, **row)
    return survey


def expected_rows(survey):
    """One row per response, in the order of their random keys."""
    by_satisfaction = {
        5: ["5", "Adapté", "Apports théoriques ; Échanges", "'=SOMME(A1)"],
        4: None,
        3: ["3", "", "", ""],
        2: ["2", "Adapté", "", ""],
    }
    rows = []
    for response in sorted(Response.objects.filter(survey=survey), key=lambda r: str(r.pk)):
        answers = {a.question.key: a for a in response.answers.select_related("question")}
        number = answers["satisfaction"].number
        if number == 4:
            rows.append(
                ["4", "Trop lent", "Études de cas", "Très bien ; merci"]
                if "retenu" in answers
                else ["4", "Trop rapide", "", ""]
            )
        else:
            rows.append(by_satisfaction[number])
    return rows


def test_csv(survey):
    text = results_csv(survey).decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert table[0] == HEADERS
    assert table[1:] == expected_rows(survey)
    # No id, no date: only the answers.
    assert all(len(row) == 4 for row in table)
    assert results_csv(survey).decode("utf-8") == text  # same order at each download


def test_xlsx(survey):
    book = load_workbook(io.BytesIO(results_xlsx(survey)))
    sheet = book.active
    values = [
        [("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert values[0] == HEADERS
    # In XLSX a formula-like answer is stored as a text cell (never run), without the
    # apostrophe CSV needs.
    expected = [[v.removeprefix("'") for v in row] for row in expected_rows(survey)]
    assert values[1:] == expected
    assert isinstance(sheet["A2"].value, int)
    formula_like = [c for row in sheet.iter_rows() for c in row if c.value == "=SOMME(A1)"]
    assert formula_like and all(c.data_type == "s" for c in formula_like)


def test_refused_under_five_answers(cs26):
    survey = make_survey(
        cs26, make_questionnaire(cs26.programme), module=cs26.programme.modules.get(number=1)
    )
    qs = questions(survey.questionnaire)
    for row in ROWS[:4]:
        add_response(survey, qs, **row)
    for export in (results_csv, results_xlsx):
        with pytest.raises(DomainError) as error:
            export(survey)
        assert error.value.code == "too_few_answers"
        assert "moins de 5 réponses" in error.value.message
