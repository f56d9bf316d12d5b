"""Sign-in in a real browser: the projected QR code, a participant on a phone who logs in
and draws a signature with the pointer, the speaker's countersignature, and axe."""

from datetime import timedelta

import pytest

from essor.attendance import codes
from essor.attendance.models import AttendanceRecord, Countersignature, Signature
from essor.attendance.signatures import check_png
from essor.core.storage import private_storage
from tests.browser import axe_check, describe_violations
from tests.factories import PASSWORD, UserFactory, enrol, grant

from .signing import DURING_MODULE1, first_slots, freeze

pytestmark = pytest.mark.browser


def log_in(browser_page, live_server, user):
    """Logs the browser in by handing it a session made by Django's test client."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    browser_page.context.add_cookies(
        [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
    )


def draw(page, selector: str) -> None:
    """A scribble with the mouse (pointer events, as a finger or a pen would send)."""
    pad = page.locator(selector)
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    page.mouse.move(x + w * 0.1, y + h * 0.6)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(x + w * (0.1 + step * 0.03), y + h * (0.6 - 0.3 * ((step % 6) / 6)))
    page.mouse.up()


@pytest.fixture
def people(cs26_live, monkeypatch):
    freeze(monkeypatch, DURING_MODULE1)
    speaker = UserFactory(username="intervenante")
    grant(speaker, cs26_live, "speaker")
    participant = UserFactory(username="auditrice", first_name="Inès", last_name="Morel")
    enrol(participant, cs26_live)
    return {"speaker": speaker, "participant": participant, "slot": first_slots(cs26_live)[0]}


def test_scan_log_in_draw_sign_then_countersign(browser, page, live_server, people):
    slot = people["slot"]
    log_in(page, live_server, people["speaker"])
    page.goto(f"{live_server.url}/slots/{slot.pk}/projection/")
    page.wait_for_selector("svg.projection__qr")
    code = page.get_attribute("[data-code]", "data-code")
    assert code == codes.current_code(slot, DURING_MODULE1)
    assert "0 / 1" in page.inner_text(".projection__counter")

    # The participant's phone: not logged in yet.
    phone = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 390, "height": 844}
    ).new_page()
    phone.goto(f"{live_server.url}/slots/{slot.pk}/sign/?code={code}")
    phone.fill("input[name='username']", "auditrice")
    phone.fill("input[name='password']", PASSWORD)
    phone.locator("main button[type='submit']").click()
    phone.wait_for_selector("canvas.signature-pad__canvas")
    assert "Inès Morel" in phone.inner_text("main")

    # An empty pad is refused in the page itself, with the reason read out.
    phone.click("text=Valider ma signature")
    phone.wait_for_selector("[data-pad-status]:has-text('Dessinez votre signature')")
    assert not Signature.objects.exists()

    draw(phone, "canvas.signature-pad__canvas")
    phone.click("text=Valider ma signature")
    phone.wait_for_selector("h1:has-text('Signature enregistrée à 14 h 02')")
    signature = Signature.objects.get()
    assert signature.method == "drawn"
    with private_storage.open(signature.image.name) as stored:
        checked = check_png(stored.read())  # what Chromium sends passes the server's checks
    assert (checked.width, checked.height) == (800, 300)
    assert AttendanceRecord.objects.get().status == "present"
    phone.context.close()

    # The projection's counter catches up at the next poll.
    page.reload()
    assert "1 / 1" in page.inner_text(".projection__counter")

    page.goto(f"{live_server.url}/slots/{slot.pk}/countersign/")
    assert "Inès Morel" in page.inner_text("table")
    draw(page, "canvas.signature-pad__canvas")
    page.click("text=Contresigner la feuille")
    page.wait_for_selector(".sheet-state:has-text('contresignée le 20 janvier 2025')")
    assert Countersignature.objects.get().signed_by == people["speaker"]


def test_the_projection_refreshes_the_code_by_itself(page, live_server, people, monkeypatch):
    from essor.attendance.models import SignInPolicy

    slot = people["slot"]
    SignInPolicy.objects.create(cohort=slot.cohort, code_step_seconds=1)
    log_in(page, live_server, people["speaker"])
    page.goto(f"{live_server.url}/slots/{slot.pk}/projection/")
    first = page.get_attribute("[data-code]", "data-code")
    freeze(monkeypatch, DURING_MODULE1 + timedelta(seconds=30))
    page.wait_for_function(
        "code => document.querySelector('[data-code]').dataset.code !== code", arg=first
    )


def test_the_sign_in_pages_pass_axe(page, live_server, people):
    slot = people["slot"]
    log_in(page, live_server, people["speaker"])
    for path in (f"/slots/{slot.pk}/projection/", f"/slots/{slot.pk}/countersign/"):
        page.goto(live_server.url + path)
        violations = axe_check(page)
        assert not violations, f"{path}:\n{describe_violations(violations)}"
    page.context.clear_cookies()
    log_in(page, live_server, people["participant"])
    code = codes.current_code(slot, DURING_MODULE1)
    for path in (
        f"/slots/{slot.pk}/sign/?code={code}",  # the form
        f"/slots/{slot.pk + 1}/sign/",  # a refusal (a later half-day)
    ):
        page.goto(live_server.url + path)
        violations = axe_check(page)
        assert not violations, f"{path}:\n{describe_violations(violations)}"
