"""What the attendance documents share: names, organisations, the half-day's header,
file names, stored signature images. No query: callers pass objects with their
relations loaded."""

import functools
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from essor.cohorts.convocation import participant_name
from essor.cohorts.models import Cohort, Enrolment, EnrolmentStatus
from essor.core.formats import french_time, french_weekday_date
from essor.core.storage import private_storage
from essor.programmes.models import Slot
from essor.programmes.timeutils import format_hours

logger = logging.getLogger(__name__)

# Who appears on a sheet: the participants whose place is current or completed. A
# withdrawn participant still appears on the sheets where they signed or have a record.
ON_SHEET = (EnrolmentStatus.ADMITTED, EnrolmentStatus.ENROLLED, EnrolmentStatus.CERTIFIED)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# A morning half-day starts before 13:00 (same rule as the essor_format filters).
AFTERNOON_HOUR = 13


def cohort_zone(cohort: Cohort) -> ZoneInfo:
    return ZoneInfo(cohort.timezone)


def half_day_label(slot: Slot) -> str:
    start = slot.start.astimezone(cohort_zone(slot.cohort))
    return _("matin") if start.hour < AFTERNOON_HOUR else _("après-midi")


def participant_sort_key(enrolment: Enrolment) -> tuple:
    user, application = enrolment.user, enrolment.application
    if user is not None and user.last_name:
        return (user.last_name.casefold(), user.first_name.casefold(), enrolment.pk)
    if application is not None:
        return (
            application.last_name.casefold(),
            application.first_name.casefold(),
            enrolment.pk,
        )
    return (participant_name(enrolment).casefold(), "", enrolment.pk)


def organisation_name(enrolment: Enrolment) -> str:
    return enrolment.organisation.name if enrolment.organisation else "—"


def person_name(user) -> str:
    return user.get_full_name() or user.username


def read_png(name: str) -> bytes | None:
    """A stored signature image, or None when it is missing or not a PNG (then the sheet
    says so instead of failing: the rest of the evidence must still print)."""
    if not name:
        return None
    try:
        with private_storage.open(name, "rb") as handle:
            content = handle.read()
    except OSError:
        logger.warning("Image de signature introuvable : %s", name)
        return None
    if not content.startswith(PNG_MAGIC):
        logger.warning("Image de signature illisible (pas un PNG) : %s", name)
        return None
    return content


def slot_header(slot: Slot) -> dict:
    """What the top of both sheets shows. `slot` comes with cohort, programme and module."""
    cohort = slot.cohort
    programme = cohort.programme
    zone = cohort_zone(cohort)
    start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
    return {
        "programme": {
            "code": programme.code,
            "title": programme.title,
            "certificate_name": programme.certificate_name,
            "institution": programme.institution,
        },
        "cohort": cohort.title,
        "place": cohort.place,
        "module": {
            "label": _("Module %(number)s") % {"number": slot.module.number},
            "title": slot.module.title,
        },
        "date": french_weekday_date(start.date()),
        "half_day": half_day_label(slot).capitalize(),
        "hours": _("%(start)s – %(end)s")
        % {"start": french_time(start.time()), "end": french_time(end.time())},
        "duration": format_hours(slot.duration),
    }


def header_labels() -> dict:
    return {
        "programme": _("Formation"),
        "cohort": _("Promotion"),
        "date": _("Date"),
        "half_day": _("Demi-journée"),
        "hours": _("Horaires"),
        "duration": _("Durée"),
        "place": _("Lieu"),
        "speakers": _("Intervenant·e(s)"),
        "name": _("Auditeur·rice"),
        "organisation": _("Structure"),
        "signature": _("Signature"),
    }


def sheet_filename(slot: Slot, *, blank: bool = False) -> str:
    """« emargement-cs26-2025-module-01-2025-01-20-apres-midi.pdf »"""
    start = slot.start.astimezone(cohort_zone(slot.cohort))
    prefix = "feuille-vierge" if blank else "emargement"
    half = "matin" if start.hour < AFTERNOON_HOUR else "apres-midi"
    return (
        f"{prefix}-{slot.cohort.slug}-module-{slot.module.number:02d}-"
        f"{start.date().isoformat()}-{half}.pdf"
    )


def participant_filename(prefix: str, enrolment: Enrolment) -> str:
    """« certificat-realisation-cs26-2025-lea-riviere-12.pdf » (the id keeps namesakes apart)."""
    name = slugify(participant_name(enrolment)) or "participant"
    return f"{prefix}-{enrolment.cohort.slug}-{name}-{enrolment.pk}.pdf"


def in_site_language(render):
    """Official documents (evidence for funders and auditors) are written in the site's
    language, French, whatever language the person asking for them browses in."""

    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return render(*args, **kwargs)

    return wrapper
