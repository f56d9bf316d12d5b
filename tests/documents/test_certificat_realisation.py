"""Hours attended, computed from the records, and the certificat de réalisation that
states them (Ministry of Labour model), read back from the PDF."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from essor.attendance.documents import render_certificat
from essor.attendance.hours import attended_duration, hours_attended, hours_by_enrolment
from essor.attendance.records import apply_status
from essor.cohorts.models import EnrolmentStatus
from essor.core import clock
from tests.factories import UserFactory, enrol

from .attendance_data import one_line, pdf_text

H = timedelta(hours=1)
M = timedelta(minutes=1)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(
        clock, "now", lambda: datetime(2025, 5, 23, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    )


def slots_of(cohort):
    return list(cohort.slots.order_by("start"))


def mark(slot, enrolment, status, by, **minutes):
    apply_status(slot=slot, enrolment=enrolment, status=status, by=by, **minutes)


@pytest.fixture
def crafted(cs26, personas):
    """Six half-days of auditeur: present, late 15 min, left early 30 min, excused,
    absent, and one without any record. Module 1 lasts 3 h, module 2's half-days 3 h 30."""
    slots = slots_of(cs26)
    enrolment, by = personas["enrolment"], personas["coordination"]
    mark(slots[0], enrolment, "present", by)  # 3 h
    mark(slots[1], enrolment, "late", by, minutes_late=15)  # 3 h 30 - 15 min
    mark(slots[2], enrolment, "left_early", by, minutes_left_early=30)  # 3 h 30 - 30 min
    mark(slots[3], enrolment, "excused", by)  # 0
    mark(slots[4], enrolment, "absent", by)  # 0
    # slots[5] and later: no record, 0.
    return enrolment


def test_the_rule_per_status():
    slot = timedelta(hours=3, minutes=30)
    assert attended_duration(slot, "present") == slot
    assert attended_duration(slot, "late", minutes_late=15) == slot - 15 * M
    assert attended_duration(slot, "left_early", minutes_left_early=30) == 3 * H
    assert attended_duration(slot, "excused") == timedelta()
    assert attended_duration(slot, "absent") == timedelta()
    assert attended_duration(slot, None) == timedelta()
    # Minutes beyond the half-day never make negative hours.
    assert attended_duration(slot, "late", minutes_late=500) == timedelta()
    # The minutes of another status are ignored.
    assert attended_duration(slot, "present", minutes_late=15) == slot


def test_hours_attended_on_crafted_records(crafted, django_assert_num_queries):
    with django_assert_num_queries(2):  # the cohort's slots, the participant's records
        hours = hours_attended(crafted)

    assert hours.attended == 3 * H + (3 * H + 15 * M) + 3 * H  # 9 h 15
    assert hours.planned == 90 * H


def test_hours_for_a_whole_cohort_in_two_queries(
    cs26, personas, crafted, django_assert_num_queries
):
    with django_assert_num_queries(2):
        small = hours_by_enrolment(cs26)
    # More participants and records: still two queries.
    slots = slots_of(cs26)
    for n in range(4):
        enrolment = enrol(UserFactory(username=f"extra{n}"), cs26)
        for slot in slots[:3]:
            mark(slot, enrolment, "present", personas["coordination"])
    withdrawn = personas["enrolment2"]
    mark(slots[0], withdrawn, "late", personas["coordination"], minutes_late=60)
    withdrawn.status = EnrolmentStatus.WITHDRAWN
    withdrawn.save()
    with django_assert_num_queries(2):
        large = hours_by_enrolment(cs26)

    assert small[crafted.pk] == (9 * H + 15 * M, 90 * H)
    assert small[personas["enrolment2"].pk] == (timedelta(), 90 * H)
    assert large[crafted.pk] == hours_attended(crafted)
    assert large[withdrawn.pk] == (2 * H, 90 * H)  # a withdrawn participant keeps their hours
    assert len(large) == 6
    assert personas["other_enrolment"].pk not in large
    assert {h.attended for pk, h in large.items() if pk > withdrawn.pk} == {10 * H}


