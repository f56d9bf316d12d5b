"""Applications, admission, enrolments and convocations.

The application form is public; reviewing, deciding and the enrolment pages belong to the
coordination (404 for everyone else, so applicants cannot be probed); a participant gets
their own convocation only.
"""

from tests.cohorts.application_data import submit

from .matrix import NOT_FOUND, OK, REDIRECT, Case, everyone, only

COHORT = "/cohorts/cs26-2025"


def application(p) -> int:
    """One application to cs26-2025, made on first use and shared by every persona."""
    if "application" not in p:
        p["application"] = submit(p["enrolment"].cohort)
    return p["application"].pk


COORDINATION_ONLY = only({"coordination": OK})

CASES = [
    Case("cohorts:apply", lambda p: f"{COHORT}/apply/", everyone(OK)),
    # A form with errors is shown again, to anyone.
    Case(
        "cohorts:apply",
        lambda p: f"{COHORT}/apply/",
        everyone(OK),
        method="post",
        data=lambda p: {},
    ),
    Case("cohorts:apply", lambda p: "/cohorts/inconnue/apply/", everyone(NOT_FOUND)),
    Case("cohorts:apply-done", lambda p: f"{COHORT}/apply/done/", everyone(OK)),
    Case("cohorts:applications", lambda p: f"{COHORT}/applications/", COORDINATION_ONLY),
    Case(
        "cohorts:application",
        lambda p: f"{COHORT}/applications/{application(p)}/",
        COORDINATION_ONLY,
    ),
    Case(
        "cohorts:application",
        lambda p: f"{COHORT}/applications/{application(p)}/",
        only({"coordination": REDIRECT}),
        method="post",
        data=lambda p: {"decision": "refuse", "refuse-message": "Non, désolé."},
    ),
    Case(
        "cohorts:application-cv",
        lambda p: f"{COHORT}/applications/{application(p)}/cv",
        COORDINATION_ONLY,
    ),
    Case(
        "cohorts:enrolment",
        lambda p: f"{COHORT}/enrolments/{p['enrolment'].pk}/",
        COORDINATION_ONLY,
    ),
    Case(
        "cohorts:enrolment",
        lambda p: f"{COHORT}/enrolments/{p['enrolment'].pk}/",
        COORDINATION_ONLY,
        method="post",
        data=lambda p: {"to_status": "withdrawn", "reason": ""},
    ),
    # Another cohort's enrolment through this cohort's URL: not found, even for coordination.
    Case(
        "cohorts:enrolment",
        lambda p: f"{COHORT}/enrolments/{p['other_enrolment'].pk}/",
        only({}),
    ),
    Case(
        "cohorts:enrolment-convocation",
        lambda p: f"{COHORT}/enrolments/{p['enrolment'].pk}/convocation.pdf",
        COORDINATION_ONLY,
    ),
    Case("cohorts:my-convocation", lambda p: f"{COHORT}/convocation.pdf", only({"auditeur": OK})),
    Case("cohorts:send-convocations", lambda p: f"{COHORT}/convocations/send", COORDINATION_ONLY),
    Case(
        "cohorts:send-convocations",
        lambda p: f"{COHORT}/convocations/send",
        only({"coordination": REDIRECT}),
        method="post",
    ),
]
