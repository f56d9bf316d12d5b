"""Reads for the coordination's pages: the questionnaires of a programme, the surveys of
a cohort with their counts (how many answered, never who)."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from .models import Question, Questionnaire, Recipient, Response, Survey, SurveyStatus


def _count(model):
    rows = (
        model.objects.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def programme_questionnaires(programme) -> list[Questionnaire]:
    return list(
        Questionnaire.objects.filter(programme=programme)
        .annotate(questions_count=Count("questions", distinct=True))
        .order_by("moment", "title", "pk")
    )


def questionnaire_with_questions(questionnaire: Questionnaire) -> Questionnaire:
    return (
        Questionnaire.objects.select_related("programme")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position")))
        .get(pk=questionnaire.pk)
    )


@dataclass(frozen=True)
class SurveyRow:
    survey: Survey
    asked: int  # people asked (the count kept at closing once the list is purged)
    answers: int

    @property
    def rate(self) -> float | None:
        return self.answers / self.asked if self.asked else None

    @property
    def can_open(self) -> bool:
        return self.survey.status == SurveyStatus.PLANNED

    @property
    def is_open(self) -> bool:
        return self.survey.status == SurveyStatus.OPEN


def cohort_surveys(cohort) -> list[SurveyRow]:
    """The cohort's surveys in date order, with people asked and answers counted in one
    query."""
    surveys = (
        Survey.objects.filter(cohort=cohort)
        .select_related("questionnaire", "module")
        .annotate(
            answers_count=_count(Response),
            recipients_now=_count(Recipient),
        )
        .order_by("opens_at", "pk")
    )
    rows = []
    for survey in surveys:
        asked = survey.recipients_now if survey.status == SurveyStatus.OPEN else 0
        asked = max(asked, survey.recipients_count)
        rows.append(SurveyRow(survey=survey, asked=asked, answers=survey.answers_count))
    return rows
