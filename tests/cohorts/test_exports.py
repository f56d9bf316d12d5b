"""The coordinator's exports, read back as a spreadsheet program would read them."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from essor.cohorts.models import EnrolmentStatus
from essor.core import clock
from essor.coursework import services as coursework
from tests.factories import OrganisationFactory, UserFactory, enrol

PARIS = ZoneInfo("Europe/Paris")
COHORT = "/cohorts/cs26-2025"
HEADERS = [
    "Nom",
    "Prénom",
    "Adresse électronique",
    "Structure",
    "Famille de la structure",
    "Région",
    "Fonction",
    "Statut de l'inscription",
    "Note d'intention",
    "Note remise le",
    "Tuteur·rice",
]


@pytest.fixture
def coordinator_client(client, personas):
    client.force_login(personas["coordination"])
    return client


@pytest.fixture
def submitted(personas, monkeypatch):
    """auditeur submitted on 10 January 2025 (before module 1)."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 1, 10, 18, 0, tzinfo=PARIS))
    coursework.save_and_submit_statement(
        enrolment=personas["enrolment"], body="Ma note.", by=personas["auditeur"]
    )
    return personas["enrolment"]


def read_csv(response) -> list[list[str]]:
    body = response.content
    # The byte order mark tells French Excel the file is UTF-8.
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [
        [cell if cell is not None else "" for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def expected_row(enrolment, *, state, submitted_on="", tutor=None) -> list[str]:
    user, organisation = enrolment.user, enrolment.organisation
    return [
        user.last_name,
        user.first_name,
        user.email,
        organisation.name,
        "association",
        "Île-de-France",
        "Directrice",
        "inscrit·e",
        state,
        submitted_on,
        f"{tutor.first_name} {tutor.last_name}" if tutor else "",
    ]


def test_csv_is_semicolon_separated_utf8_with_french_headers(
    coordinator_client, personas, submitted
):
    response = coordinator_client.get(f"{COHORT}/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cs26-2025-auditeurs.csv"'
    rows = read_csv(response)
    assert rows[0] == HEADERS
    assert sorted(rows[1:]) == sorted(
        [
            expected_row(
                personas["enrolment"],
                state="remise",
                submitted_on="10 janvier 2025",
                tutor=personas["tuteur"],
            ),
            expected_row(personas["enrolment2"], state="non commencée", tutor=personas["tuteur2"]),
        ]
    )


def test_xlsx_has_the_same_rows(coordinator_client, personas, submitted):
    csv_rows = read_csv(coordinator_client.get(f"{COHORT}/export.csv"))
    response = coordinator_client.get(f"{COHORT}/export.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="cs26-2025-auditeurs.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert read_xlsx(response) == csv_rows


def test_exports_apply_the_dashboard_filters(coordinator_client, personas):
    gone = enrol(UserFactory(), personas["enrolment"].cohort, status=EnrolmentStatus.WITHDRAWN)
    rows = read_csv(coordinator_client.get(f"{COHORT}/export.csv?status=withdrawn"))
    assert [row[0] for row in rows[1:]] == [gone.user.last_name]
    rows = read_xlsx(coordinator_client.get(f"{COHORT}/export.xlsx?tutor={personas['tuteur'].pk}"))
    assert [row[2] for row in rows[1:]] == [personas["auditeur"].email]


def test_a_name_typed_as_a_formula_stays_text(coordinator_client, personas):
    cohort = personas["enrolment"].cohort
    user = UserFactory(last_name='=HYPERLINK("http://x.invalid","clic")', first_name="+33")
    enrol(user, cohort, organisation=OrganisationFactory(name="@Structure"))
    rows = read_csv(coordinator_client.get(f"{COHORT}/export.csv"))
    row = next(r for r in rows if r[2] == user.email)
    assert row[:2] == ["'" + user.last_name, "'+33"]
    assert row[3] == "'@Structure"
    sheet = load_workbook(
        io.BytesIO(coordinator_client.get(f"{COHORT}/export.xlsx").content)
    ).active
    cells = next(r for r in sheet.iter_rows() if r[2].value == user.email)
    assert cells[0].value == user.last_name
    assert cells[0].data_type == "s"  # a string, not a formula


def test_export_query_count_does_not_grow_with_the_cohort(
    coordinator_client, personas, django_assert_num_queries
):
    cohort = personas["enrolment"].cohort
    for _ in range(18):
        enrol(UserFactory(), cohort, tutor=personas["tuteur"])
    # session, user, cohort, roles, tutors, deadline, enrolments, statements, applications.
    with django_assert_num_queries(9):
        coordinator_client.get(f"{COHORT}/export.csv")
    with django_assert_num_queries(9):
        coordinator_client.get(f"{COHORT}/export.xlsx")
