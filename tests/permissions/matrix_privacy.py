"""Personal data: « Mes données », its export and the erasure request for every logged-in
person; the retention schedule for administrators only (404 for everyone else)."""

from .matrix import NOT_FOUND, OK, REDIRECT, Case, everyone, only

LOGGED_IN = everyone(OK) | {"anonymous": REDIRECT}

CASES = [
    Case("privacy:my-data", lambda p: "/mes-donnees/", LOGGED_IN),
    Case("privacy:export", lambda p: "/mes-donnees/export.zip", LOGGED_IN),
    Case("privacy:erase", lambda p: "/mes-donnees/effacement/", LOGGED_IN),
    # Without the password: the form comes back with its errors, nothing is erased.
    Case(
        "privacy:erase",
        lambda p: "/mes-donnees/effacement/",
        LOGGED_IN,
        method="post",
        data=lambda p: {"password": "pas le bon", "confirm": "on"},
    ),
    Case("privacy:retention", lambda p: "/donnees/conservation/", only({}, others=NOT_FOUND)),
    Case(
        "privacy:retention",
        lambda p: "/donnees/conservation/",
        only({}, others=NOT_FOUND),
        method="post",
        data=lambda p: {"months_attendance": "12"},
    ),
]
