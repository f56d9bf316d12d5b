"""API tokens: obtained with a password, used as a bearer, listed, revoked."""

import html
from datetime import timedelta

import pytest
from django.test import override_settings

from essor.accounts.demo import DEMO_PASSWORD
from essor.accounts.models import ApiToken
from essor.accounts.services import issue_api_token
from essor.core import clock
from tests.factories import PASSWORD, UserFactory

JSON = "application/json"


def get_token(client, username="auditeur", password=PASSWORD, **extra):
    return client.post(
        "/api/auth/token", {"username": username, "password": password, **extra}, content_type=JSON
    )


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_password_gets_a_token_that_opens_the_api(client, personas):
    response = get_token(client, name="tableur")

    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("essor_")
    token = ApiToken.objects.get(pk=body["id"])
    assert (token.user, token.name) == (personas["auditeur"], "tableur")
    # Only the hash is kept.
    assert body["token"] not in token.key_hash

    me = client.get("/api/auth/me", **bearer(body["token"]))
    assert me.status_code == 200
    assert me.json() == {
        "username": "auditeur",
        "email": "auditeur@exemple.fr",
        "roles": {"cs26-2025": ["participant"]},
    }


def test_the_email_address_works_as_the_username(client, personas):
    assert get_token(client, username="AUDITEUR@exemple.fr").status_code == 201


def test_bad_credentials_are_a_401_in_french(client, personas):
    response = get_token(client, password="mauvais")

    assert response.status_code == 401
    assert response.json() == {"detail": "Identifiant ou mot de passe incorrect."}
    assert not ApiToken.objects.exists()


def test_a_missing_field_is_explained_in_french(client, db):
    response = client.post("/api/auth/token", {"username": "x"}, content_type=JSON)

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "password", "message": "Champ obligatoire."}]


@override_settings(DEBUG=False, ESSOR_DEMO=False)
def test_the_demo_password_gets_no_token_on_a_real_installation(client, db):
    UserFactory(username="auditeur01", password=DEMO_PASSWORD)

    response = get_token(client, username="auditeur01", password=DEMO_PASSWORD)

    assert response.status_code == 401
    assert "démonstration" in response.json()["detail"]


def test_a_revoked_token_is_refused(client, personas):
    raw = get_token(client).json()["token"]
    token_id = ApiToken.objects.get().pk

    assert client.delete(f"/api/auth/tokens/{token_id}", **bearer(raw)).status_code == 204

    response = client.get("/api/auth/me", **bearer(raw))
    assert response.status_code == 401
    assert response.json() == {"detail": "Jeton d'API inconnu ou révoqué."}
    assert ApiToken.objects.get().revoked_at is not None


def test_a_bad_token_is_refused_even_with_a_valid_session(client, personas):
    # The header decides: a client never silently acts under the session's identity.
    client.force_login(personas["auditeur"])

    assert client.get("/api/auth/me", **bearer("essor_faux")).status_code == 401
    assert client.get("/api/auth/me", HTTP_AUTHORIZATION="Basic abc").status_code == 401


def test_the_browser_session_opens_the_api_too(client, personas):
    client.force_login(personas["tuteur"])

    assert client.get("/api/auth/me").json()["roles"] == {"cs26-2025": ["tutor"]}


def test_without_session_or_token_the_api_answers_401_in_french(client, db):
    response = client.get("/api/auth/me")

    assert response.status_code == 401
    assert "Authentification requise" in response.json()["detail"]


def test_a_session_must_carry_the_csrf_token_for_unsafe_methods(personas):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(personas["auditeur"])
    token, raw = issue_api_token(user=personas["auditeur"])

    forged = browser.delete(f"/api/auth/tokens/{token.pk}")
    assert forged.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None

    # A bearer request carries no cookie the browser would send on its own: no CSRF.
    assert (
        Client(enforce_csrf_checks=True)
        .delete(f"/api/auth/tokens/{token.pk}", **bearer(raw))
        .status_code
        == 204
    )


