"""The programme page in a real browser: the module calendar as a visitor's browser
renders it, the way there from the home page, the calendar link, print layout, and no
serious or critical accessibility violation (axe)."""

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser import axe_check, describe_violations

pytestmark = pytest.mark.browser

# From the programme text (seed/programme-cs26-2025.md).
TITLES = [
    "Présentation de la formation",
    "Économie sociale et solidaire, capitalisme et démocratie",
    "Unité et diversité des composantes : associations, coopératives, mutuelles",
    "Analyse institutionnelle dans l'économie sociale et solidaire",
    "Analyse organisationnelle dans l'économie sociale et solidaire",
    "Analyse économique dans l'économie sociale et solidaire",
    "Synthèse de l'analyse d'une structure de l'ESS",
    "Prospective et scénarios du changement",
    "Première journée de tutorat",
    "Gouvernance dans l'ESS",
    "Deuxième journée de tutorat",
    "Gestion dans l'ESS",
    "Troisième journée de tutorat",
    "Bilan de la formation",
]

# Reads each calendar row as rendered: module number, title, shown dates, and the
# machine-readable instants of its half-days.
READ_CALENDAR = """
rows => rows.map(row => ({
  number: Number(row.dataset.module),
  header: row.querySelector('th').innerText.trim(),
  title: row.querySelector('.module-title').innerText.trim(),
  dates: [...row.querySelectorAll('time.slot-date')].map(t => ({
    iso: t.getAttribute('datetime'), text: t.innerText.trim()
  })),
  slots: [...row.querySelectorAll('li.slot')].map(li => ({
    start: li.dataset.start, end: li.dataset.end, text: li.innerText.trim()
  })),
}))
"""


def programme_url(live_server) -> str:
    return f"{live_server.url}/programmes/CS26/"


def test_the_module_calendar_reads_right_in_the_browser(page, live_server, cs26_live):
    page.goto(programme_url(live_server))

    expect(page.locator("table.calendar caption")).to_contain_text(
        "Calendrier de la promotion CS26 2025 : 14 modules"
    )
    rows = page.locator("table.calendar tbody tr").evaluate_all(READ_CALENDAR)

    assert [row["number"] for row in rows] == list(range(1, 15))
    assert [row["title"] for row in rows] == TITLES
    assert [row["header"] for row in rows] == [f"Module {n}" for n in range(1, 15)]
    slots = [slot for row in rows for slot in row["slots"]]
    assert len(slots) == 26
    assert rows[0]["dates"] == [{"iso": "2025-01-20", "text": "lundi 20 janvier 2025"}]
    assert rows[-1]["dates"] == [{"iso": "2025-05-21", "text": "mercredi 21 mai 2025"}]
    assert rows[0]["slots"][0]["text"] == "Après-midi : 14 h 00 – 17 h 00"
    assert rows[-1]["slots"][0]["text"] == "Matin : 9 h 00 – 12 h 00"
    # The hours the page states are those its own half-days add up to.
    total = sum(
        (datetime.fromisoformat(s["end"]) - datetime.fromisoformat(s["start"]) for s in slots),
        timedelta(),
    )
    assert total == timedelta(hours=90)
    expect(page.locator(".key-facts .duration")).to_have_text(
        "90 h : 12 journées de 7 h et 2 demi-journées de 3 h"
    )
    expect(page.locator(".key-facts .dates")).to_have_text(
        "du lundi 20 janvier 2025 au mercredi 21 mai 2025"
    )


def test_a_visitor_goes_from_the_home_page_to_the_programme(page, live_server, cs26_live):
    page.goto(live_server.url + "/")

    page.get_by_role("link", name="Découvrir le programme CS26").click()

    expect(page).to_have_url(re.compile(r"/programmes/CS26/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Innovations sociales – Économie sociale et solidaire"
    )


def test_the_calendar_link_gives_the_cohort_ics(page, live_server, cs26_live):
    page.goto(programme_url(live_server))
    ics_url = f"{live_server.url}/cohorts/cs26-2025/calendar.ics"

    download = page.get_by_role("link", name="Télécharger le calendrier (fichier .ics)")
    subscribe = page.get_by_role("link", name="S'abonner au calendrier")

    expect(download).to_have_attribute("href", ics_url)
    expect(subscribe).to_have_attribute("href", re.sub(r"^https?://", "webcal://", ics_url))
    response = page.request.get(ics_url)
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.text().startswith("BEGIN:VCALENDAR")


def test_the_skip_link_leads_to_the_content(page, live_server, cs26_live):
    page.goto(programme_url(live_server))

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"#contenu$"))


def test_the_printed_page_drops_navigation_and_shows_the_calendar_address(
    page, live_server, cs26_live
):
    page.goto(programme_url(live_server))

    page.emulate_media(media="print")

    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".language-switcher")).to_be_hidden()
    expect(page.locator(".toc")).to_be_hidden()
    expect(page.locator("table.calendar")).to_be_visible()
    after = page.locator('[data-calendar-link="ics"]').evaluate(
        "a => getComputedStyle(a, '::after').content"
    )
    assert "/cohorts/cs26-2025/calendar.ics" in after


@pytest.mark.parametrize("path", ["/", "/programmes/CS26/"], ids=["home", "programme"])
def test_no_serious_or_critical_accessibility_violation(page, live_server, cs26_live, path):
    page.goto(live_server.url + path)

    violations = axe_check(page)

    assert not violations, "axe :\n" + describe_violations(violations)


def test_the_programme_page_in_english_is_accessible_too(browser, live_server, cs26_live):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    try:
        page.goto(programme_url(live_server))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        violations = axe_check(page)
        assert not violations, "axe :\n" + describe_violations(violations)
    finally:
        context.close()
