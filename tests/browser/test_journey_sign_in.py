"""A half-day's sign-in in real browsers, as it happens in the room: the speaker projects
the rotating QR code, a participant opens its address on their phone and signs with a
drawn signature, the speaker countersigns, and the coordination's grid — left open on
another screen — fills in by itself. Every page passes axe (no serious or critical
violation). Nothing is frozen: the half-day started five minutes ago."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from essor.attendance.models import Countersignature, Signature, SlotSpeaker
from essor.programmes.models import Module, Slot
from tests.browser import axe_check, describe_violations
from tests.factories import PASSWORD, CohortFactory, OrganisationFactory, UserFactory, enrol, grant

pytestmark = pytest.mark.browser

# The grid polls every 20 seconds: give it one poll and some slack.
GRID_REFRESH_MS = 30_000


def assert_accessible(page):
    violations = axe_check(page)
    assert not violations, describe_violations(violations)


def log_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Identifiant ou adresse électronique").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def draw(page, canvas_selector: str) -> None:
    """A signature drawn with the mouse: a few loops across the pad."""
    canvas = page.locator(canvas_selector)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.1, y + h * 0.6)
    page.mouse.down()
    for i in range(1, 25):
        t = i / 24
        page.mouse.move(x + w * (0.1 + 0.8 * t), y + h * (0.5 + 0.3 * ((-1) ** i) * (1 - t)))
    page.mouse.up()


@pytest.fixture
def room(cs26_live):
    """A cohort whose half-day started five minutes ago, with its people."""
    now = timezone.now()
    cohort = CohortFactory(programme=cs26_live.programme, slug="cs26-live", title="CS26 en direct")
    module = Module.objects.get(programme=cs26_live.programme, number=2)
    earlier = Slot.objects.create(
        cohort=cohort,
        module=module,
        position=1,
        start=now - timedelta(days=1, hours=3),
        end=now - timedelta(days=1),
    )
    slot = Slot.objects.create(
        cohort=cohort,
        module=module,
        position=2,
        start=now - timedelta(minutes=5),
        end=now + timedelta(hours=3),
    )
    people = {
        "speaker": UserFactory(username="bernard", first_name="Bernard", last_name="Lemaire"),
        "participant": UserFactory(username="camille", first_name="Camille", last_name="Morel"),
        "coordinator": UserFactory(username="claire", first_name="Claire", last_name="Delorme"),
    }
    grant(people["speaker"], cohort, "speaker")
    grant(people["coordinator"], cohort, "coordinator")
    organisation = OrganisationFactory(name="Les Jardins du Faubourg")
    people["enrolment"] = enrol(people["participant"], cohort, organisation=organisation)
    SlotSpeaker.objects.create(slot=slot, speaker=people["speaker"])
    SlotSpeaker.objects.create(slot=earlier, speaker=people["speaker"])
    return {"cohort": cohort, "slot": slot, "earlier": earlier, **people}


def test_project_sign_countersign_and_watch_the_grid(page, browser, live_server, room):
    base = live_server.url
    slot, cohort = room["slot"], room["cohort"]
    options = {"locale": "fr-FR", "timezone_id": "Europe/Paris"}
    phone = browser.new_context(**options, viewport={"width": 412, "height": 860})
    office = browser.new_context(**options, viewport={"width": 1280, "height": 900})
    try:
        participant, coordinator = phone.new_page(), office.new_page()
        for p in (participant, coordinator):
            p.set_default_timeout(15_000)

        # The coordination leaves the grid open: the participant has not signed yet.
        log_in(coordinator, base, "claire")
        coordinator.goto(f"{base}/cohorts/{cohort.slug}/attendance/")
        row = coordinator.locator(f'tr[data-enrolment="{room["enrolment"].pk}"]')
        cells = row.locator("td[data-status]")
        expect(cells).to_have_count(2)
        expect(cells.nth(0)).to_have_attribute("data-status", "unsigned")
        expect(cells.nth(1)).to_have_attribute("data-status", "running")
        assert_accessible(coordinator)

        # 1. The speaker projects the QR code of the running half-day.
        log_in(page, base, "bernard")
        page.goto(f"{base}/cohorts/{cohort.slug}/speaker/")
        page.get_by_role("link", name=re.compile("Projeter le QR code")).first.click()
        expect(page).to_have_url(re.compile(rf"/slots/{slot.pk}/projection/$"))
        expect(page.locator("svg.projection__qr")).to_be_visible()
        assert_accessible(page)
        # What the QR code encodes: the sign page with the current code (the code is also
        # printed, for whoever cannot scan).
        code = page.locator("[data-code]").get_attribute("data-code")
        sign_path = f"{reverse('attendance:sign', args=[slot.pk])}?code={code}"

        # 2. The participant opens it on their phone, logs in and signs.
        participant.goto(f"{base}{sign_path}")
        expect(participant).to_have_url(re.compile(r"/accounts/login/"))
        participant.get_by_label("Identifiant ou adresse électronique").fill("camille")
        participant.get_by_label("Mot de passe").fill(PASSWORD)
        participant.get_by_role("button", name="Se connecter").click()
        expect(
            participant.get_by_role("heading", name="Émargement de la demi-journée")
        ).to_be_visible()
        assert_accessible(participant)
        draw(participant, "canvas.signature-pad__canvas")
        participant.get_by_role("button", name="Valider ma signature").click()
        expect(
            participant.get_by_role("heading", name=re.compile("Signature enregistrée à"))
        ).to_be_visible()
        assert_accessible(participant)
        signature = Signature.objects.get(slot=slot, enrolment=room["enrolment"])
        assert signature.method == "drawn" and signature.image_sha256

        # 3. The speaker sees the signature arrive and countersigns the sheet.
        page.reload()  # (the projection refreshes itself with the code, every 30 s)
        expect(page.locator(".projection__counter")).to_contain_text("1 / 1")
        page.get_by_role("link", name="Voir les signatures et contresigner la feuille").click()
        expect(page.locator(".countersign__table")).to_contain_text("Camille")
        assert_accessible(page)
        draw(page, "canvas.signature-pad__canvas")
        page.get_by_role("button", name="Contresigner la feuille").click()
        expect(page.locator("#messages")).to_contain_text(
            "Feuille de la demi-journée contresignée."
        )
        expect(page.locator(".sheet-state--done")).to_be_visible()
        assert Countersignature.objects.get(slot=slot).signed_by == room["speaker"]

        # 4. The grid, never reloaded, shows the presence and the countersignature.
        expect(cells.nth(1)).to_have_attribute("data-status", "present", timeout=GRID_REFRESH_MS)
        expect(cells.nth(1)).to_contain_text("P")
        countersigned = coordinator.locator(f'td.countersign[data-slot="{slot.pk}"]')
        expect(countersigned).to_have_class(re.compile("countersign--done"))
        expect(coordinator.locator(f'td.grid-count[data-slot="{slot.pk}"]')).to_have_text("1 / 1")
        assert_accessible(coordinator)

        # 5. The participant's own page and the speaker assignment page read well too.
        participant.goto(f"{base}/cohorts/{cohort.slug}/my/attendance/")
        own = participant.locator(f'tr[data-slot="{slot.pk}"]')
        expect(own).to_contain_text("Présent·e")
        expect(own).to_contain_text("signé à")
        assert_accessible(participant)
        coordinator.goto(f"{base}/cohorts/{cohort.slug}/attendance/speakers/")
        expect(coordinator.get_by_label("Bernard Lemaire").first).to_be_checked()
        assert_accessible(coordinator)
    finally:
        phone.close()
        office.close()
