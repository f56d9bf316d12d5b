"""Rows for the answering and results tests (part s2), built directly: a questionnaire
with one question of each kind, a survey, recipients with their raw token, answers."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from essor.surveys.models import (
    Answer,
    Audience,
    Moment,
    Question,
    QuestionKind,
    Questionnaire,
    Recipient,
    Response,
    Survey,
    SurveyStatus,
)
from essor.surveys.tokens import new_token

PARIS = ZoneInfo("Europe/Paris")
# A fixed "now" for the tests that freeze the clock: 20 May 2025, 23:30 UTC, i.e. already
# 21 May in Paris.
NOW = datetime(2025, 5, 20, 23, 30, tzinfo=ZoneInfo("UTC"))
RYTHME = ["Trop lent", "Adapté", "Trop rapide"]
APPORTS = ["Apports théoriques", "Échanges", "Études de cas"]


def make_questionnaire(
    programme,
    *,
    key="a-chaud",
    moment=Moment.MODULE,
    audience=Audience.PARTICIPANTS,
    anonymous=True,
    title="Questionnaire à chaud",
) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        programme=programme,
        key=key,
        title=title,
        moment=moment,
        audience=audience,
        anonymous=anonymous,
    )
    Question.objects.create(
        questionnaire=questionnaire,
        position=1,
        kind=QuestionKind.SCALE,
        text="Satisfaction globale",
        key="satisfaction",
        scale_low="Pas du tout satisfait·e",
        scale_high="Très satisfait·e",
    )
    Question.objects.create(
        questionnaire=questionnaire,
        position=2,
        kind=QuestionKind.SINGLE,
        text="Le rythme",
        key="rythme",
        choices=RYTHME,
    )
    Question.objects.create(
        questionnaire=questionnaire,
        position=3,
        kind=QuestionKind.MULTIPLE,
        text="Ce qui vous a servi",
        key="apports",
        choices=APPORTS,
        required=False,
    )
    Question.objects.create(
        questionnaire=questionnaire,
        position=4,
        kind=QuestionKind.TEXT,
        text="Commentaires",
        key="retenu",
        required=False,
    )
    return questionnaire


def questions(questionnaire) -> dict[str, Question]:
    return {q.key: q for q in questionnaire.questions.all()}


def make_survey(
    cohort, questionnaire, *, module=None, status=SurveyStatus.OPEN, now=None, title=None
) -> Survey:
    from django.utils import timezone

    now = now or timezone.now()
    return Survey.objects.create(
        cohort=cohort,
        questionnaire=questionnaire,
        module=module,
        title=title or f"{questionnaire.title} — {module.title if module else cohort.title}",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=13),
        status=status,
    )


def make_recipient(survey, user, *, last_sent_at=None) -> tuple[Recipient, str]:
    raw, digest = new_token()
    recipient = Recipient.objects.create(
        survey=survey, user=user, token_hash=digest, last_sent_at=last_sent_at, reminders_sent=1
    )
    return recipient, raw


def answers_data(qs: dict[str, Question], *, satisfaction=4, rythme=1, apports=(0,), text=""):
    """Data for submit_response, keyed by question id."""
    return {
        qs["satisfaction"].pk: satisfaction,
        qs["rythme"].pk: rythme,
        qs["apports"].pk: list(apports),
        qs["retenu"].pk: text,
    }


def add_response(survey, qs, *, satisfaction=None, rythme=None, apports=(), text="", day=None):
    """A response written directly (results tests): only the given answers."""
    response = Response.objects.create(survey=survey, submitted_on=day or NOW.date())
    if satisfaction is not None:
        Answer.objects.create(response=response, question=qs["satisfaction"], number=satisfaction)
    if rythme is not None:
        Answer.objects.create(response=response, question=qs["rythme"], number=rythme)
    if apports:
        Answer.objects.create(response=response, question=qs["apports"], choices=list(apports))
    if text:
        Answer.objects.create(response=response, question=qs["retenu"], text=text)
    return response
