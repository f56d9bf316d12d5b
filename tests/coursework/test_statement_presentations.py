"""Module 1 presentations: running order set by the coordination, times that fit the
half-day (14 h – 17 h for CS26 2025), printable."""

from datetime import UTC, datetime

import pytest

from essor.cohorts.models import EnrolmentStatus
from essor.core.errors import DomainError
from essor.coursework import services
from essor.coursework.schedule import split_half_day
from tests.factories import UserFactory, enrol

PAGE = "/cohorts/cs26-2025/presentations/"
START = datetime(2025, 1, 20, 13, 0, tzinfo=UTC)  # 14 h in Paris
END = datetime(2025, 1, 20, 16, 0, tzinfo=UTC)  # 17 h


def hm(moment: datetime) -> str:
    """Paris wall-clock time of a UTC instant in January (UTC + 1)."""
    return f"{moment.hour + 1:02d}:{moment.minute:02d}"


# --- Arithmetic --------------------------------------------------------------------------


def test_twelve_people_in_two_and_a_half_hours_get_twelve_whole_minutes():
    """150 minutes / 12 = 12.5: rounded DOWN to 12 so that the last one ends in time; the
    6 minutes left over are a margin at the end."""
    plan = split_half_day(START, END, 12, 30)
    assert plan.minutes_each == 12
    assert plan.margin_minutes == 6
    assert [hm(s) + "-" + hm(e) for s, e in plan.times[:2]] == ["14:30-14:42", "14:42-14:54"]
    assert hm(plan.times[-1][1]) == "16:54"
    assert not plan.too_many


def test_an_even_split_leaves_no_margin():
    plan = split_half_day(START, END, 10, 30)
    assert (plan.minutes_each, plan.margin_minutes) == (15, 0)
    assert hm(plan.times[-1][1]) == "17:00"


def test_fewer_than_five_minutes_each_is_flagged():
    assert not split_half_day(START, END, 30, 30).too_many  # exactly 5 minutes: enough
    plan = split_half_day(START, END, 31, 30)
    assert plan.too_many and plan.minutes_each == 4


def test_an_opening_longer_than_the_half_day_leaves_no_time():
    plan = split_half_day(START, END, 3, 200)
    assert plan.times == [] and plan.too_many


def test_nobody_to_present():
    plan = split_half_day(START, END, 0, 30)
    assert plan.times == [] and not plan.too_many


# --- Ordering ----------------------------------------------------------------------------


def presenting_ids(personas):
    return [personas["enrolment"].pk, personas["enrolment2"].pk]


def test_the_coordination_sets_the_order(client, personas):
    first, second = presenting_ids(personas)
    services.set_presentation_order(
        cohort=personas["enrolment"].cohort,
        enrolment_ids=[second, first],
        by=personas["coordination"],
    )
    client.force_login(personas["coordination"])
    html = client.get(PAGE).content.decode()
    name1 = personas["auditeur"].get_full_name()
    name2 = personas["auditeur2"].get_full_name()
    assert html.index(name2) < html.index(name1)
    # 2 people, 150 minutes: 75 minutes each.
    assert "14 h 30 – 15 h 45" in html and "15 h 45 – 17 h" in html


def test_order_rules_in_the_service(personas, cs26):
    ids = presenting_ids(personas)
    with pytest.raises(DomainError) as error:
        services.set_presentation_order(cohort=cs26, enrolment_ids=ids, by=personas["tuteur"])
    assert error.value.code == "forbidden"
    with pytest.raises(DomainError) as error:
        services.set_presentation_order(
            cohort=cs26, enrolment_ids=[ids[0], ids[0]], by=personas["coordination"]
        )
    assert error.value.code == "order_duplicate"
    with pytest.raises(DomainError) as error:
        services.set_presentation_order(
            cohort=cs26,
            enrolment_ids=[ids[0], personas["other_enrolment"].pk],
            by=personas["coordination"],
        )
    assert error.value.code == "order_mismatch"


def test_a_withdrawn_participant_does_not_present(client, personas):
    enrolment2 = personas["enrolment2"]
    enrolment2.status = EnrolmentStatus.WITHDRAWN
    enrolment2.save()
    client.force_login(personas["coordination"])
    html = client.get(PAGE).content.decode()
    assert personas["auditeur2"].get_full_name() not in html
    assert "14 h 30 – 17 h" in html


