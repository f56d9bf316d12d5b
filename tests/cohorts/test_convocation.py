"""The convocation PDF: read back to check what a participant gets, and the mailing."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from pypdf import PdfReader

from essor.cohorts.admissions import decide_application
from essor.cohorts.convocation import cohort_facts, convocation_recipients, render_convocation
from essor.cohorts.models import Enrolment
from essor.core import clock
from tests.factories import OrganisationFactory, UserFactory, enrol

from .application_data import submit

MINE = "/cohorts/cs26-2025/convocation.pdf"
SEND = "/cohorts/cs26-2025/convocations/send"


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def one_line(text: str) -> str:
    """Table cells wrap long titles: compare with the line breaks as spaces."""
    return " ".join(text.split())


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(
        clock, "now", lambda: datetime(2025, 1, 6, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    )


def test_a_participant_downloads_their_convocation(client, cs26, personas, frozen):
    auditeur = personas["auditeur"]
    auditeur.first_name, auditeur.last_name = "Léa", "Rivière"
    auditeur.save()
    enrolment = personas["enrolment"]
    enrolment.organisation.name = "Coopérative Terres Communes"
    enrolment.organisation.save()
    cs26.contact_email = "cs26@cnam.example"
    cs26.practical_info = "Accueil café dès 8 h 30, salle 17.2.05."
    cs26.save()
    client.force_login(auditeur)

    response = client.get(MINE)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="convocation-cs26-2025-lea-riviere.pdf"'
    )
    text = one_line(pdf_text(response.content))
    assert "Convocation" in text
    assert "Innovations sociales – Économie sociale et solidaire — CS26 2025" in text
    assert "Léa Rivière" in text
    assert "Coopérative Terres Communes" in text
    assert "Directrice" in text
    # The full calendar: every module, in French dates and times.
    for title in (
        "Présentation de la formation",
        "Économie sociale et solidaire, capitalisme et démocratie",
        "Unité et diversité des composantes : associations, coopératives, mutuelles",
        "Prospective et scénarios du changement",
        "Bilan de la formation",
    ):
        assert title in text, title
    assert "lundi 20 janvier 2025 Après-midi : 14 h – 17 h" in text
    assert "mardi 21 janvier 2025 Matin : 9 h – 12 h 30 Après-midi : 14 h 30 – 18 h" in text
    assert "mercredi 21 mai 2025 Matin : 9 h – 12 h" in text
    assert "du 20 janvier 2025 au 21 mai 2025" in text
    assert "90 h" in text
    # Place, rules, contacts.
    assert "Lieu communiqué par la coordination" in text
    assert "signez à chaque demi-journée" in text
    assert "avant le début du module 1, le lundi 20 janvier 2025 à 14 h" in text
    assert "Accueil café dès 8 h 30, salle 17.2.05." in text
    assert "Coordination pédagogique : cs26@cnam.example" in text
    assert "Référent·e handicap du Cnam" in text
    assert "Convocation établie le 6 janvier 2025." in text


def test_the_cohorts_place_is_printed_when_known(client, cs26, personas):
    cs26.place = "Cnam, 292 rue Saint-Martin, 75003 Paris"
    cs26.save()
    client.force_login(personas["auditeur"])

    text = one_line(pdf_text(client.get(MINE).content))

    assert "Cnam, 292 rue Saint-Martin, 75003 Paris" in text
    assert "Lieu communiqué par la coordination" not in text


def test_user_text_prints_as_typed_and_never_runs(client, cs26, personas):
    auditeur = personas["auditeur"]
    auditeur.first_name, auditeur.last_name = '#panic("x")', r"$x$ \ ]"
    auditeur.save()
    personas["enrolment"].organisation.name = "*Asso* #set page(width: 1cm) _x_"
    personas["enrolment"].organisation.save()
    cs26.practical_info = '= Pas un titre\n#import "/etc/passwd"'
    cs26.save()
    client.force_login(auditeur)

    response = client.get(MINE)

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert r'#panic("x") $x$ \ ]' in text
    assert "*Asso* #set page(width: 1cm) _x_" in text
    assert "= Pas un titre" in text
    assert '#import "/etc/passwd"' in text


def test_a_withdrawn_participant_has_no_convocation(client, personas):
    Enrolment.objects.filter(pk=personas["enrolment"].pk).update(status="withdrawn")
    client.force_login(personas["auditeur"])

    assert client.get(MINE).status_code == 404


def test_the_coordination_downloads_an_admitted_applicants_convocation(client, cs26, personas):
    application = submit(cs26, first_name="Nour", last_name="Benali")
    decide_application(
        application=application, decision="admit", message="Oui", by=personas["coordination"]
    )
    enrolment = Enrolment.objects.get(application=application)
    client.force_login(personas["coordination"])

    response = client.get(f"/cohorts/cs26-2025/enrolments/{enrolment.pk}/convocation.pdf")

    text = one_line(pdf_text(response.content))
    # No account yet: the name comes from the application.
    assert "Nour Benali" in text
    assert "Les Jardins du Lien" in text


def test_the_coordination_sends_each_enrolled_participant_their_convocation(client, cs26, personas):
    cs26.contact_email = "cs26@cnam.example"
    cs26.save()
    # Not sent: withdrawn, and admitted without an account yet.
    withdrawn = UserFactory(username="partie")
    enrol(withdrawn, cs26, status="withdrawn")
    application = submit(cs26, email="pas-encore@exemple.fr")
    decide_application(
        application=application, decision="admit", message="Oui", by=personas["coordination"]
    )
    mail.outbox.clear()
    client.force_login(personas["coordination"])

    page = client.get(SEND).content.decode()
    response = client.post(SEND, follow=True)

    assert "Envoyer la convocation aux 2 inscrit·es" in page
    assert "2 convocations envoyées." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [personas["auditeur"].email, personas["auditeur2"].email]
    )
    message = next(m for m in mail.outbox if m.to == [personas["auditeur"].email])
    assert message.subject == "Votre convocation — CS26 2025"
    assert f"Bonjour {personas['auditeur'].get_full_name()}," in message.body
    assert message.reply_to == ["cs26@cnam.example"]
    [(filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf"
    assert filename.startswith("convocation-cs26-2025-")
    assert personas["auditeur"].get_full_name() in pdf_text(content)


def test_a_participant_without_address_is_reported_not_skipped_silently(client, cs26, personas):
    User = type(personas["auditeur"])
    User.objects.filter(pk=personas["auditeur2"].pk).update(email="")
    client.force_login(personas["coordination"])

    response = client.post(SEND, follow=True)

    body = response.content.decode()
    assert "1 convocation envoyée." in body
    assert "Sans adresse électronique, pas d&#x27;envoi pour" in body
    assert personas["auditeur2"].get_full_name() in body
    assert len(mail.outbox) == 1


def test_rendering_a_whole_cohort_reads_the_shared_facts_once(
    cs26, personas, django_assert_max_num_queries
):
    for n in range(5):
        enrol(UserFactory(username=f"aud{n}"), cs26, organisation=OrganisationFactory())
    facts = cohort_facts(cs26)
    enrolments = list(convocation_recipients(cs26))

    with django_assert_max_num_queries(0):
        for enrolment in enrolments:
            render_convocation(enrolment, facts)
