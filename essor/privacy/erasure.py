"""A person's erasure request: anonymise now what is not under a legal retention, keep
what is (attendance evidence, certificates) and say until when."""

from datetime import datetime

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from essor.cohorts.models import Application, Enrolment, Membership, Role
from essor.core.errors import DomainError

from . import purge as handlers
from .models import ErasureRequest, RecordKind
from .schedule import retention_until


def can_self_erase(user) -> bool:
    """The coordination and administrators run the platform: their accounts are erased
    by the administrator, not from this page."""
    if user.is_superuser or user.is_staff:
        return False
    return not Membership.objects.filter(user=user, role=Role.COORDINATOR).exists()


def _delete_sessions(user) -> int:
    deleted = 0
    for session in Session.objects.all():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            deleted += 1
    return deleted


def _kept(enrolments) -> list[dict]:
    from essor.attendance.models import AttendanceRecord, Signature
    from essor.certification.models import Certificate

    kept = []
    for enrolment in enrolments:
        evidence = (
            AttendanceRecord.objects.filter(enrolment=enrolment).count()
            + Signature.objects.filter(enrolment=enrolment).count()
        )
        if evidence:
            kept.append(
                {
                    "kind": RecordKind.ATTENDANCE,
                    "label": str(RecordKind.ATTENDANCE.label),
                    "cohort": enrolment.cohort.title,
                    "count": evidence,
                    "until": retention_until(RecordKind.ATTENDANCE, enrolment).isoformat(),
                }
            )
        certificates = Certificate.objects.filter(enrolment=enrolment).count()
        if certificates:
            kept.append(
                {
                    "kind": RecordKind.CERTIFICATES,
                    "label": str(RecordKind.CERTIFICATES.label),
                    "cohort": enrolment.cohort.title,
                    "count": certificates,
                    "until": retention_until(RecordKind.CERTIFICATES, enrolment).isoformat(),
                }
            )
    return kept


@transaction.atomic
def request_erasure(*, user, now: datetime) -> ErasureRequest:
    if not can_self_erase(user):
        raise DomainError(
            "not_allowed",
            _(
                "Un compte de coordination ou d'administration ne peut pas être effacé "
                "depuis cette page : adressez-vous à l'administrateur·rice d'Essor."
            ),
        )
    from essor.accounts.models import ApiToken
    from essor.surveys.models import Recipient, Response

    request = ErasureRequest.objects.create(user=user)
    enrolments = list(Enrolment.objects.filter(user=user).select_related("cohort", "application"))
    query = Q(enrolment__in=enrolments)
    if user.email:
        query |= Q(email__iexact=user.email)
    applications = list(Application.objects.filter(query).distinct())

    erased = {
        RecordKind.APPLICATIONS: sum(handlers.anonymise_application(a) for a in applications),
        RecordKind.COURSEWORK: sum(handlers.purge_coursework(e) for e in enrolments),
        RecordKind.WORKBOOK: sum(
            handlers.purge_interviews(e) + handlers.purge_workbook(e) for e in enrolments
        ),
        RecordKind.SIGN_IN_TRACES: sum(handlers.purge_sign_in_traces(e) for e in enrolments),
    }
    surveys = Recipient.objects.filter(user=user).delete()[0]
    surveys += Response.objects.filter(respondent=user).update(respondent=None)
    tokens = ApiToken.objects.filter(user=user).delete()[0]
    sessions = _delete_sessions(user)
    handlers.anonymise_account(user)

    rows = [
        {"kind": str(kind), "label": str(RecordKind(kind).label), "count": count}
        for kind, count in erased.items()
    ]
    rows += [
        {"kind": "surveys", "label": _("questionnaires (relances, réponses nominatives)"),
         "count": surveys},
        {"kind": "api_tokens", "label": _("jetons d'API"), "count": tokens},
        {"kind": "sessions", "label": _("sessions ouvertes"), "count": sessions},
        {"kind": RecordKind.ACCOUNTS, "label": _("compte (nom, adresse, identifiant)"),
         "count": 1},
    ]  # fmt: skip
    request.report = {"erased": rows, "kept": _kept(enrolments)}
    request.done_at = now
    request.save(update_fields=["report", "done_at"])
    return request
