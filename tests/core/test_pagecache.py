"""The page cache: a page comes from the cache only while nothing it shows can have changed.

Every test checks both halves: the second request is answered without running the view
(its queries drop to the version read) and any change is seen at once.
"""

import re
import threading
from datetime import timedelta

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import IntegrityError, connection, transaction
from django.http import HttpResponse
from django.middleware.csrf import _does_token_match
from django.test import Client
from django.test.utils import CaptureQueriesContext

from essor.accounts.services import issue_api_token, revoke_api_token
from essor.cohorts.models import Cohort
from essor.core import clock, pagecache
from essor.programmes.models import Programme

PROGRAMME = "/programmes/CS26/"
HOME = "/cohorts/cs26-2025/me/"
TOKEN_IN_FORM = re.compile(r'name="csrfmiddlewaretoken" value="([a-zA-Z0-9]{64})"')


@pytest.fixture(autouse=True)
def _cache_on(settings, monkeypatch):
    settings.ESSOR_PAGE_CACHE = True
    # The key holds a 30-second slice of the clock: held at the start of a slice, two
    # requests of one test can never fall on either side of its end.
    moment = clock.now().replace(second=0, microsecond=0)
    monkeypatch.setattr(clock, "now", lambda: moment)
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def fetch(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.status_code
    return response, len(queries)


def shared_version() -> str:
    """What the database says, without this process's own write counter."""
    return pagecache.data_version().rsplit("/", 1)[0]


def while_nothing_else_writes(visits):
    """What `visits()` returns, run from an empty cache; run again (at most five times)
    when another process wrote meanwhile, since its visits expect answers from the cache.

    On PostgreSQL the shared version is the cluster's snapshot: a writing transaction of
    any other process between two visits makes the second a new page, rightly. The
    autovacuum's ANALYZE (of this database's tables, or another database's) is one, at
    moments no test chooses. A run during which the version stood still must hold.
    """
    for _attempt in range(5):
        caches["pages"].clear()
        before = shared_version()
        result = visits()
        if shared_version() == before:
            return result
    pytest.fail("La base a changé pendant chacun des cinq essais.")


def test_a_second_visit_is_answered_from_the_cache(client, cs26):
    (first, first_queries), (second, second_queries) = while_nothing_else_writes(
        lambda: (fetch(client, PROGRAMME), fetch(client, PROGRAMME))
    )
    assert first_queries > 2
    assert second_queries == 1  # the data version, nothing else
    # The same page, apart from the visitor's CSRF token (masked anew for each answer).
    assert TOKEN_IN_FORM.sub("", second.content.decode()) == TOKEN_IN_FORM.sub(
        "", first.content.decode()
    )


def test_a_signed_in_visit_from_the_cache_reads_only_the_session(client, personas):
    client.force_login(personas["auditeur"])

    def visits():
        first, _queries = fetch(client, HOME)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(HOME)
        return first, second, queries

    first, second, queries = while_nothing_else_writes(visits)
    assert TOKEN_IN_FORM.sub("", second.content.decode()) == TOKEN_IN_FORM.sub(
        "", first.content.decode()
    )
    # The data version comes with the session, in the same query; the user is not loaded.
    assert len(queries) == 1
    assert "data_version" in queries[0]["sql"] or "snapshot" in queries[0]["sql"]


def test_a_changed_password_signs_the_old_session_out_of_cached_pages(client, personas):
    user = personas["auditeur"]
    client.force_login(user)
    fetch(client, HOME)
    user.set_password("un autre mot de passe, bien plus long")
    user.save()
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_deactivated_account_is_refused_although_its_page_was_cached(client, personas):
    user = personas["auditeur"]
    client.force_login(user)
    fetch(client, HOME)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(HOME).status_code == 302


def test_any_write_shows_at_once_even_without_signals(client, cs26):
    fetch(client, PROGRAMME)
    # QuerySet.update sends no signal: the cache must not depend on them.
    Programme.objects.filter(pk=cs26.programme_id).update(title="Titre changé à l’instant")
    response, queries = fetch(client, PROGRAMME)
    assert "Titre changé à l’instant" in response.content.decode()
    assert queries > 2


def test_a_write_rolled_back_to_a_savepoint_is_a_change_too(client, cs26):
    title = cs26.programme.title
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=cs26.programme_id).update(title="Jamais validé")
        response, _queries = fetch(client, PROGRAMME)
        assert "Jamais validé" in response.content.decode()
        raise IntegrityError("annulé")
    response, _queries = fetch(client, PROGRAMME)
    assert "Jamais validé" not in response.content.decode()
    assert title in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_commit_from_another_connection_changes_the_version(cs26):
    def write_elsewhere():
        # A thread has its own connection: its commit is another connection's commit.
        Cohort.objects.filter(pk=cs26.pk).update(place="Ailleurs")
        connection.close()

    before = shared_version()
    thread = threading.Thread(target=write_elsewhere)
    thread.start()
    thread.join()
    assert shared_version() != before


