"""Eligibility on crafted cohorts: every blocking item in exact French, derogations, the
note, the query count, and a property: attending more never makes anyone less eligible."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from essor.attendance.models import AttendanceStatus
from essor.attendance.records import apply_status
from essor.certification.derogations import grant_derogation
from essor.certification.eligibility import ATTENDED, cohort_eligibility, eligibility_for, evaluate
from essor.certification.models import Derogation
from essor.cohorts.models import EnrolmentStatus
from essor.core import clock
from essor.core.errors import DomainError
from essor.coursework.models import NoteDecision
from essor.programmes.models import Slot
from tests.certification.builders import assess, make_eligible, mark_all_present
from tests.factories import UserFactory, enrol

PARIS = ZoneInfo("Europe/Paris")
MODULE5_PM = (
    "25 février 2025 après-midi — Module 5 : "
    "Analyse organisationnelle dans l'économie sociale et solidaire"
)


def module5_afternoon(cohort) -> Slot:
    return Slot.objects.get(cohort=cohort, module__number=5, position=2)


@pytest.fixture
def coordination(personas):
    return personas["coordination"]


@pytest.fixture
def after_the_programme(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 12, 1, 12, tzinfo=PARIS))


pytestmark = pytest.mark.usefixtures("after_the_programme")


def test_all_present_and_note_accepted_is_eligible(personas, coordination):
    enrolment = make_eligible(personas["enrolment"], by=coordination)
    result = eligibility_for(enrolment)
    assert result.eligible
    assert result.reasons == []
    assert result.attended == result.planned == timedelta(hours=90)


def test_late_and_left_early_count_as_present_but_not_their_hours(personas, coordination):
    enrolment = make_eligible(personas["enrolment"], by=coordination)
    apply_status(
        slot=module5_afternoon(enrolment.cohort),
        enrolment=enrolment,
        status=AttendanceStatus.LATE,
        minutes_late=30,
        by=coordination,
    )
    result = eligibility_for(enrolment)
    assert result.eligible
    assert result.attended == timedelta(hours=89, minutes=30)


def test_the_slot_label_is_the_one_the_issue_quotes(personas):
    assert module5_afternoon(personas["enrolment"].cohort).start.astimezone(PARIS).hour >= 13


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (AttendanceStatus.ABSENT, f"Absent·e le {MODULE5_PM}"),
        (
            AttendanceStatus.EXCUSED,
            f"Absence justifiée le {MODULE5_PM} (dérogation du jury nécessaire)",
        ),
    ],
)
def test_one_half_day_missed_blocks_with_the_exact_reason(personas, coordination, status, reason):
    enrolment = make_eligible(personas["enrolment"], by=coordination)
    apply_status(
        slot=module5_afternoon(enrolment.cohort),
        enrolment=enrolment,
        status=status,
        by=coordination,
    )
    result = eligibility_for(enrolment)
    assert not result.eligible
    assert result.reasons == [reason]
    assert result.items[0].slot_id == module5_afternoon(enrolment.cohort).pk


def test_a_half_day_without_any_record_is_not_signed(personas, coordination):
    enrolment = personas["enrolment"]
    mark_all_present(enrolment, by=coordination, skip=(module5_afternoon(enrolment.cohort),))
    assess(enrolment, by=coordination)
    assert eligibility_for(enrolment).reasons == [f"Non émargé·e le {MODULE5_PM}"]


def test_a_half_day_to_come_blocks_with_its_own_wording(personas, coordination, monkeypatch):
    enrolment = personas["enrolment"]
    last = Slot.objects.filter(cohort=enrolment.cohort).select_related("module").last()
    mark_all_present(enrolment, by=coordination, skip=(last,))
    assess(enrolment, by=coordination)
    monkeypatch.setattr(clock, "now", lambda: last.start - timedelta(days=1))
    result = eligibility_for(enrolment)
    assert not result.eligible
    assert [item.code for item in result.items] == ["upcoming"]
    assert result.reasons[0].startswith("Demi-journée à venir : ")
    assert f"Module {last.module.number} : {last.module.title}" in result.reasons[0]


def test_excused_absence_with_a_derogation_is_eligible(personas, coordination):
    enrolment = make_eligible(personas["enrolment"], by=coordination)
    slot = module5_afternoon(enrolment.cohort)
    apply_status(slot=slot, enrolment=enrolment, status=AttendanceStatus.EXCUSED, by=coordination)
    assert not eligibility_for(enrolment).eligible
    grant_derogation(
        enrolment=enrolment, slot=slot, reason="Hospitalisation, justificatif.", by=coordination
    )
    assert eligibility_for(enrolment).eligible


@pytest.mark.parametrize(
    ("decision", "reason"),
    [(NoteDecision.REWORK, "Note à reprendre"), (NoteDecision.REFUSED, "Note refusée")],
)
def test_note_not_accepted_blocks(personas, coordination, decision, reason):
    enrolment = personas["enrolment"]
    mark_all_present(enrolment, by=coordination)
    assess(enrolment, by=coordination, decision=decision)
    result = eligibility_for(enrolment)
    assert not result.eligible
    assert result.reasons == [reason]


def test_no_assessment_yet_is_note_not_yet_accepted(personas, coordination):
    enrolment = personas["enrolment"]
    mark_all_present(enrolment, by=coordination)
    assert eligibility_for(enrolment).reasons == ["Note non encore acceptée"]


def test_the_latest_assessment_is_the_one_in_force(personas, coordination):
    enrolment = make_eligible(personas["enrolment"], by=coordination)
    assess(enrolment, by=coordination, decision=NoteDecision.REWORK)
    assert eligibility_for(enrolment).reasons == ["Note à reprendre"]


def test_optional_statement_requirement(personas, coordination):
    enrolment = make_eligible(personas["enrolment"], by=coordination)
    programme = enrolment.cohort.programme
    programme.certification = {
        **programme.certification,
        "requirements": [*programme.certification["requirements"], "statement_submitted"],
    }
    programme.save()
    enrolment.refresh_from_db()
    assert eligibility_for(enrolment).reasons == ["Note d'intention non remise"]


def test_nothing_recorded_lists_every_half_day_and_the_note(personas):
    result = eligibility_for(personas["enrolment"])
    assert len(result.items) == 27
    assert result.reasons[-1] == "Note non encore acceptée"


# --- Derogations -------------------------------------------------------------------------


def excused(enrolment, by) -> Slot:
    slot = module5_afternoon(enrolment.cohort)
    apply_status(slot=slot, enrolment=enrolment, status=AttendanceStatus.EXCUSED, by=by)
    return slot


def test_a_derogation_needs_a_reason_and_the_coordination(personas, coordination):
    enrolment = personas["enrolment"]
    slot = excused(enrolment, coordination)
    with pytest.raises(DomainError) as error:
        grant_derogation(enrolment=enrolment, slot=slot, reason="  ", by=coordination)
    assert error.value.code == "reason_required"
    with pytest.raises(DomainError) as error:
        grant_derogation(enrolment=enrolment, slot=slot, reason="Motif.", by=personas["tuteur"])
    assert error.value.code == "not_coordinator"
    assert not Derogation.objects.exists()


def test_a_derogation_is_only_for_an_excused_absence(personas, coordination):
    enrolment = personas["enrolment"]
    slot = module5_afternoon(enrolment.cohort)
    with pytest.raises(DomainError) as error:
        grant_derogation(enrolment=enrolment, slot=slot, reason="Motif.", by=coordination)
    assert error.value.code == "not_excused"
    apply_status(slot=slot, enrolment=enrolment, status=AttendanceStatus.ABSENT, by=coordination)
    with pytest.raises(DomainError):
        grant_derogation(enrolment=enrolment, slot=slot, reason="Motif.", by=coordination)


def test_a_second_derogation_for_the_same_half_day_is_refused(personas, coordination):
    enrolment = personas["enrolment"]
    slot = excused(enrolment, coordination)
    grant_derogation(enrolment=enrolment, slot=slot, reason="Motif.", by=coordination)
    with pytest.raises(DomainError) as error:
        grant_derogation(enrolment=enrolment, slot=slot, reason="Autre.", by=coordination)
    assert error.value.code == "already_granted"
    assert Derogation.objects.get().reason == "Motif."


def test_a_derogation_for_another_cohorts_half_day_is_refused(personas, coordination):
    other = personas["other_enrolment"]
    slot = module5_afternoon(personas["enrolment"].cohort)
    with pytest.raises(DomainError) as error:
        grant_derogation(enrolment=other, slot=slot, reason="Motif.", by=coordination)
    assert error.value.code in {"not_coordinator", "wrong_cohort"}


# --- The whole cohort --------------------------------------------------------------------


def add_participants(cohort, count: int) -> None:
    for _ in range(count):
        enrol(UserFactory(), cohort)


def cohort_queries(cohort) -> int:
    with CaptureQueriesContext(connection) as queries:
        results = cohort_eligibility(cohort)
    return len(queries), results


@pytest.mark.parametrize("participants", [3, 20])
def test_cohort_eligibility_takes_a_fixed_number_of_queries(personas, coordination, participants):
    cohort = personas["enrolment"].cohort
    add_participants(cohort, participants - 2)  # auditeur and auditeur2 are already there
    make_eligible(personas["enrolment"], by=coordination)
    count, results = cohort_queries(cohort)
    # enrolments, slots, records, derogations, assessments.
    assert count == 5
    assert len(results) == participants
    assert results[personas["enrolment"].pk].eligible
    assert results[personas["enrolment2"].pk].reasons[-1] == "Note non encore acceptée"


def test_cohort_eligibility_agrees_with_eligibility_for(personas, coordination):
    cohort = personas["enrolment"].cohort
    make_eligible(personas["enrolment"], by=coordination)
    excused(personas["enrolment2"], coordination)
    results = cohort_eligibility(cohort)
    for key in ("enrolment", "enrolment2"):
        assert results[personas[key].pk] == eligibility_for(personas[key])


def test_withdrawn_participants_are_not_candidates(personas):
    enrolment2 = personas["enrolment2"]
    enrolment2.status = EnrolmentStatus.WITHDRAWN
    enrolment2.save()
    assert set(cohort_eligibility(personas["enrolment"].cohort)) == {personas["enrolment"].pk}


# --- Property: attending more never makes anyone less eligible --------------------------

NOW = datetime(2025, 6, 1, 12, tzinfo=PARIS)
MODULE = SimpleNamespace(number=3, title="Économie sociale et solidaire")
SLOTS = [
    SimpleNamespace(
        pk=index + 1,
        module=MODULE,
        start=datetime(2025, 5, 1, 9, tzinfo=PARIS) + timedelta(days=index * 7),
        end=datetime(2025, 5, 1, 12, tzinfo=PARIS) + timedelta(days=index * 7),
    )
    for index in range(8)  # four in the past, four to come (NOW is on 1 June)
]
STATUS = st.sampled_from([None, *AttendanceStatus.values])
NOTE = st.sampled_from([None, *NoteDecision.values])


def judge(states, derogated, note):
    records = {slot.pk: (state, 10, 10) for slot, state in zip(SLOTS, states, strict=True) if state}
    return evaluate(
        requirements=["attendance_all_slots", "note_accepted"],
        slots=SLOTS,
        records=records,
        derogated_slot_ids=derogated,
        note_decision=note,
        statement_submitted=False,
        now=NOW,
        zone=PARIS,
    )


@settings(max_examples=300, deadline=None)
@given(
    states=st.lists(STATUS, min_size=len(SLOTS), max_size=len(SLOTS)),
    derogated=st.sets(st.integers(1, len(SLOTS))),
    note=NOTE,
    index=st.integers(0, len(SLOTS) - 1),
    new_status=st.sampled_from(
        [AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY]
    ),
)
def test_adding_a_presence_never_makes_anyone_less_eligible(
    states, derogated, note, index, new_status
):
    # A half-day not attended (no record, absent, excused) becomes attended.
    assume(states[index] not in ATTENDED)
    before = judge(states, derogated, note)
    after_states = list(states)
    after_states[index] = new_status
    after = judge(after_states, derogated, note)
    assert set(after.reasons) <= set(before.reasons)
    assert after.attended >= before.attended
    if before.eligible:
        assert after.eligible
