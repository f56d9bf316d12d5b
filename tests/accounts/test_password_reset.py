"""Forgotten password: a French e-mail with a working, single-use link."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "une phrase de passe toute neuve"


@pytest.fixture
def marie(db):
    return UserFactory(username="marie", first_name="Marie", email="marie@exemple.fr")


def reset_link(message) -> str:
    match = re.search(r"https?://\S+/accounts/reset/\S+/", message.body)
    assert match, message.body
    return match.group(0)


@override_settings(ESSOR_BASE_URL="https://essor.exemple.org")
def test_the_reset_email_is_french_and_its_link_sets_a_new_password(client, marie):
    response = client.post("/accounts/password-reset/", {"email": "MARIE@exemple.fr"})
    assert response["Location"] == "/accounts/password-reset/sent/"

    [message] = mail.outbox
    assert message.to == ["marie@exemple.fr"]
    assert message.subject == "Essor : choisir un nouveau mot de passe"
    assert "Bonjour Marie" in message.body
    assert "votre identifiant est : marie" in message.body
    link = reset_link(message)
    # Built on the configured address, never on the request's Host header.
    assert link.startswith("https://essor.exemple.org/accounts/reset/")

    path = link.removeprefix("https://essor.exemple.org")
    form_page = client.get(path, follow=True)
    assert "Choisissez un nouveau mot de passe" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done["Location"] == "/accounts/reset/done/"

    assert (
        client.post("/accounts/login/", {"username": "marie", "password": PASSWORD}).status_code
        == 200
    )
    logged = client.post("/accounts/login/", {"username": "marie", "password": NEW_PASSWORD})
    assert logged.status_code == 302

    # The link served once: it now shows the « lien non valable » page.
    client.logout()
    again = client.get(path, follow=True)
    assert "Lien non valable" in again.content.decode()


def test_the_host_header_does_not_leak_into_the_link(client, marie, settings):
    settings.ALLOWED_HOSTS = ["*"]
    client.post(
        "/accounts/password-reset/", {"email": "marie@exemple.fr"}, HTTP_HOST="pirate.example"
    )

    assert "pirate.example" not in mail.outbox[0].body


def test_an_unknown_address_gets_the_same_page_and_no_email(client, db):
    response = client.post("/accounts/password-reset/", {"email": "inconnu@exemple.fr"})

    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_a_malformed_address_is_explained_in_french_and_kept(client, db):
    response = client.post("/accounts/password-reset/", {"email": "pas-une-adresse"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide" in page
    assert 'value="pas-une-adresse"' in page
    assert 'aria-describedby="id_email_errors"' in page
