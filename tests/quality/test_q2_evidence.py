"""The quality evidence zip: one folder per Qualiopi indicator, a summary listing every
file, documents read back (sheets, programme, stored certificate), small surveys without
answers, no other cohort's data, a fixed number of queries."""

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from pypdf import PdfReader

from essor.attendance.models import SlotSpeaker
from essor.core import clock
from essor.coursework.models import StatementOfIntent, StatementVersion
from essor.quality.evidence import build_evidence_zip, evidence_plan, safe_name
from essor.quality.models import Complaint
from essor.quality.programme_pdf import render_programme_pdf
from essor.surveys.models import Answer, Question, Questionnaire, Response, Survey
from tests.certification.badge_fixtures import make_certificate
from tests.factories import UserFactory, enrol

NOW = datetime.datetime(2025, 7, 1, 10, tzinfo=datetime.UTC)
FOLDERS = [
    "01-information-publique",
    "02-resultats",
    "03-certification",
    "04-08-besoins-positionnement",
    "09-convocations",
    "10-suivi-tutorat",
    "11-evaluation-des-acquis",
    "12-assiduite-prevention-abandon",
    "21-22-intervenants",
    "26-handicap",
    "30-appreciations",
    "31-reclamations",
    "32-amelioration",
]


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _complaint(cohort, subject, by):
    return Complaint.objects.create(
        cohort=cohort,
        received_on=datetime.date(2025, 3, 1),
        channel="email",
        complainant_role="participant",
        complainant_name="Camille Réclamante",
        subject=subject,
        description="Salle trop petite",
        response="Salle changée",
        responded_on=datetime.date(2025, 3, 3),
        closed_on=datetime.date(2025, 3, 5),
        recorded_by=by,
    )


def _survey(cohort, answers: int, title: str, text: str):
    questionnaire = Questionnaire.objects.create(
        programme=cohort.programme, title=title, moment="end", audience="participants"
    )
    question = Question.objects.create(
        questionnaire=questionnaire, position=1, kind="text", text="Un mot ?"
    )
    survey = Survey.objects.create(
        cohort=cohort,
        questionnaire=questionnaire,
        title=title,
        opens_at=NOW - datetime.timedelta(days=20),
        closes_at=NOW - datetime.timedelta(days=5),
        status="closed",
    )
    for _index in range(answers):
        response = Response.objects.create(survey=survey, submitted_on=datetime.date(2025, 6, 2))
        Answer.objects.create(response=response, question=question, text=text)
    return survey


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return NOW


@pytest.fixture
def evidence(personas, cs26, other_cohort, frozen):
    """cs26 with a certificate, a statement, a complaint, a small survey, a speaker; the
    other cohort with data of its own that must stay out."""
    coordination = personas["coordination"]
    certificate = make_certificate(personas["enrolment"], by=coordination)
    statement = StatementOfIntent.objects.create(enrolment=personas["enrolment"], body="v2")
    for number, body in ((1, "Première idée"), (2, "# Mon projet\n\nDévelopper la coopérative")):
        StatementVersion.objects.create(
            statement=statement, number=number, body=body, created_by=personas["auditeur"]
        )
    _complaint(cs26, "Salle du module 3", coordination)
    _complaint(other_cohort, "PLAINTE-AUTRE-PROMO", coordination)
    _survey(cs26, 3, "Satisfaction finale", "RÉPONSE-CONFIDENTIELLE")
    _survey(other_cohort, 1, "ENQUETE-AUTRE-PROMO", "x")
    first_slot = cs26.slots.order_by("start").first()
    SlotSpeaker.objects.create(slot=first_slot, speaker=personas["intervenant"])
    return {"certificate": certificate, "slot": first_slot}


def _zip(cohort) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(build_evidence_zip(cohort, now=NOW)))


