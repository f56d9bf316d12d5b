"""The deadline is the start of module 1 (20 January 2025, 14 h, Paris); lateness is
derived from the submission time, with the clock frozen."""

from datetime import UTC, datetime

import pytest

from essor.core import clock
from essor.coursework import services
from essor.coursework.selectors import statement_deadline, statement_of, statement_state

# 14 h in Paris in January is 13 h UTC.
DEADLINE = datetime(2025, 1, 20, 13, 0, tzinfo=UTC)
BEFORE = datetime(2025, 1, 19, 18, 0, tzinfo=UTC)
AFTER = datetime(2025, 1, 21, 8, 0, tzinfo=UTC)


@pytest.fixture
def freeze(monkeypatch):
    def at(moment):
        monkeypatch.setattr(clock, "now", lambda: moment)

    return at


def test_the_deadline_is_the_start_of_module_1(cs26):
    assert statement_deadline(cs26) == DEADLINE


def submit_at(moment, personas, freeze):
    freeze(moment)
    enrolment = personas["enrolment"]
    services.save_and_submit_statement(enrolment=enrolment, body="Ma note", by=personas["auditeur"])
    return statement_of(enrolment)


def test_submitted_before_the_deadline_is_remise(personas, freeze):
    statement = submit_at(BEFORE, personas, freeze)
    state = statement_state(statement, DEADLINE, AFTER)
    assert (state.code, state.label) == ("submitted", "remise")


def test_submitted_exactly_at_the_deadline_is_on_time(personas, freeze):
    statement = submit_at(DEADLINE, personas, freeze)
    assert statement_state(statement, DEADLINE, AFTER).label == "remise"


def test_submitted_after_the_deadline_is_allowed_but_late(personas, freeze):
    statement = submit_at(AFTER, personas, freeze)
    state = statement_state(statement, DEADLINE, AFTER)
    assert (state.code, state.label) == ("late", "remise en retard")


def test_not_submitted_after_the_deadline_is_overdue(personas, freeze):
    freeze(BEFORE)
    services.save_statement_draft(
        enrolment=personas["enrolment"], body="brouillon", by=personas["auditeur"], explicit=True
    )
    statement = statement_of(personas["enrolment"])
    assert statement_state(statement, DEADLINE, BEFORE).label == "brouillon"
    state = statement_state(statement, DEADLINE, AFTER)
    assert (state.code, state.label, state.alert) == ("overdue", "en retard (non remise)", True)
    # Never started at all: overdue too.
    assert statement_state(None, DEADLINE, AFTER).label == "en retard (non remise)"


@pytest.mark.parametrize(
    ("submitted", "now", "label"),
    [
        (BEFORE, AFTER, "remise"),
        (AFTER, AFTER, "remise en retard"),
        (None, AFTER, "en retard (non remise)"),
        (None, BEFORE, "non commencée"),
    ],
)
def test_the_pages_show_the_status(client, personas, freeze, submitted, now, label):
    if submitted:
        submit_at(submitted, personas, freeze)
    freeze(now)
    client.force_login(personas["auditeur"])
    editor = client.get("/cohorts/cs26-2025/statement/").content.decode()
    assert f">{label}</span>" in editor
    client.force_login(personas["tuteur"])
    reading = client.get(f"/statements/{personas['enrolment'].pk}/").content.decode()
    assert f">{label}</span>" in reading
