"""Writes for the bilan, its highlights, the improvement actions and the complaints log.

Every service checks its rules and raises DomainError (French message) before writing.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort, Membership
from essor.core import clock
from essor.core.errors import DomainError
from essor.surveys.models import MIN_ANSWERS_SHOWN, Answer, QuestionKind, Response

from .bilan import OPEN_STATUSES, OWNER_ROLES, highlight_source, next_cohort
from .models import (
    ActionSource,
    ActionStatus,
    Bilan,
    ComplainantRole,
    Complaint,
    ComplaintChannel,
    Highlight,
    ImprovementAction,
)


def _today() -> date:
    return clock.now().date()


def _not_future(day: date | None, label: str) -> None:
    if day is not None and day > _today():
        raise DomainError(
            "date_in_future",
            _("La date « %(field)s » ne peut pas être dans le futur.") % {"field": label},
        )


def _required(value: str, code: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(code, message)
    return value


# --- bilan ----------------------------------------------------------------------------------


@transaction.atomic
def save_bilan(
    *,
    cohort: Cohort,
    by,
    held_on: date | None,
    attendees: str,
    summary: str,
    partners_feedback: str,
    speakers_feedback: str,
) -> Bilan:
    _not_future(held_on, _("date de la réunion de bilan"))
    bilan, _created = Bilan.objects.select_for_update().get_or_create(cohort=cohort)
    bilan.held_on = held_on
    bilan.attendees = attendees.strip()
    bilan.summary = summary.strip()
    bilan.partners_feedback = partners_feedback.strip()
    bilan.speakers_feedback = speakers_feedback.strip()
    bilan.updated_by = by
    bilan.save()
    return bilan


@transaction.atomic
def publish_bilan(*, cohort: Cohort, by, published: bool) -> tuple[Bilan, int]:
    """Share the bilan (or withdraw it). Sharing carries the open improvement actions to
    the next cohort; returns the bilan and how many actions were carried."""
    bilan, _created = Bilan.objects.select_for_update().get_or_create(cohort=cohort)
    carried = 0
    if published:
        if not bilan.summary.strip():
            raise DomainError(
                "summary_required",
                _("Rédigez l'analyse de la coordination avant de partager le bilan."),
            )
        bilan.published = True
        bilan.published_at = clock.now()
        carried = carry_open_actions(cohort=cohort)
    else:
        bilan.published = False
        bilan.published_at = None
    bilan.updated_by = by
    bilan.save()
    return bilan, carried


# --- highlights -----------------------------------------------------------------------------


@transaction.atomic
def add_highlight(*, cohort: Cohort, answer_id: UUID, text: str, by) -> Highlight:
    """Quote a free-text answer of one of the cohort's surveys with at least 5 answers."""
    answer = (
        Answer.objects.select_related("question", "response__survey").filter(pk=answer_id).first()
    )
    if answer is None or answer.response.survey.cohort_id != cohort.pk:
        raise DomainError(
            "answer_unknown", _("Cette réponse n'appartient pas aux enquêtes de la promotion.")
        )
    if answer.question.kind != QuestionKind.TEXT:
        raise DomainError("not_text", _("Seules les réponses en texte libre peuvent être citées."))
    survey = answer.response.survey
    if Response.objects.filter(survey=survey).count() < MIN_ANSWERS_SHOWN:
        raise DomainError(
            "too_few_answers",
            _("Cette enquête a moins de 5 réponses : ses réponses ne peuvent pas être citées."),
        )
    text = _required(text or answer.text, "text_required", _("L'extrait ne peut pas être vide."))
    bilan, _created = Bilan.objects.get_or_create(cohort=cohort)
    if bilan.highlights.filter(answer=answer).exists():
        raise DomainError("already_retained", _("Cette réponse est déjà retenue."))
    position = bilan.highlights.count()
    return Highlight.objects.create(
        bilan=bilan,
        answer=answer,
        source=highlight_source(survey, answer.question.text),
        text=text,
        position=position,
        created_by=by,
    )


@transaction.atomic
def delete_highlight(*, cohort: Cohort, highlight_id: int) -> None:
    deleted, _detail = Highlight.objects.filter(pk=highlight_id, bilan__cohort=cohort).delete()
    if not deleted:
        raise DomainError("highlight_unknown", _("Extrait introuvable."))


# --- improvement actions --------------------------------------------------------------------


def _check_owner(cohort: Cohort, owner) -> None:
    if (
        owner is None
        or not Membership.objects.filter(cohort=cohort, user=owner, role__in=OWNER_ROLES).exists()
    ):
        raise DomainError(
            "owner_not_staff",
            _("La personne responsable doit être de la coordination, intervenante ou tutrice."),
        )


