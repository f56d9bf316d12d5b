"""The problem statement: dated versions (from the statement of intent, after a tutoring
day, revisions), the tutor's comments per version, the history of how it evolved."""

import html
from datetime import UTC, datetime

import pytest

from essor.core import clock
from essor.core.errors import DomainError
from essor.coursework import note_selectors, note_services, services
from essor.coursework.models import ProblemStatementComment, ProblemStatementVersion

pytestmark = pytest.mark.django_db

URL = "/cohorts/cs26-2025/problem/"


def add(personas, text, origin="revision", module=None):
    return note_services.add_problem_statement(
        enrolment=personas["enrolment"],
        text=text,
        origin=origin,
        tutoring_module=module,
        by=personas["auditeur"],
    )


def test_the_first_version_is_pre_filled_from_the_statement_of_intent(personas, client):
    services.save_statement_draft(
        enrolment=personas["enrolment"],
        body="Comment financer la croissance ?",
        by=personas["auditeur"],
        explicit=True,
    )
    client.force_login(personas["auditeur"])
    response = client.get(URL)
    form = response.context["form"]
    assert form.initial == {"text": "Comment financer la croissance ?", "origin": "statement"}


def test_versions_are_numbered_dated_and_kept(personas, client, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2025, 3, 19, 15, tzinfo=UTC))
    client.force_login(personas["auditeur"])
    response = client.post(URL, {"text": "Version A", "origin": "statement"})
    assert response.status_code == 302
    response = client.post(URL, {"text": "Version B", "origin": "tutoring", "tutoring_module": "9"})
    assert response.status_code == 302
    versions = list(ProblemStatementVersion.objects.order_by("number"))
    assert [(v.number, v.text, v.origin, v.tutoring_module) for v in versions] == [
        (1, "Version A", "statement", None),
        (2, "Version B", "tutoring", 9),
    ]
    assert versions[1].created_at == datetime(2025, 3, 19, 15, tzinfo=UTC)
    page = html.unescape(client.get(URL).content.decode())
    assert "Comment elle a évolué" in page
    assert "19 mars 2025" in page
    assert "après une journée de tutorat (module 9)" in page.lower()


def test_a_tutoring_version_needs_its_module(personas, client):
    with pytest.raises(DomainError) as error:
        add(personas, "Texte", origin="tutoring", module=None)
    assert error.value.code == "tutoring_module_required"
    client.force_login(personas["auditeur"])
    response = client.post(URL, {"text": "Texte", "origin": "tutoring"})
    assert response.status_code == 400
    assert "Indiquez la journée de tutorat" in html.unescape(response.content.decode())
    assert ProblemStatementVersion.objects.count() == 0


@pytest.mark.parametrize("text, code", [("   ", "problem_empty"), ("x" * 5_001, "text_too_long")])
def test_empty_or_huge_texts_are_refused(personas, text, code):
    with pytest.raises(DomainError) as error:
        add(personas, text)
    assert error.value.code == code


def test_an_identical_version_is_refused(personas):
    add(personas, "Même texte")
    with pytest.raises(DomainError) as error:
        add(personas, "Même texte")
    assert error.value.code == "problem_unchanged"


def test_only_the_participant_or_coordination_writes_versions(personas):
    with pytest.raises(DomainError) as error:
        note_services.add_problem_statement(
            enrolment=personas["enrolment"], text="x", origin="revision", by=personas["tuteur"]
        )
    assert error.value.code == "not_owner"


def test_the_tutor_comments_a_version_and_the_participant_reads_it(personas, client):
    version = add(personas, "Ma problématique")
    client.force_login(personas["tuteur"])
    detail = f"/enrolments/{personas['enrolment'].pk}/problem/"
    assert client.get(detail).status_code == 200
    response = client.post(
        f"/problem-versions/{version.pk}/comments", {f"v{version.pk}-body": "Précisez le public."}
    )
    assert response.status_code == 302
    client.force_login(personas["auditeur"])
    assert "Précisez le public." in client.get(URL).content.decode()


def test_an_empty_comment_is_refused_with_a_french_message(personas, client):
    version = add(personas, "Ma problématique")
    client.force_login(personas["tuteur"])
    response = client.post(f"/problem-versions/{version.pk}/comments", {f"v{version.pk}-body": ""})
    assert response.status_code == 400
    assert "Le commentaire est vide." in response.content.decode()
    assert ProblemStatementComment.objects.count() == 0


def test_the_participant_and_other_tutors_cannot_comment(personas, client):
    version = add(personas, "Ma problématique")
    url = f"/problem-versions/{version.pk}/comments"
    client.force_login(personas["auditeur"])
    assert client.post(url, {f"v{version.pk}-body": "moi"}).status_code == 403
    client.force_login(personas["tuteur2"])
    assert client.post(url, {f"v{version.pk}-body": "moi"}).status_code == 404
    with pytest.raises(DomainError) as error:
        note_services.comment_problem_statement(
            version=version, author=personas["auditeur"], body="x"
        )
    assert error.value.code == "comment_forbidden"
    assert ProblemStatementComment.objects.count() == 0


def test_latest_problem_statement(personas):
    assert note_selectors.latest_problem_statement(personas["enrolment"]) is None
    add(personas, "Un")
    add(personas, "Deux")
    assert note_selectors.latest_problem_statement(personas["enrolment"]).text == "Deux"
