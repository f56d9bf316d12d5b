"""Reads of issued certificates: a holder's, a cohort's, one by number, one by code."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort, Enrolment
from essor.cohorts.permissions import has_role

from .models import Certificate, CertificateStatus


def certificates_of(enrolment: Enrolment) -> list[Certificate]:
    """A holder's certificates, latest first (1 query)."""
    return list(
        Certificate.objects.filter(enrolment=enrolment)
        .select_related("superseded_by")
        .order_by("-issued_at", "-pk")
    )


def cohort_certificates(cohort: Cohort) -> list[Certificate]:
    """Every certificate of the cohort with its holder and replacement (1 query)."""
    return list(
        Certificate.objects.filter(enrolment__cohort=cohort)
        .select_related("enrolment__user", "superseded_by")
        .order_by("number")
    )


def get_certificate_for(user, number: str) -> Certificate:
    """A certificate its holder or the cohort's coordination may download; 404 otherwise."""
    certificate = (
        Certificate.objects.select_related("enrolment__cohort").filter(number=number).first()
    )
    if certificate is None or not (
        certificate.enrolment.user_id == user.pk
        or has_role(user, certificate.enrolment.cohort_id, "coordinator")
    ):
        raise Http404(_("Certificat introuvable."))
    return certificate


def get_cohort_certificate(cohort: Cohort, certificate_id: int) -> Certificate:
    certificate = Certificate.objects.filter(pk=certificate_id, enrolment__cohort=cohort).first()
    if certificate is None:
        raise Http404(_("Certificat introuvable."))
    return certificate


def public_status(code: str) -> dict | None:
    """What the public may know of a certificate by its verification code, or None (1 query).

    Holder name, programme, date of issue, number, status, and for a superseded one its
    replacement's code, for a revoked one the date and reason: nothing else personal."""
    certificate = (
        Certificate.objects.select_related("superseded_by")
        .filter(verification_code=code)
        .only(
            "number",
            "holder_name",
            "programme_title",
            "issued_at",
            "status",
            "revoked_at",
            "revocation_reason",
            "superseded_by__verification_code",
            "superseded_by__number",
        )
        .first()
    )
    if certificate is None:
        return None
    result = {
        "status": certificate.status,
        "status_label": certificate.get_status_display(),
        "number": certificate.number,
        "holder": certificate.holder_name,
        "programme": certificate.programme_title,
        "issued_on": timezone.localdate(certificate.issued_at),
    }
    if certificate.status == CertificateStatus.SUPERSEDED and certificate.superseded_by:
        result["superseded_by"] = certificate.superseded_by.verification_code
        result["superseded_by_number"] = certificate.superseded_by.number
    if certificate.status == CertificateStatus.REVOKED:
        result["revoked_on"] = (
            timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None
        )
        result["revocation_reason"] = certificate.revocation_reason
    return result
