"""The workbook's pages: the participant's own workbook (sections, fields, records,
statuses) and reading it (the participant, their tutor, the coordination)."""

from .matrix import OK, REDIRECT, Case, only

SLUG = "cs26-2025"
BASE = f"/cohorts/{SLUG}/workbook"


def _event_path(p) -> str:
    """A fresh event of auditeur's workbook, so each persona tries to delete a real one."""
    from essor.workbook.access import ensure_workbook
    from essor.workbook.models import TimelineEvent

    workbook = ensure_workbook(p["enrolment"])
    event = TimelineEvent.objects.create(
        workbook=workbook, date="1990-01-01", event="Création", kind="founding"
    )
    return f"{BASE}/B/events/{event.pk}/delete"


def _read_path(suffix: str):
    return lambda p: f"/workbook/{p['enrolment'].pk}/{suffix}"


OWN_PAGE = only({"auditeur": OK})
OWN_POST = only({"auditeur": REDIRECT})
READER = only({"auditeur": OK, "tuteur": OK, "coordination": OK})

CASES = [
    Case("workbook:home", lambda p: f"{BASE}/", OWN_PAGE),
    Case("workbook:section", lambda p: f"{BASE}/C/", OWN_PAGE),
    Case(
        "workbook:autosave",
        lambda p: f"{BASE}/A/autosave",
        OWN_PAGE,
        method="post",
        data=lambda p: {"name": "Les Amis", "members": "12"},
    ),
    Case(
        "workbook:fields",
        lambda p: f"{BASE}/B/fields",
        OWN_POST,
        method="post",
        data=lambda p: {"instituted": "Les statuts"},
    ),
    Case(
        "workbook:status",
        lambda p: f"{BASE}/H/status",
        OWN_POST,
        method="post",
        data=lambda p: {"status": "done"},
    ),
    Case(
        "workbook:record-add",
        lambda p: f"{BASE}/E/swot/add",
        OWN_POST,
        method="post",
        data=lambda p: {"swot-quadrant": "strength", "swot-text": "Des bénévoles fidèles"},
    ),
    Case("workbook:record-delete", _event_path, OWN_POST, method="post"),
    Case("workbook:read", _read_path(""), READER),
    Case("workbook:read-section", _read_path("D/"), READER),
]


def _swot_path(p) -> str:
    from essor.workbook.access import ensure_workbook
    from essor.workbook.models import SwotItem

    item = SwotItem.objects.create(
        workbook=ensure_workbook(p["enrolment"]), quadrant="threat", text="Baisse des dons"
    )
    return f"{BASE}/E/swot/{item.pk}/key-issue"


CASES.append(
    Case(
        "workbook:swot-key-issue",
        _swot_path,
        OWN_POST,
        method="post",
        data=lambda p: {"key_issue": "1"},
    )
)
