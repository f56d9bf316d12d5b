"""Questionnaires (coordination of a cohort of the programme) and a cohort's surveys
(coordination of the cohort)."""

from .matrix import OK, REDIRECT, Case, only

SLUG = "cs26-2025"
COORD_OK = only({"coordination": OK})
COORD_POST = only({"coordination": REDIRECT})


def _questionnaire(p):
    from essor.surveys.defaults import ensure_default_questionnaires

    return {q.key: q for q in ensure_default_questionnaires(p["enrolment"].cohort.programme)}[
        "a-chaud"
    ]


def _question(suffix=""):
    def path(p):
        questionnaire = _questionnaire(p)
        question = questionnaire.questions.order_by("position").last()
        return f"/questionnaires/{questionnaire.pk}/questions/{question.pk}/{suffix}"

    return path


def _survey(suffix):
    def path(p):
        from essor.surveys.models import Survey
        from essor.surveys.planning import plan_surveys

        plan_surveys(p["enrolment"].cohort)
        survey = Survey.objects.get(
            cohort__slug=SLUG, module__number=3, questionnaire__key="a-chaud"
        )
        return f"/cohorts/{SLUG}/enquetes/{survey.pk}/{suffix}"

    return path


NEW = {
    "title": "Journée d'étude",
    "moment": "manual",
    "audience": "participants",
    "anonymous": "on",
    "follow_up_months": 4,
    "open_days": 7,
    "reminder_days": 3,
    "max_reminders": 1,
}

CASES = [
    Case("surveys:questionnaires", lambda p: "/programmes/CS26/questionnaires/", COORD_OK),
    Case(
        "surveys:questionnaires",
        lambda p: "/programmes/CS26/questionnaires/",
        COORD_POST,
        method="post",
    ),
    Case(
        "surveys:questionnaire-new", lambda p: "/programmes/CS26/questionnaires/nouveau", COORD_OK
    ),
    Case(
        "surveys:questionnaire-new",
        lambda p: "/programmes/CS26/questionnaires/nouveau",
        COORD_POST,
        method="post",
        data=lambda p: NEW,
    ),
    Case("surveys:questionnaire", lambda p: f"/questionnaires/{_questionnaire(p).pk}/", COORD_OK),
    Case(
        "surveys:questionnaire",
        lambda p: f"/questionnaires/{_questionnaire(p).pk}/",
        COORD_POST,
        method="post",
        data=lambda p: {"form": "question", "new-kind": "text", "new-text": "Autre chose ?"},
    ),
    Case(
        "surveys:questionnaire-copy",
        lambda p: f"/questionnaires/{_questionnaire(p).pk}/copie",
        COORD_POST,
        method="post",
    ),
    # An empty edit is refused (400, form shown again): the coordination reached it.
    Case(
        "surveys:question",
        _question(),
        only({"coordination": 400}),
        method="post",
        data=lambda p: {},
    ),
    Case(
        "surveys:question-move",
        _question("deplacer"),
        COORD_POST,
        method="post",
        data=lambda p: {"direction": "up"},
    ),
    Case("surveys:question-delete", _question("supprimer"), COORD_POST, method="post"),
    Case("surveys:cohort-surveys", lambda p: f"/cohorts/{SLUG}/enquetes/", COORD_OK),
    Case(
        "surveys:plan", lambda p: f"/cohorts/{SLUG}/enquetes/planifier", COORD_POST, method="post"
    ),
    Case("surveys:survey-open", _survey("ouvrir"), COORD_POST, method="post"),
    Case("surveys:survey-remind", _survey("relancer"), COORD_POST, method="post"),
    Case("surveys:survey-close", _survey("clore"), COORD_POST, method="post"),
]
