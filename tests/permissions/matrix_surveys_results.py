"""Surveys: answering (the people asked; the e-mailed link without login) and results
(the coordination of the cohort, or of a cohort of the programme for comparisons)."""

from .matrix import BAD, GONE, NOT_FOUND, OK, Case, everyone, only

SLUG = "cs26-2025"
TOKEN = "jeton-de-la-matrice"
ANSWERED_TOKEN = "jeton-deja-utilise"


def _survey(p, *, answers=0):
    """One open survey of cs26 (made once, whatever the persona), the participant asked."""
    from essor.surveys.models import Recipient, Survey
    from essor.surveys.tokens import hash_token
    from tests.surveys.test_s2_factories import (
        add_response,
        make_questionnaire,
        make_survey,
        questions,
    )

    cohort = p["enrolment"].cohort
    title = f"Matrice {answers}"
    survey = Survey.objects.filter(cohort=cohort, title=title).first()
    if survey is None:
        questionnaire = make_questionnaire(cohort.programme, key=f"matrice-{answers}")
        survey = make_survey(cohort, questionnaire, title=title)
        Recipient.objects.create(
            survey=survey, user=p["auditeur"], token_hash=hash_token(f"{TOKEN}-{answers}")
        )
        Recipient.objects.create(
            survey=survey,
            user=p["auditeur2"],
            token_hash=hash_token(f"{ANSWERED_TOKEN}-{answers}"),
            answered=True,
        )
        qs = questions(questionnaire)
        for n in range(answers):
            add_response(survey, qs, satisfaction=1 + n % 5, rythme=1)
    return survey


def _answer(p):
    return f"/enquetes/{_survey(p).pk}/repondre/"


def _token(token):
    def path(p):
        _survey(p)
        return f"/enquetes/r/{token}-0/"

    return path


def _results(suffix="", answers=5):
    return lambda p: f"/cohorts/{SLUG}/enquetes/{_survey(p, answers=answers).pk}/resultats{suffix}"


def _valid(p):
    from tests.surveys.test_s2_factories import questions

    qs = questions(_survey(p).questionnaire)
    return {f"q-{qs['satisfaction'].pk}": "4", f"q-{qs['rythme'].pk}": "0"}


def _invalid(p):
    from tests.surveys.test_s2_factories import questions

    qs = questions(_survey(p).questionnaire)
    return {f"q-{qs['satisfaction'].pk}": "8"}


COORDINATION = only({"coordination": OK})

CASES = [
    Case("surveys:mine", lambda p: "/enquetes/", only({}, others=OK)),
    Case("surveys:answer", _answer, only({"auditeur": OK})),
    Case("surveys:answer", _answer, only({"auditeur": OK}), method="post", data=_valid),
    Case("surveys:answer", _answer, only({"auditeur": BAD}), method="post", data=_invalid),
    # The e-mailed link is the key: no login needed, the same answer for everyone.
    Case("surveys:answer-token", _token(TOKEN), everyone(OK)),
    Case("surveys:answer-token", _token(ANSWERED_TOKEN), everyone(GONE)),
    Case("surveys:answer-token", _token("inconnu"), everyone(NOT_FOUND)),
    Case("surveys:answer-token", _token(TOKEN), everyone(BAD), method="post", data=_invalid),
    Case("surveys:results", _results("/"), COORDINATION),
    Case("surveys:results", _results("/", answers=0), COORDINATION),
    Case("surveys:results-csv", _results(".csv"), COORDINATION),
    Case("surveys:results-csv", _results(".csv", answers=4), only({"coordination": BAD})),
    Case("surveys:results-xlsx", _results(".xlsx"), COORDINATION),
    Case("surveys:results-xlsx", _results(".xlsx", answers=4), only({"coordination": BAD})),
    Case(
        "surveys:compare-modules", lambda p: f"/cohorts/{SLUG}/enquetes/comparaison/", COORDINATION
    ),
    Case(
        "surveys:compare-cohorts",
        lambda p: f"/programmes/{p['enrolment'].cohort.programme.code}/enquetes/comparaison/",
        COORDINATION,
    ),
    Case(
        "surveys:compare-cohorts", lambda p: "/programmes/INCONNU/enquetes/comparaison/", only({})
    ),
]