@transaction.atomic
def create_action(
    *,
    cohort: Cohort,
    by,
    title: str,
    description: str,
    source: str,
    owner,
    due_on: date,
    complaint: Complaint | None = None,
) -> ImprovementAction:
    title = _required(title, "title_required", _("Indiquez l'action décidée."))
    if source not in ActionSource.values:
        raise DomainError("source_unknown", _("Origine de l'action inconnue."))
    if due_on is None:
        raise DomainError("due_required", _("Indiquez l'échéance."))
    _check_owner(cohort, owner)
    if complaint is not None and complaint.cohort_id != cohort.pk:
        raise DomainError("complaint_unknown", _("Réclamation introuvable."))
    return ImprovementAction.objects.create(
        programme_id=cohort.programme_id,
        origin_cohort=cohort,
        title=title,
        description=(description or "").strip(),
        source=source,
        owner=owner,
        due_on=due_on,
        complaint=complaint,
        created_by=by,
    )


@transaction.atomic
def update_action(
    *, action: ImprovementAction, status: str, outcome: str, done_on: date | None
) -> ImprovementAction:
    if status not in ActionStatus.values:
        raise DomainError("status_unknown", _("État inconnu."))
    outcome = (outcome or "").strip()
    if status == ActionStatus.DONE:
        if not outcome:
            raise DomainError("outcome_required", _("Décrivez la réalisation et l'effet constaté."))
        if done_on is None:
            raise DomainError("done_on_required", _("Indiquez la date de réalisation."))
        _not_future(done_on, _("réalisée le"))
    elif status != ActionStatus.DROPPED:
        done_on = None
    action.status = status
    action.outcome = outcome
    action.done_on = done_on if status == ActionStatus.DONE else None
    action.save(update_fields=["status", "outcome", "done_on", "updated_at"])
    return action


@transaction.atomic
def carry_open_actions(*, cohort: Cohort) -> int:
    """Carry the open actions (decided or in progress) of `cohort`, and those carried to
    it, to the next cohort of the programme. Returns how many; 0 without a next cohort."""
    target = next_cohort(cohort)
    if target is None:
        return 0
    return (
        ImprovementAction.objects.filter(
            Q(origin_cohort=cohort) | Q(carried_to=cohort), status__in=OPEN_STATUSES
        )
        .exclude(carried_to=target)
        .update(carried_to=target, updated_at=clock.now())
    )


# --- complaints -----------------------------------------------------------------------------


@transaction.atomic
def record_complaint(
    *,
    cohort: Cohort,
    by,
    received_on: date,
    channel: str,
    complainant_role: str,
    complainant_name: str,
    subject: str,
    description: str,
) -> Complaint:
    if received_on is None:
        raise DomainError("received_required", _("Indiquez la date de réception."))
    _not_future(received_on, _("reçue le"))
    if channel not in ComplaintChannel.values:
        raise DomainError("channel_unknown", _("Canal inconnu."))
    if complainant_role not in ComplainantRole.values:
        raise DomainError("role_unknown", _("Émetteur inconnu."))
    return Complaint.objects.create(
        cohort=cohort,
        received_on=received_on,
        channel=channel,
        complainant_role=complainant_role,
        complainant_name=(complainant_name or "").strip(),
        subject=_required(subject, "subject_required", _("Indiquez l'objet de la réclamation.")),
        description=_required(description, "description_required", _("Décrivez la réclamation.")),
        recorded_by=by,
    )


@transaction.atomic
def answer_complaint(
    *,
    complaint: Complaint,
    response: str,
    responded_on: date | None,
    closed_on: date | None,
    action: ImprovementAction | None = None,
) -> Complaint:
    response = (response or "").strip()
    _not_future(responded_on, _("répondu le"))
    _not_future(closed_on, _("close le"))
    if responded_on and responded_on < complaint.received_on:
        raise DomainError(
            "responded_before_received",
            _("La réponse ne peut pas précéder la réception de la réclamation."),
        )
    if response and responded_on is None:
        raise DomainError("responded_on_required", _("Indiquez la date de la réponse."))
    if closed_on is not None:
        if not response:
            raise DomainError(
                "response_required", _("Une réclamation ne peut être close sans réponse apportée.")
            )
        if closed_on < complaint.received_on:
            raise DomainError(
                "closed_before_received",
                _("La date de clôture ne peut pas précéder la date de réception."),
            )
    if action is not None:
        cohort_id = complaint.cohort_id
        if action.origin_cohort_id != cohort_id and action.carried_to_id != cohort_id:
            raise DomainError("action_unknown", _("Action introuvable."))
        action.complaint = complaint
        action.save(update_fields=["complaint", "updated_at"])
    complaint.response = response
    complaint.responded_on = responded_on
    complaint.closed_on = closed_on
    complaint.save(update_fields=["response", "responded_on", "closed_on", "updated_at"])
    return complaint
