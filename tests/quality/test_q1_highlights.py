"""Highlights: only free-text answers of this cohort's surveys with at least 5 answers."""

import pytest

from essor.core.errors import DomainError
from essor.quality import services
from essor.quality.bilan import highlight_candidates
from essor.quality.models import Highlight
from essor.surveys.models import Answer, QuestionKind
from tests.quality.test_q1_bilan import end_survey


def text_answers(survey):
    return list(
        Answer.objects.filter(response__survey=survey, question__kind=QuestionKind.TEXT).order_by(
            "pk"
        )
    )


def test_a_free_text_answer_is_retained_with_its_edited_text(personas, cs26):
    survey = end_survey(cs26, [5, 4, 4, 3, 5])
    answer = text_answers(survey)[0]
    groups, hidden = highlight_candidates(cs26)
    assert hidden == 0
    assert answer.pk in [c.answer_id for g in groups for c in g.candidates]
    highlight = services.add_highlight(
        cohort=cs26, answer_id=answer.pk, text="Réponse (raccourcie)", by=personas["coordination"]
    )
    assert highlight.text == "Réponse (raccourcie)"
    assert highlight.source.startswith(survey.title)
    with pytest.raises(DomainError) as error:
        services.add_highlight(cohort=cs26, answer_id=answer.pk, text="", by=None)
    assert error.value.code == "already_retained"
    services.delete_highlight(cohort=cs26, highlight_id=highlight.pk)
    assert not Highlight.objects.exists()


def test_an_answer_of_another_cohort_is_refused(personas, cs26, other_cohort):
    survey = end_survey(other_cohort, [5, 4, 4, 3, 5])
    with pytest.raises(DomainError) as error:
        services.add_highlight(cohort=cs26, answer_id=text_answers(survey)[0].pk, text="x", by=None)
    assert error.value.code == "answer_unknown"
    assert "promotion" in error.value.message
    assert not Highlight.objects.exists()


def test_an_answer_of_a_survey_under_five_answers_is_refused(personas, cs26, client):
    survey = end_survey(cs26, [5, 4, 4, 3])
    groups, hidden = highlight_candidates(cs26)
    assert groups == [] and hidden == 1
    with pytest.raises(DomainError) as error:
        services.add_highlight(cohort=cs26, answer_id=text_answers(survey)[0].pk, text="x", by=None)
    assert error.value.code == "too_few_answers"
    client.force_login(personas["coordination"])
    response = client.post(
        f"/cohorts/{cs26.slug}/bilan/extraits/retenir",
        {"answer": text_answers(survey)[0].pk, "text": "x"},
    )
    assert response.status_code == 400
    assert "moins de 5 réponses" in response.content.decode()
    assert not Highlight.objects.exists()


def test_a_scale_answer_cannot_be_quoted(personas, cs26):
    survey = end_survey(cs26, [5, 4, 4, 3, 5])
    scale = Answer.objects.filter(response__survey=survey, question__kind="scale").first()
    with pytest.raises(DomainError) as error:
        services.add_highlight(cohort=cs26, answer_id=scale.pk, text="x", by=None)
    assert error.value.code == "not_text"


def test_the_retained_highlight_is_on_the_bilan(personas, cs26, client):
    survey = end_survey(cs26, [5, 4, 4, 3, 5])
    client.force_login(personas["coordination"])
    page = client.get(f"/cohorts/{cs26.slug}/bilan/extraits/").content.decode()
    assert "Réponse 3" in page
    response = client.post(
        f"/cohorts/{cs26.slug}/bilan/extraits/retenir",
        {"answer": text_answers(survey)[3].pk, "text": "Un extrait choisi"},
    )
    assert response.status_code == 302
    assert "Un extrait choisi" in client.get(f"/cohorts/{cs26.slug}/bilan/").content.decode()
