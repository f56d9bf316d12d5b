"""Questionnaire services: validation in French, copies, moves, and the freeze once a
questionnaire has an answer."""

import pytest
from django.http import Http404

from essor.core.errors import DomainError
from essor.surveys import builder
from essor.surveys.defaults import ensure_default_questionnaires
from essor.surveys.models import Answer, Question, Response, Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(personas):
    programme = personas["enrolment"].cohort.programme
    return builder.create_questionnaire(
        programme=programme,
        by=personas["coordination"],
        title="Journée d'étude",
        moment="manual",
        audience="participants",
        anonymous=True,
    )


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"kind": "scale", "text": "  "}, "text_required"),
        ({"kind": "single", "text": "Choix ?", "choices": ["Un", " "]}, "choices_required"),
        ({"kind": "multiple", "text": "Choix ?", "choices": ["Un", "un"]}, "choices_duplicate"),
        ({"kind": "scale", "text": "Note ?", "choices": ["Un", "Deux"]}, "choices_unexpected"),
        ({"kind": "text", "text": "Avis ?", "choices": ["Un"]}, "choices_unexpected"),
        ({"kind": "other", "text": "Avis ?"}, "bad_kind"),
    ],
)
def test_bad_questions_are_refused_and_nothing_is_written(questionnaire, values, code):
    with pytest.raises(DomainError) as error:
        builder.add_question(questionnaire=questionnaire, **values)
    assert error.value.code == code
    assert error.value.message  # French, shown on the page
    assert not questionnaire.questions.exists()


def test_add_move_update_delete(questionnaire):
    a = builder.add_question(questionnaire=questionnaire, kind="scale", text="A")
    b = builder.add_question(
        questionnaire=questionnaire, kind="single", text="B", choices=["Oui", "", "Non"]
    )
    assert b.choices == ["Oui", "Non"] and (a.position, b.position) == (1, 2)
    builder.move_question(question=b, direction="up")
    assert [q.text for q in questionnaire.questions.order_by("position")] == ["B", "A"]
    builder.move_question(question=b, direction="up")  # already first: nothing
    assert [q.text for q in questionnaire.questions.order_by("position")] == ["B", "A"]
    builder.update_question(question=a, kind="text", text="A, en mots")
    a.refresh_from_db()
    assert (a.kind, a.text, a.choices) == ("text", "A, en mots", [])
    builder.delete_question(question=a)
    assert list(questionnaire.questions.values_list("text", flat=True)) == ["B"]


def test_settings_are_checked(questionnaire):
    with pytest.raises(DomainError) as error:
        builder.update_questionnaire(questionnaire=questionnaire, title=" ")
    assert error.value.code == "title_required"
    builder.update_questionnaire(questionnaire=questionnaire, title="Nouveau titre", open_days=7)
    questionnaire.refresh_from_db()
    assert (questionnaire.title, questionnaire.open_days) == ("Nouveau titre", 7)


def test_an_answered_questionnaire_is_frozen_and_can_be_copied(personas):
    cohort = personas["enrolment"].cohort
    chaud = {q.key: q for q in ensure_default_questionnaires(cohort.programme)}["a-chaud"]
    question = chaud.questions.first()
    survey = Survey.objects.create(
        cohort=cohort,
        questionnaire=chaud,
        title="Enquête",
        opens_at="2025-01-01T00:00Z",
        closes_at="2025-01-10T00:00Z",
    )
    response = Response.objects.create(survey=survey, submitted_on="2025-01-02")
    Answer.objects.create(response=response, question=question, number=4)
    assert builder.is_frozen(chaud)
    for call in (
        lambda: builder.add_question(questionnaire=chaud, kind="text", text="Autre"),
        lambda: builder.update_question(question=question, kind="scale", text="Changée"),
        lambda: builder.delete_question(question=question),
        lambda: builder.move_question(question=question, direction="down"),
        lambda: builder.update_questionnaire(questionnaire=chaud, anonymous=False),
    ):
        with pytest.raises(DomainError) as error:
            call()
        assert error.value.code == "questionnaire_frozen"
        assert "Dupliquez-le" in error.value.message
    # Dates and title stay editable.
    builder.update_questionnaire(questionnaire=chaud, open_days=12)

    copy = builder.copy_questionnaire(questionnaire=chaud, by=personas["coordination"])
    assert copy.title == f"{chaud.title} (copie)" and copy.key == "" and not copy.active
    assert list(copy.questions.values_list("text", "kind", "choices", "key")) == list(
        chaud.questions.values_list("text", "kind", "choices", "key")
    )
    assert not builder.is_frozen(copy)
    builder.add_question(questionnaire=copy, kind="text", text="Autre")
    assert Question.objects.filter(questionnaire=chaud, text="Autre").count() == 0


def test_only_coordination_of_the_programme_may_build(personas, questionnaire):
    code = questionnaire.programme.code
    assert builder.get_programme_for_builder(personas["coordination"], code)
    assert builder.get_questionnaire_for(personas["coordination"], questionnaire.pk)
    for name in ("intervenant", "partenaire", "auditeur", "autre_auditeur"):
        with pytest.raises(Http404):
            builder.get_programme_for_builder(personas[name], code)
        with pytest.raises(Http404):
            builder.get_questionnaire_for(personas[name], questionnaire.pk)
