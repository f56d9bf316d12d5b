"""Two submissions at the same instant for the same person (two tabs, a double click):
one response. Real threads on a file SQLite database (see tests/attendance)."""

import pytest

from essor.core.errors import DomainError
from essor.surveys.answering import submit_response
from essor.surveys.models import Response
from tests.attendance.test_sign_in_concurrency import file_database, run_together  # noqa: F401

from .test_s2_factories import (
    answers_data,
    make_questionnaire,
    make_recipient,
    make_survey,
    questions,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_double_submission_in_two_threads_records_one_response(cs26, personas):
    questionnaire = make_questionnaire(cs26.programme)
    survey = make_survey(cs26, questionnaire, module=cs26.programme.modules.get(number=1))
    recipient, _raw = make_recipient(survey, personas["auditeur"])
    data = answers_data(questions(questionnaire))

    def work(_i):
        return submit_response(survey=survey, recipient=recipient, data=data).pk

    results, errors = run_together(2, work)
    assert len(results) == 1
    assert [(type(e), e.code) for e in errors] == [(DomainError, "already_answered")]
    assert Response.objects.count() == 1
