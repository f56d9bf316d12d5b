"""The coordinator's participant list as a spreadsheet (`essor.core.spreadsheets`).

Dates are written the French way (« 24 février 2025 »), as on the pages.
"""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from essor.core.formats import french_date
from essor.core.spreadsheets import Table

from .selectors import ParticipantRow


def participants_table(rows: Iterable[ParticipantRow], timezone: str) -> Table:
    zone = ZoneInfo(timezone)
    headers = [
        _("Nom"),
        _("Prénom"),
        _("Adresse électronique"),
        _("Structure"),
        _("Famille de la structure"),
        _("Région"),
        _("Fonction"),
        _("Statut de l'inscription"),
        _("Note d'intention"),
        _("Note remise le"),
        _("Tuteur·rice"),
    ]
    lines = []
    for row in rows:
        enrolment = row.enrolment
        organisation = enrolment.organisation
        submitted_at = row.statement.submitted_at if row.statement else None
        lines.append(
            [
                row.last_name,
                row.first_name,
                row.email,
                organisation.name if organisation else "",
                organisation.get_family_display() if organisation else "",
                organisation.get_region_display() if organisation else "",
                enrolment.position,
                enrolment.get_status_display(),
                row.state.label,
                french_date(submitted_at.astimezone(zone).date()) if submitted_at else "",
                str(enrolment.tutor) if enrolment.tutor else "",
            ]
        )
    return Table(headers=[str(h) for h in headers], rows=lines)
