"""The account pages in a real browser: a coordinator invites someone, the invitation is
accepted, and each page on the way has no serious or critical accessibility violation."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser import axe_check, describe_violations
from tests.factories import PASSWORD, UserFactory, grant

pytestmark = pytest.mark.browser


def assert_accessible(browser_page):
    violations = axe_check(browser_page)
    assert not violations, describe_violations(violations)


def test_invite_accept_and_manage_tokens(page, live_server, cs26_live, settings):
    settings.ESSOR_BASE_URL = live_server.url
    coordinator = UserFactory(username="claire", first_name="Claire", last_name="Fontaine")
    grant(coordinator, cs26_live, "coordinator")

    # A wrong password: the French message, tied to the form, and the page stays usable.
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Identifiant ou adresse électronique").fill("claire")
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("Identifiant ou mot de passe incorrect")
    assert_accessible(page)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    page.goto(f"{live_server.url}/cohorts/cs26-2025/invitations/")
    page.get_by_label("Adresse électronique").fill("lea.martin@exemple.fr")
    page.get_by_label("Prénom").fill("Léa")
    page.get_by_label("Rôle dans la promotion").select_option("tutor")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.locator("#messages")).to_contain_text("Invitation envoyée à lea.martin@exemple.fr")
    expect(page.locator("tr[data-status=pending]")).to_contain_text("en attente")
    assert_accessible(page)
    page.get_by_role("button", name="Se déconnecter").click()

    link = re.search(r"http\S+/invitations/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rejoindre CS26 2025")
    assert_accessible(page)
    page.locator("#id_password1").fill("court")
    page.locator("#id_password2").fill("court")
    page.get_by_role("button", name="Créer mon compte et accepter").click()
    expect(page.locator("#id_password1_errors")).to_contain_text("trop court")
    expect(page.locator("#id_password1")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.locator("#id_password1").fill("une phrase de passe solide")
    page.locator("#id_password2").fill("une phrase de passe solide")
    page.get_by_role("button", name="Créer mon compte et accepter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    page.goto(f"{live_server.url}/accounts/me/")
    page.get_by_label("Nom du jeton").fill("tableur")
    page.get_by_role("button", name="Créer le jeton").click()
    expect(page.locator(".new-token__value")).to_have_text(re.compile(r"^essor_"))
    expect(page.get_by_role("table", name="Mes jetons")).to_contain_text("tableur")
    assert_accessible(page)
