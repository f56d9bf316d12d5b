"""On PostgreSQL, a request's first read (the session, or the data version) is also the
health check Django owes a kept connection: no `SELECT 1` round trip of its own, and a
connection broken since the last request is replaced without an error."""

import pytest
from django.db import InterfaceError, OperationalError, connection, connections

from essor.accounts.sessions import SessionStore
from essor.core import pagecache

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="only PostgreSQL connections are health-checked (CONN_HEALTH_CHECKS)",
)


@pytest.fixture
def new_request(transactional_db, monkeypatch):
    """A kept connection at the start of a request (Django's request_started sets
    `health_check_done` back to False), with its own health checks counted."""
    connection.ensure_connection()
    assert connection.health_check_enabled
    checks = []
    real_check = connection.is_usable

    def counted():
        checks.append(connection.connection.info.backend_pid)
        return real_check()

    monkeypatch.setattr(connection, "is_usable", counted)
    connection.health_check_done = False
    return checks


def backend_pid() -> int:
    return connection.connection.info.backend_pid


def end_connection_from_elsewhere(pid: int) -> None:
    # As a server restart or an idle timeout would.
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0] is True
    finally:
        other.close()


def test_the_version_read_is_the_check_no_select_1_before_it(new_request):
    pid = backend_pid()
    assert pagecache.data_version()
    with connection.cursor() as cursor:  # the page's own queries follow
        cursor.execute("SELECT 2")
    assert new_request == []
    assert backend_pid() == pid


def test_a_connection_ended_since_the_last_request_is_replaced_by_the_version_read(new_request):
    pid = backend_pid()
    end_connection_from_elsewhere(pid)
    version = pagecache.data_version()
    assert version.split("/")[0]  # the snapshot, read on the new connection
    assert backend_pid() != pid
    assert new_request == []


def test_a_connection_ended_since_the_last_request_is_replaced_by_the_session_read(new_request):
    store = SessionStore()
    store["essai"] = "valeur"
    store.save()
    pid = backend_pid()
    connection.health_check_done = False  # the next request
    new_request.clear()  # the check Django made before the save
    end_connection_from_elsewhere(pid)
    assert SessionStore(store.session_key)["essai"] == "valeur"
    assert backend_pid() != pid
    assert new_request == []


def test_when_the_check_was_already_done_a_broken_connection_is_an_error(new_request):
    # Only the request's first query stands in for the check: later ones do not retry.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    end_connection_from_elsewhere(backend_pid())
    with pytest.raises((InterfaceError, OperationalError)):
        pagecache.data_version()
    connection.close()
