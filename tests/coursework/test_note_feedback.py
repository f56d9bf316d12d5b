"""Feedback per version by the tutor or the coordination: a required comment, a status,
an optional annotated file; shown to the participant, who cannot give any."""

import pytest

from essor.core.errors import DomainError
from essor.core.storage import private_storage
from essor.coursework import note_services
from essor.coursework.models import NoteFeedback
from tests.coursework.documents import EXE_BYTES, docx_bytes, pdf_upload, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(personas):
    return note_services.upload_note_version(
        enrolment=personas["enrolment"],
        upload=pdf_upload(12),
        is_final=False,
        by=personas["auditeur"],
    )


def test_the_tutor_gives_feedback_with_an_annotated_file(personas, version, client):
    client.force_login(personas["tuteur"])
    url = f"/note-versions/{version.pk}/feedback"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "comment": "Le diagnostic économique manque.",
            "status": "rework",
            "annotated_file": upload("annotee.docx", docx_bytes("annotations")),
        },
    )
    assert response.status_code == 302
    feedback = NoteFeedback.objects.get()
    assert (feedback.status, feedback.author) == ("rework", personas["tuteur"])
    assert private_storage.exists(feedback.annotated_file.name)

    client.force_login(personas["auditeur"])
    page = client.get("/cohorts/cs26-2025/note/").content.decode()
    assert "Le diagnostic économique manque." in page
    assert "À retravailler" in page
    file_url = f"/note-feedback/{feedback.pk}/file"
    assert file_url in page
    assert client.get(file_url).status_code == 200
    client.force_login(personas["auditeur2"])
    assert client.get(file_url).status_code == 404


def test_the_comment_and_status_are_required(personas, version, client):
    client.force_login(personas["tuteur"])
    response = client.post(f"/note-versions/{version.pk}/feedback", {"comment": "", "status": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Le commentaire général est obligatoire." in page
    assert "Choisissez une appréciation." in page
    assert NoteFeedback.objects.count() == 0


def test_a_bad_annotated_file_is_refused_and_nothing_is_stored(personas, version, client):
    client.force_login(personas["tuteur"])
    before = private_storage.listdir("notes")[1]
    response = client.post(
        f"/note-versions/{version.pk}/feedback",
        {"comment": "Bien", "status": "on_track", "annotated_file": upload("a.pdf", EXE_BYTES)},
    )
    assert response.status_code == 400
    assert NoteFeedback.objects.count() == 0
    assert private_storage.listdir("notes")[1] == before
    assert (
        not private_storage.exists("notes/annotated")
        or not private_storage.listdir("notes/annotated")[1]
    )


def test_the_participant_cannot_give_feedback(personas, version, client):
    client.force_login(personas["auditeur"])
    url = f"/note-versions/{version.pk}/feedback"
    assert client.get(url).status_code == 403
    assert client.post(url, {"comment": "Moi", "status": "ready"}).status_code == 403
    with pytest.raises(DomainError) as error:
        note_services.give_note_feedback(
            version=version, author=personas["auditeur"], comment="Moi", status="ready"
        )
    assert error.value.code == "feedback_forbidden"
    assert NoteFeedback.objects.count() == 0


def test_another_tutor_or_participant_gets_a_404(personas, version, client):
    for name in ("tuteur2", "auditeur2", "intervenant"):
        client.force_login(personas[name])
        assert client.get(f"/note-versions/{version.pk}/feedback").status_code == 404, name


def test_the_coordination_may_give_feedback(personas, version):
    feedback = note_services.give_note_feedback(
        version=version, author=personas["coordination"], comment="Prête.", status="ready"
    )
    assert feedback.get_status_display() == "prête"
