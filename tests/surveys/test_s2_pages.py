"""The answering pages, the results pages and the home block (part s2)."""

import csv
import io
import logging

import pytest
from openpyxl import load_workbook

from essor.surveys.models import Answer, Moment, Response, SurveyStatus

from .test_s2_factories import (
    add_response,
    make_questionnaire,
    make_recipient,
    make_survey,
    questions,
)

pytestmark = pytest.mark.django_db
SLUG = "cs26-2025"


@pytest.fixture
def survey(cs26):
    return make_survey(
        cs26, make_questionnaire(cs26.programme), module=cs26.programme.modules.get(number=1)
    )


@pytest.fixture
def asked(survey, personas):
    return make_recipient(survey, personas["auditeur"])


def post_data(qs, **overrides):
    data = {
        f"q-{qs['satisfaction'].pk}": "4",
        f"q-{qs['rythme'].pk}": "1",
        f"q-{qs['apports'].pk}": ["0", "2"],
        f"q-{qs['retenu'].pk}": "Bien",
    }
    data.update(overrides)
    return data


def fill(survey, count):
    qs = questions(survey.questionnaire)
    for n in range(count):
        add_response(
            survey, qs, satisfaction=1 + n % 5, rythme=n % 3, apports=(n % 3,), text=f"T{n}"
        )


# --- answering --------------------------------------------------------------------------------


def test_form_is_built_from_the_questions(client, personas, survey, asked):
    client.force_login(personas["auditeur"])
    page = client.get(f"/enquetes/{survey.pk}/repondre/")
    assert page.status_code == 200
    html = page.content.decode()
    qs = questions(survey.questionnaire)
    assert "<legend>Satisfaction globale" in html
    assert html.count(f'type="radio" name="q-{qs["satisfaction"].pk}"') == 5
    assert "1 — Pas du tout satisfait·e" in html and "5 — Très satisfait·e" in html
    assert html.count(f'type="radio" name="q-{qs["rythme"].pk}"') == 3
    assert html.count(f'type="checkbox" name="q-{qs["apports"].pk}"') == 3
    assert f'<label for="q-{qs["retenu"].pk}">Commentaires' in html
    assert "Vos réponses sont anonymes" in html


def test_logged_in_answer(client, personas, survey, asked, caplog):
    client.force_login(personas["auditeur"])
    qs = questions(survey.questionnaire)
    with caplog.at_level(logging.DEBUG):
        page = client.post(f"/enquetes/{survey.pk}/repondre/", post_data(qs))
    assert page.status_code == 200
    assert "Merci, vos réponses sont enregistrées" in page.content.decode()
    response = Response.objects.get()
    assert response.respondent is None
    assert sorted(response.answers.values_list("question__key", flat=True)) == [
        "apports",
        "retenu",
        "rythme",
        "satisfaction",
    ]
    # Nothing in the session names the response, no log line tells who answered.
    assert str(response.pk) not in str(dict(client.session))
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "auditeur" not in logged and str(response.pk) not in logged
    again = client.post(f"/enquetes/{survey.pk}/repondre/", post_data(qs))
    assert again.status_code == 410
    assert "Vous avez déjà répondu" in again.content.decode()
    assert Response.objects.count() == 1


