"""The note skeleton: the expected sections pre-filled with the participant's name,
organisation and latest problem statement, as a valid DOCX and as a PDF; user text is
escaped (XML) and never markup (typst)."""

import io
import zipfile
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from essor.core.uploads import sniff
from essor.coursework import note_services
from essor.coursework.models import ProblemStatementOrigin
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SECTIONS = [
    "Introduction et problématique",
    "La structure",
    "Diagnostic institutionnel, organisationnel et économique",
    "Synthèse",
    "Prospective",
    "Gouvernance et gestion",
    "Recommandations",
    "Conclusion",
    "Bibliographie",
    "Annexes",
]
TRICKY = '<&>" #panic("x") $x$ \\ ] *gras*'


@pytest.fixture
def prepared(personas):
    me, enrolment = personas["auditeur"], personas["enrolment"]
    me.first_name, me.last_name = "Inès", 'Moreau <&>"'
    me.save()
    enrolment.organisation = OrganisationFactory(name='Les Jardins #panic("x") & Cie')
    enrolment.position = "Directrice"
    enrolment.save()
    note_services.add_problem_statement(
        enrolment=enrolment, text="Première idée", origin=ProblemStatementOrigin.STATEMENT, by=me
    )
    note_services.add_problem_statement(
        enrolment=enrolment,
        text=f"Comment structurer la gouvernance ? {TRICKY}",
        origin=ProblemStatementOrigin.TUTORING,
        tutoring_module=9,
        by=me,
    )
    return personas


def docx_paragraphs(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml"} <= names
        root = ElementTree.fromstring(archive.read("word/document.xml"))
        # Every part is well-formed XML.
        for name in names:
            ElementTree.fromstring(archive.read(name))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def test_the_docx_is_valid_and_pre_filled(prepared, client):
    client.force_login(prepared["auditeur"])
    response = client.get("/cohorts/cs26-2025/note/skeleton.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "attachment" in response["Content-Disposition"]
    data = response.content
    assert sniff(data[:8], data) == "docx"
    paragraphs = docx_paragraphs(data)
    text = "\n".join(paragraphs)
    assert 'Inès Moreau <&>"' in text
    assert 'Directrice, Les Jardins #panic("x") & Cie' in text
    assert f"Comment structurer la gouvernance ? {TRICKY}" in text
    assert "Première idée" not in text  # the latest version only
    for number, title in enumerate(SECTIONS, start=1):
        assert f"{number}. {title}" in paragraphs


def test_the_pdf_is_pre_filled_and_user_text_is_not_markup(prepared, client):
    client.force_login(prepared["auditeur"])
    response = client.get("/cohorts/cs26-2025/note/skeleton.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert 'Moreau <&>"' in flat
    assert '#panic("x")' in flat
    assert "Comment structurer la gouvernance ?" in flat
    for title in SECTIONS:
        assert " ".join(title.split()) in flat


def test_without_a_problem_statement_the_skeleton_says_so(personas, client):
    client.force_login(personas["auditeur"])
    data = client.get("/cohorts/cs26-2025/note/skeleton.docx").content
    assert "Problématique à formuler." in docx_paragraphs(data)


def test_only_the_participant_downloads_their_skeleton(personas, client):
    for name in ("tuteur", "coordination", "autre_auditeur"):
        client.force_login(personas[name])
        assert client.get("/cohorts/cs26-2025/note/skeleton.docx").status_code == 404
