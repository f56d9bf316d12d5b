"""Results, per survey, per module and per programme, on hand-computed data (part s2)."""

from decimal import Decimal
from uuid import UUID

import pytest

from essor.surveys.models import Audience, Moment
from essor.surveys.results import (
    compare_cohorts,
    compare_modules,
    module_satisfaction,
    overall_satisfaction,
    questionnaire_summary,
    survey_results,
)

from .test_s2_factories import (
    add_response,
    make_questionnaire,
    make_recipient,
    make_survey,
    questions,
)

pytestmark = pytest.mark.django_db

FIVE = [
    {"satisfaction": 5, "rythme": 1, "apports": (0, 1), "text": "zèbre"},
    {"satisfaction": 4, "rythme": 1, "apports": (1,), "text": "Abricot"},
    {"satisfaction": 4, "rythme": 0, "apports": (2,), "text": "banane"},
    {"satisfaction": 3, "rythme": 2},
    {"satisfaction": 5},
]


@pytest.fixture
def a_chaud(cs26):
    return make_questionnaire(cs26.programme)


def module(cohort, number):
    return cohort.programme.modules.get(number=number)


def fill(survey, rows):
    qs = questions(survey.questionnaire)
    for row in rows:
        add_response(survey, qs, **row)


def test_survey_results_hand_computed(cs26, personas, a_chaud):
    survey = make_survey(cs26, a_chaud, module=module(cs26, 1))
    for name in ("auditeur", "auditeur2"):
        make_recipient(survey, personas[name])
    survey.recipients_count = 8
    survey.save()
    fill(survey, FIVE)
    results = survey_results(survey)
    assert (results.answers, results.shown, results.recipients) == (5, True, 8)
    assert results.rate == Decimal("62.5")
    scale, single, multiple, text = results.questions
    assert scale.count == 5
    assert scale.mean == Decimal("4.20")
    assert scale.distribution == [
        ("1 (Pas du tout satisfait·e)", 0, Decimal("0.0")),
        ("2", 0, Decimal("0.0")),
        ("3", 1, Decimal("20.0")),
        ("4", 2, Decimal("40.0")),
        ("5 (Très satisfait·e)", 2, Decimal("40.0")),
    ]
    assert single.count == 4
    assert single.mean is None
    assert single.distribution == [
        ("Trop lent", 1, Decimal("25.0")),
        ("Adapté", 2, Decimal("50.0")),
        ("Trop rapide", 1, Decimal("25.0")),
    ]
    assert multiple.count == 3
    assert multiple.distribution == [
        ("Apports théoriques", 1, Decimal("33.3")),
        ("Échanges", 2, Decimal("66.7")),
        ("Études de cas", 1, Decimal("33.3")),
    ]
    # Alphabetical, whatever the order they came in.
    assert text.texts == ["Abricot", "banane", "zèbre"]
    assert [t for _pk, t in text.answer_ids] == text.texts
    assert all(isinstance(pk, UUID) for pk, _t in text.answer_ids)


def test_nothing_derived_under_five_answers(cs26, a_chaud):
    survey = make_survey(cs26, a_chaud, module=module(cs26, 1))
    fill(survey, FIVE[:4])
    results = survey_results(survey)
    assert (results.answers, results.shown) == (4, False)
    assert len(results.questions) == 4
    for result in results.questions:
        assert (result.count, result.mean, result.distribution, result.texts) == (0, None, [], [])
        assert result.answer_ids == []


def test_survey_results_query_count(cs26, a_chaud, django_assert_num_queries):
    survey = make_survey(cs26, a_chaud, module=module(cs26, 1))
    fill(survey, FIVE)
    with django_assert_num_queries(4):
        survey_results(survey)
    fill(survey, FIVE * 3)
    with django_assert_num_queries(4):
        assert survey_results(survey).answers == 20


