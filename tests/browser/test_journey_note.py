"""The note in a real browser: the participant uploads a draft → the tutor comments it →
the participant uploads the final version → the tutor accepts it. Every page on the way
passes axe (no serious or critical violation)."""

import re

import pytest
from playwright.sync_api import expect

from essor.coursework import note_selectors
from essor.coursework.models import NoteFeedback, NoteVersion
from tests.browser import axe_check, describe_violations
from tests.coursework.documents import docx_bytes, pdf_bytes
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


def log_out(page):
    page.get_by_role("button", name="Se déconnecter").click()


def test_draft_feedback_final_and_acceptance(page, live_server, cs26_live, tmp_path):
    base = live_server.url
    participant = UserFactory(username="ines", first_name="Inès", last_name="Moreau")
    tutor = UserFactory(username="paul", first_name="Paul", last_name="Tuteur")
    grant(tutor, cs26_live, "tutor")
    enrolment = enrol(participant, cs26_live, tutor=tutor)
    draft = tmp_path / "brouillon.docx"
    draft.write_bytes(docx_bytes(" ".join(["mot"] * 4_000)))
    final = tmp_path / "note-finale.pdf"
    final.write_bytes(pdf_bytes(21))

    # 1. The participant uploads a draft.
    log_in(page, base, "ines")
    page.goto(f"{base}/cohorts/cs26-2025/note/")
    assert_accessible(page)
    page.get_by_label("Fichier de la note (PDF, DOCX ou ODT)").set_input_files(str(draft))
    page.get_by_role("button", name="Déposer").click()
    expect(page.locator("#messages")).to_contain_text("Nouvelle version")
    expect(page.get_by_role("table")).to_contain_text("4\u202f000 mots (≈ 8 pages)")
    assert_accessible(page)
    log_out(page)

    # 2. The tutor comments it.
    log_in(page, base, "paul")
    page.goto(f"{base}/enrolments/{enrolment.pk}/note/")
    assert_accessible(page)
    page.get_by_role("link", name="Faire un retour sur la version 1").click()
    assert_accessible(page)
    page.get_by_label("Commentaire général").fill("Développez le diagnostic économique.")
    page.get_by_label("à retravailler").check()
    page.get_by_role("button", name="Enregistrer le retour").click()
    expect(page.locator("#messages")).to_contain_text("Retour enregistré")
    assert NoteFeedback.objects.get().status == "rework"
    log_out(page)

    # 3. The participant reads it and uploads the final version.
    log_in(page, base, "ines")
    page.goto(f"{base}/cohorts/cs26-2025/note/")
    expect(page.get_by_role("table")).to_contain_text("Développez le diagnostic économique.")
    page.get_by_label("Fichier de la note (PDF, DOCX ou ODT)").set_input_files(str(final))
    page.get_by_label(re.compile("C'est ma version finale")).check()
    page.get_by_role("button", name="Déposer").click()
    expect(page.locator("#messages")).to_contain_text("version finale est remise")
    expect(page.locator(".note-facts")).to_contain_text("Version finale remise")
    assert NoteVersion.objects.get(number=2).is_final
    assert_accessible(page)
    log_out(page)

    # 4. The tutor accepts it.
    log_in(page, base, "paul")
    page.goto(f"{base}/enrolments/{enrolment.pk}/note/")
    page.get_by_role("link", name="Évaluer la note finale").click()
    assert_accessible(page)
    for criterion in (
        "Clarté de la problématique",
        "Mobilisation du diagnostic",
        "Méthode",
        "Écriture",
        "Recommandations",
    ):
        page.get_by_role("group", name=criterion).get_by_label("3 — satisfaisant").check()
    page.get_by_role("group", name="Décision").get_by_label("acceptée").check()
    page.get_by_label("Motifs").fill("Une note claire et bien argumentée.")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    expect(page.locator("#messages")).to_contain_text("Évaluation enregistrée")
    expect(page.locator(".note-facts")).to_contain_text("Acceptée")
    assert_accessible(page)
    assert note_selectors.note_accepted(enrolment)
