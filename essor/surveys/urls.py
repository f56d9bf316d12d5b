from django.urls import path

app_name = "surveys"

urlpatterns: list = []

# --- answering and results (helper "s2") ---
from .views import answer as _answer  # noqa: E402
from .views import results as _results  # noqa: E402

urlpatterns += [
    path("enquetes/", _answer.mine, name="mine"),
    path("enquetes/<int:pk>/repondre/", _answer.answer, name="answer"),
    path("enquetes/r/<str:token>/", _answer.answer_token, name="answer-token"),
    path("cohorts/<slug:slug>/enquetes/<int:pk>/resultats/", _results.results, name="results"),
    path(
        "cohorts/<slug:slug>/enquetes/<int:pk>/resultats.csv",
        _results.results_csv,
        name="results-csv",
    ),
    path(
        "cohorts/<slug:slug>/enquetes/<int:pk>/resultats.xlsx",
        _results.results_xlsx,
        name="results-xlsx",
    ),
    path(
        "cohorts/<slug:slug>/enquetes/comparaison/",
        _results.compare_modules,
        name="compare-modules",
    ),
    path(
        "programmes/<str:code>/enquetes/comparaison/",
        _results.compare_cohorts,
        name="compare-cohorts",
    ),
]

# --- questionnaires, planning, sending (helper "s1") ---
from .views import builder as _builder  # noqa: E402
from .views import cohort as _cohort  # noqa: E402

urlpatterns += [
    path("programmes/<str:code>/questionnaires/", _builder.questionnaires, name="questionnaires"),
    path(
        "programmes/<str:code>/questionnaires/nouveau",
        _builder.questionnaire_new,
        name="questionnaire-new",
    ),
    path("questionnaires/<int:pk>/", _builder.questionnaire, name="questionnaire"),
    path("questionnaires/<int:pk>/copie", _builder.questionnaire_copy, name="questionnaire-copy"),
    path("questionnaires/<int:pk>/questions/<int:qid>/", _builder.question, name="question"),
    path(
        "questionnaires/<int:pk>/questions/<int:qid>/supprimer",
        _builder.question_delete,
        name="question-delete",
    ),
    path(
        "questionnaires/<int:pk>/questions/<int:qid>/deplacer",
        _builder.question_move,
        name="question-move",
    ),
    path("cohorts/<slug:slug>/enquetes/", _cohort.cohort_surveys, name="cohort-surveys"),
    path("cohorts/<slug:slug>/enquetes/planifier", _cohort.plan, name="plan"),
    path("cohorts/<slug:slug>/enquetes/<int:pk>/ouvrir", _cohort.survey_open, name="survey-open"),
    path(
        "cohorts/<slug:slug>/enquetes/<int:pk>/relancer",
        _cohort.survey_remind,
        name="survey-remind",
    ),
    path("cohorts/<slug:slug>/enquetes/<int:pk>/clore", _cohort.survey_close, name="survey-close"),
]
