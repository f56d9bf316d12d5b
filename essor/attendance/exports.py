"""The attendance grid as the spreadsheets coordinators open: one row per participant, one
column per half-day (the status in words), then the totals and the hours.

Written by `essor.core.spreadsheets`, as every export.
"""

from django.utils.translation import gettext as _

from essor.core.spreadsheets import Table
from essor.programmes.timeutils import format_hours

from .selectors import Grid

# Name, first name and organisation: the columns before the half-days.
FIXED_COLUMNS = 3


def _hours(value) -> str:
    return format_hours(value) if value is not None else ""


def grid_table(grid: Grid) -> Table:
    headers = [
        _("Nom"),
        _("Prénom"),
        _("Structure"),
        *[column.heading for column in grid.columns],
        _("Demi-journées suivies"),
        _("Demi-journées manquées"),
        _("Heures suivies"),
        _("Heures prévues"),
    ]
    rows = []
    for row in grid.rows:
        organisation = row.organisation
        rows.append(
            [
                row.last_name,
                row.first_name,
                organisation.name if organisation else "",
                *[cell.label for cell in row.cells],
                str(row.attended),
                str(row.missed),
                _hours(row.hours_attended),
                _hours(row.hours_planned),
            ]
        )
    return Table(headers=[str(h) for h in headers], rows=rows)
