"""« Certificat compromis »: a missed half-day is recorded and mailed to the participant
and their tutor, once, whether nobody signed by the end or somebody recorded an absence.

CS26 2025: module 1 on Monday 20 January 2025, 14 h – 17 h (Paris).
"""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from essor.attendance import alerts
from essor.attendance.models import AttendanceChange, AttendanceRecord
from essor.attendance.records import apply_status
from essor.cohorts.models import Enrolment, EnrolmentStatus
from essor.core import clock
from essor.programmes.models import Slot
from tests.factories import UserFactory, enrol

PARIS = ZoneInfo("Europe/Paris")
# Five minutes after module 1 ended; module 2 starts tomorrow.
AFTER_MODULE_1 = datetime(2025, 1, 20, 17, 5, tzinfo=PARIS)


@pytest.fixture
def freeze(monkeypatch):
    def at(moment):
        monkeypatch.setattr(clock, "now", lambda: moment)
        return moment

    return at


@pytest.fixture
def people(personas, freeze):
    # The personas were enrolled « today »; in this story they were enrolled in time.
    Enrolment.objects.update(created_at=datetime(2025, 1, 6, tzinfo=PARIS))
    freeze(AFTER_MODULE_1)
    return personas


@pytest.fixture
def slots(cs26):
    return list(Slot.objects.filter(cohort=cs26).select_related("module").order_by("start"))


def close(capture, now=AFTER_MODULE_1):
    with capture(execute=True):
        return alerts.close_ended_slots(now=now)


def test_an_unsigned_half_day_becomes_an_absence_when_it_ends(
    people, slots, django_capture_on_commit_callbacks, mailoutbox
):
    apply_status(
        slot=slots[0], enrolment=people["enrolment2"], status="present", by=people["auditeur2"]
    )
    summary = close(django_capture_on_commit_callbacks)
    assert (summary.marked, summary.emails) == (1, 2)
    record = AttendanceRecord.objects.get(slot=slots[0], enrolment=people["enrolment"])
    assert record.status == "absent"
    change = record.changes.get()
    assert change.reason == alerts.CLOSING_REASON
    assert change.before == {} and change.after["status"] == "absent"
    # Signed by an account nobody can log in as.
    assert change.by.username == "essor-systeme"
    assert not change.by.is_active and not change.by.has_usable_password()
    # The one who was there keeps their presence; the other cohort is not touched.
    present = AttendanceRecord.objects.get(slot=slots[0], enrolment=people["enrolment2"])
    assert present.status == "present" and present.changes.count() == 1
    assert not AttendanceRecord.objects.filter(enrolment=people["other_enrolment"]).exists()
    # Later half-days are left alone.
    assert not AttendanceRecord.objects.filter(slot__in=slots[1:]).exists()


def test_participant_and_tutor_are_told_in_plain_french(
    people, slots, django_capture_on_commit_callbacks, mailoutbox
):
    close(django_capture_on_commit_callbacks)
    auditeur, tuteur = people["auditeur"], people["tuteur"]
    to_participant = next(m for m in mailoutbox if m.to == [auditeur.email])
    to_tutor = next(m for m in mailoutbox if m.to == [tuteur.email])
    for message in (to_participant, to_tutor):
        assert message.subject == "Certificat compromis : absent·e le 20 janvier 2025 après-midi"
        body = " ".join(message.body.split())
        assert "20 janvier 2025 après-midi (14 h – 17 h) — Module 1 : Présentation" in body
        assert "compromet son obtention" in body
        assert "dérogation" in body and "jury" in body
    participant_body = " ".join(to_participant.body.split())
    assert f"Bonjour {auditeur.first_name} {auditeur.last_name}," in participant_body
    assert "écrivez sans attendre à la coordination" in participant_body
    assert "http://testserver" not in participant_body
    assert "/cohorts/cs26-2025/my/attendance/" in participant_body
    tutor_body = " ".join(to_tutor.body.split())
    assert f"Bonjour {tuteur.first_name} {tuteur.last_name}," in tutor_body
    assert "dont vous assurez le tutorat" in tutor_body
    # auditeur2's tutor is told about auditeur2 only.
    to_tuteur2 = [m for m in mailoutbox if m.to == [people["tuteur2"].email]]
    assert len(to_tuteur2) == 1 and people["auditeur2"].last_name in to_tuteur2[0].body
    assert len(mailoutbox) == 4


