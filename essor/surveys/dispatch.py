"""Sending the surveys: opening them on time (each person asked gets a personal link),
reminding those who have not answered, closing them and purging the « who was asked »
list. Run every few minutes by `python manage.py run_surveys`.

Each survey is handled in its own transaction with its row locked, and each step checks
the state it starts from (planned → open → closed; a reminder only when due), so two
runs at the same time, or a run repeated, never send twice.

A reminder carries the same personal link as the invitation (tokens.recipient_token),
so whichever e-mail the person opens, the link works.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from essor.cohorts.models import Enrolment, EnrolmentStatus, Membership, Role
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.formats import french_date, french_time

from .models import Audience, Recipient, Survey, SurveyStatus
from .tokens import recipient_token

# Participants asked: everyone admitted, following or certified (not those who left).
ASKED_STATUSES = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED, EnrolmentStatus.CERTIFIED)


@dataclass(frozen=True)
class DispatchSummary:
    opened: int = 0  # surveys opened
    sent: int = 0  # invitations e-mailed
    reminded: int = 0  # reminders e-mailed
    closed: int = 0  # surveys closed


# --- Who is asked -------------------------------------------------------------------------


def audience_user_ids(survey: Survey) -> list[int]:
    audience = survey.questionnaire.audience
    if audience == Audience.PARTICIPANTS:
        qs = Enrolment.objects.filter(
            cohort_id=survey.cohort_id, status__in=ASKED_STATUSES, user__isnull=False
        ).values_list("user_id", flat=True)
    else:
        role = Role.SPEAKER if audience == Audience.SPEAKERS else Role.PARTNER
        qs = Membership.objects.filter(cohort_id=survey.cohort_id, role=role).values_list(
            "user_id", flat=True
        )
    return sorted(set(qs))


# --- E-mails -----------------------------------------------------------------------------


def answer_url(raw_token: str) -> str:
    return settings.ESSOR_BASE_URL.rstrip("/") + reverse(
        "surveys:answer-token", kwargs={"token": raw_token}
    )


def _closes_text(survey: Survey) -> str:
    local = survey.closes_at.astimezone(ZoneInfo(survey.cohort.timezone))
    return f"{french_date(local.date())} à {french_time(local.time())}"


def _send(survey: Survey, recipient_user, raw_token: str, *, reminder: bool) -> bool:
    if not recipient_user.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": recipient_user.get_full_name() or recipient_user.username,
            "survey": survey,
            "cohort": survey.cohort,
            "questionnaire": survey.questionnaire,
            "anonymous": survey.questionnaire.anonymous,
            "url": answer_url(raw_token),
            "closes": _closes_text(survey),
            "reminder": reminder,
        }
        if reminder:
            subject = _("Rappel : %(title)s") % {"title": survey.title}
        else:
            subject = _("Votre avis : %(title)s") % {"title": survey.title}
        body = render_to_string("surveys/email_invitation.txt", context)
    to = recipient_user.email
    transaction.on_commit(
        lambda: send_mail(subject=subject, message=body, from_email=None, recipient_list=[to])
    )
    return True


# --- Steps (each on a locked survey) -------------------------------------------------------


def _locked(survey_id: int) -> Survey:
    return (
        Survey.objects.select_for_update()
        .select_related("questionnaire", "cohort")
        .get(pk=survey_id)
    )


def _open(survey: Survey, now: datetime) -> int:
    """Open a planned survey and e-mail each person asked; returns the e-mails sent."""
    survey.status = SurveyStatus.OPEN
    survey.opened_at = now
    survey.save(update_fields=["status", "opened_at"])
    users = get_user_model().objects.filter(pk__in=audience_user_ids(survey)).order_by("pk")
    sent = 0
    for user in users:
        raw, digest = recipient_token(survey.pk, user.pk)
        Recipient.objects.create(survey=survey, user=user, token_hash=digest, last_sent_at=now)
        sent += _send(survey, user, raw, reminder=False)
    survey.recipients_count = len(users)
    survey.save(update_fields=["recipients_count"])
    return sent


def _remind(survey: Survey, now: datetime, *, force: bool = False) -> int:
    """E-mail the link again to those who have not answered and are due (or all of them
    when `force`, within `max_reminders`); returns the e-mails sent."""
    questionnaire = survey.questionnaire
    due = Recipient.objects.select_for_update().filter(
        survey=survey, answered=False, reminders_sent__lt=questionnaire.max_reminders
    )
    if not force:
        due = due.filter(
            Q(last_sent_at__isnull=True)
            | Q(last_sent_at__lte=now - timedelta(days=questionnaire.reminder_days))
        )
    sent = 0
    for recipient in due.select_related("user").order_by("pk"):
        raw, _digest = recipient_token(survey.pk, recipient.user_id)
        recipient.reminders_sent += 1
        recipient.last_sent_at = now
        recipient.save(update_fields=["reminders_sent", "last_sent_at"])
        sent += _send(survey, recipient.user, raw, reminder=True)
    return sent


def _close(survey: Survey, now: datetime) -> None:
    """Close: keep how many were asked, then forget who (and who answered)."""
    recipients = Recipient.objects.filter(survey=survey)
    survey.recipients_count = recipients.count()
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = now
    survey.save(update_fields=["status", "closed_at", "recipients_count"])
    recipients.delete()


# --- The periodic run ---------------------------------------------------------------------


def run_due(*, now: datetime) -> DispatchSummary:
    """Everything due at `now`: open, remind, close. Surveys whose whole window is past
    when first seen (an old cohort loaded late) are closed without sending anything."""
    opened = sent = reminded = closed = 0

    planned = Survey.objects.filter(status=SurveyStatus.PLANNED, opens_at__lte=now)
    for survey_id in planned.order_by("opens_at", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            survey = _locked(survey_id)
            if survey.status != SurveyStatus.PLANNED or survey.opens_at > now:
                continue
            if survey.closes_at <= now:
                _close(survey, now)
                closed += 1
            else:
                sent += _open(survey, now)
                opened += 1

    open_ids = Survey.objects.filter(status=SurveyStatus.OPEN).order_by("pk")
    for survey_id in open_ids.values_list("pk", flat=True):
        with transaction.atomic():
            survey = _locked(survey_id)
            if survey.status != SurveyStatus.OPEN:
                continue
            if survey.closes_at <= now:
                _close(survey, now)
                closed += 1
            else:
                reminded += _remind(survey, now)
    return DispatchSummary(opened=opened, sent=sent, reminded=reminded, closed=closed)


# --- Coordinator actions ------------------------------------------------------------------


@transaction.atomic
def open_now(*, survey: Survey, now: datetime | None = None) -> int:
    """Open a planned survey before its date; returns the invitations e-mailed. It stays
    open for the questionnaire's number of days from now if its closing was earlier."""
    now = now or clock.now()
    survey = _locked(survey.pk)
    if survey.status != SurveyStatus.PLANNED:
        raise DomainError("not_planned", _("Cette enquête a déjà été ouverte."))
    if survey.closes_at <= now:
        survey.closes_at = now + timedelta(days=survey.questionnaire.open_days)
        survey.save(update_fields=["closes_at"])
    return _open(survey, now)


@transaction.atomic
def remind_now(*, survey: Survey, now: datetime | None = None) -> int:
    """Remind now every person asked who has not answered (within the number of
    reminders); returns the e-mails sent."""
    now = now or clock.now()
    survey = _locked(survey.pk)
    if survey.status != SurveyStatus.OPEN:
        raise DomainError("not_open", _("Seule une enquête ouverte peut être relancée."))
    return _remind(survey, now, force=True)


@transaction.atomic
def close_now(*, survey: Survey, now: datetime | None = None) -> None:
    now = now or clock.now()
    survey = _locked(survey.pk)
    if survey.status != SurveyStatus.OPEN:
        raise DomainError("not_open", _("Seule une enquête ouverte peut être close."))
    survey.closes_at = min(survey.closes_at, now)
    survey.save(update_fields=["closes_at"])
    _close(survey, now)