def test_module_satisfaction(cs26, a_chaud, django_assert_num_queries):
    first = make_survey(cs26, a_chaud, module=module(cs26, 1))
    fill(first, FIVE)
    second = make_survey(cs26, a_chaud, module=module(cs26, 2))
    fill(second, FIVE[:3])
    with django_assert_num_queries(3):
        lines = module_satisfaction(cs26)
    assert [line.number for line in lines] == list(range(1, 15))
    assert lines[0].survey_id == first.pk
    assert (lines[0].answers, lines[0].mean) == (5, Decimal("4.20"))
    assert (lines[1].survey_id, lines[1].answers, lines[1].mean) == (second.pk, 3, None)
    assert (lines[2].survey_id, lines[2].answers, lines[2].mean) == (None, 0, None)
    # More surveyed modules, same number of queries.
    for number in range(3, 10):
        fill(make_survey(cs26, a_chaud, module=module(cs26, number)), FIVE)
    with django_assert_num_queries(3):
        lines = module_satisfaction(cs26)
    assert [line.mean for line in lines[2:9]] == [Decimal("4.20")] * 7


def test_overall_satisfaction(cs26, other_cohort):
    fin = make_questionnaire(cs26.programme, key="fin", moment=Moment.END, title="Fin")
    mine = make_survey(cs26, fin)
    fill(mine, [{"satisfaction": n} for n in (5, 4, 2, 1)])
    # Answers to another questionnaire's « satisfaction » do not count.
    fill(make_survey(cs26, make_questionnaire(cs26.programme), module=module(cs26, 1)), FIVE)
    alone = overall_satisfaction([cs26])
    assert (alone.answers, alone.mean, alone.percent_satisfied) == (4, None, None)
    fill(make_survey(other_cohort, fin), [{"satisfaction": n} for n in (4, 3)])
    both = overall_satisfaction([cs26, other_cohort])
    assert both.answers == 6
    assert both.mean == Decimal("3.17")  # 19 / 6
    assert both.percent_satisfied == Decimal("50.0")  # 5, 4, 4


def test_questionnaire_summary(cs26, a_chaud):
    speakers = make_questionnaire(
        cs26.programme,
        key="intervenants",
        moment=Moment.END,
        audience=Audience.SPEAKERS,
        anonymous=False,
        title="Intervenant·es",
    )
    survey = make_survey(cs26, speakers)
    fill(survey, FIVE)
    fill(make_survey(cs26, a_chaud, module=module(cs26, 1)), FIVE)
    summary = questionnaire_summary(cs26, Audience.SPEAKERS)
    assert [(r.survey, r.answers, r.shown) for r in summary] == [(survey, 5, True)]
    assert summary[0].questions[0].mean == Decimal("4.20")
    assert questionnaire_summary(cs26, Audience.PARTNERS) == []


def test_compare_modules(cs26, a_chaud, django_assert_num_queries):
    fill(make_survey(cs26, a_chaud, module=module(cs26, 2)), FIVE[:3])
    fill(make_survey(cs26, a_chaud, module=module(cs26, 1)), FIVE)
    with django_assert_num_queries(4):
        comparison = compare_modules(cs26)
    assert [q.key for q in comparison.questions] == ["satisfaction"]
    first, second = comparison.rows
    assert first.label.startswith("Module 1 : ")
    assert (first.answers, first.shown, first.means) == (5, True, [Decimal("4.20")])
    assert (second.answers, second.shown, second.means) == (3, False, [None])


def test_compare_modules_without_surveys(cs26):
    assert compare_modules(cs26) is None


def test_compare_cohorts(cs26, other_cohort, a_chaud):
    fill(make_survey(cs26, a_chaud, module=module(cs26, 1)), FIVE)
    fill(make_survey(cs26, a_chaud, module=module(cs26, 2)), FIVE[:3])
    fill(make_survey(other_cohort, a_chaud, module=module(cs26, 1)), FIVE[:2])
    comparison = compare_cohorts(cs26.programme, a_chaud)
    rows = {row.label: row for row in comparison.rows}
    # 5, 4, 4, 3, 5 and 5, 4, 4: 34 / 8.
    assert (rows[cs26.title].answers, rows[cs26.title].means) == (8, [Decimal("4.25")])
    assert (rows[other_cohort.title].answers, rows[other_cohort.title].means) == (2, [None])
    assert not rows[other_cohort.title].shown
