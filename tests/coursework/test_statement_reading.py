"""Reading a statement, its versions and comments: the participant, their tutor and the
coordination; everyone else gets a 404, even by guessing ids."""

import pytest

from essor.cohorts.models import Enrolment
from essor.core.errors import DomainError
from essor.coursework import services
from essor.coursework.models import StatementComment


@pytest.fixture
def written(personas):
    enrolment = personas["enrolment"]
    me = personas["auditeur"]
    services.save_statement_draft(
        enrolment=enrolment, body="Première version", by=me, explicit=True
    )
    services.save_and_submit_statement(enrolment=enrolment, body="Version **remise**", by=me)
    services.save_statement_draft(enrolment=enrolment, body="Retouche", by=me, explicit=False)
    return enrolment


def detail(enrolment) -> str:
    return f"/statements/{enrolment.pk}/"


@pytest.mark.parametrize("name", ["auditeur", "tuteur", "coordination"])
def test_the_participant_their_tutor_and_the_coordination_read_it(client, personas, written, name):
    client.force_login(personas[name])
    html = client.get(detail(written)).content.decode()
    assert "Retouche" in html  # the current text
    assert "modifiée depuis la dernière remise" in html
    # The history: number, date, submitted or not, size.
    assert "Historique des versions" in html
    assert html.count("/versions/") >= 2
    assert "oui, remise" in html and "non (brouillon)" in html
    assert "2 mots" in html


@pytest.mark.parametrize(
    "name", ["auditeur2", "tuteur2", "intervenant", "autre_auditeur", "partenaire"]
)
def test_anyone_else_gets_a_404(client, personas, written, name):
    client.force_login(personas[name])
    assert client.get(detail(written)).status_code == 404
    assert client.get(detail(written) + "versions/1/").status_code == 404


def test_guessing_ids_reveals_nothing(client, personas, written):
    client.force_login(personas["auditeur2"])
    last = Enrolment.objects.order_by("-pk").first().pk
    answers = {pk: client.get(f"/statements/{pk}/").status_code for pk in range(1, last + 5)}
    # Only their own statement opens; unknown and forbidden ids look the same.
    assert {pk for pk, status in answers.items() if status == 200} == {personas["enrolment2"].pk}
    assert set(answers.values()) == {200, 404}


def test_an_old_version_can_be_read(client, personas, written):
    client.force_login(personas["tuteur"])
    html = client.get(detail(written) + "versions/2/").content.decode()
    assert "version 2" in html
    assert "Version <strong>remise</strong>" in html
    assert "version remise" in html
    assert client.get(detail(written) + "versions/7/").status_code == 404


def test_the_tutor_and_the_coordination_comment(client, personas, written):
    client.force_login(personas["tuteur"])
    response = client.post(detail(written) + "comments", {"body": "Précisez votre question."})
    assert response.status_code == 302
    client.force_login(personas["coordination"])
    client.post(detail(written) + "comments", {"body": "Bien reçu."})
    client.force_login(personas["auditeur"])
    html = client.get(detail(written)).content.decode()
    assert "Précisez votre question." in html and "Bien reçu." in html
    # The participant reads the comments but has no form to add one.
    assert "Ajouter le commentaire" not in html


def test_the_participant_cannot_comment_their_own_statement(client, personas, written):
    client.force_login(personas["auditeur"])
    assert client.post(detail(written) + "comments", {"body": "moi"}).status_code == 403
    assert not StatementComment.objects.exists()


def test_an_empty_comment_is_refused_and_the_form_shown_again(client, personas, written):
    client.force_login(personas["tuteur"])
    response = client.post(detail(written) + "comments", {"body": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le commentaire est vide." in html
    assert 'aria-describedby="comment-help comment-errors"' in html
    assert not StatementComment.objects.exists()


def test_comment_rules_in_the_service(personas, written):
    for name in ("tuteur2", "intervenant", "auditeur", "auditeur2"):
        with pytest.raises(DomainError) as error:
            services.comment_statement(enrolment=written, author=personas[name], body="x")
        assert error.value.code == "comment_forbidden"
    with pytest.raises(DomainError) as error:
        services.comment_statement(enrolment=written, author=personas["tuteur"], body=" \n ")
    assert error.value.code == "comment_empty"
    with pytest.raises(DomainError) as error:
        services.comment_statement(
            enrolment=personas["enrolment2"], author=personas["coordination"], body="x"
        )
    assert error.value.code == "statement_missing"
    comment = services.comment_statement(
        enrolment=written, author=personas["tuteur"], body="  Bravo  "
    )
    assert comment.body == "Bravo"
