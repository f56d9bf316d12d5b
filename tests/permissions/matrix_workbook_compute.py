"""The workbook's computations: the volunteer-valuation API (any signed-in person: it
reads no one's data) and the CSV import of volunteer hours (the participant only)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from .matrix import OK, REDIRECT, UNAUTHORIZED, Case, everyone, only

SLUG = "cs26-2025"
CSV = "date;durée;distance;catégorie;description\n15/03/2025;2,5;12;exécution;Accueil\n"


def _valuation(p) -> dict:
    return {"year": 2025, "entries": [{"hours": 10, "level": "execution"}]}


CASES = [
    Case(
        "POST /api/workbook/volunteer-valuation",
        lambda p: "/api/workbook/volunteer-valuation",
        {**everyone(OK), "anonymous": UNAUTHORIZED},
        method="post",
        data=_valuation,
        json=True,
    ),
    Case(
        "workbook:volunteer-import",
        lambda p: f"/cohorts/{SLUG}/workbook/D/import",
        only({"auditeur": OK}),
    ),
    Case(
        "workbook:volunteer-import",
        lambda p: f"/cohorts/{SLUG}/workbook/D/import",
        only({"auditeur": REDIRECT}),
        method="post",
        data=lambda p: {
            "file": SimpleUploadedFile("heures.csv", CSV.encode(), content_type="text/csv")
        },
    ),
]
