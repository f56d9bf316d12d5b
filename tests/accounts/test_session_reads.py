"""The session and the signed-in user, read on every request with plain queries
(essor/accounts/sessions.py, UsernameOrEmailBackend.get_user): same answers as Django's."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from essor.accounts.backends import UsernameOrEmailBackend
from essor.accounts.sessions import SessionStore
from tests.factories import UserFactory


def test_a_saved_session_reads_back(db):
    session = SessionStore()
    session["panier"] = {"module": 3, "nom": "Éloïse"}
    session.save()
    again = SessionStore(session.session_key)
    assert again["panier"] == {"module": 3, "nom": "Éloïse"}
    assert again.session_key == session.session_key


def test_an_expired_or_unknown_session_is_a_new_empty_one(db):
    session = SessionStore()
    session["clef"] = "valeur"
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(session.session_key)
    assert expired.get("clef") is None
    assert expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert unknown.get("clef") is None
    assert unknown.session_key is None


def test_the_signed_in_user_is_read_with_its_types(db):
    user = UserFactory(first_name="Léa")
    user.last_login = timezone.now()
    user.save()
    found = UsernameOrEmailBackend().get_user(str(user.pk))
    assert found == user
    assert found.first_name == "Léa"
    assert found.last_login == user.last_login
    assert timezone.is_aware(found.date_joined)
    assert found.is_active is True


def test_an_inactive_unknown_or_malformed_user_is_nobody(db):
    user = UserFactory(is_active=False)
    backend = UsernameOrEmailBackend()
    assert backend.get_user(user.pk) is None
    assert backend.get_user(user.pk + 1000) is None
    assert backend.get_user("abc") is None


def test_a_request_is_signed_in_through_them(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/mes-donnees/")
    assert response.status_code == 200
    assert response.wsgi_request.user == user
