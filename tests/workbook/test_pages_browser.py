"""The section page in a real browser: autosave after typing (and its French refusal,
swapped in although the answer is a 400), and an inline add that refreshes the
dependent form (a new actor becomes a choice of the relation form) without a reload."""

import pytest
from playwright.sync_api import expect

from essor.workbook.models import SectionEntry
from tests.browser import axe_check, describe_violations
from tests.factories import PASSWORD, UserFactory, enrol

pytestmark = pytest.mark.browser


def test_autosave_and_inline_records(page, live_server, cs26_live):
    base = live_server.url
    participant = UserFactory(username="noe")
    enrolment = enrol(participant, cs26_live)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Identifiant ou adresse électronique").fill("noe")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    for suffix in ["", *"ABCDEFGH"]:
        page.goto(f"{base}/cohorts/cs26-2025/workbook/{suffix}{'/' if suffix else ''}")
        violations = axe_check(page)
        assert not violations, f"{suffix}: {describe_violations(violations)}"

    page.goto(f"{base}/cohorts/cs26-2025/workbook/A/")
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Nom de la structure").fill("Les Amis du quartier")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Enregistré à", timeout=10_000)
    entry = SectionEntry.objects.get(workbook__enrolment=enrolment, section="A")
    assert entry.data["name"] == "Les Amis du quartier"

    page.get_by_label("SIREN").fill("123456789")
    expect(status).to_contain_text("clé de contrôle", timeout=10_000)
    entry.refresh_from_db()
    assert entry.data["siren"] is None

    page.goto(f"{base}/cohorts/cs26-2025/workbook/C/")
    page.evaluate("window.__sameDocument = true")
    for name in ("Conseil d'administration", "Équipe salariée"):
        form = page.locator("#records-actors form.workbook-add")
        form.get_by_label("Acteur").fill(name)
        form.get_by_role("button", name="Ajouter").click()
        expect(page.locator("#records-actors table")).to_contain_text(name)
    relation = page.locator("#records-relations form.workbook-add")
    relation.get_by_label("De").select_option(label="Conseil d'administration")
    relation.get_by_label("Vers").select_option(label="Équipe salariée")
    relation.get_by_label("Nature").select_option("opposition")
    relation.get_by_role("button", name="Ajouter").click()
    expect(page.locator("#records-relations table")).to_contain_text("opposition")
    assert page.evaluate("window.__sameDocument === true")
    violations = axe_check(page)
    assert not violations, describe_violations(violations)