def test_bad_input_is_shown_again_and_nothing_written(client, personas, survey, asked):
    client.force_login(personas["auditeur"])
    qs = questions(survey.questionnaire)
    data = post_data(qs, **{f"q-{qs['satisfaction'].pk}": "9", f"q-{qs['rythme'].pk}": ""})
    data[f"q-{qs['retenu'].pk}"] = "Mon texte <b>à garder</b>"
    page = client.post(f"/enquetes/{survey.pk}/repondre/", data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "La note doit être comprise entre 1 et 5." in html
    assert "Choisissez une réponse." in html
    # What was typed is kept (and escaped).
    assert "Mon texte &lt;b&gt;à garder&lt;/b&gt;</textarea>" in html
    assert f'name="q-{qs["apports"].pk}" value="2" checked' in html
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_not_a_recipient_gets_404(client, personas, survey, asked):
    client.force_login(personas["auditeur2"])
    assert client.get(f"/enquetes/{survey.pk}/repondre/").status_code == 404


def test_token_link_works_without_login(client, survey, asked):
    _recipient, raw = asked
    qs = questions(survey.questionnaire)
    assert client.get(f"/enquetes/r/{raw}/").status_code == 200
    page = client.post(f"/enquetes/r/{raw}/", post_data(qs))
    assert page.status_code == 200
    assert Response.objects.get().respondent is None
    gone = client.get(f"/enquetes/r/{raw}/")
    assert gone.status_code == 410
    assert "Vous avez déjà répondu" in gone.content.decode()


def test_token_link_of_a_closed_survey(client, survey, asked):
    survey.status = SurveyStatus.CLOSED
    survey.save()
    page = client.get(f"/enquetes/r/{asked[1]}/")
    assert page.status_code == 410
    assert "Cette enquête est close" in page.content.decode()


def test_unknown_token(client, db):
    page = client.get("/enquetes/r/inconnu/")
    assert page.status_code == 404
    assert "Ce lien ne correspond à aucune enquête en cours" in page.content.decode()


def test_double_submission_through_both_doors(client, personas, survey, asked):
    client.force_login(personas["auditeur"])
    qs = questions(survey.questionnaire)
    client.post(f"/enquetes/r/{asked[1]}/", post_data(qs))
    assert client.post(f"/enquetes/{survey.pk}/repondre/", post_data(qs)).status_code == 410
    assert Response.objects.count() == 1


# --- my surveys and the home block --------------------------------------------------------------


def test_mine_and_home_block(client, personas, survey, asked):
    client.force_login(personas["auditeur"])
    mine = client.get("/enquetes/").content.decode()
    assert f'href="/enquetes/{survey.pk}/repondre/"' in mine
    home = client.get(f"/cohorts/{SLUG}/me/").content.decode()
    assert "Questionnaires à remplir" in home
    assert f'href="/enquetes/{survey.pk}/repondre/"' in home
    client.force_login(personas["auditeur2"])
    assert "Questionnaires à remplir" not in client.get(f"/cohorts/{SLUG}/me/").content.decode()
    assert "Aucun questionnaire à remplir" in client.get("/enquetes/").content.decode()


def test_home_block_for_speakers_and_partners(client, personas, cs26):
    questionnaire = make_questionnaire(
        cs26.programme, key="intervenants", moment=Moment.END, anonymous=False
    )
    survey = make_survey(cs26, questionnaire)
    for name, path in (("intervenant", "speaker"), ("partenaire", "partner")):
        make_recipient(survey, personas[name])
        client.force_login(personas[name])
        html = client.get(f"/cohorts/{SLUG}/{path}/").content.decode()
        assert "Questionnaires à remplir" in html, name


# --- results ------------------------------------------------------------------------------------


def test_results_hidden_under_five(client, personas, survey):
    fill(survey, 4)
    client.force_login(personas["coordination"])
    html = client.get(f"/cohorts/{SLUG}/enquetes/{survey.pk}/resultats/").content.decode()
    assert "Résultats masqués : moins de 5 réponses" in html
    assert "<svg" not in html and "T0" not in html and "moyenne" not in html
    for fmt in ("csv", "xlsx"):
        refused = client.get(f"/cohorts/{SLUG}/enquetes/{survey.pk}/resultats.{fmt}")
        assert refused.status_code == 400
        assert "moins de 5 réponses" in refused.content.decode()


def test_results_shown_at_five(client, personas, survey):
    fill(survey, 5)
    client.force_login(personas["coordination"])
    html = client.get(f"/cohorts/{SLUG}/enquetes/{survey.pk}/resultats/").content.decode()
    assert "Résultats masqués" not in html
    assert html.count('role="img"') == 3  # scale, single and multiple choices
    assert "<title id=" in html and "<desc id=" in html
    assert "moyenne : 3,00 sur 5" in html  # 1, 2, 3, 4, 5
    assert '<th scope="row">Adapté</th><td>2</td><td>40,0\u00a0%</td>' in html
    assert "<li>T0</li>" in html and "<li>T4</li>" in html
    csv_page = client.get(f"/cohorts/{SLUG}/enquetes/{survey.pk}/resultats.csv")
    assert csv_page.status_code == 200
    rows = list(csv.reader(io.StringIO(csv_page.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 6
    xlsx = client.get(f"/cohorts/{SLUG}/enquetes/{survey.pk}/resultats.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 6
    assert sorted(sheet.cell(row=r, column=1).value for r in range(2, 7)) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("count", [5, 15])
def test_results_page_query_count(client, personas, survey, count, django_assert_num_queries):
    fill(survey, count)
    client.force_login(personas["coordination"])
    url = f"/cohorts/{SLUG}/enquetes/{survey.pk}/resultats/"
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("modules", [1, 6])
def test_compare_modules_page(client, personas, cs26, modules, django_assert_num_queries):
    questionnaire = make_questionnaire(cs26.programme)
    for number in range(1, modules + 1):
        fill(make_survey(cs26, questionnaire, module=cs26.programme.modules.get(number=number)), 5)
    fill(make_survey(cs26, questionnaire, module=cs26.programme.modules.get(number=14)), 2)
    client.force_login(personas["coordination"])
    with django_assert_num_queries(8):
        page = client.get(f"/cohorts/{SLUG}/enquetes/comparaison/")
    html = page.content.decode()
    assert html.count("<td>3,00</td>") == modules
    assert html.count("moins de 5 réponses</td>") == 1


@pytest.mark.parametrize("cohorts", [1, 3])
def test_compare_cohorts_page(client, personas, cs26, cohorts, django_assert_num_queries):
    from tests.factories import CohortFactory

    questionnaire = make_questionnaire(cs26.programme)
    module = cs26.programme.modules.get(number=1)
    fill(make_survey(cs26, questionnaire, module=module), 5)
    for n in range(1, cohorts):
        extra = CohortFactory(programme=cs26.programme, slug=f"cs26-extra-{n}")
        fill(make_survey(extra, questionnaire, module=module), 5 if n == 1 else 3)
    client.force_login(personas["coordination"])
    with django_assert_num_queries(9):
        page = client.get(f"/programmes/{cs26.programme.code}/enquetes/comparaison/")
    html = page.content.decode()
    assert html.count("<td>3,00</td>") == min(cohorts, 2)
    assert html.count("moins de 5 réponses</td>") == (1 if cohorts == 3 else 0)


def test_compare_cohorts_choice_of_questionnaire(client, personas, cs26):
    make_questionnaire(cs26.programme)
    make_questionnaire(cs26.programme, key="fin", moment=Moment.END, title="Fin de formation")
    client.force_login(personas["coordination"])
    url = f"/programmes/{cs26.programme.code}/enquetes/comparaison/"
    html = client.get(url, {"questionnaire": "fin"}).content.decode()
    assert '<option value="fin" selected>Fin de formation</option>' in html
    assert "Aucune réponse à ce questionnaire pour le moment." in html
    # Coordinating a cohort of the programme is needed.
    client.force_login(personas["intervenant"])
    assert client.get(url).status_code == 404
