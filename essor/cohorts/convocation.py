"""The convocation: the data of one participant's PDF, its rendering, and sending it.

The PDF is data plus a template (essor/documents/templates/convocation.typ): everything
French is written here, through gettext, so the template holds no text of its own.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from essor.core import clock
from essor.core.formats import french_date, french_time, french_weekday_date
from essor.coursework.selectors import statement_deadline
from essor.documents.render import render_pdf
from essor.programmes.selectors import CohortCalendar, cohort_calendar
from essor.programmes.timeutils import format_hours

from .admission_selectors import coordination_addresses
from .models import Cohort, Enrolment, EnrolmentStatus

logger = logging.getLogger(__name__)

# A participant may download their convocation while their place is current.
CONVOCABLE = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED)


def participant_name(enrolment: Enrolment) -> str:
    """The account's name, or the application's before the invitation is accepted."""
    user, application = enrolment.user, enrolment.application
    if user is not None and user.get_full_name():
        return user.get_full_name()
    if application is not None:
        return f"{application.first_name} {application.last_name}"
    return str(user or "")


def participant_email(enrolment: Enrolment) -> str:
    if enrolment.user is not None and enrolment.user.email:
        return enrolment.user.email
    return enrolment.application.email if enrolment.application is not None else ""


def _slot_line(slot, zone: ZoneInfo) -> str:
    start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
    half = _("matin") if start.hour < 13 else _("après-midi")
    return _("%(half)s : %(start)s – %(end)s") % {
        "half": half.capitalize(),
        "start": french_time(start.time()),
        "end": french_time(end.time()),
    }


def _calendar_modules(calendar: CohortCalendar, zone: ZoneInfo) -> list[dict]:
    modules = []
    for item in calendar.modules:
        by_day: dict[date, list[str]] = defaultdict(list)
        for slot in item.slots:
            by_day[slot.start.astimezone(zone).date()].append(_slot_line(slot, zone))
        modules.append(
            {
                "label": _("Module %(number)s") % {"number": item.module.number},
                "title": item.module.title,
                "days": [
                    {"date": french_weekday_date(day), "slots": lines}
                    for day, lines in sorted(by_day.items())
                ],
            }
        )
    return modules


@dataclass(frozen=True)
class CohortFacts:
    """What every convocation of a cohort shares, read once for a whole mailing."""

    calendar: CohortCalendar
    deadline: datetime | None
    coordination: list[str]


def cohort_facts(cohort: Cohort) -> CohortFacts:
    """4 queries: the calendar (2), the statement deadline, the coordination's addresses."""
    return CohortFacts(
        calendar=cohort_calendar(cohort),
        deadline=statement_deadline(cohort),
        coordination=coordination_addresses(cohort),
    )


def _contacts(cohort: Cohort, addresses: list[str]) -> list[str]:
    contacts = []
    if addresses:
        contacts.append(
            _("Coordination pédagogique : %(emails)s") % {"emails": ", ".join(addresses)}
        )
    access = cohort.programme.accessibility_contact or {}
    details = [access.get(key, "") for key in ("email", "phone") if access.get(key)]
    if access.get("name") or details:
        name = access.get("name") or _("Référent·e handicap")
        line = _("Accessibilité et aménagements : %(name)s") % {"name": name}
        contacts.append(line + (" — " + ", ".join(details) if details else ""))
    return contacts


def _rules(deadline: datetime | None, zone: ZoneInfo) -> list[str]:
    rules = [
        _(
            "Émargement : signez à chaque demi-journée, le matin comme l'après-midi ; "
            "la présence à l'intégralité des modules est requise pour obtenir le certificat."
        )
    ]
    if deadline is not None:
        local = deadline.astimezone(zone)
        rules.append(
            _(
                "Note d'intention (une ou deux pages) : à remettre avant le début du module 1, "
                "le %(date)s à %(time)s ; vous la présenterez aux autres auditeur·rices lors "
                "de ce module."
            )
            % {"date": french_weekday_date(local.date()), "time": french_time(local.time())}
        )
    rules.append(
        _(
            "Une absence, même justifiée, empêche la délivrance du certificat, sauf "
            "dérogation motivée décidée par le jury : prévenez la coordination au plus tôt."
        )
    )
    return rules


