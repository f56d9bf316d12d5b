"""The workbook PDF (typst, charts as SVG images) and the note outline (the coursework
skeleton pre-filled with the workbook's key figures), read back; each export records a
Computation with the parameters it used. Figures: see tests/workbook/test_charts_outputs.py
(100 h × 11,88 €/h × 1,42 = 1 686,96 €; AG participation 24 / 40 = 60,0 %)."""

import io
import zipfile

import pytest
from pypdf import PdfReader

from essor.coursework import note_services
from essor.coursework.models import ProblemStatementOrigin
from essor.documents.render import FILE_NAME
from essor.workbook.exports import note_figures, workbook_pdf_data
from essor.workbook.models import Computation
from essor.workbook.outputs import workbook_outputs

from .charts_data import EVIL, filled_workbook

pytestmark = pytest.mark.django_db
SLUG = "cs26-2025"


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def pdf_text(content: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


@pytest.fixture
def workbook(personas):
    return filled_workbook(personas["enrolment"])


def test_the_pdf_data_names_five_svg_files(workbook):
    data, files = workbook_pdf_data(workbook, workbook_outputs(workbook))
    assert sorted(files) == [
        "chart-radar.svg",
        "chart-resources.svg",
        "chart-sociogram.svg",
        "chart-swot.svg",
        "chart-timeline.svg",
    ]
    assert all(FILE_NAME.fullmatch(name) for name in files)
    assert all(b"<script>" not in content for content in files.values())
    assert [s["code"] for s in data["sections"]] == list("ABCDEFGH")
    smic = next(row for row in data["parameters"] if row[0] == "SMIC horaire brut")
    assert smic[1:3] == ["11,88 €/h", "2025"] and "2024-951" in smic[3]


def test_the_participant_downloads_their_workbook_pdf(personas, workbook, client):
    client.force_login(personas["auditeur"])
    response = client.get(f"/cohorts/{SLUG}/workbook/export.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Les Jardins partagés" in text
    for title in ("A. Identité et statut ESS", "D. Analyse économique", "G. Gouvernance"):
        assert title in text
    assert "1 686,96 €" in text  # computed figure
    assert "100,00 h × 11,88 €/h × 1,42" in text
    assert "60,0 %" in text
    assert "Sociogramme des acteurs et de leurs relations" in text
    assert "Taille du cercle : score de pouvoir" in text  # a label inside a chart's SVG
    assert "Bénévoles fidèles" in text
    assert "<script>alert(1)</script> & Cie" in text  # user text is text
    assert "Paramètres de référence utilisés" in text
    computation = Computation.objects.get(workbook=workbook, kind="workbook_pdf")
    assert computation.created_by == personas["auditeur"]
    assert {p["key"] for p in computation.parameters} >= {"smic_hourly", "charge_coefficient"}
    assert computation.results["volunteering"]["retained_value"] == "1686.96"


def test_the_tutor_reads_the_pdf_of_a_workbook_never_opened_as_404(personas, client):
    client.force_login(personas["tuteur"])
    enrolment = personas["enrolment"]
    assert client.get(f"/workbook/{enrolment.pk}/export.pdf").status_code == 404
    filled_workbook(enrolment)
    response = client.get(f"/workbook/{enrolment.pk}/export.pdf")
    assert response.status_code == 200
    assert Computation.objects.get(kind="workbook_pdf").created_by == personas["tuteur"]


def test_figures_are_grouped_by_skeleton_section(personas, workbook):
    grouped = note_figures(personas["enrolment"])
    assert grouped["structure"][0][0] == "Conditions de la loi ESS de 2014"
    diagnostic = dict(grouped["diagnostic"])
    assert "1 686,96" in flat(diagnostic["Valorisation du bénévolat"])
    assert "Participation à l'AG" in dict(grouped["governance"])
    assert ["Enjeu clé", "Bénévoles fidèles"] in grouped["synthesis"]
    assert grouped["foresight"] == [["Variable clé", "Engagement bénévole"]]
    assert not Computation.objects.exists()  # no `by`: nothing recorded
    assert note_figures(personas["enrolment2"]) == {}  # no workbook: no figures


def test_the_note_outline_carries_the_key_figures_and_the_problem_statement(
    personas, workbook, client
):
    note_services.add_problem_statement(
        enrolment=personas["enrolment"],
        text="Comment pérenniser l'engagement bénévole ?",
        origin=ProblemStatementOrigin.STATEMENT,
        by=personas["auditeur"],
    )
    client.force_login(personas["auditeur"])
    docx = client.get(f"/cohorts/{SLUG}/note/skeleton.docx")
    assert docx.status_code == 200
    xml = flat(docx_text(docx.content))
    assert "Chiffres clés du cahier de diagnostic" in xml
    assert "Valorisation du bénévolat" in xml and "1 686,96 €" in xml
    assert "Participation à l&apos;AG" in xml or "Participation à l'AG" in xml
    assert "Comment pérenniser l&apos;engagement bénévole ?" in xml or (
        "Comment pérenniser l'engagement bénévole ?" in xml
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie" in xml  # key issue, escaped
    pdf = client.get(f"/cohorts/{SLUG}/note/skeleton.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "Chiffres clés du cahier de diagnostic" in text
    assert "1 686,96 €" in text and "Comment pérenniser" in text
    assert EVIL in text
    kinds = list(Computation.objects.filter(workbook=workbook).values_list("kind", flat=True))
    assert kinds == ["note_outline", "note_outline"]
