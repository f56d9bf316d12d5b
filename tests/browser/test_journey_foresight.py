"""The foresight toolbox in a real browser: a participant creates a MICMAC study from
the Prospective page, names four variables, pastes a 4 × 4 matrix copied from a
spreadsheet into the grid (the page's paste handler spreads it from the focused cell),
computes, and reads the influence–dependence plane (SVG) and the sectors table. Every
page on the way passes axe (no serious or critical violation)."""

import pytest
from playwright.sync_api import expect

from essor.foresight import engine
from essor.foresight.charts import sector_label
from essor.foresight.models import Study
from tests.browser import axe_check, describe_violations
from tests.factories import PASSWORD, UserFactory, enrol

pytestmark = pytest.mark.browser

LABELS = ["Bénévoles", "Financement", "Gouvernance", "Partenaires"]
MATRIX = [[0, 3, 1, 0], [1, 0, 2, 3], [0, 1, 0, 2], [2, 0, 1, 0]]
# What a spreadsheet puts on the clipboard: tab-separated cells, one line a row.
TSV = "\n".join("\t".join(str(v) for v in row) for row in MATRIX) + "\n"


def assert_accessible(page):
    violations = axe_check(page)
    assert not violations, describe_violations(violations)


def test_paste_a_matrix_compute_and_see_the_plane(page, live_server, cs26_live):
    base = live_server.url
    participant = UserFactory(username="lea", first_name="Léa", last_name="Bernard")
    enrol(participant, cs26_live)

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Identifiant ou adresse électronique").fill("lea")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    # 1. The Prospective page: create a MICMAC study.
    page.goto(f"{base}/cohorts/cs26-2025/prospective/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Prospective")
    assert_accessible(page)
    page.get_by_label("Outil").select_option("micmac")
    page.get_by_label("Intitulé").fill("Analyse structurelle")
    page.get_by_role("button", name="Créer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyse structurelle")

    # 2. Four variables: the grid is drawn.
    page.get_by_label("Variables (une par ligne)").fill("\n".join(LABELS))
    page.get_by_role("button", name="Enregistrer et calculer").click()
    first = page.get_by_label("Influence de Bénévoles sur Bénévoles")
    expect(first).to_be_visible()
    assert_accessible(page)

    # 3. Paste the block from the first cell (a real paste event with clipboardData).
    first.focus()
    page.evaluate(
        """(text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            const event = new ClipboardEvent(
                "paste", {clipboardData: data, bubbles: true, cancelable: true}
            );
            document.activeElement.dispatchEvent(event);
        }""",
        TSV,
    )
    expect(page.get_by_label("Influence de Financement sur Partenaires")).to_have_value("3")
    expect(page.get_by_label("Influence de Partenaires sur Bénévoles")).to_have_value("2")
    # Keyboard navigation: Enter goes down, the arrow right goes to the next cell.
    first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Influence de Financement sur Bénévoles")).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("Influence de Financement sur Financement")).to_be_focused()

    # 4. Compute: the stored result is the engine's; the plane and the sectors show.
    page.get_by_role("button", name="Enregistrer et calculer").click()
    results = page.locator(".foresight-results--micmac")
    expect(results).to_be_visible()
    study = Study.objects.get(title="Analyse structurelle")
    expected = engine.micmac(LABELS, MATRIX)
    assert study.data["matrix"] == MATRIX
    assert study.result == expected
    expect(results.locator("svg").first).to_be_attached()
    row = results.locator("table").first.locator(
        "tr", has=page.locator("th", has_text="Financement")
    )
    expect(row).to_contain_text(sector_label(expected["sectors"]["Financement"]))
    assert_accessible(page)
