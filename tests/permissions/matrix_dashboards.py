"""Personal spaces and dashboards: each role's home, the coordinator's tools, the partner's
figures. A page of a role one does not hold answers 404 (the cohort is not theirs to see)."""

from .matrix import NOT_ALLOWED, OK, REDIRECT, Case, everyone, only

COHORT = "/cohorts/cs26-2025"

CASES = [
    # Every persona holds exactly one role in one cohort, so « Mon espace » sends each
    # straight to their page; anonymous visitors go to the login page.
    Case("cohorts:my-home", lambda p: "/home/", everyone(REDIRECT)),
    Case("cohorts:participant-home", lambda p: f"{COHORT}/me/", only({"auditeur": OK})),
    Case("cohorts:dashboard", lambda p: f"{COHORT}/dashboard/", only({"coordination": OK})),
    Case(
        "cohorts:assign-tutor",
        lambda p: f"{COHORT}/enrolments/{p['enrolment'].pk}/tutor",
        only({"coordination": REDIRECT}),
        method="post",
        data=lambda p: {"tutor": str(p["tuteur2"].pk)},
    ),
    # A change is never made by GET, whoever asks.
    Case(
        "cohorts:assign-tutor",
        lambda p: f"{COHORT}/enrolments/{p['enrolment'].pk}/tutor",
        only({}, others=NOT_ALLOWED),
    ),
    Case("cohorts:export-csv", lambda p: f"{COHORT}/export.csv", only({"coordination": OK})),
    Case("cohorts:export-xlsx", lambda p: f"{COHORT}/export.xlsx", only({"coordination": OK})),
    Case(
        "cohorts:speaker-home",
        lambda p: f"{COHORT}/speaker/",
        only({"coordination": OK, "intervenant": OK}),
    ),
    Case(
        "cohorts:tutor-home",
        lambda p: f"{COHORT}/tutor/",
        only({"coordination": OK, "tuteur": OK}),
    ),
    Case(
        "cohorts:partner",
        lambda p: f"{COHORT}/partner/",
        only({"coordination": OK, "partenaire": OK}),
    ),
]
