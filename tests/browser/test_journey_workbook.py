"""The diagnostic workbook in a real browser: the participant opens their workbook from
their home page, adds two volunteer entries inline (HTMX) in section D, reads the
valuation table, then downloads the note outline (DOCX and PDF) carrying the figure.
Every page on the way passes axe (no serious or critical violation)."""

import importlib
import io
import re
import zipfile

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from essor.workbook.models import VolunteerEntry
from tests.browser import axe_check, describe_violations
from tests.factories import PASSWORD, UserFactory, enrol

pytestmark = pytest.mark.browser

# Two entries, valued in 2025 (the cohort's year): SMIC 11,88 €/h, coefficient 1,42.
#   10 h exécution + 5 h encadrement = 15 h
#   SMIC:            15 × 11,88                      = 178,20 €
#   SMIC chargé:     15 × 11,88 × 1,42 = 253,044     → 253,04 € (rounded once, at the end)
#   SMIC gradué:     (10 × 1 + 5 × 2) × 11,88        = 237,60 €
#   ETP:             15 / 1 607 = 0,0093             → 0,01
NNBSP = "[\u202f\u00a0 ]?"


@pytest.fixture
def reference_parameters(transactional_db):
    """The parameters migration 0002 seeds: a live-server test that ran before this one
    flushed them with the rest of the database."""
    from django.apps import apps

    importlib.import_module("essor.workbook.migrations.0002_reference_parameters").seed(apps, None)


def assert_accessible(page):
    violations = axe_check(page)
    assert not violations, describe_violations(violations)


def log_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Identifiant ou adresse électronique").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def add_volunteer_entry(page, *, day, hours, activity, level):
    form = page.locator("#records-volunteers form.workbook-add")
    form.get_by_label("Date").fill(day)
    form.get_by_label("Heures").fill(hours)
    form.get_by_label("Activité").fill(activity)
    form.get_by_label("Niveau").select_option(level)
    form.get_by_role("button", name="Ajouter").click()
    expect(page.locator("#records-volunteers table")).to_contain_text(activity)


def test_volunteer_hours_to_valuation_to_note_outline(
    page, live_server, cs26_live, reference_parameters
):
    base = live_server.url
    participant = UserFactory(username="lea", first_name="Léa", last_name="Bernard")
    enrolment = enrol(participant, cs26_live)

    # 1. From the home page to the workbook and its section D.
    log_in(page, base, "lea")
    page.goto(f"{base}/cohorts/cs26-2025/me/")
    page.get_by_role("link", name="Mon cahier de diagnostic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon cahier de diagnostic")
    assert_accessible(page)
    page.get_by_role("link", name="D. Analyse économique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("D. Analyse économique")
    assert_accessible(page)

    # 2. Two volunteer entries, added inline without reloading the page.
    page.evaluate("window.__sameDocument = true")
    add_volunteer_entry(
        page, day="2025-03-08", hours="10", activity="Accueil du public", level="execution"
    )
    add_volunteer_entry(
        page, day="2025-04-12", hours="5", activity="Coordination du chantier", level="encadrement"
    )
    assert page.evaluate("window.__sameDocument === true")  # HTMX, not a full page load
    assert VolunteerEntry.objects.filter(workbook__enrolment=enrolment).count() == 2
    assert_accessible(page)

    # 3. The valuation table, with hours and method beside each figure.
    page.reload()
    valuation = page.locator("table.workbook-valuation")
    expect(valuation).to_contain_text(re.compile(f"178,20{NNBSP}€"))
    expect(valuation).to_contain_text(re.compile(f"253,04{NNBSP}€"))
    expect(valuation).to_contain_text(re.compile(f"237,60{NNBSP}€"))
    expect(page.locator(".workbook-outputs")).to_contain_text(re.compile(r"15,00 h"))
    assert_accessible(page)

    # 4. The note outline, pre-filled with the valuation.
    page.get_by_role("link", name="Mon cahier de diagnostic").first.click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Le plan de la note (DOCX)").click()
    docx = download_info.value.path().read_bytes()
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document = archive.read("word/document.xml").decode()
    assert "Valorisation du bénévolat" in document
    assert re.search(f"253,04{NNBSP}€", document)

    pdf_url = page.get_by_role("link", name="Le plan de la note (PDF)").get_attribute("href")
    response = page.request.get(base + pdf_url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert re.search(f"253,04{NNBSP}€", text), text[:2000]


def test_the_pages_around_the_workbook_are_accessible(
    page, live_server, cs26_live, reference_parameters
):
    from datetime import date

    from essor.workbook.access import ensure_workbook
    from essor.workbook.models import Interview
    from tests.factories import grant

    base = live_server.url
    participant = UserFactory(username="lea", first_name="Léa", last_name="Bernard")
    coordinator = UserFactory(username="claire", first_name="Claire", last_name="Coord")
    grant(coordinator, cs26_live, "coordinator")
    workbook = ensure_workbook(enrol(participant, cs26_live))
    Interview.objects.create(workbook=workbook, pseudonym="Fondatrice", consent=False)
    Interview.objects.create(
        workbook=workbook, pseudonym="Trésorier", consent=True, consent_date=date(2025, 3, 4)
    )

    log_in(page, base, "lea")
    page.goto(f"{base}/cohorts/cs26-2025/workbook/donnees-personnelles/")
    expect(page.get_by_role("alert")).to_contain_text("1 entretien n'a pas de consentement")
    assert_accessible(page)
    page.get_by_role("link", name="Tout effacer…").click()
    assert_accessible(page)
    page.get_by_label(re.compile("Je confirme")).check()
    page.get_by_role("button", name="Effacer définitivement").click()
    expect(page.locator("#messages")).to_contain_text("Entretiens supprimés : 2")
    assert not Interview.objects.filter(workbook=workbook).exists()
    page.get_by_role("button", name="Se déconnecter").click()

    log_in(page, base, "claire")
    page.goto(f"{base}/cohorts/cs26-2025/workbooks/")
    expect(page.get_by_role("table")).to_contain_text("BERNARD Léa")
    assert_accessible(page)
    page.goto(f"{base}/workbook/parametres/")
    page.get_by_role("link", name=re.compile("Modifier SMIC horaire brut 2025")).click()
    assert_accessible(page)
    edit = page.get_by_role("region", name=re.compile("Modifier « SMIC"))
    expect(edit.get_by_label("Valeur")).to_have_value("11,88")
    edit.get_by_label("Valeur").fill("0")
    edit.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".form-field__errors")).to_contain_text("strictement positive")
    assert_accessible(page)
