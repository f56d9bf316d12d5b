"""Tables written as the spreadsheets coordinators open, for every export of Essor.

CSV is written for French Excel: `;` between fields and a comma before a number's decimals
(`,` is the decimal mark there), and a UTF-8 byte order mark, without which Excel reads
the accents as Latin-1. In both formats a text that looks like a formula stays text: a
name typed as « =HYPERLINK(…) » on a public form must never run in a coordinator's
spreadsheet.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list]


def _csv_cell(value) -> str:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        # French Excel reads « 7.5 » as text (or as 7 May): the decimal mark is a comma.
        return str(value).replace(".", ",")
    text = str(value)
    # The apostrophe is the spreadsheet's own « this is text » mark.
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(table: Table, *, title: str, fixed_columns: int = 0, max_width: int = 50) -> bytes:
    """One sheet named `title`: headers in bold and frozen with the first `fixed_columns`
    columns, text kept as text, numbers (int, Decimal) as numbers, columns as wide as
    their content up to `max_width` characters."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)
    sheet.append([str(h) for h in table.headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=index, column=column, value=value)
            if isinstance(value, str):
                # openpyxl turns a string starting with « = » into a formula; keep it text.
                cell.data_type = "s"
    sheet.freeze_panes = sheet.cell(row=2, column=fixed_columns + 1)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), max_width)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def download(table: Table, fmt: str, *, file_name: str, title: str, **xlsx_options) -> HttpResponse:
    """`table` as an attachment named `file_name`.`fmt`: « csv » or « xlsx » (the sheet
    named `title`, with `xlsx_options` for `to_xlsx`)."""
    if fmt == "csv":
        body, content_type = to_csv(table), "text/csv; charset=utf-8"
    else:
        body, content_type = to_xlsx(table, title=title, **xlsx_options), XLSX_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}.{fmt}"'
    return response