def test_running_it_again_changes_nothing_and_mails_nobody(
    people, slots, django_capture_on_commit_callbacks, mailoutbox
):
    close(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 4
    changes = AttendanceChange.objects.count()
    later = datetime(2025, 1, 20, 17, 30, tzinfo=PARIS)
    summary = close(django_capture_on_commit_callbacks, now=later)
    assert (summary.slots, summary.marked, summary.emails) == (1, 0, 0)
    assert len(mailoutbox) == 4
    assert AttendanceChange.objects.count() == changes


def test_a_half_day_is_mailed_once_even_after_a_correction(
    people, slots, django_capture_on_commit_callbacks, mailoutbox
):
    close(django_capture_on_commit_callbacks)
    record, changed = apply_status(
        slot=slots[0],
        enrolment=people["enrolment"],
        status="excused",
        reason="Malade",
        by=people["coordination"],
        change_reason="Certificat médical reçu",
    )
    assert changed
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.notify_missed(record) == 0  # absent → excused: still the same miss
    assert len(mailoutbox) == 4


def test_a_roll_call_absence_is_mailed_the_moment_it_is_recorded(
    people, slots, freeze, django_capture_on_commit_callbacks, mailoutbox
):
    freeze(datetime(2025, 1, 21, 9, 30, tzinfo=PARIS))  # module 2 running
    with django_capture_on_commit_callbacks(execute=True):
        record, _ = apply_status(
            slot=slots[1], enrolment=people["enrolment"], status="absent", by=people["intervenant"]
        )
        assert alerts.notify_missed(record) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [people["auditeur"].email, people["tuteur"].email]
    )
    assert "21 janvier 2025 matin" in mailoutbox[0].subject


def test_an_excused_absence_is_mailed_with_the_derogation_rule(
    people, slots, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        record, _ = apply_status(
            slot=slots[1], enrolment=people["enrolment"], status="present", by=people["auditeur"]
        )
        assert alerts.notify_missed(record) == 0  # present: nothing to say
        record, _ = apply_status(
            slot=slots[1],
            enrolment=people["enrolment"],
            status="excused",
            reason="Malade",
            by=people["coordination"],
        )
        assert alerts.notify_missed(record) == 2
    message = next(m for m in mailoutbox if m.to == [people["auditeur"].email])
    assert message.subject.startswith("Certificat compromis : absence justifiée le 21 janvier")
    assert "sauf si le jury vous accorde une dérogation" in " ".join(message.body.split())


def test_old_half_days_late_enrolments_and_withdrawals_are_left_alone(
    people, slots, cs26, django_capture_on_commit_callbacks, mailoutbox
):
    late_comer = enrol(UserFactory(), cs26)  # enrolled « today », long after module 1
    gone = enrol(UserFactory(), cs26, status=EnrolmentStatus.WITHDRAWN)
    Enrolment.objects.filter(pk=gone.pk).update(created_at=datetime(2025, 1, 6, tzinfo=PARIS))
    close(django_capture_on_commit_callbacks)
    marked = set(AttendanceRecord.objects.values_list("enrolment_id", flat=True))
    assert marked == {people["enrolment"].pk, people["enrolment2"].pk}
    assert late_comer.pk not in marked and gone.pk not in marked
    # Eight days after module 1 ended, nobody closes it any more.
    week_later = datetime(2025, 1, 31, 12, 0, tzinfo=PARIS)
    summary = close(django_capture_on_commit_callbacks, now=week_later)
    assert summary.slots == 0


def test_no_email_without_an_address_or_a_tutor(
    people, slots, django_capture_on_commit_callbacks, mailoutbox
):
    Enrolment.objects.filter(pk=people["enrolment2"].pk).update(tutor=None)
    people["auditeur"].email = ""
    people["auditeur"].save()
    summary = close(django_capture_on_commit_callbacks)
    assert summary.marked == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [people["tuteur"].email, people["auditeur2"].email]
    )


def test_the_command_reports_what_it_did(people, slots, mailoutbox):
    out = io.StringIO()
    call_command("close_slots", stdout=out)
    assert out.getvalue().strip() == (
        "Demi-journées examinées : 1 ; absences enregistrées : 2 ; messages envoyés : 4."
    )
    out = io.StringIO()
    call_command("close_slots", stdout=out)
    assert "absences enregistrées : 0 ; messages envoyés : 0." in out.getvalue()
