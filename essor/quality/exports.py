"""The complaints log and the improvement actions of a cohort as CSV for French Excel
(essor.core.spreadsheets: `;`, UTF-8 with BOM, formulas kept as text), French headers and
dates, for the coordination and the quality evidence export."""

from django.utils.translation import gettext as _

from essor.cohorts.models import Cohort
from essor.core.formats import french_date
from essor.core.spreadsheets import Table, to_csv

from .bilan import cohort_actions, cohort_complaints


def _date(value) -> str:
    return french_date(value) if value else ""


def _write(headers: list, rows: list[list]) -> bytes:
    return to_csv(Table(headers=[str(h) for h in headers], rows=rows))


def complaints_csv(cohort: Cohort) -> bytes:
    headers = [
        _("Reçue le"),
        _("Canal"),
        _("Émise par"),
        _("Nom"),
        _("Objet"),
        _("Description"),
        _("Réponse apportée"),
        _("Répondu le"),
        _("Close le"),
        _("Actions d'amélioration liées"),
    ]
    rows = [
        [
            _date(complaint.received_on),
            complaint.get_channel_display(),
            complaint.get_complainant_role_display(),
            complaint.complainant_name,
            complaint.subject,
            complaint.description,
            complaint.response,
            _date(complaint.responded_on),
            _date(complaint.closed_on),
            " | ".join(action.title for action in complaint.actions.all()),
        ]
        for complaint in cohort_complaints(cohort)
    ]
    return _write(headers, rows)


def actions_csv(cohort: Cohort) -> bytes:
    headers = [
        _("Action"),
        _("Description"),
        _("Origine"),
        _("Décidée lors de la promotion"),
        _("Reportée sur la promotion"),
        _("Responsable"),
        _("Échéance"),
        _("État"),
        _("Réalisation et effet constaté"),
        _("Réalisée le"),
    ]
    listing = cohort_actions(cohort)
    rows = [
        [
            row.action.title,
            row.action.description,
            row.action.get_source_display(),
            row.action.origin_cohort.title,
            row.action.carried_to.title if row.action.carried_to else "",
            row.owner_name,
            _date(row.action.due_on),
            row.action.get_status_display(),
            row.action.outcome,
            _date(row.action.done_on),
        ]
        for row in listing.decided + listing.carried
    ]
    return _write(headers, rows)
