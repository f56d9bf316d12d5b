"""Note versions: uploads checked by content and size, nothing stored on refusal, page
and word counts on real files, every version listed, files served only to the
participant, their tutor and the coordination."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from essor.core.errors import DomainError
from essor.core.storage import private_storage
from essor.coursework import note_selectors, note_services
from essor.coursework.models import NoteVersion
from tests.coursework.documents import EXE_BYTES, docx_bytes, odt_bytes, pdf_upload, upload

pytestmark = pytest.mark.django_db

NOTE_URL = "/cohorts/cs26-2025/note/"


def stored_files() -> list[str]:
    try:
        return private_storage.listdir("notes")[1]
    except FileNotFoundError:
        return []


def words(n: int) -> str:
    return " ".join(["mot"] * n)


@pytest.mark.parametrize(
    "bad, message",
    [
        (lambda: upload("note.pdf", EXE_BYTES), "n'est pas un document"),
        (lambda: upload("note.pdf", b""), "vide"),
        (lambda: pdf_upload(3), "taille maximale"),
    ],
    ids=["renamed executable", "empty", "oversize"],
)
def test_a_refused_file_gets_a_french_message_and_nothing_is_stored(
    bad, message, personas, client, settings
):
    settings.ESSOR_NOTE_MAX_BYTES = 300
    client.force_login(personas["auditeur"])
    response = client.post(NOTE_URL, {"file": bad()})
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert NoteVersion.objects.count() == 0
    assert stored_files() == []


def test_the_service_refuses_with_the_code_file_invalid(personas):
    with pytest.raises(DomainError) as error:
        note_services.upload_note_version(
            enrolment=personas["enrolment"],
            upload=upload("x.docx", EXE_BYTES),
            is_final=False,
            by=personas["auditeur"],
        )
    assert error.value.code == "file_invalid"
    assert NoteVersion.objects.count() == 0


def test_the_cap_defaults_to_20_mb(settings):
    del settings.ESSOR_NOTE_MAX_BYTES
    assert note_services.note_max_bytes() == 20 * 1024 * 1024


def test_someone_else_cannot_upload_for_the_participant(personas):
    with pytest.raises(DomainError) as error:
        note_services.upload_note_version(
            enrolment=personas["enrolment"],
            upload=pdf_upload(1),
            is_final=False,
            by=personas["tuteur"],
        )
    assert error.value.code == "not_owner"


def test_pages_of_a_pdf_and_words_of_docx_and_odt_are_counted(personas):
    me, enrolment = personas["auditeur"], personas["enrolment"]
    pdf = note_services.upload_note_version(
        enrolment=enrolment, upload=pdf_upload(18), is_final=False, by=me
    )
    docx = note_services.upload_note_version(
        enrolment=enrolment,
        upload=upload("note.docx", docx_bytes(words(9_250))),
        is_final=False,
        by=me,
    )
    odt = note_services.upload_note_version(
        enrolment=enrolment,
        upload=upload("note.odt", odt_bytes(words(1_200))),
        is_final=False,
        by=me,
    )
    assert (pdf.number, pdf.file_kind, pdf.pages, pdf.words) == (1, "pdf", 18, None)
    assert (docx.number, docx.file_kind, docx.pages, docx.words) == (2, "docx", None, 9_250)
    assert (odt.number, odt.file_kind, odt.words) == (3, "odt", 1_200)
    assert note_selectors.note_length(pdf).text == "18 pages"
    assert note_selectors.note_length(pdf).verdict == "ok"
    assert note_selectors.note_length(docx).text == "9\u202f250 mots (≈ 18,5 pages)"
    assert note_selectors.note_length(odt).verdict == "short"


@pytest.mark.parametrize(
    "size, text",
    [(820, "820 o"), (12 * 1024, "12 Ko"), (1_258_291, "1,2 Mo")],
)
def test_sizes_are_written_the_french_way(size, text):
    assert note_selectors.size_text(size) == text


def test_the_page_lists_every_version_with_date_size_and_length(personas, client):
    me, enrolment = personas["auditeur"], personas["enrolment"]
    client.force_login(me)
    response = client.post(NOTE_URL, {"file": pdf_upload(19)})
    assert response.status_code == 302
    client.post(NOTE_URL, {"file": upload("v2.docx", docx_bytes(words(600)))})
    page = client.get(NOTE_URL).content.decode()
    assert "Version 1" in page and "Version 2" in page
    assert "19 pages" in page
    assert "600 mots (≈ 1,2 pages)" in page
    assert "plus court que le repère" in page
    assert "environ 20 pages" in page
    assert NoteVersion.objects.filter(enrolment=enrolment).count() == 2


def test_the_note_page_query_count_does_not_grow_with_versions(personas, client):
    me, enrolment = personas["auditeur"], personas["enrolment"]
    client.force_login(me)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(NOTE_URL).status_code == 200
        return len(queries)

    note_services.upload_note_version(
        enrolment=enrolment, upload=pdf_upload(1), is_final=False, by=me
    )
    one = count()
    for _ in range(3):
        note_services.upload_note_version(
            enrolment=enrolment, upload=pdf_upload(1), is_final=False, by=me
        )
    assert count() == one


def test_files_are_served_to_the_participant_tutor_and_coordination_only(personas, client):
    version = note_services.upload_note_version(
        enrolment=personas["enrolment"],
        upload=pdf_upload(2, name="ma-note.pdf"),
        is_final=False,
        by=personas["auditeur"],
    )
    url = f"/note-versions/{version.pk}/file"
    for name in ("auditeur", "tuteur", "coordination"):
        client.force_login(personas[name])
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    for name in ("auditeur2", "tuteur2", "intervenant", "autre_auditeur", "partenaire"):
        client.force_login(personas[name])
        assert client.get(url).status_code == 404, name


def test_a_guessed_file_url_is_a_404_like_another_participants_file(personas, client):
    theirs = note_services.upload_note_version(
        enrolment=personas["enrolment2"],
        upload=pdf_upload(1),
        is_final=False,
        by=personas["auditeur2"],
    )
    client.force_login(personas["auditeur"])
    assert client.get(f"/note-versions/{theirs.pk}/file").status_code == 404
    assert client.get(f"/note-versions/{theirs.pk + 1000}/file").status_code == 404
