"""Writes of the teaching team and of participants outside sign-in: the roll call (and
every later correction), and absences announced in advance.

Each function is one transaction; a broken rule raises DomainError with a stable code and
writes nothing. Records change only through records.apply_status, which keeps the history.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.cohorts.models import Enrolment, EnrolmentStatus, Membership, Role
from essor.cohorts.selectors import display_name
from essor.core import clock
from essor.core.errors import DomainError

from .alerts import notify_missed
from .codes import window_of
from .forms import JUSTIFICATION_EXTENSIONS, check_justification
from .labels import half_day_choice, zone_of
from .models import AbsenceNotice, AttendanceRecord, AttendanceStatus
from .records import apply_status

# Who is called at the roll call and may announce an absence: people still following the
# programme (a withdrawn or already certified participant's half-days are settled).
ACTIVE = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED)
MINUTES_FIELD = {
    AttendanceStatus.LATE: "minutes_late",
    AttendanceStatus.LEFT_EARLY: "minutes_left_early",
}
# Before its window opens a half-day has no presence to state; only an excused absence
# can be decided ahead (e.g. after an absence notice).
AHEAD_ALLOWED = (AttendanceStatus.EXCUSED,)


def _check_member(slot, enrolment) -> None:
    if enrolment.cohort_id != slot.cohort_id:
        raise DomainError(
            "wrong_cohort", _("Cette personne n'est pas inscrite dans la promotion de ce cours.")
        )
    if enrolment.status not in ACTIVE:
        raise DomainError(
            "not_enrolled",
            _("Cette personne ne suit plus la formation (statut : %(status)s).")
            % {"status": enrolment.get_status_display()},
        )


def _check_minutes(slot, status: str, minutes: int) -> None:
    duration = int(slot.duration.total_seconds()) // 60
    if not minutes:
        message = (
            _("Indiquez le nombre de minutes de retard.")
            if status == AttendanceStatus.LATE
            else _("Indiquez le nombre de minutes de départ anticipé.")
        )
        raise DomainError("minutes_required", message)
    if not 1 <= minutes <= duration:
        raise DomainError(
            "minutes_out_of_range",
            _(
                "Le nombre de minutes doit être compris entre 1 et %(duration)s "
                "(la durée de la demi-journée)."
            )
            % {"duration": duration},
        )


def _stored_justification(upload):
    try:
        kind = check_justification(upload)
    except ValidationError as exc:
        raise DomainError("justification_invalid", " ".join(exc.messages)) from exc
    # The stored name is ours: the uploader's file name is neither trusted nor kept.
    upload.name = f"{uuid.uuid4().hex}.{JUSTIFICATION_EXTENSIONS[kind]}"
    return upload


@transaction.atomic
def set_attendance(
    *,
    slot,
    enrolment: Enrolment,
    status: str,
    minutes_late: int = 0,
    minutes_left_early: int = 0,
    reason: str,
    justification=None,
    by,
) -> tuple[AttendanceRecord, bool]:
    """Set a participant's status for a half-day at the roll call, or correct it later.

    `reason` is the « motif de la correction », required for every change made by staff:
    it is kept both on the record (the current motif) and in the history entry (why this
    change). Returns (record, changed); the same status again changes nothing."""
    try:
        status = AttendanceStatus(status)
    except ValueError as exc:
        raise DomainError("status_invalid", _("Choisissez un statut dans la liste.")) from exc
    reason = (reason or "").strip()
    _check_member(slot, enrolment)
    if not reason:
        raise DomainError("reason_required", _("Indiquez le motif de la correction."))
    if status not in AHEAD_ALLOWED and clock.now() < window_of(slot).opens:
        raise DomainError(
            "slot_not_started",
            _(
                "Cette demi-journée n'a pas commencé : seule une absence justifiée peut "
                "être enregistrée à l'avance."
            ),
        )
    # Only the minutes of the chosen status are kept; the other count goes back to 0.
    minutes = {
        "minutes_late": (minutes_late or 0) if status == AttendanceStatus.LATE else 0,
        "minutes_left_early": (minutes_left_early or 0)
        if status == AttendanceStatus.LEFT_EARLY
        else 0,
    }
    if status in MINUTES_FIELD:
        _check_minutes(slot, status, minutes[MINUTES_FIELD[status]])
    justification = _stored_justification(justification) if justification else None
    if status == AttendanceStatus.EXCUSED and justification is None:
        # Read under the lock apply_status will take again: a justification removed
        # meanwhile cannot be counted on.
        kept = (
            AttendanceRecord.objects.select_for_update()
            .filter(slot=slot, enrolment=enrolment)
            .exclude(justification="")
            .exists()
        )
        if not kept:
            raise DomainError(
                "justification_required",
                _("Joignez un justificatif (PDF, JPEG ou PNG) pour une absence justifiée."),
            )
    record, changed = apply_status(
        slot=slot,
        enrolment=enrolment,
        status=status,
        by=by,
        reason=reason,
        justification=justification,
        change_reason=reason,
        **minutes,
    )
    if changed:
        # « Certificat compromis » to the participant and tutor when this change made the
        # half-day missed (sent on commit; nothing when it already was).
        notify_missed(record)
    return record, changed


# --- Absences announced in advance ------------------------------------------------------


def _coordinator_addresses(cohort) -> list[str]:
    """Every coordinator of the cohort (1 query): an announced absence concerns them all."""
    return list(
        Membership.objects.filter(cohort=cohort, role=Role.COORDINATOR)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )


def _mail_on_commit(*, subject: str, body: str, to: list[str]) -> None:
    if to:
        transaction.on_commit(
            lambda: send_mail(subject=subject, message=body, from_email=None, recipient_list=to)
        )


def _notify_absence(notice: AbsenceNotice, enrolment: Enrolment, slots: list) -> None:
    cohort = enrolment.cohort
    zone = zone_of(slots[0])
    name = display_name(enrolment)
    # Rendered in the site's language: the readers are not the person clicking.
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(gettext_lazy("Absence annoncée — %(name)s — %(cohort)s")) % {
            "name": name,
            "cohort": cohort.title,
        }
        context = {
            "name": name,
            "cohort": cohort,
            "half_days": [half_day_choice(slot, zone) for slot in slots],
            "reason": notice.reason,
        }
        list_url = settings.ESSOR_BASE_URL.rstrip("/") + reverse(
            "attendance:absences", kwargs={"slug": cohort.slug}
        )
        to_coordination = render_to_string(
            "attendance/email/absence_notice.txt",
            {**context, "for_coordination": True, "url": list_url},
        )
        to_tutor = render_to_string(
            "attendance/email/absence_notice.txt", {**context, "for_coordination": False}
        )
    _mail_on_commit(subject=subject, body=to_coordination, to=_coordinator_addresses(cohort))
    if enrolment.tutor is not None and enrolment.tutor.email:
        _mail_on_commit(subject=subject, body=to_tutor, to=[enrolment.tutor.email])


@transaction.atomic
def announce_absence(*, enrolment: Enrolment, slots, reason: str, by) -> AbsenceNotice:
    """A participant tells the coordination and their tutor, ahead, that they will miss
    some half-days. The notice changes no attendance record: at the roll call the staff
    decide whether the absence is excused."""
    slots = sorted(slots, key=lambda s: s.start)
    reason = (reason or "").strip()
    if by is None or enrolment.user_id != by.pk:
        raise DomainError(
            "not_self", _("Seul·e la personne concernée peut annoncer sa propre absence.")
        )
    if enrolment.status not in ACTIVE:
        raise DomainError("not_enrolled", _("Vous ne suivez plus cette formation."))
    if not slots:
        raise DomainError("slots_required", _("Cochez au moins une demi-journée."))
    if any(slot.cohort_id != enrolment.cohort_id for slot in slots):
        raise DomainError(
            "wrong_cohort", _("Cette demi-journée n'appartient pas à votre promotion.")
        )
    now = clock.now()
    started = [slot for slot in slots if slot.start <= now]
    if started:
        raise DomainError(
            "slot_started",
            _(
                "Une absence s'annonce avant le début de la demi-journée ; pour une "
                "demi-journée commencée ou passée, adressez-vous à la coordination."
            ),
            details=[half_day_choice(slot, zone_of(slot)) for slot in started],
        )
    if not reason:
        raise DomainError("reason_required", _("Indiquez le motif de votre absence."))
    notice = AbsenceNotice.objects.create(enrolment=enrolment, reason=reason, created_at=now)
    notice.slots.set(slots)
    _notify_absence(notice, enrolment, slots)
    return notice
