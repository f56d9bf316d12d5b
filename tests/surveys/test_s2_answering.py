"""Answering a survey: the service (part s2)."""

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.conf import settings

from essor.core import clock
from essor.core.errors import DomainError
from essor.surveys.answering import open_surveys_for, submit_response
from essor.surveys.models import Answer, Moment, Recipient, Response, SurveyStatus

from .test_s2_factories import (
    NOW,
    answers_data,
    make_questionnaire,
    make_recipient,
    make_survey,
    questions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return NOW


@pytest.fixture
def setup(cs26, personas, frozen):
    questionnaire = make_questionnaire(cs26.programme)
    module = cs26.programme.modules.get(number=1)
    survey = make_survey(cs26, questionnaire, module=module, now=frozen)
    sent = frozen - timedelta(days=2)
    recipient, _raw = make_recipient(survey, personas["auditeur"], last_sent_at=sent)
    return survey, recipient, questions(questionnaire), sent


def test_anonymous_answer_is_linked_to_nobody(setup):
    survey, recipient, qs, sent = setup
    response = submit_response(
        survey=survey,
        recipient=recipient,
        data=answers_data(qs, satisfaction=5, rythme=2, apports=(2, 0), text=" Très utile "),
    )
    response.refresh_from_db()
    assert response.respondent is None
    # No date either: the day could be matched with who was reminded when.
    assert response.submitted_on is None
    stored = {a.question.key: a for a in response.answers.select_related("question")}
    assert stored["satisfaction"].number == 5
    assert stored["rythme"].number == 2
    assert stored["apports"].choices == [0, 2]
    assert stored["retenu"].text == "Très utile"
    recipient.refresh_from_db()
    assert recipient.answered is True
    # Nothing set at answering time on the list of people asked.
    assert recipient.last_sent_at == sent
    assert recipient.reminders_sent == 1


def test_no_table_links_an_answer_to_a_person(setup):
    survey, recipient, qs, _sent = setup
    submit_response(survey=survey, recipient=recipient, data=answers_data(qs))
    assert Response.objects.get().respondent_id is None
    response_model = apps.get_model("surveys", "Response")
    answer_model = apps.get_model("surveys", "Answer")
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    pointing = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and field.concrete
                and field.related_model
                in (
                    response_model,
                    answer_model,
                )
            ):
                pointing.add(f"{model._meta.label}.{field.name}")
    # Only the answers (to their response) and the bilan's highlights (to an answer).
    assert pointing == {"surveys.Answer.response", "quality.Highlight.answer"}
    # Neither of those rows carries a person; the Response's only person is the
    # respondent, None for an anonymous questionnaire.
    for label in ("surveys.Answer", "surveys.Response"):
        user_fields = {
            f.name
            for f in apps.get_model(label)._meta.concrete_fields
            if f.is_relation and f.related_model is user_model
        }
        assert user_fields == ({"respondent"} if label == "surveys.Response" else set())
    # The list of people asked points at no response, and holds no time of answering.
    recipient_fields = {f.name for f in Recipient._meta.concrete_fields}
    assert recipient_fields == {
        "id",
        "survey",
        "user",
        "token_hash",
        "answered",
        "reminders_sent",
        "last_sent_at",
    }
    # The response's only date field (left empty when anonymous) holds a day, no time.
    assert [
        f.get_internal_type() for f in Response._meta.concrete_fields if f.name.endswith("on")
    ] == ["DateField"]


def test_named_questionnaire_records_the_respondent(cs26, personas, frozen):
    questionnaire = make_questionnaire(
        cs26.programme, key="intervenants", moment=Moment.END, anonymous=False
    )
    survey = make_survey(cs26, questionnaire, now=frozen)
    recipient, _raw = make_recipient(survey, personas["intervenant"])
    response = submit_response(
        survey=survey, recipient=recipient, data=answers_data(questions(questionnaire))
    )
    assert response.respondent == personas["intervenant"]
    # The day in the cohort's zone (23:30 UTC is already the next day in Paris).
    assert response.submitted_on == date(2025, 5, 21)


def test_second_submission_is_refused(setup):
    survey, recipient, qs, _sent = setup
    submit_response(survey=survey, recipient=recipient, data=answers_data(qs))
    with pytest.raises(DomainError) as error:
        submit_response(survey=survey, recipient=recipient, data=answers_data(qs))
    assert error.value.code == "already_answered"
    assert Response.objects.count() == 1


