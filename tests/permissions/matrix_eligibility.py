"""Certification eligibility: the participant's own page, the coordination's API."""

from .matrix import OK, UNAUTHORIZED, Case, only

CASES = [
    # Only a participant of the cohort sees their own page; everyone else gets 404.
    Case(
        "certification:my-eligibility",
        lambda p: "/cohorts/cs26-2025/my/certificate/",
        only({"auditeur": OK}),
    ),
    Case(
        "GET /api/cohorts/{slug}/eligibility",
        lambda p: "/api/cohorts/cs26-2025/eligibility",
        only({"coordination": OK}, anonymous=UNAUTHORIZED),
    ),
]