def attend_all_but(cohort, enrolment, by):
    """83 h 45 of 90 h: one half-day of 3 h 30 missed, 15 min late once, 30 min and 2 h
    early departures (3 h 30 + 15 min + 30 min + 2 h = 6 h 15)."""
    slots = slots_of(cohort)
    assert [s.duration for s in slots[1:3]] == [3 * H + 30 * M] * 2
    for slot in slots:
        mark(slot, enrolment, "present", by)
    mark(slots[1], enrolment, "absent", by)
    mark(slots[2], enrolment, "late", by, minutes_late=15)
    mark(slots[3], enrolment, "left_early", by, minutes_left_early=30)
    mark(slots[4], enrolment, "left_early", by, minutes_left_early=120)


def test_the_certificat_states_provider_learner_action_dates_and_hours(cs26, personas, frozen):
    cs26.place = "Paris"
    cs26.save()
    user = personas["auditeur"]
    user.first_name, user.last_name = "Léa", "Rivière"
    user.save()
    enrolment = personas["enrolment"]
    enrolment.organisation.name = "Coopérative Terres Communes"
    enrolment.organisation.save()
    attend_all_but(cs26, enrolment, personas["coordination"])

    text = one_line(pdf_text(render_certificat(enrolment)))

    assert "Certificat de réalisation" in text
    assert "Dispensateur de l'action Cnam" in text
    assert "Bénéficiaire Léa Rivière" in text
    assert "Structure Coopérative Terres Communes" in text
    assert (
        "A suivi l'action Certificat de spécialisation (CS26) — Innovations sociales – "
        "Économie sociale et solidaire"
    ) in text
    assert "Qui s'est déroulée du 20 janvier 2025 au 21 mai 2025" in text
    assert "Durée réalisée / durée prévue 83 h 45 / 90 h" in text
    # The Ministry's four natures, the first one ticked.
    assert "X Action de formation" in text
    for nature in (
        "Bilan de compétences",
        "Action de validation des acquis de l'expérience",
        "Action de formation par apprentissage",
    ):
        assert nature in text
    assert "pendant une durée de 3 ans" in text
    assert "Fait à Paris, le 23 mai 2025" in text
    assert "La coordination pédagogique" in text


def test_the_coordination_and_the_participant_download_it(client, cs26, personas, frozen):
    enrolment = personas["enrolment"]
    mark(slots_of(cs26)[0], enrolment, "present", personas["coordination"])
    name = enrolment.user.get_full_name()

    client.force_login(personas["coordination"])
    theirs = client.get(f"/cohorts/cs26-2025/enrolments/{enrolment.pk}/certificat-realisation.pdf")
    client.force_login(personas["auditeur"])
    mine = client.get("/cohorts/cs26-2025/my/certificat-realisation.pdf")

    assert theirs.content.startswith(b"%PDF-")
    assert theirs["Content-Disposition"].startswith(
        'attachment; filename="certificat-realisation-cs26-2025-'
    )
    assert theirs["Cache-Control"] == "private, no-store"
    for response in (theirs, mine):
        text = one_line(pdf_text(response.content))
        assert name in text
        assert "3 h / 90 h" in text
        assert "Fait le 23 mai 2025" in text  # no place set for the cohort


def test_a_participant_who_withdrew_still_gets_their_own(client, cs26, personas, frozen):
    enrolment = personas["enrolment"]
    mark(slots_of(cs26)[0], enrolment, "present", personas["coordination"])
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save()
    client.force_login(personas["auditeur"])

    response = client.get("/cohorts/cs26-2025/my/certificat-realisation.pdf")

    assert "3 h / 90 h" in one_line(pdf_text(response.content))


def test_another_participants_certificat_is_not_found(client, cs26, personas):
    client.force_login(personas["auditeur"])

    response = client.get(
        f"/cohorts/cs26-2025/enrolments/{personas['enrolment2'].pk}/certificat-realisation.pdf"
    )

    assert response.status_code == 404
