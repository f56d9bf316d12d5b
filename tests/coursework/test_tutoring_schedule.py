"""Tutoring day schedules: generation (property-based), the service that stores them,
editing without double booking, the day's page for each role, the personal calendar."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from essor.core.errors import DomainError
from essor.coursework.tutoring import GROUP, INDIVIDUAL, generate_schedule, overlaps

PARIS = ZoneInfo("Europe/Paris")


def at(hour: int, minute: int = 0, day: int = 19) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=PARIS)


# Module 9 of CS26: 8:30–12:30 and 13:30–16:30.
DAY = [(at(8, 30), at(12, 30)), (at(13, 30), at(16, 30))]


def assert_valid(blocks, slots, tutors, *, with_group=True):
    by_tutor, by_person = {}, {}
    for b in blocks:
        assert any(s <= b.start and b.end <= e for s, e in slots), f"{b} crosses a break"
        by_tutor.setdefault(b.tutor_id, []).append(b)
        for p in b.participant_ids:
            by_person.setdefault(p, []).append(b)
    for group in (*by_tutor.values(), *by_person.values()):
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                assert not overlaps(a.start, a.end, b.start, b.end), f"{a} and {b} overlap"
    for tutor, people in tutors.items():
        mine = by_tutor.get(tutor, [])
        individual = sorted(p for b in mine if b.kind == INDIVIDUAL for p in b.participant_ids)
        assert individual == sorted(people)
        groups = [b for b in mine if b.kind == GROUP]
        if people and with_group:
            assert len(groups) == 1 and sorted(groups[0].participant_ids) == sorted(people)


def fits(slot_minutes: list[int], people: int, individual: int, group: int) -> bool:
    """A sufficient condition: the group opens the first slot, the interviews follow."""
    if people == 0:
        return True
    if group > slot_minutes[0] or individual > min(slot_minutes):
        return False
    room = (slot_minutes[0] - group) // individual + sum(m // individual for m in slot_minutes[1:])
    return people <= room


@st.composite
def days(draw):
    morning = draw(st.integers(60, 300))
    afternoon = draw(st.integers(60, 240))
    lunch = draw(st.integers(0, 120))
    start = at(8) + timedelta(minutes=draw(st.integers(0, 120)))
    slots = [
        (start, start + timedelta(minutes=morning)),
        (
            start + timedelta(minutes=morning + lunch),
            start + timedelta(minutes=morning + lunch + afternoon),
        ),
    ]
    individual = draw(st.integers(5, 60))
    group = draw(st.integers(0, morning))
    tutors_count = draw(st.integers(1, 5))
    tutors, next_person = {}, 0
    for t in range(tutors_count):
        top = 0
        while fits([morning, afternoon], top + 1, individual, group) and top < 12:
            top += 1
        n = draw(st.integers(0, top))
        tutors[f"tuteur{t}"] = [f"p{next_person + i}" for i in range(n)]
        next_person += n
    return slots, tutors, individual, group


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(days())
def test_a_schedule_that_fits_never_double_books_and_stays_inside_the_slots(day):
    slots, tutors, individual, group = day
    blocks = generate_schedule(
        slots=slots, tutors=tutors, individual_minutes=individual, group_minutes=group
    )
    assert_valid(blocks, slots, tutors, with_group=group > 0)
    for b in blocks:
        minutes = individual if b.kind == INDIVIDUAL else group
        assert b.end - b.start == timedelta(minutes=minutes)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 7), max_size=4), min_size=1, max_size=4),
    st.integers(10, 40),
    st.integers(0, 60),
)
def test_people_shared_between_tutors_are_never_in_two_places(groups, individual, group):
    tutors = {f"t{i}": [f"p{n}" for n in people] for i, people in enumerate(groups)}
    try:
        blocks = generate_schedule(
            slots=DAY, tutors=tutors, individual_minutes=individual, group_minutes=group
        )
    except DomainError as error:
        assert error.code == "schedule_does_not_fit"
        return
    assert_valid(blocks, DAY, {t: sorted(set(p)) for t, p in tutors.items()}, with_group=group > 0)


def test_the_cs26_day_gives_each_tutor_a_group_time_then_the_interviews():
    blocks = generate_schedule(
        slots=DAY, tutors={"anne": ["a", "b", "c"], "bruno": ["d"]}, individual_minutes=30
    )
    anne = [b for b in blocks if b.tutor_id == "anne"]
    assert [(b.kind, b.start, b.end) for b in anne] == [
        (GROUP, at(8, 30), at(9, 30)),
        (INDIVIDUAL, at(9, 30), at(10)),
        (INDIVIDUAL, at(10), at(10, 30)),
        (INDIVIDUAL, at(10, 30), at(11)),
    ]


def test_no_block_straddles_lunch():
    # 4 h morning: group 60 + 5 × 40 = 260 minutes; the fifth interview goes after lunch.
    blocks = generate_schedule(
        slots=DAY, tutors={"anne": list("abcde")}, individual_minutes=40, group_minutes=60
    )
    last = blocks[-1]
    assert (last.start, last.end) == (at(13, 30), at(14, 10))


def test_a_pause_between_blocks_is_kept_for_the_tutor():
    blocks = generate_schedule(
        slots=DAY, tutors={"anne": ["a", "b"]}, individual_minutes=30, gap_minutes=10
    )
    assert [b.start for b in blocks] == [at(8, 30), at(9, 40), at(10, 20)]


def test_a_day_too_short_is_refused_in_french():
    with pytest.raises(DomainError) as raised:
        generate_schedule(
            slots=DAY,
            tutors={"anne": [f"p{i}" for i in range(20)]},
            individual_minutes=30,
            tutor_names={"anne": "Anne Martin"},
        )
    assert raised.value.code == "schedule_does_not_fit"
    assert "Anne Martin" in raised.value.message
    assert "pause du déjeuner" in raised.value.message


def test_bad_durations_are_refused():
    with pytest.raises(DomainError) as raised:
        generate_schedule(slots=DAY, tutors={"a": ["p"]}, individual_minutes=0)
    assert raised.value.code == "schedule_invalid_durations"


# --- The stored schedule of a cohort's tutoring day --------------------------------------

DAY_PAGE = "/cohorts/cs26-2025/tutoring/9/"


def build(personas, **kwargs):
    from essor.coursework import tutoring_services

    options = {"individual_minutes": 30, "group_minutes": 60} | kwargs
    return tutoring_services.build_tutoring_schedule(
        cohort=personas["enrolment"].cohort,
        module_number=9,
        by=personas["coordination"],
        **options,
    )


def paris(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%H:%M")


@pytest.mark.django_db
def test_generating_stores_each_tutors_group_time_and_interviews(personas):
    sessions = build(personas)
    summary = sorted(
        (
            s.tutor.username,
            s.kind,
            paris(s.start),
            paris(s.end),
            [e.pk for e in s.participants.all()],
        )
        for s in sessions
    )
    e1, e2 = personas["enrolment"].pk, personas["enrolment2"].pk
    assert summary == [
        ("tuteur", "group", "08:30", "09:30", [e1]),
        ("tuteur", "individual", "09:30", "10:00", [e1]),
        ("tuteur2", "group", "08:30", "09:30", [e2]),
        ("tuteur2", "individual", "09:30", "10:00", [e2]),
    ]
    assert all(s.slot.module.number == 9 for s in sessions)


@pytest.mark.django_db
def test_generating_again_replaces_the_days_sessions(personas):
    from essor.coursework.models import TutoringSession

    build(personas)
    build(personas, individual_minutes=45, group_minutes=0)
    assert TutoringSession.objects.count() == 2
    assert set(TutoringSession.objects.values_list("kind", flat=True)) == {"individual"}


@pytest.mark.django_db
def test_a_day_that_does_not_fit_writes_nothing(personas):
    from essor.coursework.models import TutoringSession

    build(personas)
    with pytest.raises(DomainError) as raised:
        build(personas, individual_minutes=420)
    assert raised.value.code == "schedule_does_not_fit"
    assert TutoringSession.objects.count() == 4  # the previous schedule is still there


@pytest.mark.django_db
def test_only_the_coordination_generates(personas):
    with pytest.raises(DomainError) as raised:
        from essor.coursework import tutoring_services

        tutoring_services.build_tutoring_schedule(
            cohort=personas["enrolment"].cohort,
            module_number=9,
            by=personas["tuteur"],
            individual_minutes=30,
            group_minutes=60,
        )
    assert raised.value.code == "not_coordinator"


@pytest.mark.django_db
def test_a_course_module_is_not_a_tutoring_day(personas):
    with pytest.raises(DomainError) as raised:
        from essor.coursework import tutoring_services

        tutoring_services.build_tutoring_schedule(
            cohort=personas["enrolment"].cohort,
            module_number=2,
            by=personas["coordination"],
            individual_minutes=30,
            group_minutes=60,
        )
    assert raised.value.code == "not_a_tutoring_day"


# --- Editing one session -----------------------------------------------------------------


def _session(personas, tutor: str, kind: str):
    from essor.coursework.models import TutoringSession

    return TutoringSession.objects.get(tutor=personas[tutor], kind=kind)


def _edit(personas, session, start, end):
    from essor.coursework import tutoring_services

    return tutoring_services.edit_tutoring_session(
        session=session, start=start, end=end, by=personas["coordination"]
    )


@pytest.mark.django_db
def test_moving_a_session_to_a_free_time_is_kept(personas):
    build(personas)
    session = _session(personas, "tuteur", "individual")
    _edit(personas, session, at(14), at(14, 45))
    session.refresh_from_db()
    assert (paris(session.start), paris(session.end)) == ("14:00", "14:45")
    assert session.slot.position == 2  # now in the afternoon half-day


@pytest.mark.django_db
def test_moving_onto_the_tutors_other_block_is_double_booking(personas):
    build(personas)
    session = _session(personas, "tuteur", "individual")
    with pytest.raises(DomainError) as raised:
        _edit(personas, session, at(9), at(9, 30))  # the group time runs until 9:30
    assert raised.value.code == "double_booking"
    session.refresh_from_db()
    assert paris(session.start) == "09:30"


@pytest.mark.django_db
def test_moving_onto_the_participants_other_block_is_double_booking(personas):
    from essor.coursework.models import TutoringSession

    build(personas)
    # A second tutor's interview with the same participant, in the afternoon.
    other = TutoringSession.objects.create(
        slot=_session(personas, "tuteur", "group").slot,
        tutor=personas["tuteur2"],
        kind="individual",
        start=at(11),
        end=at(11, 30),
    )
    other.participants.add(personas["enrolment"])
    session = _session(personas, "tuteur", "individual")
    with pytest.raises(DomainError) as raised:
        _edit(personas, session, at(11, 15), at(11, 45))
    assert raised.value.code == "double_booking"
    assert "11 h" in raised.value.message


@pytest.mark.django_db
def test_a_session_cannot_straddle_lunch(personas):
    build(personas)
    with pytest.raises(DomainError) as raised:
        _edit(personas, _session(personas, "tuteur", "individual"), at(12), at(13, 45))
    assert raised.value.code == "outside_slots"


# --- The day's page ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_coordination_sees_everyone_and_can_generate(client, personas):
    client.force_login(personas["coordination"])
    response = client.post(
        DAY_PAGE + "generate", {"individual_minutes": 30, "group_minutes": 60, "gap_minutes": 0}
    )
    assert response.status_code == 302
    page = client.get(DAY_PAGE).content.decode()
    assert personas["auditeur"].get_full_name() in page
    assert personas["auditeur2"].get_full_name() in page
    assert "Générer le planning" in page


@pytest.mark.django_db
def test_a_bad_duration_is_answered_in_french_with_the_typed_values(client, personas):
    client.force_login(personas["coordination"])
    response = client.post(
        DAY_PAGE + "generate", {"individual_minutes": "abc", "group_minutes": 60, "gap_minutes": 0}
    )
    assert response.status_code == 400
    assert "Indiquez un nombre entier de minutes." in response.content.decode()


@pytest.mark.django_db
def test_a_tutor_sees_only_their_sessions(client, personas):
    build(personas)
    client.force_login(personas["tuteur"])
    page = client.get(DAY_PAGE).content.decode()
    assert personas["auditeur"].get_full_name() in page
    assert personas["auditeur2"].get_full_name() not in page
    assert "Générer le planning" not in page


@pytest.mark.django_db
def test_a_participant_sees_only_their_own_times(client, personas):
    build(personas)
    client.force_login(personas["auditeur2"])
    page = client.get(DAY_PAGE).content.decode()
    assert "Mes horaires" in page
    assert "9 h 30 – 10 h" in page
    assert personas["auditeur"].get_full_name() not in page


@pytest.mark.django_db
def test_editing_on_the_page_refuses_double_booking_in_french(client, personas):
    build(personas)
    session = _session(personas, "tuteur", "individual")
    client.force_login(personas["coordination"])
    response = client.post(
        f"{DAY_PAGE}sessions/{session.pk}",
        {f"s{session.pk}-start": "09:00", f"s{session.pk}-end": "09:30"},
    )
    assert response.status_code == 400
    assert "a déjà un créneau" in response.content.decode()
    assert 'value="09:00"' in response.content.decode()  # what was typed is kept


@pytest.mark.django_db
def test_the_schedule_page_query_count_does_not_grow(client, personas, django_assert_num_queries):
    from tests.factories import UserFactory, enrol

    client.force_login(personas["coordination"])
    build(personas)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(DAY_PAGE).status_code == 200
        return len(queries)

    before = count()
    for i in range(6):
        enrol(
            UserFactory(username=f"plus{i}"), personas["enrolment"].cohort, tutor=personas["tuteur"]
        )
    build(personas)
    assert count() == before
    # 1 session, 2 user, 3 cohort, 4 roles, 5 module, 6 slots, 7 sessions and tutors,
    # 8 their participants, 9 the number of participants without a tutor.
    with django_assert_num_queries(9):
        client.get(DAY_PAGE)


# --- The personal calendar ---------------------------------------------------------------

ICS = "/cohorts/cs26-2025/tutoring/calendar.ics"


def events(response) -> list:
    calendar = Calendar.from_ical(response.content)
    return [c for c in calendar.walk("VEVENT")]


@pytest.mark.django_db
def test_the_calendar_holds_the_participants_own_sessions_only(client, personas):
    build(personas)
    client.force_login(personas["auditeur"])
    response = client.get(ICS)
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response)
    assert len(found) == 2
    starts = sorted(e.decoded("dtstart") for e in found)
    assert [s.astimezone(UTC) for s in starts] == [
        at(8, 30).astimezone(UTC),
        at(9, 30).astimezone(UTC),
    ]
    assert str(starts[0].tzinfo) == "Europe/Paris"
    summaries = sorted(str(e["summary"]) for e in found)
    assert summaries[0].startswith("Tutorat (module 9) — entretien individuel avec")
    assert summaries[1].startswith("Tutorat (module 9) — temps collectif avec")


@pytest.mark.django_db
def test_the_tutors_calendar_holds_their_sessions_not_the_others(client, personas):
    build(personas)
    client.force_login(personas["tuteur2"])
    found = events(client.get(ICS))
    assert len(found) == 2
    assert any("entretien" in str(e["summary"]) for e in found)


@pytest.mark.django_db
def test_the_calendar_is_personal(client, personas):
    build(personas)
    assert client.get(ICS).status_code == 302  # login first
    client.force_login(personas["partenaire"])
    assert client.get(ICS).status_code == 404
