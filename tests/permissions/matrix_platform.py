"""Framework views: the admin, the language switch, the API's own documentation."""

from .matrix import OK, REDIRECT, Case, everyone

CASES = [
    # Nobody among the personas is staff: the admin sends everyone to its login page.
    Case("admin:index", lambda p: "/admin/", everyone(REDIRECT)),
    Case(
        "set_language",
        lambda p: "/i18n/setlang/",
        everyone(REDIRECT),
        method="post",
        data=lambda p: {"language": "en", "next": "/"},
    ),
    Case("api:openapi-json", lambda p: "/api/openapi.json", everyone(OK)),
    Case("api:openapi-view", lambda p: "/api/docs", everyone(OK)),
]