def convocation_data(enrolment: Enrolment, facts: CohortFacts | None = None) -> dict:
    """Everything the convocation shows, as strings. No query when `facts` is given and
    the enrolment comes with its cohort, programme, user, organisation and application."""
    cohort = enrolment.cohort
    programme = cohort.programme
    zone = ZoneInfo(cohort.timezone)
    facts = facts or cohort_facts(cohort)
    calendar = facts.calendar
    first, last = calendar.first_day, calendar.last_day
    dates = (
        _("du %(start)s au %(end)s") % {"start": french_date(first), "end": french_date(last)}
        if first and last
        else _("à préciser")
    )
    name = participant_name(enrolment)
    organisation = enrolment.organisation.name if enrolment.organisation else ""
    return {
        "document_title": _("Convocation — %(cohort)s — %(name)s")
        % {"cohort": cohort.title, "name": name},
        "programme": {
            "title": programme.title,
            "certificate_name": programme.certificate_name,
            "institution": programme.institution,
        },
        "cohort": {
            "title": cohort.title,
            "place": cohort.place or _("Lieu communiqué par la coordination"),
            "dates": dates,
            "total_hours": format_hours(calendar.duration),
        },
        "participant": {
            "name": name,
            "organisation": organisation or "—",
            "position": enrolment.position,
        },
        "intro": _(
            "Vous êtes convoqué·e à l'ensemble des modules de la formation, aux dates et "
            "horaires ci-dessous (heure locale, %(zone)s)."
        )
        % {"zone": cohort.timezone},
        "modules": _calendar_modules(calendar, zone),
        "rules": _rules(facts.deadline, zone),
        "practical_info": [p.strip() for p in cohort.practical_info.split("\n\n") if p.strip()],
        "contacts": _contacts(cohort, facts.coordination),
        "issued": _("Convocation établie le %(date)s.")
        % {"date": french_date(clock.now().astimezone(zone).date())},
        "footer": f"{programme.certificate_name} — {cohort.title}",
        "labels": {
            "title": _("Convocation"),
            "participant": _("Auditeur·rice"),
            "organisation": _("Structure"),
            "position": _("Fonction"),
            "place": _("Lieu"),
            "dates": _("Dates"),
            "total": _("Volume horaire"),
            "calendar_heading": _("Calendrier"),
            "module": _("Module"),
            "module_title": _("Intitulé"),
            "date": _("Date"),
            "times": _("Horaires"),
            "to_be_set": _("À préciser"),
            "rules_heading": _("Règles de la formation"),
            "practical_heading": _("Informations pratiques"),
            "contacts_heading": _("Contacts"),
        },
    }


def render_convocation(enrolment: Enrolment, facts: CohortFacts | None = None) -> bytes:
    return render_pdf("convocation", convocation_data(enrolment, facts))


def convocation_filename(enrolment: Enrolment) -> str:
    return f"convocation-{enrolment.cohort.slug}-{slugify(participant_name(enrolment))}.pdf"


def convocation_recipients(cohort: Cohort) -> QuerySet[Enrolment]:
    """Enrolled participants (their account exists, so their address is confirmed)."""
    return (
        Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.ENROLLED)
        .select_related("cohort__programme", "user", "organisation", "application")
        .order_by("user__last_name", "user__first_name", "pk")
    )


@dataclass(frozen=True)
class SendReport:
    sent: int
    without_address: list[str]
    failed: list[str]


def send_convocations(*, cohort: Cohort) -> SendReport:
    """E-mail each enrolled participant their convocation as a PDF attachment.

    Nothing is written to the database, so there is no transaction: each e-mail goes on
    its own, and one refused address does not stop the others (it is reported).
    """
    facts = cohort_facts(cohort)
    sent, without_address, failed = 0, [], []
    # The documents and e-mails are in the site's language, not the coordinator's.
    with translation.override(settings.LANGUAGE_CODE):
        for enrolment in convocation_recipients(cohort):
            name = participant_name(enrolment)
            email = participant_email(enrolment)
            if not email:
                without_address.append(name)
                continue
            message = EmailMessage(
                subject=_("Votre convocation — %(cohort)s") % {"cohort": cohort.title},
                body=render_to_string(
                    "cohorts/convocation_email.txt",
                    {"cohort": cohort, "name": name, "contacts": facts.coordination},
                ),
                to=[email],
                reply_to=facts.coordination[:1],
            )
            message.attach(
                convocation_filename(enrolment),
                render_convocation(enrolment, facts),
                "application/pdf",
            )
            try:
                message.send()
            except OSError:
                logger.exception("Convocation non envoyée à %s", email)
                failed.append(name)
                continue
            sent += 1
    return SendReport(sent=sent, without_address=without_address, failed=failed)
