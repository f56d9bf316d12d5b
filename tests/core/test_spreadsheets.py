"""Every export goes through essor.core.spreadsheets: read back, as a coordinator's
spreadsheet program would."""

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from essor.core.spreadsheets import XLSX_CONTENT_TYPE, Table, download, to_csv, to_xlsx

TABLE = Table(
    headers=["Nom", "Structure", "Heures"],
    rows=[
        ['=HYPERLINK("http://x")', "Régie de quartier", 21],
        ["Rivière", "-2+3", Decimal("7.5")],
        ["Écart", "", -3.25],
    ],
)


def test_csv_is_for_french_excel_and_keeps_formulas_as_text():
    content = to_csv(TABLE)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for the accents
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Nom", "Structure", "Heures"],
        ['\'=HYPERLINK("http://x")', "Régie de quartier", "21"],
        ["Rivière", "'-2+3", "7,5"],  # a number French Excel reads as one
        ["Écart", "", "-3,25"],  # a negative number is no formula
    ]


def test_xlsx_keeps_text_as_text_numbers_as_numbers_and_freezes_the_fixed_columns():
    sheet = load_workbook(io.BytesIO(to_xlsx(TABLE, title="Présences", fixed_columns=2))).active
    assert sheet.title == "Présences"
    assert sheet.freeze_panes == "C2"
    assert sheet["A1"].font.bold
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["C2"].value == 21
    assert sheet["C3"].value == 7.5
    assert sheet["C4"].value == -3.25


def test_download_names_the_attachment_and_its_type():
    xlsx = download(TABLE, "xlsx", file_name="cs26-2025-auditeurs", title="Auditeurs")
    assert xlsx["Content-Type"] == XLSX_CONTENT_TYPE
    assert xlsx["Content-Disposition"] == 'attachment; filename="cs26-2025-auditeurs.xlsx"'
    assert load_workbook(io.BytesIO(xlsx.content)).active.freeze_panes == "A2"
    csv_file = download(TABLE, "csv", file_name="cs26-2025-auditeurs", title="Auditeurs")
    assert csv_file["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_file["Content-Disposition"].endswith('filename="cs26-2025-auditeurs.csv"')
    assert csv_file.content == to_csv(TABLE)
