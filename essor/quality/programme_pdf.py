"""The programme's public information as a PDF (Qualiopi indicator 1): the same facts as
the public page (essor/programmes/templates/programmes/programme_detail.html), for an
auditor's file. Every French text is written here; programme.typ is layout only."""

from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from essor.attendance.documents.common import in_site_language
from essor.cohorts.models import Cohort
from essor.core import clock
from essor.core.formats import french_date, french_time, french_weekday_date
from essor.documents.render import render_pdf
from essor.programmes.models import Programme
from essor.programmes.selectors import ModuleWithSlots, cohort_calendar, programme_modules
from essor.programmes.timeutils import format_hours
from essor.programmes.views.public import REQUIREMENT_LABELS


def _module_rows(items: list[ModuleWithSlots], zone: ZoneInfo | None) -> list[dict]:
    rows = []
    for item in items:
        module = item.module
        days: dict[date, list[str]] = defaultdict(list)
        for slot in item.slots:
            start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
            days[start.date()].append(f"{french_time(start.time())} – {french_time(end.time())}")
        rows.append(
            {
                "label": _("Module %(number)s") % {"number": module.number},
                "title": module.title,
                "kind": f"{module.get_kind_display()} · {module.get_format_display()}",
                "description": module.description,
                "hours": format_hours(item.duration) if item.slots else "",
                "days": [
                    f"{french_weekday_date(day)} : {', '.join(times)}"
                    for day, times in sorted(days.items())
                ],
            }
        )
    return rows


def _accessibility(programme: Programme) -> list[str]:
    contact = programme.accessibility_contact or {}
    lines = [contact["text"]] if contact.get("text") else []
    details = [contact.get(key, "") for key in ("name", "email", "phone") if contact.get(key)]
    if details:
        lines.append(_("Contact : %(details)s") % {"details": " — ".join(details)})
    if not lines:
        lines.append(_("Contact handicap : à demander à la coordination."))
    return lines


def programme_data(programme: Programme, cohort: Cohort | None = None) -> dict:
    """Everything the programme PDF shows, as strings (3 queries with a cohort, 1 without)."""
    if cohort is not None:
        calendar = cohort_calendar(cohort)
        items, zone = calendar.modules, ZoneInfo(cohort.timezone)
        first, last = calendar.first_day, calendar.last_day
        total = format_hours(calendar.duration)
        edition = {
            "title": cohort.title,
            "place": cohort.place or _("Lieu communiqué par la coordination"),
            "dates": _("du %(start)s au %(end)s")
            % {"start": french_date(first), "end": french_date(last)}
            if first and last
            else _("à préciser"),
            "slots": _("%(count)s demi-journées de présence") % {"count": len(calendar.slots)},
        }
    else:
        items, zone = [ModuleWithSlots(module=m) for m in programme_modules(programme)], None
        total = format_hours(programme.declared_hours)
        edition = None
    certification = programme.certification or {}
    contacts = []
    if cohort is not None and cohort.contact_email:
        contacts.append(_("Coordination : %(email)s") % {"email": cohort.contact_email})
    contacts.append(f"{programme.institution}")
    return {
        "document_title": _("Programme — %(title)s") % {"title": programme.title},
        "programme": {
            "title": programme.title,
            "code": programme.code,
            "certificate_name": programme.certificate_name,
            "institution": programme.institution,
            "level": programme.level_label,
            "summary": programme.summary,
            "total": total,
            "teaching_approach": programme.teaching_approach,
        },
        "edition": edition,
        "audiences": [str(a) for a in programme.audiences],
        "objectives": [str(o) for o in programme.objectives],
        "aims": [str(a) for a in programme.certificate_aims],
        "follow_up": [str(f) for f in programme.follow_up],
        "modules": _module_rows(items, zone),
        "certification_text": certification.get("text", ""),
        "requirements": [
            str(REQUIREMENT_LABELS.get(code, code))
            for code in certification.get("requirements", [])
        ],
        "derogation": _(
            "Une absence, même justifiée, empêche la délivrance du certificat, sauf dérogation "
            "motivée décidée par le jury."
        ),
        "assessment": [
            _("Note d'intention rédigée avant le premier module et présentée à la promotion."),
            _("Note personnelle suivie pendant les journées de tutorat, évaluée sur grille."),
            _("Présentation orale des notes, avec retours méthodologiques."),
            _("Jury de certification au vu de l'assiduité et de la note acceptée."),
        ],
        "accessibility": _accessibility(programme),
        "contacts": contacts,
        "issued": _("Document établi le %(date)s.") % {"date": french_date(clock.now().date())},
        "footer": f"{programme.certificate_name} — {programme.institution}",
        "labels": {
            "level": _("Niveau"),
            "duration": _("Volume horaire"),
            "certification": _("Certification"),
            "edition": _("Promotion"),
            "place": _("Lieu"),
            "dates": _("Dates"),
            "organisation": _("Organisation"),
            "audiences": _("À qui s'adresse cette formation ?"),
            "objectives": _("Ce que la formation apporte"),
            "aims": _("Le certificat vise à :"),
            "approach": _("Approche pédagogique"),
            "modules": _("Contenu des modules"),
            "module": _("Module"),
            "module_title": _("Intitulé"),
            "hours": _("Durée"),
            "dates_col": _("Demi-journées"),
            "to_be_set": _("À préciser"),
            "follow_up": _("Suivi et travail personnel"),
            "assessment": _("Modalités d'évaluation"),
            "certificate": _("Obtenir le certificat"),
            "accessibility": _("Accessibilité et handicap"),
            "contacts": _("Contacts"),
        },
    }


@in_site_language
def render_programme_pdf(programme: Programme, cohort: Cohort | None = None) -> bytes:
    return render_pdf("programme", programme_data(programme, cohort))
