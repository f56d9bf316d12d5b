"""The statement pages in a real browser: live preview and autosave (HTMX) while typing,
and no blocking accessibility fault (axe)."""

import pytest

from essor.coursework.models import StatementOfIntent
from tests.browser import axe_check, describe_violations
from tests.factories import UserFactory, enrol

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


def test_preview_estimate_and_autosave_while_typing(page, live_server, cs26_live):
    user = UserFactory(username="redactrice")
    enrolment = enrol(user, cs26_live)
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/cohorts/cs26-2025/statement/")
    text = "# Notre coopérative\n\n" + " ".join(["engagement"] * 650)
    page.fill("#id_body", text)
    # The preview (headings pushed below the page's own) and the live estimate.
    page.wait_for_selector("#statement-preview h4:has-text('Notre coopérative')")
    page.wait_for_selector("#statement-estimate:has-text('environ 1,3 page')")
    # The autosave answers after two seconds of calm.
    page.wait_for_selector("#autosave-status:has-text('Brouillon enregistré à')", timeout=10_000)
    statement = StatementOfIntent.objects.get(enrolment=enrolment)
    assert statement.body == text
    assert not statement.versions.exists()


def test_the_statement_pages_pass_axe(page, live_server, cs26_live):
    from essor.cohorts.models import Membership
    from essor.coursework import services

    participant = UserFactory(username="redactrice")
    enrolment = enrol(participant, cs26_live)
    coordinator = UserFactory(username="coordinatrice")
    Membership.objects.create(user=coordinator, cohort=cs26_live, role="coordinator")
    services.save_and_submit_statement(
        enrolment=enrolment, body="# Titre\n\nUn **texte**.", by=participant
    )
    services.set_statement_sharing(enrolment=enrolment, shared=True, by=participant)
    services.comment_statement(enrolment=enrolment, author=coordinator, body="Très bien.")
    pages = {
        participant: [
            "/cohorts/cs26-2025/statement/",
            f"/statements/{enrolment.pk}/",
            f"/statements/{enrolment.pk}/versions/1/",
            "/cohorts/cs26-2025/statements/shared/",
        ],
        coordinator: [f"/statements/{enrolment.pk}/", "/cohorts/cs26-2025/presentations/"],
    }
    for user, paths in pages.items():
        page.context.clear_cookies()
        log_in(page, live_server, user)
        for path in paths:
            page.goto(live_server.url + path)
            violations = axe_check(page)
            assert not violations, f"{path}:\n{describe_violations(violations)}"