def test_folders_by_indicator_and_summary_lists_every_file(evidence, cs26):
    archive = _zip(cs26)
    names = archive.namelist()
    assert "sommaire.txt" in names
    folders = sorted({name.split("/")[0] for name in names if "/" in name})
    assert folders == FOLDERS
    summary = archive.read("sommaire.txt").decode("utf-8")
    for name in names:
        if name != "sommaire.txt":
            assert f"  - {name} : " in summary
        # Safe names: ASCII, one folder level, nothing hidden.
        assert name.isascii() and name.count("/") <= 1 and ".." not in name
    assert "04-08-besoins-positionnement/ — Qualiopi 4, 5, 6, 7, 8 : " in summary
    # What is missing is said.
    assert "Manque : aucun jury clos : pas de procès-verbal" in summary
    assert "Manque : aucune action d'amélioration enregistrée" in summary
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())


def test_documents_read_back(evidence, cs26):
    archive = _zip(cs26)
    names = archive.namelist()
    sheets = [n for n in names if n.startswith("12-assiduite-prevention-abandon/emargement-")]
    assert len(sheets) == 26
    slot = evidence["slot"]
    first = next(n for n in sheets if "module-01" in n)
    assert slot.module.title in pdf_text(archive.read(first)).replace("\n", " ")
    programme_text = pdf_text(archive.read("01-information-publique/programme-cs26-2025.pdf"))
    flat = " ".join(programme_text.split())
    for module in cs26.programme.modules.all():
        assert f"Module {module.number}" in flat
    assert "Obtenir le certificat" in flat and "Accessibilité et handicap" in flat
    # The issued certificate is the stored file, byte for byte.
    certificate = evidence["certificate"]
    stored = f"03-certification/certificat-{safe_name(certificate.number)}.pdf"
    with certificate.pdf.open("rb") as handle:
        assert archive.read(stored) == handle.read()
    # The latest version of the statement, as Markdown text.
    statements = [n for n in names if n.startswith("04-08-besoins-positionnement/note-intention-")]
    assert len(statements) == 1 and statements[0].endswith(".md")
    assert archive.read(statements[0]).decode() == "# Mon projet\n\nDévelopper la coopérative"
    convocations = [n for n in names if n.startswith("09-convocations/")]
    assert len(convocations) == 2
    speakers = archive.read("21-22-intervenants/intervenants-par-demi-journee.csv").decode(
        "utf-8-sig"
    )
    assert speakers.count("\n") == 27  # header and 26 half-days
    assert personas_name(evidence, cs26) in speakers


def personas_name(evidence, cs26) -> str:
    speaker = SlotSpeaker.objects.get(slot=evidence["slot"]).speaker
    return speaker.get_full_name() or speaker.get_username()


def test_complaints_csv_rows(evidence, cs26):
    archive = _zip(cs26)
    rows = archive.read("31-reclamations/reclamations.csv").decode("utf-8-sig").splitlines()
    assert len(rows) == 2
    assert "Salle du module 3" in rows[1] and "Salle changée" in rows[1]


def test_small_survey_gives_its_title_and_count_only(evidence, cs26):
    archive = _zip(cs26)
    files = [n for n in archive.namelist() if n.startswith("30-appreciations/")]
    assert files == ["30-appreciations/enquetes-moins-de-5-reponses.txt"]
    text = archive.read(files[0]).decode()
    assert "Satisfaction finale : 3 réponses — moins de 5 réponses" in text
    everything = b"".join(archive.read(n) for n in archive.namelist() if not n.endswith(".pdf"))
    assert "RÉPONSE-CONFIDENTIELLE".encode() not in everything


def test_no_other_cohort_data(evidence, cs26, personas):
    archive = _zip(cs26)
    texts = b"".join(archive.read(n) for n in archive.namelist() if not n.endswith(".pdf"))
    texts = texts.decode("utf-8", errors="replace")
    assert "PLAINTE-AUTRE-PROMO" not in texts
    assert "ENQUETE-AUTRE-PROMO" not in texts
    other = personas["autre_auditeur"]
    assert f"-{personas['other_enrolment'].pk}.pdf" not in " ".join(archive.namelist())
    assert other.get_full_name() not in texts
    for name in archive.namelist():
        if name.startswith("09-convocations/"):
            assert other.get_full_name() not in pdf_text(archive.read(name))