@pytest.mark.parametrize("how", ["status", "date"])
def test_closed_survey_is_refused(setup, how):
    survey, recipient, qs, _sent = setup
    if how == "status":
        survey.status = SurveyStatus.CLOSED
    else:
        survey.closes_at = NOW - timedelta(minutes=1)
    survey.save()
    with pytest.raises(DomainError) as error:
        submit_response(survey=survey, recipient=recipient, data=answers_data(qs))
    assert error.value.code == "survey_closed"
    assert Response.objects.count() == 0


def test_recipient_of_another_survey_is_refused(setup, cs26, personas, frozen):
    survey, _recipient, qs, _sent = setup
    other = make_survey(
        cs26, survey.questionnaire, module=cs26.programme.modules.get(number=2), now=frozen
    )
    stranger, _raw = make_recipient(other, personas["auditeur2"])
    with pytest.raises(DomainError):
        submit_response(survey=survey, recipient=stranger, data=answers_data(qs))
    assert Response.objects.count() == 0


def test_invalid_answers_write_nothing(setup):
    survey, recipient, qs, _sent = setup
    data = {
        qs["satisfaction"].pk: "6",
        qs["rythme"].pk: "",
        qs["apports"].pk: ["0", "7"],
        qs["retenu"].pk: "x" * 5001,
    }
    with pytest.raises(DomainError) as error:
        submit_response(survey=survey, recipient=recipient, data=data)
    assert error.value.code == "invalid_answers"
    assert error.value.errors == {
        qs["satisfaction"].pk: "La note doit être comprise entre 1 et 5.",
        qs["rythme"].pk: "Choisissez une réponse.",
        qs["apports"].pk: "Une réponse cochée ne fait pas partie des options.",
        qs["retenu"].pk: "Réponse trop longue : 5\u202f000 caractères au plus.",
    }
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    recipient.refresh_from_db()
    assert recipient.answered is False


@pytest.mark.parametrize("value", [0, "abc", "1.5", True])
def test_scale_outside_one_to_five(setup, value):
    survey, recipient, qs, _sent = setup
    data = answers_data(qs)
    data[qs["satisfaction"].pk] = value
    with pytest.raises(DomainError) as error:
        submit_response(survey=survey, recipient=recipient, data=data)
    assert list(error.value.errors) == [qs["satisfaction"].pk]


def test_unknown_single_option(setup):
    survey, recipient, qs, _sent = setup
    data = answers_data(qs, rythme=3)
    with pytest.raises(DomainError) as error:
        submit_response(survey=survey, recipient=recipient, data=data)
    assert error.value.errors == {
        qs["rythme"].pk: "Cette réponse ne fait pas partie des options proposées."
    }


def test_missing_required_scale(setup):
    survey, recipient, qs, _sent = setup
    data = answers_data(qs)
    del data[qs["satisfaction"].pk]
    with pytest.raises(DomainError) as error:
        submit_response(survey=survey, recipient=recipient, data=data)
    assert error.value.errors == {qs["satisfaction"].pk: "Choisissez une note de 1 à 5."}


def test_optional_questions_left_blank_get_no_answer(setup):
    survey, recipient, qs, _sent = setup
    response = submit_response(
        survey=survey, recipient=recipient, data=answers_data(qs, apports=(), text="  ")
    )
    assert sorted(response.answers.values_list("question__key", flat=True)) == [
        "rythme",
        "satisfaction",
    ]


def test_open_surveys_for(setup, cs26, personas, frozen, django_assert_num_queries):
    survey, recipient, qs, _sent = setup
    module2 = cs26.programme.modules.get(number=2)
    closed = make_survey(
        cs26, survey.questionnaire, module=module2, now=frozen, status=SurveyStatus.CLOSED
    )
    make_recipient(closed, personas["auditeur"])
    module3 = cs26.programme.modules.get(number=3)
    other = make_survey(cs26, survey.questionnaire, module=module3, now=frozen)
    make_recipient(other, personas["auditeur2"])
    user = personas["auditeur"]
    with django_assert_num_queries(1):
        found = open_surveys_for(user)
        assert [s.cohort.slug for s in found] == ["cs26-2025"]
    assert found == [survey]
    submit_response(survey=survey, recipient=recipient, data=answers_data(qs))
    assert open_surveys_for(user) == []
    assert open_surveys_for(personas["auditeur2"]) == [other]