def test_each_person_gets_their_own_page(client, personas):
    client.force_login(personas["auditeur"])
    own, _queries = fetch(client, HOME)
    client.force_login(personas["auditeur2"])
    other, queries = fetch(client, HOME)
    assert queries > 2  # not answered from the first person's page
    assert own.content != other.content


def test_each_language_gets_its_own_page(client, cs26):
    french, _queries = fetch(client, PROGRAMME)
    english, queries = fetch(client, PROGRAMME, HTTP_ACCEPT_LANGUAGE="en")
    assert queries > 2
    assert 'lang="fr"' in french.content.decode()
    assert 'lang="en"' in english.content.decode()


def test_the_next_slice_of_the_clock_builds_the_page_again(client, cs26, monkeypatch):
    moment = clock.now().replace(second=0, microsecond=0)

    def visit_at(seconds):
        monkeypatch.setattr(clock, "now", lambda: moment + timedelta(seconds=seconds))
        return fetch(client, PROGRAMME)[1]

    assert while_nothing_else_writes(lambda: (visit_at(0), visit_at(29)))[1] == 1
    assert visit_at(30) > 2


def test_a_cached_page_carries_the_visitors_own_valid_csrf_token(client, cs26):
    other = Client()
    (first, _queries), (second, queries) = while_nothing_else_writes(
        lambda: (fetch(client, PROGRAMME), fetch(other, PROGRAMME))
    )
    assert queries == 1
    for visitor, response in ((client, first), (other, second)):
        secret = visitor.cookies["csrftoken"].value
        tokens = set(TOKEN_IN_FORM.findall(response.content.decode()))
        assert tokens, "the page has a form with a token"
        assert all(_does_token_match(token, secret) for token in tokens)
    assert "essor-csrf" not in second.content.decode()
    assert client.cookies["csrftoken"].value != other.cookies["csrftoken"].value


def test_a_page_with_a_message_waiting_is_built_and_shows_it(client, personas, rf):
    client.force_login(personas["auditeur"])
    fetch(client, HOME)
    # A message left for the next page, as a view does before redirecting.
    storage = CookieStorage(rf.get(HOME))
    storage.add(messages.SUCCESS, "Votre note a bien été déposée.")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value
    response, queries = fetch(client, HOME)
    assert "Votre note a bien été déposée." in response.content.decode()
    assert queries > 2
    # Shown once: the next visit has it no more (the page with it was not stored).
    response, _queries = fetch(client, HOME)
    assert "Votre note a bien été déposée." not in response.content.decode()


def test_refusals_are_never_stored(client, personas):
    client.force_login(personas["autre_auditeur"])
    assert client.get(HOME).status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 404
    assert len(queries) > 2


def test_switched_off_every_request_builds_the_page(client, cs26, settings):
    settings.ESSOR_PAGE_CACHE = False
    fetch(client, PROGRAMME)
    assert fetch(client, PROGRAMME)[1] > 2


def test_an_api_token_is_judged_again_once_revoked(client, personas):
    token, raw = issue_api_token(user=personas["coordination"], name="tableur")
    url = "/api/cohorts/cs26-2025/eligibility"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def visits():
        # The first use records when the token was used: a write, so the next is built too.
        assert client.get(url, **auth).status_code == 200
        assert client.get(url, **auth).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, **auth).status_code == 200
        return queries

    assert len(while_nothing_else_writes(visits)) == 1
    # Another token of nobody: never answered from the first token's entry.
    assert client.get(url, HTTP_AUTHORIZATION="Bearer essor_inconnu").status_code == 401
    revoke_api_token(token=token)
    assert client.get(url, **auth).status_code == 401


def test_an_api_tokens_last_use_is_recorded_when_a_slice_builds_its_answer(
    client, personas, monkeypatch
):
    token, raw = issue_api_token(user=personas["coordination"], name="tableur")
    url = "/api/cohorts/cs26-2025/eligibility"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    start = clock.now()

    def use_at(seconds):
        monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=seconds))
        assert client.get(url, **auth).status_code == 200
        token.refresh_from_db()
        return token.last_used_at

    assert use_at(0) == start
    # A new slice builds the answer again, but the last use is touched once a minute.
    assert use_at(45) == start
    assert use_at(50) == start  # from the cache: the last use lags by 50 s
    # The next slice's build is over a minute after the last touch: recorded.
    assert use_at(75) == start + timedelta(seconds=75)
