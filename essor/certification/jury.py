"""Writes of the jury: opening and closing it, its decisions (append-only, with the
eligibility the jury had in front of it), the derogations it grants, and its minutes.

A « délivré » decision needs an eligible participant: the jury first grants the
derogations it wants (excused absences), then awards. An awarded decision issues the
certificate and moves the enrolment to « certifié ». A closed jury takes no new decision
and no new derogation; its minutes are rendered then, stored, and served as stored.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort, Enrolment, EnrolmentStatus
from essor.cohorts.services import change_enrolment_status
from essor.core import clock
from essor.core.errors import DomainError

from .eligibility import eligibility_for
from .models import Decision, Jury, JuryDecision

# Who comes before the jury: admitted, enrolled and already certified participants.
JURY_STATUSES = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED, EnrolmentStatus.CERTIFIED)


def _check_open(jury: Jury) -> None:
    if jury.closed_at is not None:
        raise DomainError(
            "jury_closed", _("Ce jury est clos : il ne prend plus de décision ni de dérogation.")
        )


def _lock(jury: Jury) -> Jury:
    return Jury.objects.select_for_update().select_related("cohort").get(pk=jury.pk)


def _check_participant(jury: Jury, enrolment: Enrolment) -> None:
    if enrolment.cohort_id != jury.cohort_id:
        raise DomainError("wrong_cohort", _("Cet·te auditeur·rice n'est pas de cette promotion."))
    if enrolment.status not in JURY_STATUSES:
        raise DomainError(
            "not_in_jury",
            _("Cet·te auditeur·rice ne passe pas devant le jury (inscription « %(status)s »).")
            % {"status": EnrolmentStatus(enrolment.status).label},
        )


@transaction.atomic
def open_jury(
    *,
    cohort: Cohort,
    held_on,
    president: str,
    members: str = "",
    signatory: str,
    signatory_title: str = "",
    by,
) -> Jury:
    president, signatory = president.strip(), signatory.strip()
    if not president:
        raise DomainError("president_required", _("Indiquez le ou la président·e du jury."))
    if not signatory:
        raise DomainError("signatory_required", _("Indiquez le ou la signataire des certificats."))
    # One jury at a time per cohort: lock the cohort so two openings cannot race.
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    if Jury.objects.filter(cohort=cohort, closed_at__isnull=True).exists():
        raise DomainError(
            "jury_already_open",
            _(
                "Un jury est déjà ouvert pour cette promotion : clôturez-le avant "
                "d'en ouvrir un autre."
            ),
        )
    return Jury.objects.create(
        cohort=cohort,
        held_on=held_on,
        president=president,
        members=members.strip(),
        signatory=signatory,
        signatory_title=signatory_title.strip(),
        opened_by=by,
        opened_at=clock.now(),
    )


@transaction.atomic
def record_decision(*, jury: Jury, enrolment: Enrolment, decision: str, reasons: str, by):
    """Add a decision for `enrolment` (the latest one of a jury is in force).

    « délivré » needs an eligible participant (DomainError "not_eligible", listing the
    reasons) and issues the certificate; « ajourné » and « refusé » need reasons."""
    locked = _lock(jury)
    _check_open(locked)
    enrolment = Enrolment.objects.select_for_update(of=("self",)).get(pk=enrolment.pk)
    _check_participant(locked, enrolment)
    if decision not in Decision.values:
        raise DomainError("unknown_decision", _("Décision inconnue."))
    reasons = (reasons or "").strip()
    if decision != Decision.AWARDED and not reasons:
        raise DomainError(
            "reasons_required",
            _("Motivez la décision : les motifs sont obligatoires pour « %(decision)s ».")
            % {"decision": Decision(decision).label},
        )
    eligibility = eligibility_for(enrolment)
    if decision == Decision.AWARDED and not eligibility.eligible:
        reasons_text = [str(reason) for reason in eligibility.reasons]
        raise DomainError(
            "not_eligible",
            _(
                "Le certificat ne peut pas être délivré : l'auditeur·rice n'est pas "
                "éligible (%(reasons)s). Accordez d'abord les dérogations voulues, ou "
                "ajournez."
            )
            % {"reasons": " ; ".join(reasons_text)},
            details=reasons_text,
        )
    record = JuryDecision.objects.create(
        jury=locked,
        enrolment=enrolment,
        decision=decision,
        reasons=reasons,
        eligibility=eligibility.as_json(),
        decided_by=by,
        decided_at=clock.now(),
    )
    if decision == Decision.AWARDED:
        from .issuing import issue_certificate

        if enrolment.status == EnrolmentStatus.ADMITTED:
            enrolment = change_enrolment_status(
                enrolment=enrolment,
                to_status=EnrolmentStatus.ENROLLED,
                by=by,
                reason=_("Décision du jury du %(date)s") % {"date": locked.held_on},
            )
        issue_certificate(decision=record, by=by)
        change_enrolment_status(
            enrolment=enrolment,
            to_status=EnrolmentStatus.CERTIFIED,
            by=by,
            reason=_("Certificat délivré par le jury du %(date)s") % {"date": locked.held_on},
        )
    return record


@transaction.atomic
def grant_jury_derogation(*, jury: Jury, enrolment: Enrolment, slot, reason: str, by):
    """A derogation granted by an open jury (for an excused absence of one half-day)."""
    from .derogations import grant_derogation

    locked = _lock(jury)
    _check_open(locked)
    _check_participant(locked, enrolment)
    return grant_derogation(enrolment=enrolment, slot=slot, reason=reason, by=by, jury=locked)


@transaction.atomic
def close_jury(*, jury: Jury, by) -> Jury:
    """Close the jury and store its minutes as they stand (served as stored afterwards)."""
    from .jury_selectors import minutes_filename, render_minutes

    locked = _lock(jury)
    _check_open(locked)
    locked.closed_at = clock.now()
    content = render_minutes(locked)
    locked.minutes_pdf.save(minutes_filename(locked), ContentFile(content), save=False)
    locked.save(update_fields=["closed_at", "minutes_pdf"])
    return locked
