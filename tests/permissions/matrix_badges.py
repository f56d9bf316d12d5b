"""Open Badges (public issuer documents, verifier, credential downloads) and the route to
the Master."""

from .matrix import NOT_FOUND, OK, REDIRECT, Case, everyone, only

SLUG = "cs26-2025"
NUMBER = "CS26-2025-0001"


def _certified(p) -> str:
    """The participant `auditeur` holds a certificate (made once inside the test)."""
    from essor.certification.models import Certificate
    from tests.certification.badge_fixtures import make_certificate

    if not Certificate.objects.filter(number=NUMBER).exists():
        make_certificate(p["enrolment"], by=p["coordination"], number=NUMBER)
    return NUMBER


def _master(p) -> str:
    _certified(p)
    return f"/cohorts/{SLUG}/master/"


HOLDER = only({"coordination": OK, "auditeur": OK})

CASES = [
    Case("certification:issuer", lambda p: "/badges/issuer", everyone(OK)),
    Case("certification:jwks", lambda p: "/badges/jwks.json", everyone(OK)),
    Case("certification:achievement", lambda p: "/badges/achievements/CS26", everyone(OK)),
    Case("certification:revocations", lambda p: "/badges/revocations", everyone(OK)),
    Case("certification:badge-verify", lambda p: "/badges/verify/", everyone(OK)),
    Case(
        "certification:badge-verify",
        lambda p: "/badges/verify/",
        everyone(OK),
        method="post",
        data=lambda p: {"token": "pas.un.badge"},
    ),
    Case(
        "certification:credential-json",
        lambda p: f"/certificates/{_certified(p)}/credential.json",
        HOLDER,
    ),
    Case(
        "certification:credential-jwt",
        lambda p: f"/certificates/{_certified(p)}/credential.jwt",
        HOLDER,
    ),
    Case("certification:master", lambda p: f"/cohorts/{SLUG}/master/", only({"auditeur": OK})),
    Case(
        "certification:master",
        _master,
        only({"auditeur": REDIRECT}),
        method="post",
        data=lambda p: {"interested": "yes", "track": "ess", "comment": ""},
    ),
    Case(
        "certification:master-export",
        lambda p: f"/cohorts/{SLUG}/master/export.xlsx",
        only({"coordination": OK}, others=NOT_FOUND),
    ),
]
