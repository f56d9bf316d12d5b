"""The feedback loop in a real browser: a participant answers the module 1 « à chaud »
questionnaire from the list of questionnaires to fill in; with four more answers the
coordination reads the results (chart and data table), quotes a free-text answer in the
bilan, records an improvement action and a complaint, and opens the quality evidence
page; the participant then looks at their data page. Every page passes axe (no serious
or critical violation)."""

import pytest
from playwright.sync_api import expect

from essor.quality.models import Highlight, ImprovementAction
from essor.surveys.answering import submit_response
from essor.surveys.dispatch import open_now
from essor.surveys.models import QuestionKind, Recipient, Response
from essor.surveys.planning import plan_surveys
from tests.browser import axe_check, describe_violations
from tests.factories import PASSWORD, UserFactory, enrol, grant

pytestmark = pytest.mark.browser

QUOTE = "Les études de cas sur les coopératives m'ont ouvert les yeux."


def assert_accessible(page):
    violations = axe_check(page)
    assert not violations, describe_violations(violations)


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Identifiant ou adresse électronique").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def answers_for(survey, scale: str) -> dict:
    data = {}
    for question in survey.questionnaire.questions.all():
        if question.kind == QuestionKind.SCALE:
            data[question.pk] = scale
        elif question.kind == QuestionKind.SINGLE:
            data[question.pk] = "0"
        elif question.kind == QuestionKind.MULTIPLE:
            data[question.pk] = ["0"]
        else:
            data[question.pk] = "Rien à ajouter."
    return data


def test_answer_then_results_bilan_actions_and_evidence(page, live_server, cs26_live):
    base = live_server.url
    cohort = cs26_live
    coordinator = UserFactory(username="coord", first_name="Claire", last_name="Martin")
    grant(coordinator, cohort, "coordinator")
    lea = UserFactory(username="lea", first_name="Léa", last_name="Bernard")
    enrol(lea, cohort)
    others = [UserFactory(username=f"p{i}") for i in range(4)]
    for user in others:
        enrol(user, cohort)
    survey = next(s for s in plan_surveys(cohort) if s.module and s.module.number == 1)
    open_now(survey=survey)
    assert Recipient.objects.filter(survey=survey).count() == 5
    for user, scale in zip(others, "4534", strict=True):
        recipient = Recipient.objects.get(survey=survey, user=user)
        submit_response(survey=survey, recipient=recipient, data=answers_for(survey, scale))

    # 1. The participant answers from « Questionnaires à remplir ».
    log_in(page, base, "lea")
    page.goto(f"{base}/enquetes/")
    assert_accessible(page)
    page.get_by_role("link", name=survey.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title)
    assert_accessible(page)
    # Sending it empty: French errors, nothing written.
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("alert")).to_contain_text("Certaines réponses")
    assert Response.objects.filter(survey=survey).count() == 4
    assert_accessible(page)
    for fieldset in page.locator(".survey-form fieldset").all():
        options = fieldset.locator("input")
        options.nth(min(3, options.count() - 1)).check()
    for area in page.locator(".survey-form textarea").all():
        area.fill(QUOTE)
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Merci")
    assert Response.objects.filter(survey=survey).count() == 5
    assert Response.objects.filter(survey=survey, respondent__isnull=False).count() == 0
    page.get_by_role("button", name="Se déconnecter").click()

    # 2. The coordination reads the results: a chart with its data table.
    log_in(page, base, "coord")
    page.goto(f"{base}/cohorts/{cohort.slug}/enquetes/")
    assert_accessible(page)
    page.goto(f"{base}/cohorts/{cohort.slug}/enquetes/{survey.pk}/resultats/")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    expect(page.get_by_text(QUOTE).first).to_be_visible()
    assert_accessible(page)

    # 3. The quote goes into the bilan.
    page.goto(f"{base}/cohorts/{cohort.slug}/bilan/extraits/")
    assert_accessible(page)
    form = page.locator("form").filter(has_text=QUOTE).first
    form.get_by_role("button", name="Retenir").click()
    expect(page.get_by_text(QUOTE).first).to_be_visible()
    assert Highlight.objects.filter(bilan__cohort=cohort, text=QUOTE).count() == 1
    page.goto(f"{base}/cohorts/{cohort.slug}/bilan/")
    expect(page.get_by_text(QUOTE).first).to_be_visible()
    assert_accessible(page)

    # 4. An improvement action, a complaint, the evidence page.
    page.goto(f"{base}/cohorts/{cohort.slug}/actions/")
    assert_accessible(page)
    page.get_by_label("Action", exact=True).fill("Plus d'études de cas")
    page.get_by_label("Origine").select_option("survey")
    page.get_by_label("Responsable").select_option(label="Claire Martin")
    page.get_by_label("Échéance").fill("2026-01-15")
    page.get_by_role("button", name="Enregistrer l'action").click()
    expect(page.get_by_role("link", name="Plus d'études de cas")).to_be_visible()
    assert ImprovementAction.objects.filter(origin_cohort=cohort).count() == 1
    page.goto(f"{base}/cohorts/{cohort.slug}/reclamations/")
    assert_accessible(page)
    page.goto(f"{base}/cohorts/{cohort.slug}/qualite/")
    expect(page.get_by_text("31").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Se déconnecter").click()

    # 5. The participant's data page.
    log_in(page, base, "lea")
    page.goto(f"{base}/mes-donnees/")
    expect(page.get_by_role("link", name="Télécharger").first).to_be_visible()
    assert_accessible(page)
