"""`seed_demo`: the live demo cohort, usable whenever it is opened, and safe to run again."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from essor.attendance import alerts
from essor.attendance.alerts import CLOSING_REASON
from essor.attendance.models import (
    AbsenceNotice,
    AttendanceChange,
    AttendanceRecord,
    Countersignature,
    Signature,
    SlotSpeaker,
)
from essor.attendance.signatures import check_png
from essor.cohorts.models import (
    Application,
    Cohort,
    Enrolment,
    Membership,
    Organisation,
    OrganisationFamily,
)
from essor.core import clock, demo
from essor.coursework.models import StatementOfIntent, StatementVersion
from essor.coursework.selectors import statement_deadline, statement_state
from essor.programmes.loader import parse_programme_file
from essor.programmes.models import Slot

PARIS = ZoneInfo("Europe/Paris")
USERNAMES = (
    ["coordination", "intervenant1", "intervenant2", "intervenant3", "tuteur1", "tuteur2"]
    + ["partenaire"]
    + [f"auditeur{n:02d}" for n in range(1, 13)]
)

# Moments to open the demo at: during a half-day of the programme's rhythm, between two,
# at night, at the weekend, just before a sign-in window, around the change of clock.
MOMENTS = [
    datetime(2026, 11, 24, 10, 0, tzinfo=PARIS),  # Tuesday morning, a course half-day
    datetime(2026, 11, 25, 8, 20, tzinfo=PARIS),  # Wednesday, 10 min before 8 h 30
    datetime(2026, 11, 25, 12, 50, tzinfo=PARIS),  # Wednesday, between two half-days
    datetime(2026, 11, 26, 3, 0, tzinfo=PARIS),  # Thursday, at night
    datetime(2026, 11, 28, 15, 0, tzinfo=PARIS),  # Saturday
    datetime(2026, 11, 29, 23, 55, tzinfo=PARIS),  # Sunday, almost midnight
    datetime(2027, 3, 28, 10, 0, tzinfo=PARIS),  # the Sunday clocks go forward
    datetime(2027, 3, 28, 3, 10, tzinfo=PARIS),  # just after they went forward
    datetime(2027, 3, 29, 17, 0, tzinfo=PARIS),  # Monday, during an afternoon
]


@pytest.fixture
def demo_allowed(settings):
    settings.ESSOR_DEMO = True


@pytest.fixture
def at(monkeypatch):
    def freeze(moment):
        monkeypatch.setattr(clock, "now", lambda: moment)
        return moment

    return freeze


def seed(**kwargs) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **kwargs)
    return out.getvalue()


def demo_slots() -> list[Slot]:
    return list(
        Slot.objects.filter(cohort__slug=demo.DEMO_SLUG).select_related("module").order_by("start")
    )


def running(now) -> list[Slot]:
    return [s for s in demo_slots() if s.start - timedelta(minutes=15) <= now < s.end]


def states(now) -> dict[str, str]:
    cohort = Cohort.objects.get(slug=demo.DEMO_SLUG)
    deadline = statement_deadline(cohort)
    return {
        e.user.username: statement_state(
            StatementOfIntent.objects.filter(enrolment=e).first(), deadline, now
        ).code
        for e in Enrolment.objects.filter(cohort=cohort).select_related("user")
    }


def test_it_refuses_to_run_without_debug_or_demo_mode(db, settings):
    settings.DEBUG = False
    settings.ESSOR_DEMO = False
    with pytest.raises(CommandError, match="seed_demo refuse de s'exécuter"):
        seed()
    assert not Cohort.objects.filter(slug=demo.DEMO_SLUG).exists()
    assert not get_user_model().objects.exists()


def test_debug_alone_allows_it(db, settings, at):
    settings.DEBUG = True
    settings.ESSOR_DEMO = False
    at(MOMENTS[0])
    seed(verbosity=0)
    assert Cohort.objects.filter(slug=demo.DEMO_SLUG).exists()


def test_it_loads_the_programme_when_missing_and_prints_the_accounts(db, demo_allowed, at):
    at(MOMENTS[0])
    output = seed()
    assert "Promotion de démonstration cs26-demo créée." in output
    assert "mot de passe : essor-demo" in output
    for username in USERNAMES:
        assert f"  {username} " in output
    assert "Demi-journée en cours : module " in output
    cohort = Cohort.objects.get(slug=demo.DEMO_SLUG)
    assert cohort.programme.code == "CS26"
    assert len(demo_slots()) == 26


def test_running_it_twice_leaves_one_cohort_and_no_duplicates(db, demo_allowed, at):
    at(MOMENTS[0])
    seed(verbosity=0)
    first_slots = {(s.module.number, s.position): s.pk for s in demo_slots()}
    later = at(MOMENTS[3])
    output = seed()
    assert "cs26-demo mise à jour" in output
    assert Cohort.objects.filter(slug=demo.DEMO_SLUG).count() == 1
    # DESIGN.md's accounts: 7 for the staff and 12 participants.
    assert len(USERNAMES) == 19
    assert get_user_model().objects.filter(username__in=USERNAMES).count() == 19
    # Plus the inactive account that signs automatic changes (the end-of-half-day closing).
    assert get_user_model().objects.count() == 20
    assert not get_user_model().objects.get(username="essor-systeme").is_active
    cohort = Cohort.objects.get(slug=demo.DEMO_SLUG)
    assert Enrolment.objects.filter(cohort=cohort).count() == 12
    assert Membership.objects.filter(cohort=cohort).count() == 19
    assert Organisation.objects.count() == len(demo.ORGANISATIONS)
    assert Application.objects.filter(cohort=cohort).count() == len(demo.APPLICATIONS)
    assert StatementOfIntent.objects.filter(enrolment__cohort=cohort).count() == 10
    # Seeded versions are not written twice: one draft, plus the submission if any.
    assert StatementVersion.objects.filter(statement__enrolment__cohort=cohort).count() == 18
    # Re-dated in place: the same slots, moved.
    assert {(s.module.number, s.position): s.pk for s in demo_slots()} == first_slots
    assert len(running(later)) == 1


@pytest.mark.parametrize("now", MOMENTS, ids=lambda m: m.strftime("%a %H:%M"))
def test_a_half_day_is_running_whenever_the_demo_is_seeded(db, demo_allowed, at, now):
    at(now)
    seed(verbosity=0)
    assert len(running(now)) == 1
    slots = demo_slots()
    # Past before, to come after; module 1 (the statement's deadline) is past.
    assert slots[0].module.number == 1 and slots[0].end < now
    assert slots[-1].module.number == 14 and slots[-1].start > now
    order = [(s.module.number, s.position) for s in slots]
    assert order == sorted(order)


@pytest.mark.parametrize("now", MOMENTS, ids=lambda m: m.strftime("%a %H:%M"))
def test_redating_keeps_weekdays_and_times_of_all_but_the_moved_slot(now):
    document = parse_programme_file(demo.PROGRAMME_FILE)
    template = demo.template_slots(document.modules)
    schedule = demo.demo_schedule(template, now, "Europe/Paris")
    kept = 0
    for t in template:
        start, end = (i.astimezone(PARIS) for i in schedule.times[(t.module, t.position)])
        if (t.module, t.position) == schedule.running and schedule.moved:
            continue
        assert start.weekday() == t.day.weekday()
        assert (start.time(), end.time()) == (t.start, t.end)
        assert (start.date() - t.day).days % 7 == 0
        kept += 1
    assert kept >= 25


def test_the_moment_chooses_whether_a_slot_is_moved():
    document = parse_programme_file(demo.PROGRAMME_FILE)
    template = demo.template_slots(document.modules)
    during = demo.demo_schedule(template, MOMENTS[0], "Europe/Paris")
    assert not during.moved  # Tuesday 10 h: a Tuesday morning of the programme fits
    night = demo.demo_schedule(template, MOMENTS[3], "Europe/Paris")
    assert night.moved and night.running == (6, 2)  # module 6's afternoon, the anchor


def test_people_roles_organisations_and_tutors(db, demo_allowed, at):
    at(MOMENTS[0])
    seed(verbosity=0)
    cohort = Cohort.objects.get(slug=demo.DEMO_SLUG)
    User = get_user_model()
    demo_accounts = User.objects.exclude(username="essor-systeme")
    assert all(u.check_password("essor-demo") for u in demo_accounts)
    assert not User.objects.get(username="essor-systeme").has_usable_password()
    roles = dict(Membership.objects.filter(cohort=cohort).values_list("user__username", "role"))
    assert roles["coordination"] == "coordinator"
    assert roles["tuteur2"] == "tutor"
    assert roles["partenaire"] == "partner"
    assert roles["auditeur12"] == "participant"
    enrolments = Enrolment.objects.filter(cohort=cohort).select_related("tutor", "organisation")
    tutors = [e.tutor.username for e in enrolments]
    assert tutors.count("tuteur1") == 6 and tutors.count("tuteur2") == 6
    families = {e.organisation.family for e in enrolments}
    assert families == set(OrganisationFamily.values)
    assert len({e.organisation.region for e in enrolments}) >= 8
    assert all(e.position for e in enrolments)


def test_statements_in_several_states_consistent_with_module_1(db, demo_allowed, at):
    now = at(MOMENTS[0])
    seed(verbosity=0)
    found = states(now)
    assert set(found.values()) >= {"submitted", "late", "overdue"}
    assert list(found.values()).count("late") == 1
    assert found["auditeur07"] == "late"
    # After another re-dating, the story still holds.
    later = at(MOMENTS[4])
    seed(verbosity=0)
    assert states(later) == found
    deadline = statement_deadline(Cohort.objects.get(slug=demo.DEMO_SLUG))
    late = StatementOfIntent.objects.get(enrolment__user__username="auditeur07")
    assert deadline < late.submitted_at < later
    assert not StatementVersion.objects.filter(created_at__gt=later).exists()


def test_applications_to_review_have_a_readable_cv(db, demo_allowed, at):
    at(MOMENTS[0])
    seed(verbosity=0)
    applications = Application.objects.filter(cohort__slug=demo.DEMO_SLUG)
    assert sorted(applications.values_list("status", flat=True)) == [
        "submitted",
        "submitted",
        "submitted",
        "waitlisted",
    ]
    for application in applications:
        with application.cv.open("rb") as cv:
            assert len(PdfReader(cv).pages) == 1


# --- Attendance history ---------------------------------------------------------------------


def attendance_counts() -> dict[str, int]:
    cohort = Cohort.objects.get(slug=demo.DEMO_SLUG)
    return {
        "signatures": Signature.objects.filter(slot__cohort=cohort).count(),
        "records": AttendanceRecord.objects.filter(slot__cohort=cohort).count(),
        "changes": AttendanceChange.objects.filter(record__slot__cohort=cohort).count(),
        "countersignatures": Countersignature.objects.filter(slot__cohort=cohort).count(),
        "speakers": SlotSpeaker.objects.filter(slot__cohort=cohort).count(),
        "notices": AbsenceNotice.objects.filter(enrolment__cohort=cohort).count(),
    }


def test_attendance_history_is_rebuilt_for_the_new_dates(db, demo_allowed, at):
    at(MOMENTS[0])
    seed(verbosity=0)
    first = attendance_counts()
    seed(verbosity=0)
    assert attendance_counts() == first  # run again: nothing doubled
    later = at(MOMENTS[-1])
    seed(verbosity=0)
    counts = attendance_counts()
    assert counts["speakers"] == 26
    past = [s for s in demo_slots() if s.end <= later]
    assert counts["countersignatures"] == len(past)
    # Every participant has a status for every past half-day, and only for those plus
    # the running one (where some have signed already).
    records = AttendanceRecord.objects.filter(slot__cohort__slug=demo.DEMO_SLUG)
    assert records.filter(slot__in=past).count() == 12 * len(past)
    (now_running,) = running(later)
    assert set(records.exclude(slot__in=past).values_list("slot_id", flat=True)) == {now_running.pk}
    assert not records.filter(slot__start__gt=later).exists()
    assert not Countersignature.objects.filter(slot=now_running).exists()


@pytest.mark.parametrize("now", [MOMENTS[0], MOMENTS[3], MOMENTS[8]], ids=["day", "night", "pm"])
def test_the_history_tells_the_story(db, demo_allowed, at, now):
    at(now)
    seed(verbosity=0)
    records = AttendanceRecord.objects.filter(slot__cohort__slug=demo.DEMO_SLUG)
    statuses = set(records.values_list("status", flat=True))
    assert {"present", "late", "left_early", "excused", "absent"} <= statuses
    absent = records.get(status="absent")
    assert absent.enrolment.user.username == "auditeur10"  # certificat compromis
    assert absent.changes.get().reason == CLOSING_REASON
    excused = records.get(status="excused")
    assert excused.justification and excused.reason
    assert AbsenceNotice.objects.get(enrolment=excused.enrolment).slots.get() == excused.slot
    # A correction keeps its history: closed as absent, then present on evidence.
    corrected = records.get(
        enrolment__user__username="auditeur05", changes__before__status="absent"
    )
    history = list(corrected.changes.order_by("at", "id"))
    assert [h.after["status"] for h in history] == ["absent", "present"]
    assert history[0].by.username == "essor-systeme"
    assert history[1].by.username == "coordination" and history[1].reason
    late = records.filter(status="late")
    assert late.count() >= 1 and all(r.minutes_late in (15, 20) for r in late)
    # The closing has nothing left to do on the past half-days.
    assert alerts.close_ended_slots(now=now).marked == 0


def test_signatures_look_real_and_only_the_planted_anomaly_repeats_an_image(db, demo_allowed, at):
    now = at(MOMENTS[8])
    seed(verbosity=0)
    signatures = list(
        Signature.objects.filter(slot__cohort__slug=demo.DEMO_SLUG).select_related(
            "slot", "enrolment__user"
        )
    )
    assert len(signatures) > 100
    for signature in signatures:
        assert signature.slot.start - timedelta(minutes=15) <= signature.signed_at
        assert signature.signed_at <= min(signature.slot.end, now)
        assert signature.method == "drawn" and signature.ip_hash and signature.user_agent
    by_image: dict[str, list[Signature]] = {}
    for signature in signatures:
        by_image.setdefault(signature.image_sha256, []).append(signature)
    repeated = [group for group in by_image.values() if len(group) > 1]
    # The one planted on purpose (documented in essor/core/demo_attendance.py).
    assert len(repeated) == 1
    (pair,) = repeated
    assert {s.enrolment.user.username for s in pair} == {"auditeur01", "auditeur12"}
    assert pair[0].slot_id == pair[1].slot_id
    # Each image is a real PNG with ink, stored where the sign-in pages store them.
    sample = signatures[0]
    with sample.image.open("rb") as image:
        assert check_png(image.read()).sha256 == sample.image_sha256
    # One device per participant: no burst of signatures from a single phone.
    devices = Signature.objects.filter(slot=sample.slot).values_list("ip_hash", flat=True)
    assert len(set(devices)) == len(devices)


def test_speakers_take_the_modules_in_turn_and_countersign_them(db, demo_allowed, at):
    at(MOMENTS[0])
    seed(verbosity=0)
    for slot in demo_slots():
        speaker = SlotSpeaker.objects.get(slot=slot).speaker.username
        assert speaker == f"intervenant{(slot.module.number - 1) % 3 + 1}"
        countersignature = Countersignature.objects.filter(slot=slot).first()
        if countersignature:
            assert countersignature.signed_by.username == speaker
            assert countersignature.signed_at >= slot.end
