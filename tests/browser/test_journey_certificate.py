"""Certification in a real browser: the coordination opens a jury and awards the
certificate, the participant downloads it, an anonymous visitor verifies it from the URL
its QR code carries. Every page on the way passes axe (no serious or critical violation)."""

import re

import pytest
from playwright.sync_api import expect

from essor.certification.models import Certificate
from tests.browser import axe_check, describe_violations
from tests.certification.builders import make_eligible
from tests.factories import PASSWORD, UserFactory, enrol, grant

pytestmark = pytest.mark.browser


def assert_accessible(page):
    violations = axe_check(page)
    assert not violations, describe_violations(violations)


def log_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Identifiant ou adresse électronique").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def test_jury_awards_participant_downloads_and_anyone_verifies(
    page, live_server, cs26_live, settings
):
    settings.ESSOR_BASE_URL = live_server.url
    base = live_server.url
    coordinator = UserFactory(username="claire", first_name="Claire", last_name="Fontaine")
    grant(coordinator, cs26_live, "coordinator")
    holder = UserFactory(username="ines", first_name="Inès", last_name="Moreau")
    enrolment = enrol(holder, cs26_live)
    make_eligible(enrolment, by=coordinator)

    # 1. The coordination opens a jury and awards the certificate.
    log_in(page, base, "claire")
    page.goto(f"{base}/cohorts/cs26-2025/juries/")
    assert_accessible(page)
    page.locator("#id_held_on").fill("2025-07-03")
    page.locator("#id_president").fill("Marie Curie")
    page.locator("#id_signatory").fill("Claire Fontaine")
    page.get_by_role("button", name="Ouvrir le jury").click()
    expect(page).to_have_url(re.compile(r"/juries/\d+/$"))
    assert_accessible(page)
    decision = page.get_by_role("group", name=re.compile("Décision pour Inès Moreau"))
    decision.get_by_label("délivré").check()
    decision.get_by_role("button", name="Enregistrer la décision").click()
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.status == "valid"
    assert re.fullmatch(r"CS26-2025-\d{4}", certificate.number)
    page.get_by_role("button", name="Se déconnecter").click()

    # 2. The participant finds and downloads it: the stored PDF, byte for byte.
    log_in(page, base, "ines")
    page.goto(f"{base}/cohorts/cs26-2025/my/certificates/")
    assert_accessible(page)
    link = page.get_by_role(
        "link", name=re.compile(f"Télécharger le certificat {certificate.number}")
    )
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == certificate.pdf.open("rb").read()
    page.get_by_role("button", name="Se déconnecter").click()

    # 3. Anyone verifies it from the URL printed under the QR code.
    page.goto(f"{base}/verify/{certificate.verification_code}/")
    expect(page.locator("main")).to_contain_text("Certificat valide")
    expect(page.locator("main")).to_contain_text("Inès Moreau")
    expect(page.locator("main")).to_contain_text(certificate.number)
    assert_accessible(page)
