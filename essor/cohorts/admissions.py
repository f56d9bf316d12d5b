"""Writes for applications: submitting one, and the coordination's decision on it.

Each function is one transaction; a broken rule raises DomainError and writes nothing.
E-mails leave on commit, so a rolled-back decision never reaches the applicant.
"""

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from essor.accounts.services import create_invitation
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.uploads import check_document

from .admission_selectors import accessibility_contact, coordination_addresses, occupied_places
from .models import (
    Application,
    ApplicationStatus,
    Cohort,
    DiplomaLevel,
    Enrolment,
    EnrolmentEvent,
    EnrolmentStatus,
    Organisation,
    Role,
)
from .siren import clean_siren

# The fields an applicant fills in (everything but the CV, which comes as a file).
APPLICATION_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "organisation_name",
    "organisation_family",
    "siren",
    "region",
    "employees",
    "volunteers",
    "federation",
    "position",
    "diploma_level",
    "diploma_title",
    "vapp_request",
    "motivation",
    "funding",
    "funding_details",
    "accessibility_needs",
)

# The programme expects a level 7 diploma; below it, a validation request (VAPP) is asked for.
EXPECTED_LEVEL = DiplomaLevel.LEVEL_7

PENDING = (ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED)


def _mail_on_commit(*, subject, params: dict, template: str, context: dict, to: list[str]):
    """Render now, in the site's language (the reader is not the person clicking), and
    send once the transaction is committed. `subject` is a lazy string with `params`."""
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(subject) % params
        body = render_to_string(template, context)
    transaction.on_commit(
        lambda: send_mail(subject=subject, message=body, from_email=None, recipient_list=to)
    )


def check_cv(cv: UploadedFile) -> None:
    try:
        check_document(cv, allowed=("pdf",), max_bytes=settings.ESSOR_CV_MAX_BYTES)
    except ValidationError as exc:
        raise DomainError("cv_invalid", " ".join(exc.messages)) from exc


@transaction.atomic
def submit_application(*, cohort: Cohort, data: dict[str, Any], cv: UploadedFile) -> Application:
    """Record an application from the public form; acknowledge it to the applicant and, if
    they need accommodations, tell whoever handles them."""
    if not (cohort.is_public and cohort.applications_open):
        raise DomainError(
            "applications_closed", _("Les candidatures à cette promotion sont closes.")
        )
    values = {name: data.get(name) for name in APPLICATION_FIELDS}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
        elif value is None and name not in ("employees", "volunteers"):
            values[name] = ""
    try:
        values["siren"] = clean_siren(values["siren"])
    except ValidationError as exc:
        raise DomainError("siren_invalid", " ".join(exc.messages)) from exc
    if int(values["diploma_level"]) < EXPECTED_LEVEL and not values["vapp_request"]:
        raise DomainError(
            "vapp_required",
            _(
                "Votre diplôme est d'un niveau inférieur au niveau 7 : décrivez votre "
                "parcours pour demander une validation des acquis (VAPP)."
            ),
        )
    if Application.objects.filter(
        cohort=cohort, email__iexact=values["email"], status__in=PENDING
    ).exists():
        raise DomainError(
            "already_applied",
            _(
                "Une candidature envoyée avec cette adresse électronique est déjà en cours "
                "d'examen pour cette promotion."
            ),
        )
    check_cv(cv)
    application = Application(cohort=cohort, **values)
    # The stored name is ours: the applicant's file name is neither trusted nor kept.
    cv.name = f"{uuid.uuid4().hex}.pdf"
    application.cv = cv
    application.save()

    context = {"application": application, "cohort": cohort, "programme": cohort.programme}
    _mail_on_commit(
        subject=gettext_lazy("Candidature reçue — %(cohort)s"),
        params={"cohort": cohort.title},
        template="cohorts/application_email_received.txt",
        context=context,
        to=[application.email],
    )
    if application.accessibility_needs:
        contact = accessibility_contact(cohort)
        _mail_on_commit(
            subject=gettext_lazy("Besoins d'aménagement d'un·e candidat·e — %(cohort)s"),
            params={"cohort": cohort.title},
            template="cohorts/application_email_accessibility.txt",
            context={**context, "url": application_url(application)},
            to=contact.emails,
        )
    return application


