"""The data export: the participant's data and files, and no one else's."""

import io
import json
import zipfile

import pytest

from essor.privacy.export import export_user_data
from essor.surveys.models import Answer, Question, Questionnaire, Response, Survey

from .data import crafted

pytestmark = pytest.mark.django_db


def _open(content: bytes):
    archive = zipfile.ZipFile(io.BytesIO(content))
    return archive, json.loads(archive.read("donnees.json"))


def _survey(cohort, *, anonymous: bool, respondent, text: str):
    questionnaire = Questionnaire.objects.create(
        programme=cohort.programme,
        title="Questionnaire",
        moment="manual",
        audience="participants",
        anonymous=anonymous,
    )
    question = Question.objects.create(questionnaire=questionnaire, kind="text", text="Avis ?")
    survey = Survey.objects.create(
        cohort=cohort,
        questionnaire=questionnaire,
        title="Avis",
        opens_at="2025-05-21T10:00Z",
        closes_at="2025-06-21T10:00Z",
    )
    response = Response.objects.create(
        survey=survey, respondent=respondent, submitted_on="2025-05-22"
    )
    Answer.objects.create(response=response, question=question, text=text)


def test_export_holds_my_data_and_files_and_nobody_elses(personas):
    crafted(personas)
    cohort = personas["enrolment"].cohort
    _survey(cohort, anonymous=False, respondent=personas["auditeur"], text="Avis ALPHA nominatif")
    _survey(cohort, anonymous=False, respondent=personas["auditeur2"], text="Avis BRAVO")
    _survey(cohort, anonymous=True, respondent=None, text="Avis anonyme")

    archive, data = _open(export_user_data(personas["auditeur"]))
    names = archive.namelist()
    assert {"donnees.json", "LISEZMOI.txt"} <= set(names)
    everything = archive.read("donnees.json").decode() + "".join(
        archive.read(n).decode(errors="replace") for n in names if n.startswith("fichiers/")
    )

    # Mine.
    assert data["compte"]["username"] == "auditeur"
    assert data["candidatures"][0]["motivation"] == "Motivation ALPHA"
    enrolment = data["inscriptions"][0]
    assert enrolment["travaux"]["note_intention"]["body"] == "Intention ALPHA"
    assert enrolment["assiduite"]["presences"][0]["status"] == "present"
    assert enrolment["certification"]["certificats"][0]["number"] == "CS26-2025-ALPHA"
    assert enrolment["cahier_de_diagnostic"]["sections"][0]["data"] == {"nom": "Cahier ALPHA"}
    assert enrolment["cahier_de_diagnostic"]["Interview"][0]["pseudonym"] == "Témoin ALPHA"
    assert enrolment["etudes_prospectives"][0]["title"] == "Étude ALPHA"
    assert data["jetons_api"][0]["name"] == "Jeton ALPHA"
    assert "key_hash" not in data["jetons_api"][0]
    assert [a["texte"] for a in data["questionnaires_non_anonymes"]] == ["Avis ALPHA nominatif"]
    assert enrolment["assiduite"]["presences"][0]["debut"].startswith("2025-01-20T")

    files = [n for n in names if n.startswith("fichiers/")]
    contents = {archive.read(n) for n in files}
    assert {
        b"%PDF CV ALPHA",
        b"%PDF intention ALPHA",
        b"%PDF note ALPHA",
        b"PNG ALPHA",
        b"%PDF cert ALPHA",
    } <= contents

    # No one else's: not the other participant, not the anonymous answers.
    assert "BRAVO" not in everything
    assert personas["auditeur2"].username not in archive.read("donnees.json").decode()
    assert "Avis anonyme" not in everything
    assert "anonymes ne peuvent pas figurer" in archive.read("LISEZMOI.txt").decode()


def test_export_of_someone_without_an_enrolment(personas):
    archive, data = _open(export_user_data(personas["partenaire"]))
    assert data["inscriptions"] == [] and data["roles"][0]["role"] == "partner"
    assert not [n for n in archive.namelist() if n.startswith("fichiers/")]


def test_the_export_url_downloads_a_zip(personas, client):
    crafted(personas)
    client.force_login(personas["auditeur2"])
    response = client.get("/mes-donnees/export.zip")
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    _archive, data = _open(response.content)
    assert data["compte"]["username"] == "auditeur2"
    assert "ALPHA" not in json.dumps(data)
