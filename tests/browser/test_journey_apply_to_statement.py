"""The first weeks of a participant, in a real browser: apply on the public form → the
coordination admits → the invitation is accepted → the statement of intent is written
and submitted. Every page on the way passes axe (no serious or critical violation)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from essor.cohorts.models import Application, Enrolment, EnrolmentStatus
from essor.coursework.models import StatementOfIntent, StatementStatus
from tests.browser import axe_check, describe_violations
from tests.cohorts.application_data import pdf_bytes
from tests.factories import PASSWORD, UserFactory, grant

pytestmark = pytest.mark.browser


def assert_accessible(page):
    violations = axe_check(page)
    assert not violations, describe_violations(violations)


def log_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Identifiant ou adresse électronique").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def test_apply_admit_accept_and_submit_the_statement(
    page, live_server, cs26_live, settings, tmp_path
):
    settings.ESSOR_BASE_URL = live_server.url
    coordinator = UserFactory(username="claire", first_name="Claire", last_name="Fontaine")
    grant(coordinator, cs26_live, "coordinator")
    base = live_server.url

    # 1. From the programme page to the public application form.
    page.goto(f"{base}/programmes/CS26/")
    page.get_by_role("link", name=re.compile("Candidater à la promotion")).click()
    expect(page).to_have_url(re.compile(r"/cohorts/cs26-2025/apply/$"))
    assert_accessible(page)
    fields = {
        "first_name": "Inès",
        "last_name": "Moreau",
        "email": "ines.moreau@exemple.fr",
        "organisation_name": "Les Jardins du Lien",
        "siren": "552 100 554",
        "position": "Directrice",
        "diploma_title": "Master ESS",
        "motivation": "Structurer la gouvernance de l'association après sa croissance.",
    }
    for name, value in fields.items():
        page.locator(f"#id_{name}").fill(value)
    page.locator("#id_organisation_family").select_option("association")
    page.locator("#id_region").select_option("BRE")
    page.locator("#id_diploma_level").select_option("7")
    page.locator("#id_funding").select_option("opco")
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(pdf_bytes())
    page.locator("#id_cv").set_input_files(str(cv))
    page.get_by_role("button", name="Envoyer ma candidature").click()
    expect(page).to_have_url(re.compile(r"/apply/done/$"))
    assert_accessible(page)
    application = Application.objects.get(email="ines.moreau@exemple.fr")
    assert application.status == "submitted"

    # 2. The coordination reviews and admits; the invitation leaves by e-mail.
    log_in(page, base, "claire", PASSWORD)
    page.goto(f"{base}/cohorts/cs26-2025/applications/")
    page.get_by_role("link", name=re.compile("Moreau")).first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Admettre", exact=True).click()
    expect(page.locator("#messages")).to_contain_text(re.compile("admis", re.I))
    enrolment = Enrolment.objects.get(application=application)
    assert enrolment.status == EnrolmentStatus.ADMITTED
    page.get_by_role("button", name="Se déconnecter").click()

    invitation = next(m for m in mail.outbox if "/invitations/" in m.body)
    assert invitation.to == ["ines.moreau@exemple.fr"]
    link = re.search(r"http\S+/invitations/\S+/", invitation.body).group(0)

    # 3. The applicant accepts the invitation and chooses a password.
    page.goto(link)
    assert_accessible(page)
    page.locator("#id_password1").fill("une phrase de passe solide")
    page.locator("#id_password2").fill("une phrase de passe solide")
    page.get_by_role("button", name="Créer mon compte et accepter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert enrolment.user.email == "ines.moreau@exemple.fr"

    # 4. The statement of intent: written in the browser, previewed, submitted.
    page.goto(f"{base}/cohorts/cs26-2025/statement/")
    assert_accessible(page)
    text = "# Ce que je veux travailler\n\nLa **gouvernance** partagée de notre association."
    page.locator("#id_body").fill(text)
    expect(page.locator("#statement-preview strong")).to_have_text("gouvernance")
    page.get_by_role("button", name="Remettre ma note").click()
    expect(page.locator("body")).to_contain_text("remise")
    statement = StatementOfIntent.objects.get(enrolment=enrolment)
    assert statement.status == StatementStatus.SUBMITTED
    assert "gouvernance" in statement.body
    assert statement.versions.filter(submitted=True).count() == 1
    assert_accessible(page)
