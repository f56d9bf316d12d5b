"""Derogations: the jury's leave to certify despite an excused absence from one half-day.

Append-only: a derogation is granted once per half-day and never edited or withdrawn
(a second grant for the same half-day is refused).
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from essor.attendance.models import AttendanceRecord, AttendanceStatus
from essor.cohorts.models import Enrolment, Role
from essor.cohorts.permissions import has_role
from essor.core import clock
from essor.core.errors import DomainError

from .models import Derogation

MAX_REASON_CHARS = 5_000


@transaction.atomic
def grant_derogation(*, enrolment, slot, reason: str, by, jury=None) -> Derogation:
    """Record the jury's derogation for an excused absence of `enrolment` on `slot`."""
    if by is None or not has_role(by, enrolment.cohort_id, Role.COORDINATOR):
        raise DomainError(
            "not_coordinator", _("Seule la coordination enregistre une dérogation du jury.")
        )
    if slot.cohort_id != enrolment.cohort_id:
        raise DomainError("wrong_cohort", _("Cette demi-journée n'appartient pas à la promotion."))
    if jury is not None and jury.cohort_id != enrolment.cohort_id:
        raise DomainError("wrong_cohort", _("Ce jury n'est pas celui de la promotion."))
    reason = (reason or "").replace("\r\n", "\n").strip()
    if not reason:
        raise DomainError(
            "reason_required", _("La justification de la dérogation est obligatoire.")
        )
    if len(reason) > MAX_REASON_CHARS:
        raise DomainError(
            "text_too_long",
            _("Le texte dépasse %(max)s caractères.") % {"max": MAX_REASON_CHARS},
        )
    # Serialise grants for one participant (two tabs, two coordinators).
    list(Enrolment.objects.select_for_update(of=("self",)).filter(pk=enrolment.pk).order_by())
    status = (
        AttendanceRecord.objects.filter(slot=slot, enrolment=enrolment)
        .values_list("status", flat=True)
        .first()
    )
    if status != AttendanceStatus.EXCUSED:
        raise DomainError(
            "not_excused",
            _(
                "Une dérogation ne s'accorde que pour une absence justifiée : "
                "cette demi-journée n'est pas enregistrée comme telle."
            ),
        )
    if Derogation.objects.filter(enrolment=enrolment, slot=slot).exists():
        raise DomainError(
            "already_granted", _("Une dérogation a déjà été accordée pour cette demi-journée.")
        )
    try:
        with transaction.atomic():
            return Derogation.objects.create(
                enrolment=enrolment,
                slot=slot,
                reason=reason,
                granted_by=by,
                granted_at=clock.now(),
                jury=jury,
            )
    except IntegrityError as error:  # granted meanwhile by a concurrent request
        raise DomainError(
            "already_granted", _("Une dérogation a déjà été accordée pour cette demi-journée.")
        ) from error


def derogations_of(enrolment) -> list[Derogation]:
    """The derogations of a participant, in the order of the half-days (1 query)."""
    return list(
        Derogation.objects.filter(enrolment=enrolment)
        .select_related("slot__module", "granted_by")
        .order_by("slot__start")
    )
