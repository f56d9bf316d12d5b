"""The attendance grid exported for spreadsheets, read back as a spreadsheet program would:
one row per participant, one column per half-day with the status in words, then totals."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from essor.attendance.records import apply_status
from essor.core import clock
from essor.programmes.models import Slot

PARIS = ZoneInfo("Europe/Paris")
COHORT = "/cohorts/cs26-2025"
NOW = datetime(2025, 1, 22, 10, 0, tzinfo=PARIS)


@pytest.fixture
def history(personas, cs26, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    slots = list(Slot.objects.filter(cohort=cs26).order_by("start"))
    by = personas["coordination"]
    e1, e2 = personas["enrolment"], personas["enrolment2"]
    apply_status(slot=slots[0], enrolment=e1, status="present", by=by)
    apply_status(slot=slots[1], enrolment=e1, status="late", minutes_late=15, by=by)
    apply_status(slot=slots[2], enrolment=e1, status="left_early", minutes_left_early=30, by=by)
    apply_status(slot=slots[0], enrolment=e2, status="excused", reason="Malade", by=by)
    apply_status(slot=slots[1], enrolment=e2, status="absent", by=by)
    return personas


def read_csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 for French Excel
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Présences"
    assert sheet.freeze_panes == "D2"  # names stay in view
    return [
        [cell if cell is not None else "" for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def download(client, personas, name, query=""):
    client.force_login(personas["coordination"])
    response = client.get(f"{COHORT}/{name}{query}")
    assert response.status_code == 200
    return response


def by_name(rows, last_name):
    return next(r for r in rows[1:] if r[0] == last_name)


@pytest.mark.parametrize(
    ("name", "reader"), [("attendance.csv", read_csv), ("attendance.xlsx", read_xlsx)]
)
def test_one_row_per_participant_one_column_per_half_day(client, history, name, reader):
    response = download(client, history, name)
    assert (
        f'filename="cs26-2025-presences.{name.split(".")[1]}"' in (response["Content-Disposition"])
    )
    rows = reader(response)
    headers = rows[0]
    assert headers[:3] == ["Nom", "Prénom", "Structure"]
    assert headers[3] == "M1 20 janvier 2025 après-midi"
    assert headers[4] == "M2 21 janvier 2025 matin"
    assert headers[28] == "M14 21 mai 2025 matin"
    assert headers[29:] == [
        "Demi-journées suivies",
        "Demi-journées manquées",
        "Heures suivies",
        "Heures prévues",
    ]
    assert len(rows) == 3
    auditeur = history["auditeur"]
    mine = by_name(rows, auditeur.last_name)
    assert mine[1] == auditeur.first_name
    assert mine[2] == history["enrolment"].organisation.name
    assert mine[3:8] == [
        "présent·e",
        "en retard (15 min)",
        "parti·e en avance (30 min)",
        "en cours, pas encore émargé",
        "à venir",
    ]
    assert mine[29:] == ["3", "0", "9 h 15", "90 h"]
    theirs = by_name(rows, history["auditeur2"].last_name)
    assert theirs[3:6] == ["absence justifiée", "absent·e", "non émargé, demi-journée terminée"]
    assert theirs[29:] == ["0", "3", "0 h", "90 h"]


def test_the_grid_filters_apply_to_the_export(client, history):
    rows = read_csv(download(client, history, "attendance.csv", "?module=2&missed=1"))
    assert rows[0][3:5] == ["M2 21 janvier 2025 matin", "M2 21 janvier 2025 après-midi"]
    assert len(rows[0]) == 3 + 2 + 4
    assert [r[0] for r in rows[1:]] == [history["auditeur2"].last_name]


def test_text_that_looks_like_a_formula_stays_text(client, history):
    organisation = history["enrolment"].organisation
    organisation.name = '=HYPERLINK("http://exemple.fr")'
    organisation.save()
    rows = read_csv(download(client, history, "attendance.csv"))
    assert by_name(rows, history["auditeur"].last_name)[2].startswith("'=HYPERLINK")
    sheet = read_xlsx(download(client, history, "attendance.xlsx"))
    assert by_name(sheet, history["auditeur"].last_name)[2].startswith("=HYPERLINK")
