"""Oral presentations at module 13 (CS26 2025: 20 May, 9:00–12:30 and 14:00–17:30): order
by tutor then name, equal whole-minute times that never cross lunch, the grid filled in
during the presentation, the feedback e-mailed once to the participant."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from essor.core.errors import DomainError
from essor.coursework import orals
from essor.coursework.models import OralPresentation
from essor.coursework.tutoring import split_orals
from tests.factories import UserFactory, enrol

PARIS = ZoneInfo("Europe/Paris")
PAGE = "/cohorts/cs26-2025/orals/"


def at(hour, minute=0):
    return datetime(2025, 5, 20, hour, minute, tzinfo=PARIS)


DAY = [(at(9), at(12, 30)), (at(14), at(17, 30))]


def hm(moment):
    return moment.astimezone(PARIS).strftime("%H:%M")


# --- Arithmetic --------------------------------------------------------------------------


def test_twelve_people_share_the_day_evenly_in_whole_minutes():
    plan = split_orals(DAY, 12)
    assert plan.minutes_each == 35  # 210 minutes per half-day, 6 people in each
    assert [hm(s) for s, _e in plan.times[:2]] == ["09:00", "09:35"]
    assert [hm(s) for s, _e in plan.times[6:8]] == ["14:00", "14:35"]
    assert not plan.too_short


def test_no_presentation_crosses_lunch_and_minutes_are_whole():
    for count in range(1, 45):
        plan = split_orals(DAY, count)
        assert len(plan.times) == count
        for start, end in plan.times:
            assert any(s <= start and end <= e for s, e in DAY)
            assert (end - start) == timedelta(minutes=plan.minutes_each)
        for (_s1, e1), (s2, _e2) in zip(plan.times, plan.times[1:], strict=False):
            assert e1 <= s2


def test_fewer_than_ten_minutes_each_is_flagged():
    assert not split_orals(DAY, 42).too_short  # 10 minutes each
    plan = split_orals(DAY, 43)
    assert plan.too_short and plan.minutes_each == 9


def test_nobody_and_no_day():
    assert split_orals(DAY, 0).times == []
    assert split_orals([], 3).too_short


# --- Order and times ---------------------------------------------------------------------


@pytest.fixture
def cohort_people(personas):
    """Four more participants: two with each tutor, names chosen to test the order."""
    cohort = personas["enrolment"].cohort
    people = {}
    for username, last, tutor in (
        ("zoe", "Zola", "tuteur"),
        ("abel", "Abadie", "tuteur"),
        ("yann", "Yver", "tuteur2"),
        ("bea", "Bodin", "tuteur2"),
    ):
        user = UserFactory(username=username, last_name=last, first_name=username.title())
        people[username] = enrol(user, cohort, tutor=personas[tutor])
    personas["tuteur"].last_name, personas["tuteur2"].last_name = "Aubert", "Bernard"
    personas["tuteur"].save()
    personas["tuteur2"].save()
    return people


@pytest.mark.django_db
def test_the_generated_order_is_by_tutor_then_name_with_times(personas, cohort_people):
    cohort = personas["enrolment"].cohort
    stored = orals.generate_oral_order(cohort=cohort, by=personas["coordination"])
    tutors = [o.enrolment.tutor.last_name for o in stored]
    assert tutors == ["Aubert"] * 3 + ["Bernard"] * 3
    first_group = [o.enrolment.user.last_name for o in stored[:3]]
    assert first_group == sorted(first_group, key=str.lower)
    assert [o.rank for o in stored] == [1, 2, 3, 4, 5, 6]
    assert [hm(o.start) for o in stored] == ["09:00", "10:10", "11:20", "14:00", "15:10", "16:20"]


@pytest.mark.django_db
def test_only_the_coordination_orders(personas):
    with pytest.raises(DomainError) as raised:
        orals.generate_oral_order(cohort=personas["enrolment"].cohort, by=personas["tuteur"])
    assert raised.value.code == "not_coordinator"


@pytest.mark.django_db
def test_moving_down_swaps_places_and_times(client, personas, cohort_people):
    cohort = personas["enrolment"].cohort
    stored = orals.generate_oral_order(cohort=cohort, by=personas["coordination"])
    first, second = stored[0].enrolment, stored[1].enrolment
    client.force_login(personas["coordination"])
    response = client.post(PAGE + "move", {"enrolment": first.pk, "direction": "down"})
    assert response.status_code == 302
    a = OralPresentation.objects.get(enrolment=first)
    b = OralPresentation.objects.get(enrolment=second)
    assert (a.rank, hm(a.start)) == (2, "10:10")
    assert (b.rank, hm(b.start)) == (1, "09:00")


@pytest.mark.django_db
def test_the_page_shows_order_and_times_to_tutors_without_the_buttons(client, personas):
    orals.generate_oral_order(cohort=personas["enrolment"].cohort, by=personas["coordination"])
    client.force_login(personas["tuteur"])
    html = client.get(PAGE).content.decode()
    # Two people: one per half-day, the whole half-day each.
    assert "9 h – 12 h 30" in html and "14 h – 17 h 30" in html
    assert "Monter" not in html and "Descendre" not in html
    client.force_login(personas["coordination"])
    assert "Descendre" in client.get(PAGE).content.decode()


@pytest.mark.django_db
def test_too_many_people_are_warned_in_french(client, personas):
    cohort = personas["enrolment"].cohort
    for i in range(45):
        enrol(UserFactory(username=f"p{i}"), cohort, tutor=personas["tuteur"])
    client.force_login(personas["coordination"])
    html = client.get(PAGE).content.decode()
    assert "moins de 10 minutes" in html


@pytest.mark.django_db
def test_the_orals_page_query_count_does_not_grow(client, personas, django_assert_num_queries):
    cohort = personas["enrolment"].cohort
    orals.generate_oral_order(cohort=cohort, by=personas["coordination"])
    client.force_login(personas["coordination"])
    client.get(PAGE)
    # 1 session, 2 user, 3 cohort, 4 roles, 5 the day's slots, 6 participants with their
    # presentation and tutor.
    with django_assert_num_queries(6):
        client.get(PAGE)
    for i in range(8):
        enrol(UserFactory(username=f"n{i}"), cohort, tutor=personas["tuteur2"])
    orals.generate_oral_order(cohort=cohort, by=personas["coordination"])
    with django_assert_num_queries(6):
        assert client.get(PAGE).status_code == 200


# --- The grid and the feedback -----------------------------------------------------------


def grid_page(personas, key="enrolment"):
    return f"/enrolments/{personas[key].pk}/oral/"


GRID = {
    "problem_statement": "3",
    "diagnostic": "4",
    "method": "2",
    "writing": "",
    "recommendations": "3",
    "feedback": "Problématique claire ; appuyez davantage la méthode sur le diagnostic.",
}


@pytest.mark.django_db
def test_the_tutor_fills_in_the_grid(client, personas):
    client.force_login(personas["tuteur"])
    assert client.post(grid_page(personas), GRID).status_code == 302
    oral = OralPresentation.objects.get(enrolment=personas["enrolment"])
    assert oral.grid == {"problem_statement": 3, "diagnostic": 4, "method": 2, "recommendations": 3}
    assert oral.feedback.startswith("Problématique claire")
    assert oral.evaluated_by == personas["tuteur"]
    assert oral.feedback_sent_at is None


@pytest.mark.django_db
def test_a_score_outside_0_to_4_is_refused_in_french(client, personas):
    client.force_login(personas["tuteur"])
    response = client.post(grid_page(personas), GRID | {"method": "7"})
    assert response.status_code == 400
    assert "Choisissez une note de 0 à 4." in response.content.decode()
    assert "appuyez davantage" in response.content.decode()
    assert not OralPresentation.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_a_bad_grid(personas):
    with pytest.raises(DomainError) as raised:
        orals.save_oral_evaluation(
            enrolment=personas["enrolment"], by=personas["tuteur"], grid={"method": 5}, feedback=""
        )
    assert raised.value.code == "grid_invalid"


@pytest.mark.django_db
def test_feedback_is_sent_once_and_then_shown_to_the_participant(
    client, personas, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(personas["auditeur"])
    assert "pas encore été envoyés" in client.get(grid_page(personas)).content.decode()

    client.force_login(personas["tuteur"])
    client.post(grid_page(personas), GRID)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(grid_page(personas) + "send").status_code == 302
        assert client.post(grid_page(personas) + "send").status_code == 302  # a second click
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [personas["auditeur"].email]
    assert "Retours sur votre présentation orale" in mail.subject
    assert "Clarté de la problématique : 3/4" in mail.body
    assert "Écriture : non noté" in mail.body
    assert "appuyez davantage" in mail.body
    oral = OralPresentation.objects.get()
    assert oral.feedback_sent_at is not None

    client.force_login(personas["auditeur"])
    html = client.get(grid_page(personas)).content.decode()
    assert "appuyez davantage" in html and "Retours envoyés le" in html


@pytest.mark.django_db
def test_sent_feedback_no_longer_changes(personas, mailoutbox, django_capture_on_commit_callbacks):
    enrolment, tutor = personas["enrolment"], personas["tuteur"]
    orals.save_oral_evaluation(enrolment=enrolment, by=tutor, grid={}, feedback="Bien.")
    with django_capture_on_commit_callbacks(execute=True):
        orals.send_oral_feedback(enrolment=enrolment, by=tutor)
    assert len(mailoutbox) == 1
    with pytest.raises(DomainError) as raised:
        orals.send_oral_feedback(enrolment=enrolment, by=tutor)
    assert raised.value.code == "feedback_already_sent"
    with pytest.raises(DomainError) as raised:
        orals.save_oral_evaluation(enrolment=enrolment, by=tutor, grid={}, feedback="Autre")
    assert raised.value.code == "feedback_already_sent"
    assert OralPresentation.objects.get().feedback == "Bien."


@pytest.mark.django_db
def test_empty_feedback_is_not_sent(personas, mailoutbox):
    with pytest.raises(DomainError) as raised:
        orals.send_oral_feedback(enrolment=personas["enrolment"], by=personas["tuteur"])
    assert raised.value.code == "feedback_empty"
    assert mailoutbox == []


@pytest.mark.django_db
def test_the_participant_cannot_evaluate_and_others_get_a_404(client, personas):
    client.force_login(personas["auditeur"])
    assert client.post(grid_page(personas), GRID).status_code == 403
    for who in ("auditeur2", "tuteur2", "partenaire", "intervenant"):
        client.force_login(personas[who])
        assert client.get(grid_page(personas)).status_code == 404, who
        assert client.post(grid_page(personas), GRID).status_code == 404, who
    assert not OralPresentation.objects.exists()
