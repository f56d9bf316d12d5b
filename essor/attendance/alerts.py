"""« Certificat compromis »: the moment a participant misses a half-day, they and their
tutor are told, once (Qualiopi indicator 12: engagement and drop-out prevention).

Two ways a half-day is missed:

(a) somebody records an absence (roll call, correction): the writer calls
    `notify_missed(record)` after `apply_status`; it mails only when that change moved
    the record INTO a missed status (absent or excused), so a later correction from
    « absent » to « absence justifiée » does not mail again;
(b) nobody signed by the end of the half-day: `close_ended_slots(now=…)`, run every few
    minutes by `python manage.py close_slots`, records the absence and mails.

No table records the sending: an e-mail of (b) goes with the `AttendanceChange` that
created the absence with `CLOSING_REASON`, and (b) only looks at participants WITHOUT a
record for the half-day, so a second run finds nothing to do and sends nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from essor.cohorts.models import Enrolment, EnrolmentStatus
from essor.cohorts.selectors import display_name
from essor.core.formats import french_time
from essor.programmes.models import Slot

from .models import AttendanceChange, AttendanceRecord, AttendanceStatus
from .records import apply_status
from .selectors import Cell, module_title, slot_moment

User = get_user_model()

# The account that signs automatic changes in the history (AttendanceChange.by is
# required): inactive, without a usable password, so nobody can log in as it.
SYSTEM_USERNAME = "essor-systeme"
CLOSING_REASON = "Clôture automatique : aucune signature à la fin de la demi-journée"
MISSED_STATUSES = frozenset({AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED})
# Participants still following the programme; the others are not chased.
FOLLOWING = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED)
# Half-days that ended longer ago are left alone: loading an old cohort, or enrolling
# somebody late, must not fill the history with absences and the inboxes with alerts.
# A week also lets the command catch up after the cron stopped for a few days.
LOOKBACK = timedelta(days=7)


def system_user():
    """The « Essor (automatique) » account, created the first time it is needed."""
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user = User(username=SYSTEM_USERNAME, first_name="Essor", last_name="(automatique)")
        user.is_active = False
        user.set_unusable_password()
        user.save()
    return user


# --- E-mails ----------------------------------------------------------------------------


def _context(record: AttendanceRecord) -> dict:
    slot = record.slot
    cohort = slot.cohort
    zone = ZoneInfo(cohort.timezone)
    start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
    return {
        "name": display_name(record.enrolment),
        "status": Cell(record.status).label,
        "excused": record.status == AttendanceStatus.EXCUSED,
        "when": slot_moment(slot, zone),
        "times": f"{french_time(start.time())} – {french_time(end.time())}",
        "module": module_title(slot.module),
        "cohort": cohort,
        "programme": cohort.programme.title,
        "url": settings.ESSOR_BASE_URL.rstrip("/")
        + reverse("attendance:my-attendance", kwargs={"slug": cohort.slug}),
    }


def _send_on_commit(*, subject: str, body: str, to: str) -> None:
    if to:
        transaction.on_commit(
            lambda: send_mail(subject=subject, message=body, from_email=None, recipient_list=[to])
        )


def send_missed_emails(record: AttendanceRecord) -> int:
    """Mail the participant and their tutor about this missed half-day, once the
    transaction commits; returns the number of messages queued."""
    record = (
        AttendanceRecord.objects.select_related(
            "slot__cohort__programme",
            "slot__module",
            "enrolment__user",
            "enrolment__application",
            "enrolment__tutor",
        )
        .filter(pk=record.pk)
        .first()
    )
    enrolment = record.enrolment
    # Rendered in the site's language: the reader is not whoever triggered the change.
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(record)
        subject = _("Certificat compromis : %(status)s le %(when)s") % {
            "status": context["status"],
            "when": context["when"],
        }
        sent = 0
        if enrolment.user and enrolment.user.email:
            body = render_to_string("attendance/email/missed_participant.txt", context)
            _send_on_commit(subject=subject, body=body, to=enrolment.user.email)
            sent += 1
        tutor = enrolment.tutor
        if tutor and tutor.email:
            context["tutor"] = tutor.get_full_name() or tutor.username
            body = render_to_string("attendance/email/missed_tutor.txt", context)
            _send_on_commit(subject=subject, body=body, to=tutor.email)
            sent += 1
    return sent


def notify_missed(record: AttendanceRecord) -> int:
    """Call after changing a record (roll call, correction): mails when this change moved
    it into absent or excused, nothing otherwise; returns the number of messages queued."""
    # The change just written is the last one written (ids grow; times may be re-dated).
    change = AttendanceChange.objects.filter(record=record).order_by("-id").first()
    if change is None or change.reason == CLOSING_REASON:
        return 0  # the closing mails by itself
    before = (change.before or {}).get("status")
    after = (change.after or {}).get("status")
    if after not in MISSED_STATUSES or before in MISSED_STATUSES:
        return 0
    return send_missed_emails(record)


# --- Closing the half-days that ended ------------------------------------------------------


@dataclass(frozen=True)
class ClosingSummary:
    slots: int  # half-days looked at
    marked: int  # absences recorded
    emails: int  # messages queued


def _close_slot(slot: Slot, by) -> tuple[int, int]:
    """Record an absence for each participant of the slot's cohort with neither record nor
    signature; one transaction per half-day keeps SQLite's write lock short."""
    marked = emails = 0
    with transaction.atomic():
        missing = (
            Enrolment.objects.filter(
                cohort_id=slot.cohort_id, status__in=FOLLOWING, created_at__lt=slot.end
            )
            .exclude(attendance__slot=slot)
            .exclude(signatures__slot=slot)
            .order_by("pk")
        )
        for enrolment in missing:
            record, changed = apply_status(
                slot=slot,
                enrolment=enrolment,
                status=AttendanceStatus.ABSENT,
                by=by,
                change_reason=CLOSING_REASON,
            )
            if changed:
                marked += 1
                emails += send_missed_emails(record)
    return marked, emails


def close_ended_slots(*, now: datetime) -> ClosingSummary:
    """Every half-day that ended in the last `LOOKBACK`: an absence for each participant
    who neither signed nor was recorded, and the « certificat compromis » e-mails."""
    slots = list(Slot.objects.filter(end__lte=now, end__gt=now - LOOKBACK).order_by("end", "pk"))
    by = system_user() if slots else None
    marked = emails = 0
    for slot in slots:
        m, e = _close_slot(slot, by)
        marked += m
        emails += e
    return ClosingSummary(slots=len(slots), marked=marked, emails=emails)
