"""Demo data for the surveys: the cohort's surveys planned, the « à chaud » surveys of
the modules already over answered and closed, the most recent one still open with a
few answers. Answers are anonymous (no respondent, no date), as the real
answering does; no e-mail is sent."""

import random
from datetime import datetime

from essor.surveys.dispatch import audience_user_ids
from essor.surveys.models import (
    Answer,
    Moment,
    QuestionKind,
    Recipient,
    Response,
    Survey,
    SurveyStatus,
)
from essor.surveys.planning import plan_surveys
from essor.surveys.tokens import new_token

KEPT = (
    "Les outils d'analyse institutionnelle, que je vais utiliser dès la rentrée.",
    "Les échanges avec les autres auditeur·rices sur nos pratiques.",
    "Une meilleure compréhension de la place de l'ESS dans l'économie.",
    "La grille de diagnostic, très concrète.",
    "Les témoignages de dirigeant·es de structures.",
)
IMPROVE = (
    "Un peu plus de temps pour les travaux en petits groupes.",
    "Recevoir les supports avant la séance.",
    "La salle était trop petite pour le nombre de participant·es.",
    "Des pauses plus régulières l'après-midi.",
    "Davantage d'exemples pris dans les coopératives.",
)

# Most people are satisfied; a few are less so: the spread a real module gets.
SCALE_WEIGHTS = (1, 2, 6, 18, 14)


def _answers(rng: random.Random, questions) -> list[dict]:
    rows = []
    for question in questions:
        if question.kind == QuestionKind.SCALE:
            rows.append(
                {"question": question, "number": rng.choices(range(1, 6), SCALE_WEIGHTS)[0]}
            )
        elif question.kind == QuestionKind.SINGLE:
            weights = [3 if i == 1 else 1 for i in range(len(question.choices))]
            rows.append(
                {
                    "question": question,
                    "number": rng.choices(range(len(question.choices)), weights)[0],
                }
            )
        elif question.kind == QuestionKind.MULTIPLE:
            picked = sorted(rng.sample(range(len(question.choices)), k=2))
            rows.append({"question": question, "choices": picked})
        elif rng.random() < 0.4:
            pool = IMPROVE if question.key == "ameliorer" else KEPT
            rows.append({"question": question, "text": rng.choice(pool)})
    return rows


def _respond(survey: Survey, count: int, rng: random.Random) -> None:
    questions = list(survey.questionnaire.questions.all())
    for _i in range(count):
        response = Response.objects.create(survey=survey, respondent=None)
        Answer.objects.bulk_create(
            Answer(response=response, **row) for row in _answers(rng, questions)
        )


def seed_survey_demo(cohort, now: datetime) -> list[Survey]:
    """Plan the cohort's surveys and give the past modules' « à chaud » surveys answers."""
    rng = random.Random(f"essor-surveys-{cohort.slug}")  # noqa: S311 (demo data)
    surveys = plan_surveys(cohort)
    past = [
        s
        for s in surveys
        if s.questionnaire.moment == Moment.MODULE
        and s.status == SurveyStatus.PLANNED
        and s.opens_at <= now
        and not s.responses.exists()
    ]
    for index, survey in enumerate(past):
        asked = audience_user_ids(survey)
        last = index == len(past) - 1
        survey.opened_at = survey.opens_at
        if last and survey.closes_at > now:
            # The most recent module: still open, a few have answered.
            survey.status = SurveyStatus.OPEN
            survey.recipients_count = len(asked)
            survey.save(update_fields=["status", "opened_at", "recipients_count"])
            answered = min(len(asked), rng.randint(3, 6))
            for position, user_id in enumerate(asked):
                Recipient.objects.create(
                    survey=survey,
                    user_id=user_id,
                    token_hash=new_token()[1],
                    answered=position < answered,
                    last_sent_at=survey.opens_at,
                )
            _respond(survey, answered, rng)
            continue
        survey.status = SurveyStatus.CLOSED
        survey.closed_at = survey.closes_at
        survey.recipients_count = max(len(asked), 9)
        survey.save(update_fields=["status", "opened_at", "closed_at", "recipients_count"])
        count = min(rng.randint(6, 9), survey.recipients_count)
        _respond(survey, count, rng)
    return surveys
