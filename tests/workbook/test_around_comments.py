"""Tutor comments on a workbook section: who writes, who reads, the inclusion tag."""

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory

from essor.core.errors import DomainError
from essor.workbook.access import ensure_workbook
from essor.workbook.comments import add_comment, section_comments
from essor.workbook.models import TutorComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(personas):
    return ensure_workbook(personas["enrolment"])


def test_the_tutor_and_the_coordination_comment(personas, workbook):
    first = add_comment(workbook=workbook, section="D", author=personas["tuteur"], body=" Bien ")
    add_comment(workbook=workbook, section="D", author=personas["coordination"], body="Oui")
    add_comment(workbook=workbook, section="B", author=personas["tuteur"], body="Autre")
    assert first.body == "Bien"
    assert [c.body for c in section_comments(workbook, "D")] == ["Bien", "Oui"]


@pytest.mark.parametrize("who", ["auditeur", "tuteur2", "intervenant", "auditeur2"])
def test_anyone_else_is_refused(personas, workbook, who):
    with pytest.raises(DomainError) as error:
        add_comment(workbook=workbook, section="D", author=personas[who], body="Non")
    assert error.value.code == "comment_forbidden"
    assert not TutorComment.objects.exists()


def test_an_empty_comment_gets_a_french_message(personas, workbook):
    with pytest.raises(DomainError) as error:
        add_comment(workbook=workbook, section="D", author=personas["tuteur"], body="  \r\n ")
    assert error.value.message == "Le commentaire est vide."


def test_the_participant_is_told_by_mail(personas, workbook, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_comment(workbook=workbook, section="G", author=personas["tuteur"], body="Revoir")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [personas["auditeur"].email]
    assert "G. Gouvernance" in mail.outbox[0].body
    assert "Revoir" in mail.outbox[0].body


def test_the_view_adds_the_comment_and_returns_to_the_section(personas, workbook, client):
    client.force_login(personas["tuteur"])
    url = f"/workbook/{personas['enrolment'].pk}/D/comments"
    response = client.post(url, {"body": "Les heures de mars manquent."})
    assert response.status_code == 302
    assert response["Location"] == f"/workbook/{personas['enrolment'].pk}/D/#commentaires"
    assert TutorComment.objects.get().body == "Les heures de mars manquent."


def test_the_view_answers_an_empty_comment_with_the_form(personas, workbook, client):
    client.force_login(personas["coordination"])
    response = client.post(f"/workbook/{personas['enrolment'].pk}/D/comments", {"body": " "})
    assert response.status_code == 400
    assert "Le commentaire est vide." in response.content.decode()
    assert not TutorComment.objects.exists()


def test_the_participant_cannot_post_and_unknown_sections_are_404(personas, workbook, client):
    client.force_login(personas["auditeur"])
    url = f"/workbook/{personas['enrolment'].pk}/D/comments"
    assert client.post(url, {"body": "Moi"}).status_code == 404
    client.force_login(personas["tuteur"])
    assert (
        client.post(f"/workbook/{personas['enrolment'].pk}/Z/comments", {"body": "x"}).status_code
        == 404
    )
    assert not TutorComment.objects.exists()


def _render(user, workbook, code):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load workbook_comments %}{% workbook_comments workbook code %}")
    return template.render(Context({"request": request, "workbook": workbook, "code": code}))


def test_the_tag_shows_comments_to_the_participant_without_a_form(personas, workbook):
    add_comment(workbook=workbook, section="D", author=personas["tuteur"], body="<b>Attention</b>")
    html = _render(personas["auditeur"], workbook, "D")
    assert "&lt;b&gt;Attention&lt;/b&gt;" in html
    assert personas["tuteur"].get_full_name() in html
    assert "<form" not in html
    assert "Pas encore de commentaire" in _render(personas["auditeur"], workbook, "B")


def test_the_tag_gives_the_tutor_a_form(personas, workbook):
    html = _render(personas["tuteur"], workbook, "D")
    assert f'action="/workbook/{personas["enrolment"].pk}/D/comments"' in html
    assert 'name="body"' in html


def test_the_participant_reads_the_comments_on_their_section_page(personas, workbook, client):
    add_comment(workbook=workbook, section="D", author=personas["tuteur"], body="Voir mars.")
    client.force_login(personas["auditeur"])
    page = client.get("/cohorts/cs26-2025/workbook/D/").content.decode()
    assert "Voir mars." in page
    assert "/comments" not in page  # no form for them
    client.force_login(personas["tuteur"])
    page = client.get(f"/workbook/{personas['enrolment'].pk}/D/").content.decode()
    assert "Voir mars." in page
    assert f'action="/workbook/{personas["enrolment"].pk}/D/comments"' in page


def test_the_form_carries_a_working_csrf_token(personas, workbook):
    import re

    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["tuteur"])
    page = client.get(f"/workbook/{personas['enrolment'].pk}/D/").content.decode()
    form = page[page.index('action="/workbook/') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = client.post(
        f"/workbook/{personas['enrolment'].pk}/D/comments",
        {"body": "Avec jeton", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert TutorComment.objects.get().body == "Avec jeton"
