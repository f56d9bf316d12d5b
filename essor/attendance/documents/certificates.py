"""A participant's certificat de réalisation (Ministry of Labour model: provider,
learner, type of action, dates, hours attended / planned) and attestation de fin de
formation (Code du travail L6353-1: objectives, nature, duration, assessment results).
Hours come from essor/attendance/hours.py.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from essor.cohorts.convocation import participant_name
from essor.cohorts.models import Cohort, Enrolment
from essor.core import clock
from essor.core.formats import french_date
from essor.documents.render import render_pdf
from essor.programmes.selectors import CohortSpan, cohort_spans
from essor.programmes.timeutils import format_hours

from ..hours import ZERO, Hours, hours_attended, hours_by_enrolment
from .common import cohort_zone, in_site_language, organisation_name


@dataclass(frozen=True)
class CohortFacts:
    """What every participant's certificate of one cohort shares (read once for a batch)."""

    span: CohortSpan | None
    hours: dict[int, Hours]
    issued_on: date


def cohort_facts(cohort: Cohort) -> CohortFacts:
    """Dates and everyone's hours (3 queries)."""
    return CohortFacts(
        span=cohort_spans([cohort.pk]).get(cohort.pk),
        hours=hours_by_enrolment(cohort),
        issued_on=clock.now().astimezone(cohort_zone(cohort)).date(),
    )


def enrolment_facts(enrolment: Enrolment) -> CohortFacts:
    """The same for one participant (3 queries)."""
    cohort = enrolment.cohort
    return CohortFacts(
        span=cohort_spans([cohort.pk]).get(cohort.pk),
        hours={enrolment.pk: hours_attended(enrolment)},
        issued_on=clock.now().astimezone(cohort_zone(cohort)).date(),
    )


def _dates(cohort: Cohort, span: CohortSpan | None) -> str:
    if span is None:
        return _("dates à préciser")
    zone = cohort_zone(cohort)
    return _("du %(start)s au %(end)s") % {
        "start": french_date(span.first_start.astimezone(zone).date()),
        "end": french_date(span.last_end.astimezone(zone).date()),
    }


def _issued(cohort: Cohort, on: date) -> str:
    if cohort.place:
        return _("Fait à %(place)s, le %(date)s") % {
            "place": cohort.place,
            "date": french_date(on),
        }
    return _("Fait le %(date)s") % {"date": french_date(on)}


def _hours_of(enrolment: Enrolment, facts: CohortFacts) -> Hours:
    planned = facts.span.duration if facts.span else ZERO
    return facts.hours.get(enrolment.pk, Hours(attended=ZERO, planned=planned))


def certificat_data(enrolment: Enrolment, facts: CohortFacts) -> dict:
    """The certificat de réalisation's fields (no query when the enrolment comes with its
    cohort, programme, user, organisation and application)."""
    cohort = enrolment.cohort
    programme = cohort.programme
    hours = _hours_of(enrolment, facts)
    name = participant_name(enrolment)
    return {
        "document_title": _("Certificat de réalisation — %(name)s") % {"name": name},
        "title": _("Certificat de réalisation"),
        "intro": _(
            "Je soussigné·e, représentant·e du dispensateur de l'action concourant au "
            "développement des compétences, atteste que :"
        ),
        "fields": [
            {"label": _("Dispensateur de l'action"), "value": programme.institution},
            {"label": _("Bénéficiaire"), "value": name},
            {"label": _("Structure"), "value": organisation_name(enrolment)},
            {
                "label": _("A suivi l'action"),
                "value": f"{programme.certificate_name} — {programme.title}",
            },
            {"label": _("Promotion"), "value": cohort.title},
            {"label": _("Qui s'est déroulée"), "value": _dates(cohort, facts.span)},
            {
                "label": _("Durée réalisée / durée prévue"),
                "value": f"{format_hours(hours.attended)} / {format_hours(hours.planned)}",
            },
        ],
        "nature_label": _("Nature de l'action concourant au développement des compétences"),
        # The Ministry's model lists the four natures with a box each; one is ticked.
        "natures": [
            {"label": _("Action de formation"), "checked": True},
            {"label": _("Bilan de compétences"), "checked": False},
            {"label": _("Action de validation des acquis de l'expérience"), "checked": False},
            {"label": _("Action de formation par apprentissage"), "checked": False},
        ],
        "retention": _(
            "Sans préjudice des délais imposés par les règles fiscales, comptables ou "
            "commerciales, je m'engage à conserver l'ensemble des pièces justificatives qui "
            "ont permis d'établir le présent certificat pendant une durée de 3 ans à compter "
            "de la fin de l'année du dernier paiement. En cas de cofinancement des fonds "
            "européens, la durée de conservation est étendue conformément aux obligations "
            "conventionnelles spécifiques."
        ),
        "issued": _issued(cohort, facts.issued_on),
        "signatory": _("La coordination pédagogique"),
        "signature_box": _("Cachet et signature du dispensateur"),
        "footer": f"{programme.certificate_name} — {cohort.title}",
    }


def attestation_data(
    enrolment: Enrolment, facts: CohortFacts, assessment: str | None = None
) -> dict:
    """The attestation de fin de formation's content (L6353-1). `assessment` is the result
    of the assessment once the jury has decided (filled in by certification)."""
    cohort = enrolment.cohort
    programme = cohort.programme
    hours = _hours_of(enrolment, facts)
    name = participant_name(enrolment)
    return {
        "document_title": _("Attestation de fin de formation — %(name)s") % {"name": name},
        "title": _("Attestation de fin de formation"),
        "intro": _(
            "%(institution)s, dispensateur de la formation, atteste que %(name)s "
            "(%(organisation)s) a suivi la formation :"
        )
        % {
            "institution": programme.institution,
            "name": name,
            "organisation": organisation_name(enrolment),
        },
        "training": f"{programme.certificate_name} — {programme.title}",
        "fields": [
            {
                "label": _("Nature de la formation"),
                "value": _("Formation certifiante, action de formation — %(level)s")
                % {"level": programme.level_label},
            },
            {"label": _("Promotion"), "value": cohort.title},
            {"label": _("Dates"), "value": _dates(cohort, facts.span)},
            {"label": _("Durée prévue"), "value": format_hours(hours.planned)},
            {"label": _("Durée suivie"), "value": format_hours(hours.attended)},
        ],
        "objectives_heading": _("Objectifs de la formation"),
        "objectives": list(programme.objectives or []),
        "aims_heading": _("Visées du certificat"),
        "aims": list(programme.certificate_aims or []),
        "assessment_heading": _("Résultats de l'évaluation"),
        "assessment": assessment or _("en attente de la décision du jury"),
        "legal": _(
            "Attestation délivrée en application de l'article L. 6353-1 du Code du travail."
        ),
        "issued": _issued(cohort, facts.issued_on),
        "signatory": _("La coordination pédagogique"),
        "footer": f"{programme.certificate_name} — {cohort.title}",
    }


@in_site_language
def render_certificat(enrolment: Enrolment, facts: CohortFacts | None = None) -> bytes:
    return render_pdf(
        "certificat_realisation", certificat_data(enrolment, facts or enrolment_facts(enrolment))
    )


@in_site_language
def render_attestation(
    enrolment: Enrolment, facts: CohortFacts | None = None, assessment: str | None = None
) -> bytes:
    data = attestation_data(enrolment, facts or enrolment_facts(enrolment), assessment)
    return render_pdf("attestation_fin_formation", data)
