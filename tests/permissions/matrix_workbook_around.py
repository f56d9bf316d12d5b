"""Around the workbook: the reference parameters (coordination of any cohort), tutor
comments (the participant's tutor and the coordination; the participant's own POST is a
404, the form does not exist for them), the participant's personal-data page and the
cohort overview (coordination and tutors)."""

from .matrix import NOT_FOUND, OK, REDIRECT, Case, only

SLUG = "cs26-2025"


def _smic_pk(p) -> int:
    from essor.workbook.models import ReferenceParameter

    return ReferenceParameter.objects.get(key="smic_hourly", year=2025).pk


CASES = [
    Case("workbook:parameters", lambda p: "/workbook/parametres/", only({"coordination": OK})),
    Case(
        "workbook:parameters",
        lambda p: "/workbook/parametres/",
        only({"coordination": REDIRECT}),
        method="post",
        data=lambda p: {
            "action": "update",
            "parameter": _smic_pk(p),
            "edit-value": "11,88",
            "edit-source": "Décret n° 2024-951",
        },
    ),
    Case(
        "workbook:comment",
        lambda p: f"/workbook/{p['enrolment'].pk}/D/comments",
        only({"tuteur": REDIRECT, "coordination": REDIRECT, "auditeur": NOT_FOUND}),
        method="post",
        data=lambda p: {"body": "Un commentaire"},
    ),
    Case(
        "workbook:personal-data",
        lambda p: f"/cohorts/{SLUG}/workbook/donnees-personnelles/",
        only({"auditeur": OK}),
    ),
    Case(
        "workbook:personal-data",
        lambda p: f"/cohorts/{SLUG}/workbook/donnees-personnelles/",
        only({"auditeur": REDIRECT}),
        method="post",
        data=lambda p: {"action": "erase_all", "confirm": "on"},
    ),
    Case(
        "workbook:overview",
        lambda p: f"/cohorts/{SLUG}/workbooks/",
        only({"coordination": OK, "tuteur": OK}),
    ),
]
