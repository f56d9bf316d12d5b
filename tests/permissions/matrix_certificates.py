"""Issued certificates: the holder's page and download, the coordination's page and its
actions, and the public verification (page and API)."""

from .matrix import NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Case, everyone, only

COHORT = "/cohorts/cs26-2025"

COORDINATION = only({"coordination": OK})
COORDINATION_POST = only({"coordination": REDIRECT})


def certificate(p):
    """The participant's certificate, issued once (path builders run inside the test's
    transaction); the verification flood counter is reset for each request."""
    from django.core.cache import cache

    from essor.certification.issuing import issue_certificate
    from essor.certification.models import Certificate, CertificateStatus
    from tests.certification.issuing_helpers import award

    cache.clear()
    existing = Certificate.objects.filter(
        enrolment=p["enrolment"], status=CertificateStatus.VALID
    ).first()
    if existing:
        return existing
    by = p["coordination"]
    return issue_certificate(decision=award(p["enrolment"], by=by), by=by)


def other_certificate(p):
    """A certificate of another cohort, acted on through this cohort's URLs."""
    from essor.certification.models import Certificate
    from tests.certification.badge_fixtures import make_certificate

    existing = Certificate.objects.filter(enrolment=p["other_enrolment"]).first()
    if existing:
        return existing
    return make_certificate(p["other_enrolment"], by=p["coordination"], number="CS26-2099-0001")


CASES = [
    Case(
        "certification:my-certificates",
        lambda p: f"{COHORT}/my/certificates/",
        only({"auditeur": OK}),
    ),
    Case(
        "certification:certificate-pdf",
        lambda p: f"/certificates/{certificate(p).number}/certificate.pdf",
        only({"auditeur": OK, "coordination": OK}),
    ),
    Case(
        "certification:certificate-pdf",
        lambda p: f"/certificates/{certificate(p).number}/certificate.pdf",
        only({}, others=NOT_ALLOWED, anonymous=REDIRECT),
        method="post",
    ),
    Case("certification:certificates", lambda p: f"{COHORT}/certificates/", COORDINATION),
    Case(
        "certification:certificates",
        lambda p: f"{COHORT}/certificates/",
        COORDINATION_POST,
        method="post",
    ),
    Case(
        "certification:certificates-zip",
        lambda p: (certificate(p), f"{COHORT}/certificates/certificats.zip")[1],
        COORDINATION,
    ),
    # A revocation without a reason: refused, back to the page, nothing written.
    Case(
        "certification:certificate-revoke",
        lambda p: f"{COHORT}/certificates/{certificate(p).pk}/revoke",
        COORDINATION_POST,
        method="post",
        data=lambda p: {"reason": ""},
    ),
    Case(
        "certification:certificate-revoke",
        lambda p: f"{COHORT}/certificates/{other_certificate(p).pk}/revoke",
        only({}),
        method="post",
        data=lambda p: {"reason": "x"},
    ),
    Case(
        "certification:certificate-reissue",
        lambda p: f"{COHORT}/certificates/{certificate(p).pk}/reissue",
        COORDINATION_POST,
        method="post",
        data=lambda p: {"reason": ""},
    ),
    Case(
        "certification:verify",
        lambda p: f"/verify/{certificate(p).verification_code}/",
        everyone(OK),
    ),
    Case(
        "certification:verify",
        lambda p: (certificate(p), "/verify/inconnu/")[1],
        everyone(NOT_FOUND),
    ),
    Case(
        "GET /api/verify/{code}",
        lambda p: f"/api/verify/{certificate(p).verification_code}",
        everyone(OK),
    ),
]