def test_move_buttons_swap_neighbours(client, personas):
    first, second = presenting_ids(personas)
    client.force_login(personas["coordination"])
    before = client.get(PAGE).content.decode()
    top = (
        first
        if before.index(f'id="rank-{first}"') < before.index(f'id="rank-{second}"')
        else second
    )
    response = client.post(PAGE + "move", {"enrolment": top, "direction": "down", "opening": "20"})
    assert response.status_code == 302
    assert response["Location"] == PAGE + "?opening=20"
    after = client.get(PAGE).content.decode()
    assert "passe en position 2." in after
    other = second if top == first else first
    assert after.index(f'id="rank-{other}"') < after.index(f'id="rank-{top}"')


def test_the_numeric_order_form(client, personas):
    first, second = presenting_ids(personas)
    client.force_login(personas["coordination"])
    client.post(PAGE, {f"rank-{first}": "2", f"rank-{second}": "1", "opening": "30"})
    html = client.get(PAGE).content.decode()
    assert html.index(f'id="rank-{second}"') < html.index(f'id="rank-{first}"')
    client.post(PAGE, {f"rank-{first}": "1", f"rank-{second}": "2"})
    html = client.get(PAGE).content.decode()
    assert html.index(f'id="rank-{first}"') < html.index(f'id="rank-{second}"')


def test_a_bad_order_value_is_refused_and_kept(client, personas):
    first, second = presenting_ids(personas)
    client.force_login(personas["coordination"])
    response = client.post(PAGE, {f"rank-{first}": "deux", f"rank-{second}": "1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Indiquez un numéro de passage" in html
    assert 'value="deux"' in html


def test_the_opening_time_is_a_form_field(client, personas):
    client.force_login(personas["coordination"])
    html = client.get(PAGE + "?opening=60").content.decode()
    # 2 people in 120 minutes.
    assert "Ouverture jusqu&#x27;à 15 h" in html or "Ouverture jusqu'à 15 h" in html
    assert "15 h – 16 h" in html and "16 h – 17 h" in html
    bad = client.get(PAGE + "?opening=-5").content.decode()
    assert "ne peut pas être négatif" in bad


def test_too_many_people_for_the_half_day_is_a_warning(client, personas, cs26):
    for _ in range(29):
        enrol(UserFactory(), cs26)
    client.force_login(personas["coordination"])
    html = client.get(PAGE).content.decode()  # 31 people, 150 minutes: 4 each
    assert "Trop de participant·es pour cette demi-journée" in html


def test_the_list_shows_statement_status_and_sharing(client, personas, monkeypatch):
    from essor.core import clock

    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 1, 10, tzinfo=UTC))
    enrolment = personas["enrolment"]
    services.save_and_submit_statement(enrolment=enrolment, body="Note", by=personas["auditeur"])
    services.set_statement_sharing(enrolment=enrolment, shared=True, by=personas["auditeur"])
    client.force_login(personas["coordination"])
    html = client.get(PAGE).content.decode()
    assert 'statement-state--submitted">remise</span>' in html
    assert 'statement-state--missing">non commencée</span>' in html
    assert "<td>oui</td>" in html and "<td>non</td>" in html


@pytest.mark.parametrize("name", ["tuteur", "intervenant", "auditeur", "partenaire"])
def test_only_the_coordination_sees_the_presentations(client, personas, name):
    client.force_login(personas[name])
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE + "move", {"enrolment": "1", "direction": "up"}).status_code == 404


def test_the_presentation_list_runs_a_fixed_number_of_queries(
    client, personas, cs26, django_assert_num_queries
):
    client.force_login(personas["coordination"])
    # session, user, roles, cohort, module 1 slot, enrolments with people and statements
    with django_assert_num_queries(6):
        client.get(PAGE)
    for _ in range(10):
        enrolment = enrol(UserFactory(), cs26)
        services.save_statement_draft(
            enrolment=enrolment, body="x", by=enrolment.user, explicit=True
        )
    with django_assert_num_queries(6):
        html = client.get(PAGE).content.decode()
    assert html.count(" rank-input") == 12
