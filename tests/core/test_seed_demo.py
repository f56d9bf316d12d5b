"""`seed_demo`: the live demo cohort, usable whenever it is opened, and safe to run again."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from pypdf import PdfReader

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
    assert get_user_model().objects.count() == 19
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
    assert all(u.check_password("essor-demo") for u in User.objects.all())
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
