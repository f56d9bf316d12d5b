"""The coordinator's participant list as the spreadsheets coordinators open.

CSV is written for French Excel: `;` between fields (`,` is the decimal mark there) and a
UTF-8 byte order mark, without which Excel reads the accents as Latin-1. Dates are written
the French way (« 24 février 2025 »), as on the pages.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from essor.core.formats import french_date

from .selectors import ParticipantRow

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell starting with one of these is run as a formula by spreadsheet programs: a name
# typed as « =HYPERLINK(…) » on the public application form must stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


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


def _csv_safe(value: str) -> str:
    # The apostrophe is the spreadsheet's own « this is text » mark.
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_csv_safe(str(v)) for v in row])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(table: Table, *, title: str = "") -> bytes:
    """One sheet named `title` (« Auditeurs » by default): headers in bold and frozen,
    text kept as text, numbers (int) as numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title or _("Auditeurs"))
    sheet.append(table.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=index, column=column, value=value)
            if isinstance(value, str):
                # openpyxl turns a string starting with « = » into a formula; keep it text.
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
