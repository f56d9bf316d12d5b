"""The permission matrix's vocabulary: one `Case` per view or endpoint.

Each app's table lives in `tests/permissions/matrix_<app>.py` as `CASES`; the test in
`test_matrix.py` runs every case for every persona and fails when a URL or an API
operation of the project has no case.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = (
    "coordination",
    "intervenant",
    "tuteur",
    "auditeur",
    "autre_auditeur",
    "partenaire",
    "anonymous",
)

# Shorthands for the usual answers.
OK, REDIRECT, BAD, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, GONE = 200, 302, 400, 403, 404, 405, 410
UNAUTHORIZED = 401


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(PERSONAS, status)


def only(allowed: dict[str, int], *, others: int = NOT_FOUND, anonymous: int = REDIRECT):
    """`allowed` personas get their status; other logged-in people `others`; anonymous
    visitors `anonymous` (a redirect to the login page for pages, 401 for the API)."""
    table = {p: others for p in PERSONAS}
    table["anonymous"] = anonymous
    table.update(allowed)
    return table


@dataclass(frozen=True)
class Case:
    # A URL name ("programmes:detail") or an API operation ("GET /api/cohorts/{slug}").
    target: str
    # Builds the path from the personas dict of tests/conftest.py.
    path: Callable[[dict], str]
    expect: dict[str, int]
    method: str = "get"
    # Builds the request body (form dict, or JSON dict for the API).
    data: Callable[[dict], dict] | None = None
    json: bool = False
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        missing = set(PERSONAS) - set(self.expect)
        assert not missing, f"{self.target}: no expectation for {sorted(missing)}"
