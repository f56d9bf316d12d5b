"""The route to the Master: who may see it, recording interest, the coordinator's list."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort, Enrolment
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.spreadsheets import Table

from .models import Certificate, CertificateStatus, MasterInterest, MasterTrack


def valid_certificate(enrolment: Enrolment) -> Certificate | None:
    return (
        Certificate.objects.filter(enrolment=enrolment, status=CertificateStatus.VALID)
        .order_by("-issued_at")
        .first()
    )


def interest_of(enrolment: Enrolment) -> MasterInterest | None:
    return MasterInterest.objects.filter(enrolment=enrolment).first()


@transaction.atomic
def record_interest(
    *, enrolment: Enrolment, interested: bool, track: str = "", comment: str = ""
) -> MasterInterest:
    """Create or update the holder's answer. Only holders of a valid certificate."""
    if valid_certificate(enrolment) is None:
        raise DomainError(
            "master_not_holder",
            _(
                "L'accès au Master s'ouvre avec le certificat : "
                "vous n'en êtes pas encore titulaire."
            ),
        )
    if track and track not in MasterTrack.values:
        raise DomainError("master_bad_track", _("Ce parcours n'existe pas."))
    if not interested:
        track = ""
    interest, _created = MasterInterest.objects.update_or_create(
        enrolment=enrolment,
        defaults={
            "interested": interested,
            "track": track,
            "comment": comment.strip(),
            "updated_at": clock.now(),
        },
    )
    return interest


@dataclass
class InterestRow:
    last_name: str
    first_name: str
    email: str
    certificate: str
    answered: bool
    interested: bool
    track: str
    comment: str
    updated_at: object


def interest_rows(cohort: Cohort) -> list[InterestRow]:
    """Holders of a valid certificate of the cohort, with their answer if any (2 queries)."""
    certificates = (
        Certificate.objects.filter(enrolment__cohort=cohort, status=CertificateStatus.VALID)
        .select_related("enrolment__user")
        .order_by("enrolment__user__last_name", "enrolment__user__first_name", "number")
    )
    interests = {i.enrolment_id: i for i in MasterInterest.objects.filter(enrolment__cohort=cohort)}
    rows, seen = [], set()
    for certificate in certificates:
        if certificate.enrolment_id in seen:
            continue
        seen.add(certificate.enrolment_id)
        user = certificate.enrolment.user
        interest = interests.get(certificate.enrolment_id)
        rows.append(
            InterestRow(
                last_name=user.last_name,
                first_name=user.first_name,
                email=user.email,
                certificate=certificate.number,
                answered=interest is not None,
                interested=bool(interest and interest.interested),
                track=str(interest.get_track_display()) if interest and interest.track else "",
                comment=interest.comment if interest else "",
                updated_at=interest.updated_at if interest else None,
            )
        )
    return rows


def interest_table(rows: list[InterestRow]) -> Table:
    headers = [
        _("Nom"),
        _("Prénom"),
        _("Courriel"),
        _("Certificat"),
        _("Intéressé·e"),
        _("Parcours souhaité"),
        _("Commentaire"),
    ]
    lines = []
    for row in rows:
        answer = _("oui") if row.interested else _("non")
        if not row.answered:
            answer = _("sans réponse")
        lines.append(
            [
                row.last_name,
                row.first_name,
                row.email,
                row.certificate,
                str(answer),
                row.track,
                row.comment,
            ]
        )
    return Table(headers=[str(h) for h in headers], rows=lines)
