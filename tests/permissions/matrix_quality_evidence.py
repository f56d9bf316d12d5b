"""The quality evidence (Qualiopi): the page and the zip, for the coordination only."""

from .matrix import OK, Case, only

SLUG = "cs26-2025"
COORDINATION = only({"coordination": OK})

CASES = [
    Case("quality:evidence", lambda p: f"/cohorts/{SLUG}/qualite/", COORDINATION),
    Case("quality:evidence-zip", lambda p: f"/cohorts/{SLUG}/qualite/preuves.zip", COORDINATION),
    # The other cohort's evidence: nobody of cs26 reaches it, its own participant neither.
    Case("quality:evidence", lambda p: "/cohorts/cs26-autre/qualite/", only({})),
    Case("quality:evidence-zip", lambda p: "/cohorts/cs26-autre/qualite/preuves.zip", only({})),
]
