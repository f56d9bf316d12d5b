"""Attendance grid, its exports, speaker assignment, and a participant's own attendance.
The grid and the assignment are the coordination's; a participant sees only their own
half-days (the page takes no id); everyone else gets the same 404."""

from .matrix import OK, REDIRECT, Case, only

COHORT = "/cohorts/cs26-2025"

CASES = [
    Case("attendance:grid", lambda p: f"{COHORT}/attendance/", only({"coordination": OK})),
    # The polled fragment is guarded like the page.
    Case(
        "attendance:grid",
        lambda p: f"{COHORT}/attendance/?fragment=1&missed=1",
        only({"coordination": OK}),
    ),
    Case("attendance:grid-csv", lambda p: f"{COHORT}/attendance.csv", only({"coordination": OK})),
    Case("attendance:grid-xlsx", lambda p: f"{COHORT}/attendance.xlsx", only({"coordination": OK})),
    Case(
        "attendance:speakers",
        lambda p: f"{COHORT}/attendance/speakers/",
        only({"coordination": OK}),
    ),
    Case(
        "attendance:speakers",
        lambda p: f"{COHORT}/attendance/speakers/",
        only({"coordination": REDIRECT}),
        method="post",
        data=lambda p: {},
    ),
    Case(
        "attendance:my-attendance",
        lambda p: f"{COHORT}/my/attendance/",
        only({"auditeur": OK}),
    ),
]
