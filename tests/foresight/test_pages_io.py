"""CSV/XLSX import and export of a study, and variables taken from the workbook."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from essor.foresight import engine
from essor.foresight.models import Study

pytestmark = pytest.mark.django_db

DATA = {
    "micmac": {
        "labels": ["Bénévoles", "Financement", "Gouvernance"],
        "matrix": [[0, 3, "P"], [1, 0, 2], [2, 1, 0]],
        "potential_value": 3,
    },
    "mactor": {
        "actors": ["État", "Région", "Association"],
        "objectives": ["Financer", "Évaluer"],
        "mid": [[0, 2, 3], [1, 0, 2], [0, 1, 0]],
        "mao": [[2, -1], [1, 3], [-2, 4]],
    },
    "morphol": {
        "components": [
            {
                "name": "Financement",
                "hypotheses": [{"name": "Public", "p": 0.6}, {"name": "Privé", "p": 0.4}],
            },
            {"name": "Gouvernance", "hypotheses": [{"name": "Collégiale"}, {"name": "Directive"}]},
        ],
        "exclusions": [["Privé", "Collégiale"]],
        "preferences": [["Public", "Directive"]],
        "top": 20,
    },
    "smic": {
        "hypotheses": ["H1", "H2"],
        "experts": [
            {
                "p": [0.6, 0.3],
                "p_given": [[0.0, 0.8], [0.4, 0.0]],
                "p_given_not": [[0.0, 0.5], [0.15, 0.0]],
            },
            {
                "p": [0.5, 0.5],
                "p_given": [[0.0, 0.6], [0.6, 0.0]],
                "p_given_not": [[0.0, 0.4], [0.4, 0.0]],
            },
        ],
    },
}


def study_of(personas, tool, data=None):
    return Study.objects.create(
        cohort=personas["enrolment"].cohort,
        enrolment=personas["enrolment"],
        tool=tool,
        title="Étude",
        data=data if data is not None else DATA[tool],
    )


def export(client, study, fmt):
    response = client.get(reverse("foresight:export", kwargs={"study_id": study.pk, "fmt": fmt}))
    assert response.status_code == 200
    return response.content


def upload(client, study, content, name="grille.csv"):
    return client.post(
        reverse("foresight:import", kwargs={"study_id": study.pk}),
        {"file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("tool", ["micmac", "mactor", "morphol", "smic"])
def test_export_then_import_gives_the_same_data(client, personas, tool, fmt):
    source = study_of(personas, tool)
    client.force_login(personas["auditeur"])
    content = export(client, source, fmt)
    target = study_of(personas, tool, data={})
    # The file name says nothing: the content decides (XLSX named .csv still reads).
    response = upload(client, target, content, name="fichier.csv")
    assert response.status_code == 302, response.content.decode()[:3000]
    target.refresh_from_db()
    assert target.data == DATA[tool]
    assert target.result is not None and target.computed_at is not None


def test_micmac_csv_layout(client, personas):
    client.force_login(personas["auditeur"])
    text = export(client, study_of(personas, "micmac"), "csv").decode("utf-8-sig")
    assert text.splitlines() == [
        "MID;Bénévoles;Financement;Gouvernance",
        "Bénévoles;0;3;P",
        "Financement;1;0;2",
        "Gouvernance;2;1;0",
    ]


def test_mactor_xlsx_has_two_sheets(client, personas):
    client.force_login(personas["auditeur"])
    book = load_workbook(io.BytesIO(export(client, study_of(personas, "mactor"), "xlsx")))
    assert book.sheetnames == ["MID", "2MAO"]
    assert [c.value for c in book["2MAO"][1]] == ["2MAO", "Financer", "Évaluer"]


def test_import_a_spreadsheet_csv_with_commas_and_compute(client, personas):
    study = study_of(personas, "micmac", data={})
    client.force_login(personas["auditeur"])
    content = "MID,A,B\nA,0,2\nB,1,0\n".encode("cp1252")
    assert upload(client, study, content).status_code == 302
    study.refresh_from_db()
    assert study.data["matrix"] == [[0, 2], [1, 0]]
    assert study.result == engine.micmac(["A", "B"], [[0, 2], [1, 0]])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"MID;A;B\nA;0;9\nB;1;0\n", "Ligne 1 (A), colonne 2 (B)"),
        (b"MID;A;B\nB;0;1\nA;1;0\n", "Ligne 2, colonne 1"),
        (b"MID;A;B\nA;0;1;3\nB;1;0\n", "Ligne 2, colonne 4"),
        (b"Autre;A\n", "Le bloc « MID » est absent du fichier."),
        (b"PK\x03\x04garbage", "Le classeur XLSX est illisible."),
        (b"\x00\x01\x02binary", "ni un CSV (texte) ni un classeur XLSX"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(client, personas, content, message):
    study = study_of(personas, "micmac")
    client.force_login(personas["auditeur"])
    response = upload(client, study, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    study.refresh_from_db()
    assert study.data == DATA["micmac"] and study.result is None


def test_file_over_one_megabyte_is_refused(client, personas):
    study = study_of(personas, "micmac")
    client.force_login(personas["auditeur"])
    response = upload(client, study, b"MID;A\n" + b"x" * (1024 * 1024))
    assert response.status_code == 400
    assert "Le fichier dépasse 1 Mo." in response.content.decode()


def test_export_unknown_format_and_readers(client, personas):
    study = study_of(personas, "micmac")
    client.force_login(personas["tuteur"])
    assert export(client, study, "csv")
    response = client.get(reverse("foresight:export", kwargs={"study_id": study.pk, "fmt": "pdf"}))
    assert response.status_code == 404
    client.force_login(personas["auditeur2"])
    response = client.get(reverse("foresight:export", kwargs={"study_id": study.pk, "fmt": "csv"}))
    assert response.status_code == 404


def test_variables_from_the_workbook_resize_keeping_cells(client, personas):
    from essor.workbook.access import ensure_workbook
    from essor.workbook.models import KeyVariable, SwotItem

    workbook = ensure_workbook(personas["enrolment"])
    KeyVariable.objects.create(workbook=workbook, name="Financement")  # already there
    KeyVariable.objects.create(workbook=workbook, name="Territoire")
    SwotItem.objects.create(
        workbook=workbook, quadrant="threat", text="Baisse des dons", key_issue=True
    )
    SwotItem.objects.create(workbook=workbook, quadrant="strength", text="Pas un enjeu")
    study = study_of(personas, "micmac")
    client.force_login(personas["auditeur"])
    url = reverse("foresight:variables", kwargs={"study_id": study.pk})
    assert client.post(url, {"variables": "on", "issues": "on"}).status_code == 302
    study.refresh_from_db()
    assert study.data["labels"] == [
        "Bénévoles",
        "Financement",
        "Gouvernance",
        "Territoire",
        "Baisse des dons",
    ]
    assert study.data["matrix"] == [
        [0, 3, "P", 0, 0],
        [1, 0, 2, 0, 0],
        [2, 1, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
    ]
    assert study.result == engine.micmac(study.data["labels"], study.data["matrix"])
    # Nothing chosen: a French message, nothing written.
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Choisissez les variables clés" in response.content.decode()


def test_variables_need_a_workbook_and_the_owner(client, personas):
    study = study_of(personas, "micmac")
    url = reverse("foresight:variables", kwargs={"study_id": study.pk})
    client.force_login(personas["tuteur"])
    assert client.post(url, {"variables": "on"}).status_code == 404
    client.force_login(personas["auditeur"])
    response = client.post(url, {"variables": "on"})
    assert response.status_code == 400
    assert "Le cahier de diagnostic ne contient encore rien" in response.content.decode()
