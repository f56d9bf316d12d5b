"""Public pages and public API endpoints: the same answer for everyone."""

from .matrix import NOT_FOUND, OK, Case, everyone

CASES = [
    Case("programmes:home", lambda p: "/", everyone(OK)),
    Case("programmes:detail", lambda p: "/programmes/CS26/", everyone(OK)),
    Case("programmes:cohort-calendar", lambda p: "/cohorts/cs26-2025/calendar.ics", everyone(OK)),
    # A cohort that is not published has no public calendar, whoever asks.
    Case(
        "programmes:cohort-calendar",
        lambda p: "/cohorts/inconnue/calendar.ics",
        everyone(NOT_FOUND),
    ),
    Case("GET /api/programmes", lambda p: "/api/programmes", everyone(OK)),
    Case("GET /api/programmes/{code}", lambda p: "/api/programmes/CS26", everyone(OK)),
    Case("GET /api/cohorts/{slug}", lambda p: "/api/cohorts/cs26-2025", everyone(OK)),
]