def test_the_list_shows_my_tokens_only_and_never_their_value(client, personas):
    mine, _ = issue_api_token(user=personas["auditeur"], name="tableur")
    old, _ = issue_api_token(user=personas["auditeur"], name="ancien")
    old.revoked_at = clock.now()
    old.save()
    issue_api_token(user=personas["tuteur"], name="pas à moi")
    client.force_login(personas["auditeur"])

    body = client.get("/api/auth/tokens").json()

    assert [t["name"] for t in body] == ["ancien", "tableur"]
    assert set(body[0]) == {"id", "name", "prefix", "created_at", "last_used_at", "revoked_at"}
    assert body[0]["revoked_at"] is not None and body[1]["revoked_at"] is None
    assert body[1]["prefix"] == mine.prefix


def test_someone_elses_token_cannot_be_revoked(client, personas):
    theirs, _ = issue_api_token(user=personas["tuteur"])
    client.force_login(personas["auditeur"])

    response = client.delete(f"/api/auth/tokens/{theirs.pk}")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_using_a_token_records_when_at_most_once_a_minute(client, personas, monkeypatch):
    token, raw = issue_api_token(user=personas["auditeur"])
    start = clock.now()
    monkeypatch.setattr(clock, "now", lambda: start)
    client.get("/api/auth/me", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == start

    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=30))
    client.get("/api/auth/me", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == start


def test_an_inactive_persons_token_is_refused(client, personas):
    _token, raw = issue_api_token(user=personas["auditeur"])
    personas["auditeur"].is_active = False
    personas["auditeur"].save()

    assert client.get("/api/auth/me", **bearer(raw)).status_code == 401


# --- « Mon compte »: the same tokens in the browser -------------------------------------


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_my_account_creates_a_token_and_shows_it_once(client, personas):
    client.force_login(personas["auditeur"])

    created = client.post("/accounts/me/tokens/", {"name": "tableur"})

    raw = created.context["new_token"]
    assert raw.startswith("essor_")
    assert raw in text(created)
    assert "il ne sera plus jamais affiché" in text(created)
    assert client.get("/api/auth/me", **bearer(raw)).status_code == 200
    later = text(client.get("/accounts/me/"))
    assert raw not in later
    assert "tableur" in later and raw[6:14] in later


def test_my_account_revokes_a_token(client, personas):
    token, raw = issue_api_token(user=personas["auditeur"], name="tableur")
    client.force_login(personas["auditeur"])

    response = client.post(f"/accounts/me/tokens/{token.pk}/revoke/", follow=True)

    assert f"Le jeton « {token.prefix}… » est révoqué." in text(response)
    assert "révoqué le" in text(response)
    assert client.get("/api/auth/me", **bearer(raw)).status_code == 401


def test_my_account_cannot_revoke_someone_elses_token(client, personas):
    theirs, _ = issue_api_token(user=personas["tuteur"])
    client.force_login(personas["auditeur"])

    assert client.post(f"/accounts/me/tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_too_long_token_name_is_explained_and_nothing_created(client, personas):
    client.force_login(personas["auditeur"])

    response = client.post("/accounts/me/tokens/", {"name": "x" * 101})

    assert "au plus 100 caractères" in text(response)
    assert not ApiToken.objects.exists()


def test_my_account_lists_roles_and_tokens_in_a_fixed_number_of_queries(
    client, personas, django_assert_num_queries
):
    client.force_login(personas["auditeur"])
    issue_api_token(user=personas["auditeur"])
    # session, user, roles, cohorts of those roles, tokens.
    with django_assert_num_queries(5):
        client.get("/accounts/me/")
    for n in range(10):
        issue_api_token(user=personas["auditeur"], name=f"jeton {n}")
    with django_assert_num_queries(5):
        response = client.get("/accounts/me/")
    assert len(response.context["tokens"]) == 11


@pytest.mark.parametrize("path", ["/accounts/me/", "/accounts/password/"])
def test_account_pages_send_visitors_to_the_login_page(client, db, path):
    response = client.get(path)

    assert response["Location"] == f"/accounts/login/?next={path}"
