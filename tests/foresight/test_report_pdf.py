"""The PDF report of a study (typst): labels and figures read back with pypdf, the charts
embedded, each tool, uncomputed and invalid studies, and who may download it."""

import io

import pytest
from pypdf import PdfReader

from essor.foresight import engine
from essor.foresight.models import Study
from essor.foresight.report import report_data

pytestmark = pytest.mark.django_db

MICMAC = {
    "labels": ["Financement", "Bénévolat", 'Gouvernance #panic("x")'],
    "matrix": [[0, 3, 1], [2, 0, "P"], [1, 1, 0]],
    "potential_value": 3,
}
MACTOR = {
    "actors": ["État", "Association"],
    "objectives": ["Tiers-lieu"],
    "mid": [[0, 2], [1, 0]],
    "mao": [[2], [-4]],
}
MORPHOL = {
    "components": [
        {
            "name": "Financement",
            "hypotheses": [{"name": "Public", "p": 0.6}, {"name": "Privé", "p": 0.4}],
        },
        {
            "name": "Gouvernance",
            "hypotheses": [{"name": "Collégiale", "p": 0.5}, {"name": "Verticale", "p": 0.5}],
        },
    ],
    "exclusions": [["Privé", "Collégiale"]],
    "preferences": [],
    "top": 20,
}
SMIC = {
    "hypotheses": ["Subvention", "Local"],
    "experts": [
        {
            "p": [0.6, 0.5],
            "p_given": [[0, 0.7], [0.35 / 0.6, 0]],
            "p_given_not": [[0, 0.5], [0.375, 0]],
        }
    ],
}


def study(personas, tool, data, *, computed=True, enrolment=True) -> Study:
    result = None
    if computed:
        result = {
            "micmac": lambda: engine.micmac(data["labels"], data["matrix"]),
            "mactor": lambda: engine.mactor(**data),
            "morphol": lambda: engine.morphol(**data),
            "smic": lambda: engine.smic(**data),
        }[tool]()
    return Study.objects.create(
        cohort=personas["enrolment"].cohort,
        enrolment=personas["enrolment"] if enrolment else None,
        tool=tool,
        title=f"Mon étude {tool}",
        data=data,
        result=result,
        created_by=personas["auditeur"],
    )


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def download(client, user, item):
    client.force_login(user)
    return client.get(f"/prospective/{item.pk}/rapport.pdf")


def test_micmac_report_holds_labels_figures_and_charts(client, personas):
    item = study(personas, "micmac", MICMAC)
    response = download(client, personas["auditeur"], item)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="prospective-micmac-mon-etude-micmac.pdf"' in response["Content-Disposition"]
    text = text_of(response.content)
    assert "Mon étude micmac" in text and "MICMAC" in text
    assert "Financement" in text and "Bénévolat" in text
    # User text stays text: the typst call is printed, not run.
    assert 'Gouvernance #panic("x")' in text
    # Direct influence of Financement: 0 + 3 + 1 = 4; the indirect power reached.
    assert "Influence, dépendance et secteurs des variables" in text
    assert f"puissance k = {item.result['indirect']['k']}" in text
    # direct, indirect, displacement, the two potential planes: five pictures, each with
    # its data table.
    assert text.count("Données du graphique") == 5
    assert "MICMAC — plan influence–dépendance indirect potentiel" in text


@pytest.mark.parametrize(
    ("tool", "data", "words"),
    [
        # r* = (1,5 ; 0,5): (3−1)/5 × 3/5 = 0,24 and (2−1)/5 × 2/5 = 0,08, normalised.
        ("mactor", MACTOR, ["État", "Association", "Tiers-lieu", "1,50", "0,50"]),
        # 4 combinations, 3 feasible; Public–Collégiale 0,3 / 0,8 = 37,50 %.
        ("morphol", MORPHOL, ["Public", "Verticale", "37,50", "possibles : 3"]),
        # π(11) = P(1|2) P(2) = 0,7 × 0,5 = 35,00 %.
        ("smic", SMIC, ["Subvention", "Local", "35,00"]),
    ],
)
def test_each_tool_has_its_report(client, personas, tool, data, words):
    response = download(client, personas["auditeur"], study(personas, tool, data))
    assert response.status_code == 200
    text = text_of(response.content)
    for word in words:
        assert word in text


def test_an_uncomputed_study_is_computed_for_the_report_without_writing(client, personas):
    item = study(personas, "micmac", MICMAC, computed=False)
    response = download(client, personas["tuteur"], item)
    assert response.status_code == 200
    assert "Influence, dépendance et secteurs des variables" in text_of(response.content)
    item.refresh_from_db()
    assert item.result is None and item.computed_at is None


def test_an_invalid_study_reports_the_engine_message(personas):
    bad = {**MICMAC, "matrix": [[0, 3, 1], [2, 0, 9], [1, 1, 0]]}
    data, files = report_data(study(personas, "micmac", bad, computed=False))
    assert files == {}
    assert data["notes"][0].startswith("Étude non calculée : Ligne 2 (Bénévolat), colonne 3")
    # The input is still shown, labelled.
    assert data["inputs"][0]["rows"][1] == ["2. Bénévolat", "2", "0", "9"]


def test_report_data_labels_the_input_matrix(personas):
    data, files = report_data(study(personas, "mactor", MACTOR))
    mid, mao = data["inputs"]
    assert mid["headers"] == ["", "1", "2"]
    assert mid["rows"] == [["1. État", "0", "2"], ["2. Association", "1", "0"]]
    assert mao["headers"] == ["", "Tiers-lieu"] and mao["rows"][1] == ["Association", "-4"]
    assert set(files) <= {
        "chart-mactor-plane.svg",
        "chart-mactor-convergence.svg",
        "chart-mactor-divergence.svg",
        "chart-mactor-mobilisation.svg",
    }
    assert {"chart-mactor-plane.svg", "chart-mactor-mobilisation.svg"} <= set(files)
    assert all(content.startswith(b"<svg") for content in files.values())
    assert data["owner"] and data["cohort"]


def test_a_wide_matrix_is_not_printed_cell_by_cell(personas):
    labels = [f"V{i}" for i in range(31)]
    matrix = [[0 if i == j else 1 for j in range(31)] for i in range(31)]
    data, _files = report_data(study(personas, "micmac", {"labels": labels, "matrix": matrix}))
    assert data["inputs"][0]["rows"] == []
    assert "31 × 31" in data["inputs"][0]["note"]


def test_others_get_a_404(client, personas):
    item = study(personas, "micmac", MICMAC)
    assert download(client, personas["autre_auditeur"], item).status_code == 404
    assert download(client, personas["auditeur2"], item).status_code == 404
    client.logout()
    assert client.get(f"/prospective/{item.pk}/rapport.pdf").status_code == 302


def test_a_cohort_exercise_report_names_the_cohort(client, personas):
    item = study(personas, "smic", SMIC, enrolment=False)
    data, _files = report_data(item)
    assert data["owner"] == "Exercice de la promotion"
    assert data["cohort"] == personas["enrolment"].cohort.title
    response = download(client, personas["intervenant"], item)
    assert response.status_code == 200
    assert "Exercice de la promotion" in text_of(response.content)


def test_the_study_page_links_to_its_report(client, personas):
    item = study(personas, "micmac", MICMAC)
    client.force_login(personas["auditeur"])
    page = client.get(f"/prospective/{item.pk}/").content.decode()
    assert f'href="/prospective/{item.pk}/rapport.pdf"' in page
