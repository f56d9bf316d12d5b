"""`GET /api/cohorts/{slug}/eligibility` (DESIGN.md contract) and the participant's page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from essor.accounts.services import issue_api_token
from essor.attendance.models import AttendanceStatus
from essor.attendance.records import apply_status
from essor.core import clock
from essor.programmes.models import Slot
from tests.certification.builders import make_eligible

URL = "/api/cohorts/cs26-2025/eligibility"
PAGE = "/cohorts/cs26-2025/my/certificate/"


@pytest.fixture(autouse=True)
def after_the_programme(monkeypatch):
    monkeypatch.setattr(
        clock, "now", lambda: datetime(2025, 12, 1, 12, tzinfo=ZoneInfo("Europe/Paris"))
    )


def test_contract_for_the_coordination_with_a_token(client, personas):
    coordination = personas["coordination"]
    make_eligible(personas["enrolment"], by=coordination)
    token = issue_api_token(user=coordination, name="test")[1]
    response = client.get(URL, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    body = {row["username"]: row for row in response.json()}
    assert set(body) == {"auditeur", "auditeur2"}
    assert body["auditeur"] == {"username": "auditeur", "eligible": True, "reasons": []}
    assert body["auditeur2"]["eligible"] is False
    assert body["auditeur2"]["reasons"][-1] == "Note non encore acceptée"
    assert all(set(row) == {"username", "eligible", "reasons"} for row in body.values())


def test_others_get_404_and_anonymous_401(client, personas):
    assert client.get(URL).status_code == 401
    for name in ("auditeur", "tuteur", "intervenant", "partenaire"):
        client.force_login(personas[name])
        response = client.get(URL)
        assert response.status_code == 404
        assert response.json() == {"detail": "Promotion introuvable."}
    client.force_login(personas["coordination"])
    assert client.get("/api/cohorts/inconnue/eligibility").status_code == 404


def test_the_participant_page_lists_blockers_and_what_to_do(client, personas):
    coordination = personas["coordination"]
    enrolment = make_eligible(personas["enrolment"], by=coordination)
    slot = Slot.objects.get(cohort=enrolment.cohort, module__number=5, position=2)
    apply_status(slot=slot, enrolment=enrolment, status=AttendanceStatus.EXCUSED, by=coordination)
    client.force_login(personas["auditeur"])
    html = client.get(PAGE).content.decode()
    assert "La participation à l&#x27;intégralité des modules" in html
    assert "Absence justifiée le 25 février 2025 après-midi — Module 5 : " in html
    assert "Ce que vous pouvez encore faire" in html
    assert "le jury peut accorder une dérogation" in html
    assert 'data-eligible="false"' in html


def test_the_participant_page_says_when_all_is_met(client, personas):
    make_eligible(personas["enrolment"], by=personas["coordination"])
    client.force_login(personas["auditeur"])
    html = client.get(PAGE).content.decode()
    assert "Vous remplissez toutes les conditions du certificat." in html
    assert "Ce que vous pouvez encore faire" not in html
