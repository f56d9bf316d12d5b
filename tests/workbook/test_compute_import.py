"""CSV import of volunteer hours: all rows or none, errors with their line numbers."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from essor.core.errors import DomainError
from essor.workbook.access import ensure_workbook
from essor.workbook.imports import import_volunteer_csv
from essor.workbook.models import VolunteerEntry

pytestmark = pytest.mark.django_db

URL = "/cohorts/cs26-2025/workbook/D/import"


@pytest.fixture
def workbook(personas):
    return ensure_workbook(personas["enrolment"])


def entries(workbook):
    return [
        (e.date, e.hours, e.km, e.level, e.activity)
        for e in VolunteerEntry.objects.filter(workbook=workbook).order_by("pk")
    ]


def test_semicolon_utf8_with_bom(workbook, personas):
    data = (
        "\ufeffDate;Durée;Distance;Catégorie;Description\n"
        "15/03/2025;2,5;12;Exécution;Accueil du public\n"
        "\n"
        "2025-03-22;2:30;;ENCADREMENT;Coordination\n"
        "01/04/2025;1.25;3,5;expertise;Comptabilité\n"
    ).encode()
    count = import_volunteer_csv(workbook=workbook, data=data, by=personas["auditeur"])
    assert count == 3
    # « 2:30 » = 2 h 30 = 2,50 h; blank lines are skipped
    assert entries(workbook) == [
        (date(2025, 3, 15), D("2.50"), D("12.0"), "execution", "Accueil du public"),
        (date(2025, 3, 22), D("2.50"), D("0.0"), "encadrement", "Coordination"),
        (date(2025, 4, 1), D("1.25"), D("3.5"), "expertise", "Comptabilité"),
    ]


def test_comma_separated_windows_1252_english_header(workbook, personas):
    data = (
        "date,duration,distance,category,description\n"
        '15/03/2025,"2,5",10,execution,Fête de quartier\n'
        "16/03/2025,3,,supervision,Réunion\n"
    ).encode("cp1252")
    assert import_volunteer_csv(workbook=workbook, data=data, by=personas["auditeur"]) == 2
    assert entries(workbook) == [
        (date(2025, 3, 15), D("2.50"), D("10.0"), "execution", "Fête de quartier"),
        (date(2025, 3, 16), D("3.00"), D("0.0"), "encadrement", "Réunion"),
    ]


def test_bad_rows_are_listed_by_line_and_nothing_is_imported(workbook, personas):
    data = (
        "date;durée;distance;catégorie;description\n"
        "15/03/2025;2;;exécution;Bon\n"
        "31/02/2025;2;;exécution;Date impossible\n"
        "16/03/2025;abc;;exécution;Durée illisible\n"
        "17/03/2025;1;-3;chef;Distance et catégorie\n"
        "18/03/2025;2:75;;exécution;Minutes impossibles\n"
    ).encode()
    with pytest.raises(DomainError) as error:
        import_volunteer_csv(workbook=workbook, data=data, by=personas["auditeur"])
    assert error.value.code == "csv_invalid"
    assert "rien n'a été importé" in error.value.message
    assert error.value.details == [
        "Ligne 3 : date « 31/02/2025 » illisible (JJ/MM/AAAA ou AAAA-MM-JJ).",
        "Ligne 4 : durée « abc » illisible.",
        "Ligne 5 : distance « -3 » hors limites.",
        "Ligne 5 : catégorie « chef » inconnue (exécution, encadrement ou expertise).",
        "Ligne 6 : durée « 2:75 » illisible.",
    ]
    assert entries(workbook) == []  # line 2 was fine, but nothing is imported


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "vide"),
        (b"jour;heures\n15/03/2025;2\n", "colonnes manquantes : date, catégorie"),
        (b"date;duree;categorie\n", "aucune ligne"),
        (b"date;duree;categorie\n" + b"15/03/2025;0;execution\n", "hors limites"),
        (b"date;duree;categorie\n" + b"15/03/2025;1;execution\n" * 5001, "5 000 lignes"),
        (b"x" * (1024 * 1024 + 1), "1 Mo"),
    ],
)
def test_file_level_errors(workbook, personas, data, words):
    with pytest.raises(DomainError) as error:
        import_volunteer_csv(workbook=workbook, data=data, by=personas["auditeur"])
    assert words in str(error.value)
    assert entries(workbook) == []


def _upload(text: str, encoding="utf-8"):
    return SimpleUploadedFile("heures.csv", text.encode(encoding), content_type="text/csv")


def test_view_shows_errors_with_line_numbers(client, personas, workbook):
    client.force_login(personas["auditeur"])
    assert client.get(URL).status_code == 200
    response = client.post(
        URL, {"file": _upload("date;durée;catégorie\n15/03/2025;abc;exécution\n")}
    )
    assert response.status_code == 400
    assert "Ligne 2 : durée « abc » illisible." in response.content.decode()
    assert entries(workbook) == []


def test_view_imports_and_redirects_to_section_d(client, personas, workbook):
    client.force_login(personas["auditeur"])
    response = client.post(
        URL,
        {"file": _upload("date;durée;catégorie\n15/03/2025;2;exécution\n16/03/2025;1;expertise\n")},
    )
    assert response.status_code == 302
    assert response["Location"] == "/cohorts/cs26-2025/workbook/D/"
    assert len(entries(workbook)) == 2
    page = client.get(response["Location"]).content.decode()
    assert "2 lignes d&#x27;heures importées." in page or "2 lignes d'heures importées." in page


def test_view_without_file_answers_in_french(client, personas):
    client.force_login(personas["auditeur"])
    response = client.post(URL, {})
    assert response.status_code == 400
    assert "Choisissez un fichier CSV." in response.content.decode()


def test_tutor_cannot_import_into_a_participants_workbook(client, personas, workbook):
    client.force_login(personas["tuteur"])
    response = client.post(URL, {"file": _upload("date;durée;catégorie\n15/03/2025;2;exécution\n")})
    assert response.status_code == 404
    assert entries(workbook) == []
