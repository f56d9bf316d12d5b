"""Issuing certificates: a number, a random verification code, a snapshot of what the
certificate says, and its PDF rendered ONCE and stored as issued (with its sha256).

The stored PDF is never re-rendered: a later change of name, logo or template does not
alter it. A corrected certificate is a new issue (`reissue_certificate`) that supersedes
the old one; a withdrawn one is revoked with its reason.
"""

import hashlib
import io
import logging
import re
import secrets
from decimal import Decimal
from zoneinfo import ZoneInfo

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.formats import french_date
from essor.core.numbers import french_plain
from essor.documents.render import render_pdf
from essor.programmes.models import Slot

from .models import Certificate, CertificateStatus, Decision, JuryDecision

logger = logging.getLogger(__name__)

QR_FILE = "verification-qr.svg"


def programme_title(programme) -> str:
    """« Certificat de spécialisation (CS26) — Innovations sociales – Économie sociale et
    solidaire »."""
    return f"{programme.certificate_name} — {programme.title}"


def verification_url(code: str) -> str:
    path = reverse("certification:verify", kwargs={"code": code})
    return settings.ESSOR_BASE_URL.rstrip("/") + path


def hours_label(hours: Decimal) -> str:
    """« 90 h », « 87,5 h »."""
    return f"{french_plain(hours)} h"


def _new_code() -> str:
    # 15 random bytes = 120 bits, 20 URL-safe characters: not guessable, not sequential.
    while True:
        code = secrets.token_urlsafe(15)
        if not Certificate.objects.filter(verification_code=code).exists():
            return code


def _next_number(cohort: Cohort, first_start) -> str:
    """`<CODE>-<year>-<NNNN>`, under the cohort's row lock (taken by the caller). The
    sequence continues after the highest number ever given with this prefix: numbers of
    superseded or revoked certificates are never reused."""
    year = first_start.astimezone(ZoneInfo(cohort.timezone)).year
    prefix = f"{cohort.programme.code.upper()}-{year}-"
    taken = Certificate.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    highest = max(
        (int(m.group(1)) for n in taken if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", n))),
        default=0,
    )
    return f"{prefix}{highest + 1:04d}"


def _qr_svg(url: str) -> bytes:
    """The verification QR code as SVG (vectors: sharp at any print size). The mask is
    fixed: any mask gives a valid code, and scoring the eight of them in pure Python
    took half the time of rendering a certificate."""
    buffer = io.BytesIO()
    segno.make(url, error="m", mask=0).save(buffer, kind="svg", border=2, xmldecl=False)
    return buffer.getvalue()


def certificate_data(certificate: Certificate) -> dict:
    """What the PDF shows, all from the snapshot fields."""
    url = verification_url(certificate.verification_code)
    return {
        "document_title": _("Certificat %(number)s") % {"number": certificate.number},
        "institution": certificate.enrolment.cohort.programme.institution,
        "heading": _("Certificat de spécialisation"),
        "intro": _("Le présent certificat atteste que"),
        "holder": certificate.holder_name,
        "achievement": _("a satisfait aux exigences de la formation"),
        "programme": certificate.programme_title,
        "fields": [
            {"label": _("Niveau"), "value": certificate.level_label},
            {
                "label": _("Dates de la formation"),
                "value": _("du %(first)s au %(last)s")
                % {
                    "first": french_date(certificate.first_day),
                    "last": french_date(certificate.last_day),
                },
            },
            {"label": _("Volume horaire"), "value": hours_label(certificate.hours)},
            {"label": _("Date du jury"), "value": french_date(certificate.jury_date)},
            {"label": _("Numéro du certificat"), "value": certificate.number},
        ],
        "issued": _("Délivré le %(day)s.") % {"day": french_date(certificate.issued_at.date())},
        "signatory": certificate.signatory,
        "verification_label": _("Vérifier ce certificat :"),
        "verification_url": url,
        "verification_code": _("Code de vérification : %(code)s")
        % {"code": certificate.verification_code},
        "qr": QR_FILE,
    }


def render_certificate(certificate: Certificate) -> bytes:
    url = verification_url(certificate.verification_code)
    return render_pdf("certificate", certificate_data(certificate), files={QR_FILE: _qr_svg(url)})


def _attach_credential(certificate: Certificate) -> None:
    """The Open Badges credential, when the badges module is there."""
    try:
        from essor.certification import badges
    except ImportError:
        return
    try:
        credential = badges.build_credential(certificate)
        jwt = badges.sign_credential(credential)
    except ImproperlyConfigured:
        # No signing key configured: the certificate (the PDF) stands; the credential can
        # be attached once the key is set. Logged loudly for the operators.
        logger.exception("Certificat %s : Open Badge non signé", certificate.number)
        return
    certificate.credential_json = credential
    certificate.credential_jwt = jwt
    certificate.save(update_fields=["credential_json", "credential_jwt"])


def _issue(decision: JuryDecision, by) -> Certificate:
    """A new certificate for the decision (cohort row locked by the caller)."""
    enrolment = decision.enrolment
    cohort = enrolment.cohort
    programme = cohort.programme
    span = Slot.objects.filter(cohort=cohort).aggregate(first=Min("start"), last=Max("end"))
    if span["first"] is None:
        raise DomainError("no_slots", _("La promotion n'a aucune demi-journée : rien à certifier."))
    zone = ZoneInfo(cohort.timezone)
    planned = sum(
        (
            end - start
            for start, end in Slot.objects.filter(cohort=cohort).values_list("start", "end")
        ),
        start=span["first"] - span["first"],
    )
    hours = (Decimal(planned.total_seconds()) / Decimal(3600)).quantize(Decimal("0.01"))
    jury = decision.jury
    signatory = jury.signatory + (f", {jury.signatory_title}" if jury.signatory_title else "")
    certificate = Certificate(
        enrolment=enrolment,
        decision=decision,
        number=_next_number(cohort, span["first"]),
        verification_code=_new_code(),
        issued_at=clock.now(),
        issued_by=by,
        holder_name=enrolment.user.get_full_name() or enrolment.user.username,
        programme_title=programme_title(programme),
        level_label=programme.level_label,
        first_day=span["first"].astimezone(zone).date(),
        last_day=span["last"].astimezone(zone).date(),
        hours=hours,
        jury_date=jury.held_on,
        signatory=signatory,
    )
    content = render_certificate(certificate)
    certificate.pdf_sha256 = hashlib.sha256(content).hexdigest()
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(content), save=False)
    certificate.save()
    _attach_credential(certificate)
    return certificate


