"""The short retry around the sign-in transaction: « database is locked » never reaches a
participant, other database errors are not hidden, and a caller's transaction is never
half replayed. No database needed: the decorated functions are stand-ins."""

import pytest
from django.db import OperationalError

from essor.attendance import services


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    pauses = []
    monkeypatch.setattr(services.time, "sleep", pauses.append)
    return pauses


def flaky(failures: list[Exception]):
    calls = []

    @services.retry_when_locked
    def write():
        calls.append(1)
        if failures:
            raise failures.pop(0)
        return "écrit"

    return write, calls


def test_a_locked_database_is_tried_again(no_waiting):
    write, calls = flaky([OperationalError("database is locked")] * 2)
    assert write() == "écrit"
    assert len(calls) == 3
    assert len(no_waiting) == 2
    assert all(0.05 <= pause <= 0.4 for pause in no_waiting)


def test_the_shared_cache_lock_counts_too():
    write, calls = flaky([OperationalError("database table is locked")])
    assert write() == "écrit"
    assert len(calls) == 2


def test_after_five_tries_the_error_is_raised():
    write, calls = flaky([OperationalError("database is locked")] * 10)
    with pytest.raises(OperationalError):
        write()
    assert len(calls) == services.LOCK_RETRIES == 5


def test_other_database_errors_are_not_retried():
    write, calls = flaky([OperationalError("no such table: attendance_signature")])
    with pytest.raises(OperationalError):
        write()
    assert len(calls) == 1


def test_inside_a_callers_transaction_nothing_is_replayed(monkeypatch):
    monkeypatch.setattr(services.connection, "in_atomic_block", True, raising=False)
    write, calls = flaky([OperationalError("database is locked")])
    with pytest.raises(OperationalError):
        write()
    assert len(calls) == 1
