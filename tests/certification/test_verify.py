"""Public verification: valid, superseded, revoked, unknown (page and API), flood limit."""

import pytest
from django.core.cache import cache

from essor.certification.issuing import issue_certificate, reissue_certificate, revoke_certificate

from .issuing_helpers import award, badge_key  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("badge_key")]


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def issued(personas):
    user = personas["enrolment"].user
    user.first_name, user.last_name = "Awa", "Diallo"
    user.email = "awa@example.org"
    user.save()
    by = personas["coordination"]
    return issue_certificate(decision=award(personas["enrolment"], by=by), by=by)


def test_valid_page_shows_only_public_facts(issued, client):
    response = client.get(f"/verify/{issued.verification_code}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Certificat valide" in body
    assert "Awa Diallo" in body and issued.number in body
    assert "Innovations sociales" in body
    assert "awa@example.org" not in body


def test_valid_api(issued, client):
    data = client.get(f"/api/verify/{issued.verification_code}").json()
    assert data["status"] == "valid"
    assert data["number"] == issued.number
    assert data["holder"] == "Awa Diallo"
    assert data["programme"].startswith("Certificat de spécialisation (CS26)")
    assert "issued_on" in data
    assert "revocation_reason" not in data and "superseded_by" not in data


def test_superseded_links_to_the_new_one(issued, client, personas):
    new = reissue_certificate(certificate=issued, by=personas["coordination"], reason="Nom")
    body = client.get(f"/verify/{issued.verification_code}/").content.decode()
    assert "Certificat remplacé" in body
    assert f"/verify/{new.verification_code}/" in body
    data = client.get(f"/api/verify/{issued.verification_code}").json()
    assert data["status"] == "superseded"
    assert data["superseded_by"] == new.verification_code


def test_revoked_shows_reason_and_date(issued, client, personas):
    revoke_certificate(certificate=issued, reason="Fraude avérée", by=personas["coordination"])
    body = client.get(f"/verify/{issued.verification_code}/").content.decode()
    assert "Certificat révoqué" in body and "Fraude avérée" in body
    data = client.get(f"/api/verify/{issued.verification_code}").json()
    assert data["status"] == "revoked"
    assert data["revocation_reason"] == "Fraude avérée"
    assert data["revoked_on"]


def test_unknown_code_is_a_generic_404(issued, client):
    for code in ("nope", issued.verification_code[:-1] + "x", "A" * 20):
        response = client.get(f"/verify/{code}/")
        assert response.status_code == 404
        assert "Aucun certificat ne correspond à ce code" in response.content.decode()
    api = client.get("/api/verify/nope")
    assert api.status_code == 404
    assert api.json() == {"detail": "Aucun certificat ne correspond à ce code."}


def test_flood_is_limited(issued, client, settings):
    settings.ESSOR_VERIFY_RATE_LIMIT = 3
    for _ in range(3):
        assert client.get("/verify/unknown/").status_code == 404
    limited = client.get(f"/verify/{issued.verification_code}/")
    assert limited.status_code == 429
    assert "Trop de vérifications" in limited.content.decode()
    api = client.get(f"/api/verify/{issued.verification_code}")
    assert api.status_code == 429
    assert "Trop de vérifications" in api.json()["detail"]
    # Another address is not held back.
    other = client.get(f"/verify/{issued.verification_code}/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
