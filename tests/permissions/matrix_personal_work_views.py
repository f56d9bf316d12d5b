"""The views of personal work: the coordinator's overview (page and XLSX), the tutor's
« what changed » with « Marquer comme vu », the participant's own timeline."""

from .matrix import OK, REDIRECT, Case, only

SLUG = "cs26-2025"

COORDINATION = only({"coordination": OK})
# Tutor space: the cohort's tutors (their own participants) and the coordination (all).
TUTORING = only({"tuteur": OK, "coordination": OK})
# The participant's own timeline: only participants, and only their own (the URL names
# no one); autre_auditeur is a participant of another cohort.
OWN_TIMELINE = only({"auditeur": OK})

CASES = [
    Case("coursework:overview", lambda p: f"/cohorts/{SLUG}/personal-work/", COORDINATION),
    Case(
        "coursework:overview",
        lambda p: f"/cohorts/{SLUG}/personal-work/",
        only({"coordination": OK}),
        extra={"QUERY_STRING": "late=1&tutor=none&feedback=x"},
    ),
    Case("coursework:overview-xlsx", lambda p: f"/cohorts/{SLUG}/personal-work.xlsx", COORDINATION),
    # Another cohort's overview: its coordination is not ours.
    Case("coursework:overview", lambda p: "/cohorts/cs26-autre/personal-work/", only({})),
    Case("coursework:tutor-changes", lambda p: f"/cohorts/{SLUG}/tutor/personal-work/", TUTORING),
    Case(
        "coursework:tutor-changes-seen",
        lambda p: f"/cohorts/{SLUG}/tutor/personal-work/{p['enrolment'].pk}/seen",
        only({"tuteur": REDIRECT, "coordination": REDIRECT}),
        method="post",
        data=lambda p: {},
    ),
    # Someone else's participant (auditeur2 is tutored by tuteur2): 404 for tuteur.
    Case(
        "coursework:tutor-changes-seen",
        lambda p: f"/cohorts/{SLUG}/tutor/personal-work/{p['enrolment2'].pk}/seen",
        only({"coordination": REDIRECT}),
        method="post",
        data=lambda p: {},
    ),
    # Another cohort's participant through this cohort's URL: 404 for everyone.
    Case(
        "coursework:tutor-changes-seen",
        lambda p: f"/cohorts/{SLUG}/tutor/personal-work/{p['other_enrolment'].pk}/seen",
        only({}),
        method="post",
        data=lambda p: {},
    ),
    Case("coursework:timeline", lambda p: f"/cohorts/{SLUG}/my/personal-work/", OWN_TIMELINE),
    Case(
        "coursework:timeline",
        lambda p: "/cohorts/cs26-autre/my/personal-work/",
        only({"autre_auditeur": OK}),
    ),
]
