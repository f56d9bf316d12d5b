"""Improvement actions: recording (owner among the staff), follow-up (done needs an
outcome and a date), carrying the open ones to the next cohort, the list's queries."""

import datetime

import pytest

from essor.core import clock
from essor.core.errors import DomainError
from essor.programmes.models import Slot
from essor.quality import services
from essor.quality.bilan import cohort_actions, next_cohort
from essor.quality.exports import actions_csv
from essor.quality.models import ActionStatus, Bilan, ImprovementAction
from tests.factories import CohortFactory, UserFactory, grant

NOW = datetime.datetime(2025, 6, 2, 10, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)


def later_cohort(cs26, slug, *, year):
    """A cohort of the same programme whose only half-day is in `year`."""
    cohort = CohortFactory(programme=cs26.programme, slug=slug, title=f"CS26 {year}")
    module = cs26.programme.modules.order_by("number").first()
    start = datetime.datetime(year, 1, 20, 9, tzinfo=datetime.UTC)
    Slot.objects.create(
        cohort=cohort, module=module, position=1, start=start, end=start.replace(hour=12)
    )
    return cohort


def new_action(cohort, owner, **fields):
    values = {
        "title": "Envoyer les supports plus tôt",
        "description": "",
        "source": "survey",
        "due_on": datetime.date(2025, 5, 1),
    }
    values.update(fields)
    return services.create_action(cohort=cohort, by=owner, owner=owner, **values)


def test_the_owner_is_one_of_the_cohort_staff(personas, cs26):
    with pytest.raises(DomainError) as error:
        new_action(cs26, personas["auditeur"])
    assert error.value.code == "owner_not_staff"
    assert not ImprovementAction.objects.exists()
    action = new_action(cs26, personas["intervenant"])
    assert action.programme == cs26.programme and action.origin_cohort == cs26


def test_done_needs_an_outcome_and_a_date(personas, cs26):
    action = new_action(cs26, personas["coordination"])
    with pytest.raises(DomainError) as error:
        services.update_action(action=action, status="done", outcome="", done_on=None)
    assert error.value.code == "outcome_required"
    with pytest.raises(DomainError) as error:
        services.update_action(action=action, status="done", outcome="Fait", done_on=None)
    assert error.value.code == "done_on_required"
    with pytest.raises(DomainError):
        services.update_action(
            action=action, status="done", outcome="Fait", done_on=datetime.date(2030, 1, 1)
        )
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED
    services.update_action(
        action=action, status="done", outcome="Supports envoyés J-7", done_on=NOW.date()
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.done_on == NOW.date()


def test_a_late_action_is_flagged(personas, cs26):
    new_action(cs26, personas["coordination"], due_on=datetime.date(2025, 5, 1))
    new_action(cs26, personas["coordination"], title="Plus tard", due_on=datetime.date(2025, 9, 1))
    rows = cohort_actions(cs26).decided
    assert [row.late for row in rows] == [True, False]


def test_open_actions_are_carried_to_the_next_cohort(personas, cs26):
    coordinator = personas["coordination"]
    following = later_cohort(cs26, "cs26-2026", year=2026)
    later_cohort(cs26, "cs26-2027", year=2027)
    assert next_cohort(cs26) == following
    open_one = new_action(cs26, coordinator)
    done = new_action(cs26, coordinator, title="Faite")
    services.update_action(action=done, status="done", outcome="Oui", done_on=NOW.date())
    Bilan.objects.create(cohort=cs26, summary="Analyse")
    _bilan, carried = services.publish_bilan(cohort=cs26, by=coordinator, published=True)
    assert carried == 1
    open_one.refresh_from_db()
    done.refresh_from_db()
    assert open_one.carried_to == following and done.carried_to is None
    # Seen from the next cohort's page, and carried on again from there.
    listing = cohort_actions(following)
    assert [row.action for row in listing.carried] == [open_one]
    assert services.carry_open_actions(cohort=following) == 1
    open_one.refresh_from_db()
    assert open_one.carried_to.slug == "cs26-2027"
    assert "Envoyer les supports plus tôt" in actions_csv(cs26).decode("utf-8-sig")


def test_without_a_next_cohort_nothing_moves(personas, cs26):
    new_action(cs26, personas["coordination"])
    assert services.carry_open_actions(cohort=cs26) == 0


def test_the_form_keeps_what_was_typed(personas, cs26, client):
    client.force_login(personas["coordination"])
    response = client.post(
        f"/cohorts/{cs26.slug}/actions/nouvelle",
        {"title": "Titre tapé", "source": "survey", "owner": personas["auditeur"].pk},
    )
    assert response.status_code == 400
    assert "Titre tapé" in response.content.decode()
    assert not ImprovementAction.objects.exists()


@pytest.mark.parametrize("count", [2, 8])
def test_the_list_takes_a_fixed_number_of_queries(
    personas, cs26, count, client, django_assert_num_queries
):
    coordinator = personas["coordination"]
    earlier = CohortFactory(programme=cs26.programme, slug="cs26-2024", title="CS26 2024")
    grant(coordinator, earlier, "coordinator")
    for index in range(count):
        new_action(cs26, coordinator, title=f"Action {index}")
        action = new_action(earlier, coordinator, title=f"Ancienne {index}")
        action.carried_to = cs26
        action.save()
    owner = UserFactory(username="tuteur-x")
    grant(owner, cs26, "tutor")
    client.force_login(coordinator)
    client.get(f"/cohorts/{cs26.slug}/actions/")  # warm the session
    with django_assert_num_queries(8):
        response = client.get(f"/cohorts/{cs26.slug}/actions/")
    assert response.content.decode().count("Ancienne") == count


def test_the_demo_seeds_once(personas, cs26):
    from essor.core.demo_quality import seed_quality_demo
    from essor.quality.models import Complaint

    seed_quality_demo(cs26, NOW)
    seed_quality_demo(cs26, NOW)
    assert Complaint.objects.filter(cohort=cs26).count() == 2
    assert Complaint.objects.filter(cohort=cs26, closed_on__isnull=False).count() == 1
    statuses = sorted(ImprovementAction.objects.values_list("status", flat=True))
    assert statuses == ["done", "in_progress", "planned"]
    assert not Bilan.objects.get(cohort=cs26).published