def _lock_cohort(cohort_id: int) -> Cohort:
    return (
        Cohort.objects.select_for_update(of=("self",)).select_related("programme").get(pk=cohort_id)
    )


def _check_awarded(decision: JuryDecision) -> None:
    if decision.decision != Decision.AWARDED:
        raise DomainError(
            "not_awarded",
            _("Un certificat ne peut être délivré que sur une décision « délivré » du jury."),
        )
    latest = (
        JuryDecision.objects.filter(jury_id=decision.jury_id, enrolment_id=decision.enrolment_id)
        .order_by("-decided_at", "-id")
        .first()
    )
    if latest is not None and latest.pk != decision.pk:
        raise DomainError(
            "decision_superseded",
            _("Cette décision a été remplacée par une décision plus récente du jury."),
        )


@transaction.atomic
def issue_certificate(*, decision: JuryDecision, by) -> Certificate:
    """The certificate of an « délivré » decision; one valid certificate per participant."""
    decision = JuryDecision.objects.select_related(
        "jury", "enrolment__user", "enrolment__cohort__programme"
    ).get(pk=decision.pk)
    _check_awarded(decision)
    _lock_cohort(decision.enrolment.cohort_id)
    if Certificate.objects.filter(
        enrolment_id=decision.enrolment_id, status=CertificateStatus.VALID
    ).exists():
        raise DomainError(
            "already_issued",
            _(
                "Un certificat valide a déjà été délivré à cette personne : "
                "réémettez-le pour le corriger."
            ),
        )
    return _issue(decision, by)


def _locked_certificate(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("decision__jury", "enrolment__user", "enrolment__cohort__programme")
        .get(pk=certificate.pk)
    )


@transaction.atomic
def reissue_certificate(*, certificate: Certificate, by, reason: str) -> Certificate:
    """A corrected certificate (new number, new code, fresh snapshot) that supersedes the
    given one, which stays on record as « remplacé »."""
    if not reason.strip():
        raise DomainError("reason_required", _("Indiquez le motif de la réémission."))
    _lock_cohort(certificate.enrolment.cohort_id)
    old = _locked_certificate(certificate)
    if old.status != CertificateStatus.VALID:
        raise DomainError("not_valid", _("Seul un certificat valide peut être réémis."))
    new = _issue(old.decision, by)
    old.status = CertificateStatus.SUPERSEDED
    old.superseded_by = new
    old.revocation_reason = reason.strip()
    old.save(update_fields=["status", "superseded_by", "revocation_reason"])
    return new


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, reason: str, by) -> Certificate:
    """Withdraw a valid certificate, with its reason and date (shown on verification)."""
    if not reason.strip():
        raise DomainError("reason_required", _("Indiquez le motif de la révocation."))
    certificate = _locked_certificate(certificate)
    if certificate.status != CertificateStatus.VALID:
        raise DomainError("not_valid", _("Seul un certificat valide peut être révoqué."))
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = clock.now()
    certificate.revocation_reason = reason.strip()
    certificate.save(update_fields=["status", "revoked_at", "revocation_reason"])
    return certificate


def pending_decisions(cohort: Cohort) -> list[JuryDecision]:
    """The cohort's awarded decisions in force whose participant has no valid certificate."""
    latest: dict[tuple[int, int], JuryDecision] = {}
    for d in (
        JuryDecision.objects.filter(jury__cohort=cohort)
        .select_related("enrolment__user")
        .order_by("decided_at", "id")
    ):
        latest[(d.jury_id, d.enrolment_id)] = d
    holders = set(
        Certificate.objects.filter(
            enrolment__cohort=cohort, status=CertificateStatus.VALID
        ).values_list("enrolment_id", flat=True)
    )
    pending = {}
    for d in latest.values():
        if d.decision == Decision.AWARDED and d.enrolment_id not in holders:
            pending[d.enrolment_id] = d
    return sorted(pending.values(), key=lambda d: (d.enrolment.user.last_name, d.enrolment_id))


def issue_pending(*, cohort: Cohort, by, limit: int | None = None) -> list[Certificate]:
    """Issue the certificates still due (each in its own transaction); `limit` at most."""
    issued = []
    for decision in pending_decisions(cohort)[:limit]:
        try:
            issued.append(issue_certificate(decision=decision, by=by))
        except DomainError as exc:
            if exc.code != "already_issued":
                raise
    return issued