def test_empty_folders_say_why(personas, cs26, frozen):
    archive = _zip(cs26)
    note = archive.read("30-appreciations/lisezmoi.txt").decode()
    assert note == "Aucune enquête envoyée.\n"


def test_survey_with_five_answers_has_its_results(evidence, cs26):
    _survey(cs26, 5, "Module cinq", "Très bien")
    archive = _zip(cs26)
    files = [
        n for n in archive.namelist() if n.startswith("30-appreciations/") and n.endswith(".csv")
    ]
    assert len(files) == 1 and "module-cinq" in files[0]
    assert "Très bien" in archive.read(files[0]).decode("utf-8-sig")


# 26 sheets × 5 queries (essor.attendance.documents.sheets) + 73 for the rest (results,
# eligibility, tables, convocation facts, surveys…), whatever the number of participants.
QUERIES = 203


def test_queries_do_not_grow_with_participants(evidence, cs26, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        build_evidence_zip(cs26, now=NOW)
    for index in range(3):
        enrol(UserFactory(username=f"extra{index}"), cs26)
    with django_assert_num_queries(QUERIES):
        build_evidence_zip(cs26, now=NOW)


def test_plan_counts(evidence, cs26):
    folders = {f.folder: f for f in evidence_plan(cs26)}
    assert "1 certificat délivré" in folders["03-certification"].counts
    assert "1 réclamation" in folders["31-reclamations"].counts
    assert "26 feuilles d'émargement" in folders["12-assiduite-prevention-abandon"].counts


def _complaint_counts(cohort) -> list[str]:
    return next(f for f in evidence_plan(cohort) if f.folder == "31-reclamations").counts


def test_counts_agree_with_their_number(personas, cs26):
    by = personas["coordination"]
    _complaint(cs26, "Première", by)
    assert _complaint_counts(cs26) == ["1 réclamation"]
    _complaint(cs26, "Seconde", by)
    assert _complaint_counts(cs26) == ["2 réclamations"]


def test_counts_take_the_english_plural(personas, cs26):
    by = personas["coordination"]
    _complaint(cs26, "Première", by)
    with translation.override("en"):
        assert _complaint_counts(cs26) == ["1 complaint"]
    _complaint(cs26, "Seconde", by)
    with translation.override("en"):
        assert _complaint_counts(cs26) == ["2 complaints"]


def test_a_small_survey_with_one_answer_says_reponse(personas, cs26, frozen):
    _survey(cs26, 1, "Satisfaction à chaud", "Bien")
    text = _zip(cs26).read("30-appreciations/enquetes-moins-de-5-reponses.txt").decode()
    assert text == (
        "Satisfaction à chaud : 1 réponse — moins de 5 réponses, résultats non communiqués.\n"
    )


def test_programme_pdf_without_cohort_lists_modules(cs26):
    text = " ".join(pdf_text(render_programme_pdf(cs26.programme)).split())
    assert cs26.programme.title.split()[0] in text
    assert "Module 14" in text and "À préciser" in text


def test_safe_name():
    assert safe_name("../Élise/ «note»") == "elise-note"
    assert safe_name("///") == "document"


def test_closed_jury_minutes_are_the_stored_file(evidence, cs26):
    jury = evidence["certificate"].decision.jury
    jury.closed_at = NOW
    jury.minutes_pdf.save("pv.pdf", ContentFile(b"%PDF-1.4 minutes"), save=False)
    jury.save()
    archive = _zip(cs26)
    minutes = [
        n
        for n in archive.namelist()
        if n.startswith("03-certification/") and "certificat-" not in n and n.endswith(".pdf")
    ]
    assert len(minutes) == 1
    assert archive.read(minutes[0]) == b"%PDF-1.4 minutes"
