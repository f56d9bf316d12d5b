"""Login throttling: five failures lock one account from one address for 15 minutes."""

import html

import pytest
from axes.models import AccessAttempt
from django.test import override_settings

from tests.factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"
LOCKED = "Trop de tentatives de connexion infructueuses"


def attempt(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def marie(db):
    return UserFactory(username="marie", email="marie@exemple.fr")


def test_five_failures_lock_the_account_even_for_the_right_password(client, marie):
    for _ in range(4):
        assert attempt(client, "marie", "mauvais").status_code == 200
    fifth = attempt(client, "marie", "mauvais")

    assert fifth.status_code == 429
    assert LOCKED in text(fifth)
    assert "pendant 15 minutes" in text(fifth)

    right = attempt(client, "marie", PASSWORD)
    assert right.status_code == 429
    assert LOCKED in text(right)
    assert not client.get("/accounts/me/").wsgi_request.user.is_authenticated


def test_the_username_and_the_email_count_as_the_same_account(client, marie):
    for identifier in ["marie", "MARIE", "marie@exemple.fr", "Marie@Exemple.fr", "marie"]:
        attempt(client, identifier, "mauvais")

    assert attempt(client, "marie@exemple.fr", PASSWORD).status_code == 429
    assert AccessAttempt.objects.get().username == "marie"


def test_another_account_from_the_same_address_is_not_locked(client, marie):
    UserFactory(username="paul")
    for _ in range(5):
        attempt(client, "marie", "mauvais")

    assert attempt(client, "paul", PASSWORD).status_code == 302


def test_the_same_account_from_another_address_is_not_locked(client, marie):
    for _ in range(5):
        attempt(client, "marie", "mauvais", REMOTE_ADDR="203.0.113.7")

    assert attempt(client, "marie", PASSWORD, REMOTE_ADDR="198.51.100.2").status_code == 302


def test_a_successful_login_wipes_the_earlier_failures(client, marie):
    for _ in range(4):
        attempt(client, "marie", "mauvais")
    assert attempt(client, "marie", PASSWORD).status_code == 302
    client.post("/accounts/logout/")

    for _ in range(4):
        assert attempt(client, "marie", "mauvais").status_code == 200
    assert attempt(client, "marie", PASSWORD).status_code == 302


def test_the_api_token_endpoint_is_throttled_too(client, marie):
    for _ in range(5):
        response = client.post(
            "/api/auth/token",
            {"username": "marie", "password": "mauvais"},
            content_type="application/json",
        )
    assert response.status_code == 429
    assert LOCKED in response.json()["detail"]

    right = client.post(
        "/api/auth/token",
        {"username": "marie", "password": PASSWORD},
        content_type="application/json",
    )
    assert right.status_code == 429
    # The lockout is shared with the login page: same account, same address.
    assert attempt(client, "marie", PASSWORD).status_code == 429


def test_the_test_clients_login_still_works_without_a_request(client, marie):
    # Django's test client calls authenticate() without a request; axes has no address
    # to throttle then, and must not break it.
    assert client.login(username="marie", password=PASSWORD)
    assert not client.login(username="marie", password="mauvais")


@override_settings(ESSOR_PROXY_COUNT=1)
def test_behind_a_proxy_the_forwarded_address_is_the_one_locked(client, marie):
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(5):
        attempt(client, "marie", "mauvais", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)

    # The same person from another address, through the same proxy, gets in…
    other = attempt(client, "marie", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    assert other.status_code == 302
    client.post("/accounts/logout/")
    # …and a forged left-most address does not dodge the lock.
    forged = attempt(
        client, "marie", PASSWORD, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", **proxy
    )
    assert forged.status_code == 429
