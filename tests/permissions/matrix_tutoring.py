"""Tutoring days (schedule, personal calendar, records) and the module 13 oral
presentations (running order, grid, feedback)."""

from .matrix import FORBIDDEN, OK, REDIRECT, Case, only

SLUG = "cs26-2025"
DAY = f"/cohorts/{SLUG}/tutoring/9/"


def _schedule(p) -> None:
    """The module 9 schedule, generated once inside the test's transaction."""
    from essor.coursework import tutoring_services
    from essor.coursework.models import TutoringSession

    if not TutoringSession.objects.exists():
        tutoring_services.build_tutoring_schedule(
            cohort=p["enrolment"].cohort,
            module_number=9,
            by=p["coordination"],
            individual_minutes=30,
            group_minutes=60,
        )


def _session_path(p) -> str:
    from essor.coursework.models import TutoringSession

    _schedule(p)
    session = TutoringSession.objects.get(tutor=p["tuteur"], kind="individual")
    return f"{DAY}sessions/{session.pk}"


def _session_data(p) -> dict:
    from essor.coursework.models import TutoringSession

    _schedule(p)
    pk = TutoringSession.objects.get(tutor=p["tuteur"], kind="individual").pk
    return {f"s{pk}-start": "14:00", f"s{pk}-end": "14:30"}


def _with_feedback(p) -> str:
    from essor.coursework import orals
    from essor.coursework.models import OralPresentation

    if not OralPresentation.objects.filter(enrolment=p["enrolment"]).exists():
        orals.save_oral_evaluation(
            enrolment=p["enrolment"], by=p["tuteur"], grid={"method": 3}, feedback="Bien."
        )
    return f"/enrolments/{p['enrolment'].pk}/oral/send"


RECORD_FORM = {
    "draft_percent": "30",
    "notes": "",
    "steps-TOTAL_FORMS": "1",
    "steps-INITIAL_FORMS": "0",
    "steps-MIN_NUM_FORMS": "0",
    "steps-MAX_NUM_FORMS": "20",
    "steps-0-text": "",
    "steps-0-due": "",
}

# The day's page: the cohort's coordination, tutors and participants (each their own part).
DAY_PEOPLE = only({"coordination": OK, "tuteur": OK, "auditeur": OK})
# Writes of the coordination; tutors and participants see the page, so a 403.
COORDINATION_WRITE = only({"coordination": REDIRECT, "tuteur": FORBIDDEN, "auditeur": FORBIDDEN})
# The running order: coordination and tutors; tutors read it, only coordination orders it.
ORALS_WRITE = only({"coordination": REDIRECT, "tuteur": FORBIDDEN})
# Private work: the participant, their tutor, the coordination.
PRIVATE = only({"auditeur": OK, "tuteur": OK, "coordination": OK})
PRIVATE_WRITE = only({"coordination": REDIRECT, "tuteur": REDIRECT, "auditeur": FORBIDDEN})

CASES = [
    Case("coursework:tutoring-day", lambda p: DAY, DAY_PEOPLE),
    Case(
        "coursework:tutoring-generate",
        lambda p: DAY + "generate",
        COORDINATION_WRITE,
        method="post",
        data=lambda p: {"individual_minutes": 30, "group_minutes": 60, "gap_minutes": 0},
    ),
    Case(
        "coursework:tutoring-session",
        _session_path,
        COORDINATION_WRITE,
        method="post",
        data=_session_data,
    ),
    Case("coursework:tutoring-ics", lambda p: f"/cohorts/{SLUG}/tutoring/calendar.ics", DAY_PEOPLE),
    Case(
        "coursework:tutoring-record",
        lambda p: f"/enrolments/{p['enrolment'].pk}/tutoring/9/",
        PRIVATE,
    ),
    Case(
        "coursework:tutoring-record",
        lambda p: f"/enrolments/{p['enrolment'].pk}/tutoring/9/",
        PRIVATE_WRITE,
        method="post",
        data=lambda p: RECORD_FORM,
    ),
    Case(
        "coursework:orals",
        lambda p: f"/cohorts/{SLUG}/orals/",
        only({"coordination": OK, "tuteur": OK}),
    ),
    Case(
        "coursework:orals-generate",
        lambda p: f"/cohorts/{SLUG}/orals/generate",
        ORALS_WRITE,
        method="post",
    ),
    Case(
        "coursework:orals-move",
        lambda p: f"/cohorts/{SLUG}/orals/move",
        ORALS_WRITE,
        method="post",
        data=lambda p: {"enrolment": p["enrolment"].pk, "direction": "down"},
    ),
    Case("coursework:oral", lambda p: f"/enrolments/{p['enrolment'].pk}/oral/", PRIVATE),
    Case(
        "coursework:oral",
        lambda p: f"/enrolments/{p['enrolment'].pk}/oral/",
        PRIVATE_WRITE,
        method="post",
        data=lambda p: {"method": "3", "feedback": "Retours"},
    ),
    Case("coursework:oral-send", _with_feedback, PRIVATE_WRITE, method="post"),
]
