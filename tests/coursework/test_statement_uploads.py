"""Uploading the statement as a file: checked by content, stored privately, served only
to the participant, their tutor and the coordination."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from essor.core.errors import DomainError
from essor.coursework import services
from essor.coursework.models import StatementOfIntent, StatementVersion

from .documents import EXE_BYTES, docx_bytes, odt_bytes, pdf_upload, upload

EDIT = "/cohorts/cs26-2025/statement/"


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [Path(d) / f for d, _, files in os.walk(root) for f in files]


@pytest.fixture
def enrolment(personas):
    return personas["enrolment"]


def test_a_two_page_pdf_is_stored_privately_with_its_page_count(enrolment, personas):
    statement = services.upload_statement_file(
        enrolment=enrolment, upload=pdf_upload(2, "Ma note.pdf"), by=personas["auditeur"]
    )
    assert (statement.file_kind, statement.file_pages, statement.file_name) == (
        "pdf",
        2,
        "Ma note.pdf",
    )
    path = Path(statement.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT) / "private")
    # Stored under a random name: the participant's file name is only a label.
    assert path.name != "Ma note.pdf" and path.suffix == ".pdf"
    assert path.read_bytes().startswith(b"%PDF-")
    version = statement.versions.get()
    assert (version.number, version.file.name, version.file_pages) == (1, statement.file.name, 2)


@pytest.mark.parametrize(
    ("name", "build", "kind"),
    [("note.docx", docx_bytes, "docx"), ("note.odt", odt_bytes, "odt")],
)
def test_docx_and_odt_are_recognised_by_their_content(enrolment, personas, name, build, kind):
    text = " ".join(["engagement"] * 650)
    statement = services.upload_statement_file(
        enrolment=enrolment, upload=upload(name, build(text)), by=personas["auditeur"]
    )
    assert statement.file_kind == kind
    assert statement.file_words == 650


def test_a_renamed_executable_is_refused_in_french_and_nothing_is_stored(
    client, enrolment, personas
):
    client.force_login(personas["auditeur"])
    response = client.post(
        EDIT + "file", {"file": upload("note.pdf", EXE_BYTES, "application/pdf")}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "n&#x27;est pas un document PDF, DOCX (Word), ODT (LibreOffice) valide" in html
    assert 'aria-describedby="file-help file-errors"' in html
    assert not StatementOfIntent.objects.exists()
    assert stored_files() == []


def test_the_service_refusal_carries_a_code(enrolment, personas):
    with pytest.raises(DomainError) as error:
        services.upload_statement_file(
            enrolment=enrolment, upload=upload("note.odt", EXE_BYTES), by=personas["auditeur"]
        )
    assert error.value.code == "file_invalid"


def test_an_oversize_file_is_refused(enrolment, personas, settings):
    settings.ESSOR_STATEMENT_MAX_BYTES = 100  # a blank 2-page PDF is ~500 bytes
    with pytest.raises(DomainError) as error:
        services.upload_statement_file(
            enrolment=enrolment, upload=pdf_upload(2), by=personas["auditeur"]
        )
    assert error.value.code == "file_invalid"
    assert "taille maximale" in error.value.message
    assert stored_files() == []


def test_an_empty_file_is_refused_by_the_form(client, personas):
    client.force_login(personas["auditeur"])
    response = client.post(EDIT + "file", {"file": upload("note.pdf", b"")})
    assert response.status_code == 400
    assert "Le fichier est vide." in response.content.decode()


def test_the_upload_page_shows_the_pdf_page_count(client, personas):
    client.force_login(personas["auditeur"])
    response = client.post(EDIT + "file", {"file": pdf_upload(2)})
    assert response.status_code == 302
    html = client.get(EDIT).content.decode()
    assert "(2 pages)" in html
    assert "Dans la longueur attendue (1 à 2 pages)." in html


def test_a_new_file_replaces_the_old_one_which_stays_in_the_history(enrolment, personas):
    me = personas["auditeur"]
    first = services.upload_statement_file(enrolment=enrolment, upload=pdf_upload(1), by=me)
    first_name = first.file.name
    second = services.upload_statement_file(enrolment=enrolment, upload=pdf_upload(2), by=me)
    assert second.file.name != first_name
    versions = list(StatementVersion.objects.order_by("number"))
    assert [v.file.name for v in versions] == [first_name, second.file.name]


def test_a_file_alone_can_be_submitted(enrolment, personas):
    me = personas["auditeur"]
    services.upload_statement_file(enrolment=enrolment, upload=pdf_upload(2), by=me)
    version = services.submit_statement(enrolment=enrolment, by=me)
    assert version.submitted and version.file_kind == "pdf"


# --- Downloading -------------------------------------------------------------------------


@pytest.fixture
def with_file(enrolment, personas):
    services.upload_statement_file(
        enrolment=enrolment, upload=pdf_upload(2, "Note Martine.pdf"), by=personas["auditeur"]
    )
    return f"/statements/{enrolment.pk}/file"


@pytest.mark.parametrize("name", ["auditeur", "tuteur", "coordination"])
def test_the_participant_their_tutor_and_the_coordination_download_the_file(
    client, personas, with_file, name
):
    client.force_login(personas[name])
    response = client.get(with_file)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="Note Martine.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    "name", ["auditeur2", "tuteur2", "intervenant", "autre_auditeur", "partenaire"]
)
def test_anyone_else_gets_a_404_for_the_file(client, personas, with_file, name):
    client.force_login(personas[name])
    assert client.get(with_file).status_code == 404


def test_a_versions_file_is_served_with_its_number(client, personas, with_file, enrolment):
    client.force_login(personas["tuteur"])
    assert client.get(with_file + "?version=1").status_code == 200
    assert client.get(with_file + "?version=9").status_code == 404
    assert client.get(with_file + "?version=abc").status_code == 404


def test_no_file_is_a_404(client, personas, enrolment):
    client.force_login(personas["auditeur"])
    assert client.get(f"/statements/{enrolment.pk}/file").status_code == 404
