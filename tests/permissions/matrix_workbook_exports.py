"""The workbook PDF: the participant downloads their own (anyone else: 404, the cohort's
participant pages do not exist for them); the reading copy is for the participant, their
tutor and the coordination (other participants, speakers, partners: 404)."""

from .matrix import OK, Case, only

SLUG = "cs26-2025"


def _read_path(p) -> str:
    from essor.workbook.access import ensure_workbook

    ensure_workbook(p["enrolment"])
    return f"/workbook/{p['enrolment'].pk}/export.pdf"


CASES = [
    Case("workbook:pdf", lambda p: f"/cohorts/{SLUG}/workbook/export.pdf", only({"auditeur": OK})),
    Case(
        "workbook:read-pdf",
        _read_path,
        only({"auditeur": OK, "tuteur": OK, "coordination": OK}),
    ),
]
