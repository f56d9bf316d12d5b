"""The attendance grid as the spreadsheets coordinators open: one row per participant, one
column per half-day (the status in words), then the totals and the hours.

Same conventions as the participant list (`essor.cohorts.exports`): `;`-separated CSV
with a UTF-8 byte order mark for French Excel, formula-looking text kept as text.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from essor.cohorts.exports import XLSX_CONTENT_TYPE, Table, to_csv
from essor.programmes.timeutils import format_hours

from .selectors import Grid

__all__ = ["XLSX_CONTENT_TYPE", "grid_table", "to_csv", "to_xlsx"]

# Name, first name and organisation stay in view while scrolling the half-days.
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


def to_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Présences"))
    sheet.append(table.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=index, column=column, value=value)
            # openpyxl turns a string starting with « = » into a formula; keep it text.
            cell.data_type = "s"
    sheet.freeze_panes = sheet.cell(row=2, column=FIXED_COLUMNS + 1)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 40)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
