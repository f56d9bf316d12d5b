"""Answering a survey: the one place where a Response is written.

Anonymity is kept by what is *not* written: for an anonymous questionnaire the Response
has no respondent, only the day (in the cohort's time zone), and the Recipient row only
gets `answered = True` — no time, no reference to the response, no log line, no session
flag. The Recipient row is locked while answering, so a double submission (two tabs, a
double click) records one response.
"""

from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from essor.core import clock
from essor.core.errors import DomainError
from essor.core.numbers import french_number

from .models import Answer, Question, QuestionKind, Recipient, Response, Survey, SurveyStatus

TEXT_MAX_LENGTH = 5000


def is_open(survey: Survey) -> bool:
    return survey.status == SurveyStatus.OPEN and clock.now() < survey.closes_at


def open_surveys_for(user) -> list[Survey]:
    """Open surveys where `user` is asked and has not answered yet, closing first (1 query)."""
    if not user.is_authenticated:
        return []
    return list(
        Survey.objects.filter(
            status=SurveyStatus.OPEN,
            closes_at__gt=clock.now(),
            recipients__user=user,
            recipients__answered=False,
        )
        .select_related("cohort", "module", "questionnaire")
        .order_by("closes_at", "pk")
    )


def _as_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set):
        return not any(not _empty(v) for v in value)
    return False


def clean_answers(questions: list[Question], data: dict) -> tuple[dict[int, dict], dict[int, str]]:
    """Checks `data` ({question id: value}) against the questions. Returns the answers
    to write ({question id: {number, choices, text}}) and the errors ({question id:
    French message}); questions left blank that are not required get no answer."""
    cleaned: dict[int, dict] = {}
    errors: dict[int, str] = {}
    for question in questions:
        value = data.get(question.pk, data.get(str(question.pk)))
        if _empty(value):
            if question.required:
                errors[question.pk] = {
                    QuestionKind.SCALE: _("Choisissez une note de 1 à 5."),
                    QuestionKind.SINGLE: _("Choisissez une réponse."),
                    QuestionKind.MULTIPLE: _("Cochez au moins une réponse."),
                }.get(question.kind, _("Cette question est obligatoire."))
            continue
        if question.kind == QuestionKind.SCALE:
            number = _as_int(value)
            if number is None or not 1 <= number <= 5:
                errors[question.pk] = _("La note doit être comprise entre 1 et 5.")
                continue
            cleaned[question.pk] = {"number": number, "choices": [], "text": ""}
        elif question.kind == QuestionKind.SINGLE:
            number = _as_int(value)
            if number is None or not 0 <= number < len(question.choices):
                errors[question.pk] = _("Cette réponse ne fait pas partie des options proposées.")
                continue
            cleaned[question.pk] = {"number": number, "choices": [], "text": ""}
        elif question.kind == QuestionKind.MULTIPLE:
            values = value if isinstance(value, list | tuple | set) else [value]
            indexes = [_as_int(v) for v in values if not _empty(v)]
            if any(i is None or not 0 <= i < len(question.choices) for i in indexes):
                errors[question.pk] = _("Une réponse cochée ne fait pas partie des options.")
                continue
            cleaned[question.pk] = {"number": None, "choices": sorted(set(indexes)), "text": ""}
        else:
            text = str(value).strip()
            if len(text) > TEXT_MAX_LENGTH:
                errors[question.pk] = _("Réponse trop longue : %(max)s caractères au plus.") % {
                    "max": french_number(TEXT_MAX_LENGTH)
                }
                continue
            cleaned[question.pk] = {"number": None, "choices": [], "text": text}
    return cleaned, errors


@transaction.atomic
def submit_response(*, survey: Survey, recipient: Recipient, data: dict) -> Response:
    """Records the answers of `recipient` to `survey`; see the module docstring."""
    locked = (
        Recipient.objects.select_for_update()
        .filter(pk=recipient.pk, survey_id=survey.pk)
        .only("pk", "answered", "user_id")
        .first()
    )
    survey = Survey.objects.select_related("questionnaire", "cohort").get(pk=survey.pk)
    if locked is None or not is_open(survey):
        raise DomainError(
            "survey_closed", _("Cette enquête est close : elle ne reçoit plus de réponses.")
        )
    if locked.answered:
        raise DomainError("already_answered", _("Vous avez déjà répondu à cette enquête : merci !"))
    questions = list(survey.questionnaire.questions.all())
    cleaned, errors = clean_answers(questions, data)
    if errors:
        error = DomainError(
            "invalid_answers",
            _("Certaines réponses sont à compléter ou à corriger."),
            details=list(errors.values()),
        )
        error.errors = errors
        raise error
    anonymous = survey.questionnaire.anonymous
    response = Response.objects.create(
        survey=survey,
        respondent_id=None if anonymous else locked.user_id,
        submitted_on=None
        if anonymous
        else clock.now().astimezone(ZoneInfo(survey.cohort.timezone)).date(),
    )
    Answer.objects.bulk_create(
        Answer(response=response, question_id=question_id, **values)
        for question_id, values in cleaned.items()
    )
    # Only the flag: no time, nothing pointing at the response.
    Recipient.objects.filter(pk=locked.pk).update(answered=True)
    return response
