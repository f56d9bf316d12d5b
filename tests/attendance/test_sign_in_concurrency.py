"""Thirty people sign the same half-day at the same instant: every signature is kept, none
is duplicated, and nobody sees « database is locked ».

Real threads, each with its own database connection, against a real database. On SQLite
the suite's test database lives in memory with a shared cache, where writers collide on
table locks that the busy timeout does not cover — nothing like production. So these
tests copy it to a file (WAL, IMMEDIATE transactions, the settings' busy timeout: exactly
what `make run` uses) and switch back afterwards. On PostgreSQL they run on the test
database as it is.
"""

import sqlite3
import threading

import pytest
from django.db import connection

from essor.accounts.services import issue_api_token
from essor.attendance import codes, services
from essor.attendance.models import AttendanceChange, AttendanceRecord, Signature
from tests.factories import UserFactory, enrol

from .signing import DURING_MODULE1, data_url, first_slots, freeze, png

pytestmark = pytest.mark.django_db(transaction=True)

PARTICIPANTS = 30


@pytest.fixture(autouse=True)
def file_database(tmp_path, django_db_blocker):
    """A file copy of an in-memory SQLite test database for the length of one test."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    settings_dict = connection.settings_dict
    memory_name = settings_dict["NAME"]
    with django_db_blocker.unblock():
        # Keeps the shared in-memory database alive while Django's connection is closed.
        keeper = sqlite3.connect(memory_name, uri=True)
        path = tmp_path / "concurrency.sqlite3"
        with sqlite3.connect(path) as copy:
            keeper.backup(copy)
        copy.close()
        settings_dict["NAME"] = str(path)
        connection.close()  # now a file database: really closes the in-memory connection
        try:
            yield
        finally:
            connection.close()
            settings_dict["NAME"] = memory_name
            # Django holds the in-memory database again before the keeper lets go of it.
            connection.ensure_connection()
            keeper.close()


def run_together(count: int, work) -> tuple[list, list]:
    """Runs work(i) in `count` threads released at the same instant."""
    barrier = threading.Barrier(count)
    results, errors = [], []
    lock = threading.Lock()

    def target(i):
        try:
            barrier.wait()
            outcome = work(i)
            with lock:
                results.append(outcome)
        except Exception as exc:  # every failure is collected and reported
            with lock:
                errors.append(exc)
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@pytest.fixture
def slot(cs26):
    return first_slots(cs26, 1)[0]


@pytest.fixture
def crowd(cs26):
    users = [UserFactory(username=f"auditeur{n:02d}") for n in range(PARTICIPANTS)]
    for user in users:
        enrol(user, cs26)
    return users


def test_thirty_participants_sign_at_once(slot, crowd, monkeypatch):
    now = freeze(monkeypatch, DURING_MODULE1)
    code = codes.current_code(slot, now)

    def work(i):
        return services.sign_in(
            slot=slot,
            user=crowd[i],
            code=code,
            signature_png=png(seed=i),
            user_agent=f"téléphone {i}",
            ip=f"198.51.100.{i}",
        )

    results, errors = run_together(PARTICIPANTS, work)
    assert errors == []
    assert all(created for _, created in results)
    assert Signature.objects.filter(slot=slot).count() == PARTICIPANTS
    assert AttendanceRecord.objects.filter(slot=slot, status="present").count() == PARTICIPANTS
    assert AttendanceChange.objects.count() == PARTICIPANTS
    signed = set(Signature.objects.values_list("enrolment__user__username", flat=True))
    assert signed == {user.username for user in crowd}


def test_the_same_participant_twice_at_once_gives_one_signature(slot, crowd, monkeypatch):
    now = freeze(monkeypatch, DURING_MODULE1)
    code = codes.current_code(slot, now)
    me = crowd[0]

    def work(i):
        return services.sign_in(
            slot=slot,
            user=me,
            code=code,
            signature_png=png(seed=i),
            user_agent="double tap",
            ip="198.51.100.1",
        )

    results, errors = run_together(2, work)
    assert errors == []
    assert sorted(created for _, created in results) == [False, True]
    assert len({signature.pk for signature, _ in results}) == 1
    assert Signature.objects.count() == 1
    assert AttendanceRecord.objects.count() == 1
    assert AttendanceChange.objects.count() == 1


def test_thirty_api_clients_at_once(slot, crowd, monkeypatch):
    """The whole request path (token, permission, service) under the same burst."""
    from django.test import Client

    now = freeze(monkeypatch, DURING_MODULE1)
    code = codes.current_code(slot, now)
    tokens = [issue_api_token(user=user, name="banc")[1] for user in crowd]

    def work(i):
        response = Client().post(
            f"/api/slots/{slot.pk}/signatures",
            {"code": code, "signature_png": data_url(png(seed=i))},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {tokens[i]}",
        )
        return response.status_code, response.content

    results, errors = run_together(PARTICIPANTS, work)
    assert errors == []
    assert sorted(status for status, _ in results) == [201] * PARTICIPANTS, results
    assert Signature.objects.count() == PARTICIPANTS
    assert AttendanceRecord.objects.count() == PARTICIPANTS
