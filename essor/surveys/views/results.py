"""Results of a survey (page, CSV, XLSX) and comparisons, for the coordination."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from essor.cohorts.permissions import get_cohort_for
from essor.core.errors import DomainError
from essor.core.spreadsheets import XLSX_CONTENT_TYPE

from .. import exports
from ..builder import get_programme_for_builder
from ..charts import distribution_chart
from ..models import MIN_ANSWERS_SHOWN, QuestionKind, Questionnaire, Survey
from ..results import compare_cohorts as compare_cohorts_of
from ..results import compare_modules as compare_modules_of
from ..results import survey_results


def _survey_for(request, slug, pk) -> Survey:
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    return get_object_or_404(
        Survey.objects.select_related("cohort__programme", "questionnaire", "module"),
        pk=pk,
        cohort=cohort,
    )


@login_required
@require_GET
def results(request, slug, pk):
    survey = _survey_for(request, slug, pk)
    outcome = survey_results(survey)
    items = []
    if outcome.shown:
        for index, result in enumerate(outcome.questions, start=1):
            chart = None
            if result.kind != QuestionKind.TEXT:
                chart = distribution_chart(result, f"{survey.pk}-{index}")
            items.append({"result": result, "chart": chart, "index": index})
    context = {
        "cohort": survey.cohort,
        "survey": survey,
        "outcome": outcome,
        "items": items,
        "minimum": MIN_ANSWERS_SHOWN,
    }
    return render(request, "surveys/results.html", context)


def _download(request, slug, pk, fmt):
    survey = _survey_for(request, slug, pk)
    try:
        if fmt == "csv":
            content = exports.results_csv(survey)
            content_type = "text/csv; charset=utf-8"
        else:
            content = exports.results_xlsx(survey)
            content_type = XLSX_CONTENT_TYPE
    except DomainError as error:
        return render(
            request,
            "surveys/results_refused.html",
            {"cohort": survey.cohort, "survey": survey, "message": error.message},
            status=400,
        )
    response = HttpResponse(content, content_type=content_type)
    name = slugify(survey.title) or f"enquete-{survey.pk}"
    response["Content-Disposition"] = f'attachment; filename="resultats-{name}.{fmt}"'
    return response


@login_required
@require_GET
def results_csv(request, slug, pk):
    return _download(request, slug, pk, "csv")


@login_required
@require_GET
def results_xlsx(request, slug, pk):
    return _download(request, slug, pk, "xlsx")


@login_required
@require_GET
def compare_modules(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    context = {
        "cohort": cohort,
        "comparison": compare_modules_of(cohort),
        "minimum": MIN_ANSWERS_SHOWN,
    }
    return render(request, "surveys/compare_modules.html", context)


@login_required
@require_GET
def compare_cohorts(request, code):
    programme = get_programme_for_builder(request.user, code)
    questionnaires = list(
        Questionnaire.objects.filter(programme=programme)
        .exclude(key="")
        .order_by("moment", "title")
    )
    chosen = request.GET.get("questionnaire", "")
    questionnaire = next((q for q in questionnaires if q.key == chosen), None)
    if questionnaire is None:
        questionnaire = next((q for q in questionnaires if q.key == "a-chaud"), None)
    if questionnaire is None and questionnaires:
        questionnaire = questionnaires[0]
    context = {
        "programme": programme,
        "questionnaires": questionnaires,
        "questionnaire": questionnaire,
        "comparison": compare_cohorts_of(programme, questionnaire) if questionnaire else None,
        "minimum": MIN_ANSWERS_SHOWN,
    }
    return render(request, "surveys/compare_cohorts.html", context)