def application_url(application: Application) -> str:
    path = reverse(
        "cohorts:application", kwargs={"slug": application.cohort.slug, "pk": application.pk}
    )
    return settings.ESSOR_BASE_URL.rstrip("/") + path


class Decision:
    ADMIT = "admit"
    WAITLIST = "waitlist"
    REFUSE = "refuse"

    STATUS = {
        ADMIT: ApplicationStatus.ADMITTED,
        WAITLIST: ApplicationStatus.WAITLISTED,
        REFUSE: ApplicationStatus.REFUSED,
    }
    SUBJECTS = {
        ADMIT: gettext_lazy("Votre candidature est retenue — %(cohort)s"),
        WAITLIST: gettext_lazy("Votre candidature est sur liste d'attente — %(cohort)s"),
        REFUSE: gettext_lazy("Réponse à votre candidature — %(cohort)s"),
    }


def _organisation_for(application: Application) -> Organisation:
    """The organisation with the application's SIREN if known, else a new one."""
    if application.siren:
        existing = Organisation.objects.filter(siren=application.siren).first()
        if existing is not None:
            return existing
    return Organisation.objects.create(
        name=application.organisation_name,
        family=application.organisation_family,
        siren=application.siren,
        region=application.region,
        employees=application.employees,
        volunteers=application.volunteers,
        federation=application.federation,
    )


def _admit(application: Application, cohort: Cohort, by) -> Enrolment:
    occupied = occupied_places(cohort)
    if occupied >= cohort.capacity:
        raise DomainError(
            "cohort_full",
            ngettext(
                "La promotion est complète (%(occupied)s place sur %(capacity)s occupée) : "
                "placez plutôt la candidature sur liste d'attente.",
                "La promotion est complète (%(occupied)s places sur %(capacity)s occupées) : "
                "placez plutôt la candidature sur liste d'attente.",
                occupied,
            )
            % {"occupied": occupied, "capacity": cohort.capacity},
        )
    enrolment = Enrolment.objects.create(
        cohort=cohort,
        application=application,
        organisation=_organisation_for(application),
        position=application.position,
        status=EnrolmentStatus.ADMITTED,
    )
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        from_status="",
        to_status=EnrolmentStatus.ADMITTED,
        by=by,
        reason=_("Candidature admise."),
    )
    create_invitation(
        cohort=cohort,
        role=Role.PARTICIPANT,
        email=application.email,
        invited_by=by,
        first_name=application.first_name,
        last_name=application.last_name,
    )
    return enrolment


@transaction.atomic
def decide_application(*, application: Application, decision: str, message: str, by) -> Application:
    """Admit, wait-list or refuse an application and write to the applicant.

    The cohort row is locked first, so two admissions at once cannot both take the last
    place; the application row next, so the same application is not decided twice.
    """
    if decision not in Decision.STATUS:
        raise DomainError("decision_unknown", _("Décision inconnue."))
    message = (message or "").strip()
    if not message:
        raise DomainError(
            "decision_message_required", _("Écrivez le message qui sera envoyé au candidat.")
        )
    # of=("self",): lock the cohort, not its programme (shared by other cohorts).
    cohort = (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=application.cohort_id)
    )
    locked = Application.objects.select_for_update().get(pk=application.pk)
    to_status = Decision.STATUS[decision]
    if locked.status not in PENDING:
        raise DomainError(
            "application_decided",
            _("Cette candidature a déjà été traitée (statut : %(status)s).")
            % {"status": ApplicationStatus(locked.status).label},
        )
    if locked.status == to_status:
        raise DomainError(
            "application_decided", _("Cette candidature est déjà sur liste d'attente.")
        )
    if decision == Decision.ADMIT:
        _admit(locked, cohort, by)
    locked.status = to_status
    locked.decision_message = message
    locked.decided_by = by
    locked.decided_at = clock.now()
    locked.save(update_fields=["status", "decision_message", "decided_by", "decided_at"])

    _mail_on_commit(
        subject=Decision.SUBJECTS[decision],
        params={"cohort": cohort.title},
        template="cohorts/application_email_decision.txt",
        context={
            "application": locked,
            "cohort": cohort,
            "message": message,
            "admitted": decision == Decision.ADMIT,
            "contacts": coordination_addresses(cohort),
        },
        to=[locked.email],
    )
    return locked
