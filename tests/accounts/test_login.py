"""Logging in with a username or an e-mail address; the demo password; logging out."""

import pytest
from django.test import override_settings

from essor.accounts.demo import DEMO_PASSWORD
from tests.factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"


def login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def logged_in_user(client):
    return client.get("/accounts/me/").context["user"]


@pytest.fixture
def marie(db):
    return UserFactory(username="marie", email="Marie.Dupont@Exemple.fr")


def test_a_person_logs_in_with_their_username_and_lands_on_their_home(client, marie):
    response = login(client, "marie", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert logged_in_user(client) == marie


def test_the_username_is_matched_whatever_its_case(client, marie):
    assert login(client, "MARIE", PASSWORD).status_code == 302
    assert logged_in_user(client) == marie


def test_a_person_logs_in_with_their_email_address_whatever_its_case(client, marie):
    response = login(client, "  marie.dupont@EXEMPLE.FR ", PASSWORD)

    assert response.status_code == 302
    assert logged_in_user(client) == marie


def test_after_login_the_person_goes_where_they_were_going(client, marie):
    response = login(client, "marie", PASSWORD, next="/accounts/me/")

    assert response["Location"] == "/accounts/me/"


def test_a_next_pointing_to_another_site_is_ignored(client, marie):
    response = login(client, "marie", PASSWORD, next="https://pirate.example/")

    assert response["Location"] == "/home/"


def test_a_wrong_password_is_refused_in_french_and_the_identifier_kept(client, marie):
    response = login(client, "marie", "pas-le-bon")

    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()
    assert response.context["form"]["username"].value() == "marie"
    assert not response.context["user"].is_authenticated


def test_an_unknown_identifier_gets_the_same_answer_as_a_wrong_password(client, db):
    response = login(client, "personne@exemple.fr", PASSWORD)

    assert "Identifiant ou mot de passe incorrect" in response.content.decode()


def test_an_inactive_account_cannot_log_in(client, marie):
    marie.is_active = False
    marie.save()

    response = login(client, "marie", PASSWORD)

    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


def test_the_login_page_is_in_french_and_offers_password_reset(client, db):
    page = client.get(LOGIN).content.decode()

    assert "Identifiant ou adresse électronique" in page
    assert 'href="/accounts/password-reset/"' in page


def test_a_logged_in_person_asking_for_the_login_page_goes_home(client, marie):
    client.force_login(marie)

    assert client.get(LOGIN)["Location"] == "/home/"


@pytest.fixture
def demo_account(db):
    return UserFactory(username="auditeur01", password=DEMO_PASSWORD)


@override_settings(DEBUG=False, ESSOR_DEMO=False)
def test_the_demo_password_is_refused_on_a_real_installation(client, demo_account):
    response = login(client, "auditeur01", DEMO_PASSWORD)

    assert response.status_code == 200
    assert "comptes de démonstration sont désactivés" in response.content.decode()
    assert not response.context["user"].is_authenticated


@override_settings(DEBUG=False, ESSOR_DEMO=False)
def test_the_demo_password_is_refused_by_email_too(client, demo_account):
    response = login(client, demo_account.email, DEMO_PASSWORD)

    assert not response.context["user"].is_authenticated


@override_settings(DEBUG=False, ESSOR_DEMO=True)
def test_the_demo_password_works_when_the_demo_is_on(client, demo_account):
    assert login(client, "auditeur01", DEMO_PASSWORD).status_code == 302
    assert logged_in_user(client) == demo_account


@override_settings(DEBUG=True, ESSOR_DEMO=False)
def test_the_demo_password_works_in_development(client, demo_account):
    assert login(client, "auditeur01", DEMO_PASSWORD).status_code == 302


def test_nobody_may_choose_the_demo_password(client, marie):
    client.force_login(marie)

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD},
    )

    assert response.status_code == 200
    assert "comptes de démonstration" in response.content.decode()
    marie.refresh_from_db()
    assert marie.check_password(PASSWORD)


def test_logging_out_takes_a_post_and_ends_the_session(client, marie):
    client.force_login(marie)

    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert client.get("/accounts/me/").status_code == 302


def test_a_person_changes_their_password(client, marie):
    client.force_login(marie)

    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "un nouveau mot de passe solide",
            "new_password2": "un nouveau mot de passe solide",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/accounts/me/"
    assert "Votre mot de passe a été modifié." in response.content.decode()
    marie.refresh_from_db()
    assert marie.check_password("un nouveau mot de passe solide")


def test_a_wrong_current_password_changes_nothing(client, marie):
    client.force_login(marie)

    response = client.post(
        "/accounts/password/",
        {
            "old_password": "faux",
            "new_password1": "un nouveau mot de passe solide",
            "new_password2": "un nouveau mot de passe solide",
        },
    )

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    marie.refresh_from_db()
    assert marie.check_password(PASSWORD)


def test_the_menu_shows_login_to_visitors_and_account_links_to_people(client, marie):
    visitor_page = client.get("/").content.decode()
    assert "Se connecter" in visitor_page
    assert "Se déconnecter" not in visitor_page

    client.force_login(marie)
    page = client.get("/").content.decode()
    assert "Mon compte" in page
    assert "Se déconnecter" in page
    assert 'action="/accounts/logout/"' in page
