"""The public application form: what it accepts, how it refuses, who it tells.

Every refusal is a French message next to its field, nothing is saved, and what the
applicant typed comes back in the form (except the file, which they are asked to choose
again).
"""

import re

import pytest
from django.core import mail

from essor.cohorts.admissions import submit_application
from essor.cohorts.models import Application
from essor.core.errors import DomainError
from essor.core.storage import private_storage

from .application_data import cv_file, form_data, service_data, submit

URL = "/cohorts/cs26-2025/apply/"
DONE = "/cohorts/cs26-2025/apply/done/"


def post(client, capture, cv=None, **overrides):
    with capture(execute=True):
        return client.post(URL, {**form_data(**overrides), "cv": cv or cv_file()})


def field_errors(response, name: str) -> str:
    """The text of the error list tied to field `name` ("" when it has none)."""
    match = re.search(
        rf'<ul class="form-field__errors" id="id_{name}-error">(.*?)</ul>',
        response.content.decode(),
        re.S,
    )
    return re.sub(r"<[^>]+>", " ", match.group(1)) if match else ""


def assert_kept(response, **values):
    body = response.content.decode()
    for name, value in values.items():
        assert f'name="{name}" value="{value}"' in body, name


# --- The page ---------------------------------------------------------------------------


def test_the_form_asks_for_everything_in_french(client, cs26):
    body = client.get(URL).content.decode()

    assert "Candidater à la promotion CS26 2025" in body
    for label in ("Prénom", "Adresse électronique", "SIREN", "Diplôme le plus élevé", "CV (PDF)"):
        assert f">{label}" in body
    assert 'enctype="multipart/form-data"' in body
    assert "validation des acquis professionnels et personnels (VAPP)" in body
    assert "Au format PDF, 5,0\xa0Mio au maximum." in body


def test_an_unpublished_cohort_has_no_form(client, cs26):
    cs26.is_public = False
    cs26.save()

    assert client.get(URL).status_code == 404


def test_when_applications_are_closed_it_says_so_and_saves_nothing(
    client, cs26, django_capture_on_commit_callbacks
):
    cs26.applications_open = False
    cs26.save()

    page = client.get(URL)
    posted = post(client, django_capture_on_commit_callbacks)

    assert "Les candidatures à la promotion CS26 2025 sont closes." in page.content.decode()
    assert posted.status_code == 200
    assert Application.objects.count() == 0
    assert mail.outbox == []


# --- A valid application ------------------------------------------------------------------


def test_a_valid_application_is_saved_acknowledged_and_thanked(
    client, cs26, django_capture_on_commit_callbacks
):
    response = post(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == DONE
    application = Application.objects.get()
    assert application.cohort == cs26
    assert (application.first_name, application.last_name) == ("Inès", "Moreau")
    assert application.siren == "552100554"  # spaces stripped
    assert application.employees == 14
    assert application.status == "submitted"
    # The CV is private, under a name of ours, and is the PDF that was sent.
    assert application.cv.storage is private_storage
    assert re.fullmatch(r"applications/cv/[0-9a-f]{32}\.pdf", application.cv.name)
    assert application.cv.read().startswith(b"%PDF-")

    [ack] = mail.outbox
    assert ack.to == ["ines.moreau@exemple.fr"]
    assert ack.subject == "Candidature reçue — CS26 2025"
    assert "Bonjour Inès," in ack.body
    assert "Les Jardins du Lien" in ack.body

    thanks = client.get(DONE).content.decode()
    assert (
        "Merci Inès. Un accusé de réception vient d'être envoyé à ines.moreau@exemple.fr." in thanks
    )


def test_the_thank_you_page_tells_nothing_to_another_visitor(client, cs26):
    body = client.get(DONE).content.decode()

    assert "Merci, votre candidature est envoyée" in body
    assert "@" not in body.split("<main", 1)[1].split("</main>", 1)[0]


# --- Refusals: a French message on the field, nothing saved, data kept ---------------------


@pytest.mark.parametrize(
    ("siren", "message"),
    [
        ("55210055", "Le SIREN doit comporter 9 chiffres"),
        ("55210055A", "Le SIREN doit comporter 9 chiffres"),
        ("552 100 555", "Ce SIREN n&#x27;est pas valide (clé de contrôle)"),
    ],
)
def test_a_bad_siren_is_refused(client, cs26, django_capture_on_commit_callbacks, siren, message):
    response = post(client, django_capture_on_commit_callbacks, siren=siren)

    assert response.status_code == 200
    assert message in field_errors(response, "siren")
    assert Application.objects.count() == 0
    assert mail.outbox == []
    assert_kept(response, first_name="Inès", organisation_name="Les Jardins du Lien", siren=siren)


def test_an_executable_renamed_pdf_is_refused_by_its_content(
    client, cs26, django_capture_on_commit_callbacks
):
    disguised = cv_file(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 64, name="cv.pdf")

    response = post(client, django_capture_on_commit_callbacks, cv=disguised)

    assert "n&#x27;est pas un document PDF valide" in field_errors(response, "cv")
    assert Application.objects.count() == 0
    assert_kept(response, last_name="Moreau", email="ines.moreau@exemple.fr")
    assert "choisissez à nouveau votre CV" in response.content.decode()


def test_a_cv_over_5_mb_is_refused(client, cs26, django_capture_on_commit_callbacks):
    big = cv_file(b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024))

    response = post(client, django_capture_on_commit_callbacks, cv=big)

    assert "Le fichier dépasse la taille maximale de 5,0" in field_errors(response, "cv")
    assert Application.objects.count() == 0
    assert_kept(response, position="Directrice")


def test_an_empty_cv_is_refused(client, cs26, django_capture_on_commit_callbacks):
    response = post(client, django_capture_on_commit_callbacks, cv=cv_file(b""))

    assert "Le fichier est vide." in field_errors(response, "cv")
    assert Application.objects.count() == 0


def test_an_empty_form_says_what_is_missing(client, cs26):
    response = client.post(URL, {})

    assert response.status_code == 200
    for name in ("first_name", "email", "organisation_name", "motivation", "cv"):
        assert "Ce champ est obligatoire." in field_errors(response, name), name
    assert "phone" not in re.findall(r'id="id_(\w+)-error"', response.content.decode())
    assert Application.objects.count() == 0


def test_a_missing_cv_is_asked_for(client, cs26):
    response = client.post(URL, form_data())

    assert "Ce champ est obligatoire." in field_errors(response, "cv")
    assert Application.objects.count() == 0


def test_errors_are_tied_to_their_fields_and_summarised(
    client, cs26, django_capture_on_commit_callbacks
):
    response = post(client, django_capture_on_commit_callbacks, siren="123", motivation="")
    body = response.content.decode()

    siren_input = re.search(r"<input[^>]*name=\"siren\"[^>]*>", body).group(0)
    assert 'aria-invalid="true"' in siren_input
    assert 'aria-describedby="id_siren-error id_siren-help"' in siren_input
    assert 'role="alert"' in body
    assert "Le formulaire contient 2 erreurs" in body
    assert 'href="#id_motivation"' in body
    assert Application.objects.count() == 0


def test_a_long_text_is_kept_on_error(client, cs26, django_capture_on_commit_callbacks):
    response = post(client, django_capture_on_commit_callbacks, siren="123")

    assert "Structurer la gouvernance de l&#x27;association après sa croissance." in (
        response.content.decode()
    )


# --- Below level 7: a validation request (VAPP) instead of a refusal ----------------------


def test_below_level_7_a_vapp_request_is_required(client, cs26, django_capture_on_commit_callbacks):
    response = post(client, django_capture_on_commit_callbacks, diploma_level="6")

    assert "décrivez votre parcours pour demander une validation des acquis (VAPP)" in (
        field_errors(response, "vapp_request")
    )
    assert Application.objects.count() == 0
    assert 'value="6" selected' in response.content.decode()


def test_below_level_7_with_a_vapp_request_the_application_is_accepted(
    client, cs26, django_capture_on_commit_callbacks
):
    response = post(
        client,
        django_capture_on_commit_callbacks,
        diploma_level="5",
        vapp_request="Directrice depuis 12 ans, responsable de 14 salarié·es.",
    )

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.diploma_level == 5
    assert application.vapp_request.startswith("Directrice depuis 12 ans")


def test_the_service_holds_the_vapp_rule_too(cs26):
    with pytest.raises(DomainError) as error:
        submit_application(cohort=cs26, data=service_data(diploma_level=4), cv=cv_file())

    assert error.value.code == "vapp_required"
    assert Application.objects.count() == 0


def test_the_service_refuses_a_closed_cohort(cs26):
    cs26.applications_open = False
    cs26.save()

    with pytest.raises(DomainError) as error:
        submit(cs26)

    assert error.value.code == "applications_closed"


def test_a_second_pending_application_from_the_same_address_is_refused(
    client, cs26, django_capture_on_commit_callbacks
):
    submit(cs26, email="Ines.Moreau@exemple.fr")

    response = post(client, django_capture_on_commit_callbacks)

    assert "déjà en cours d&#x27;examen" in field_errors(response, "email")
    assert Application.objects.count() == 1


# --- Accessibility needs reach the person who handles them --------------------------------


def test_accessibility_needs_go_to_the_programmes_contact_when_it_has_an_address(
    client, cs26, django_capture_on_commit_callbacks
):
    cs26.programme.accessibility_contact = {
        "name": "Mission handicap du Cnam",
        "email": "handi@cnam.example",
    }
    cs26.programme.save()
    cs26.contact_email = "cs26@cnam.example"
    cs26.save()

    post(client, django_capture_on_commit_callbacks, accessibility_needs="Fauteuil roulant.")

    ack, notice = mail.outbox
    assert ack.to == ["ines.moreau@exemple.fr"]
    assert notice.to == ["handi@cnam.example"]
    assert "Fauteuil roulant." in notice.body
    assert "ines.moreau@exemple.fr" in notice.body
    assert "/cohorts/cs26-2025/applications/" in notice.body
    thanks = client.get(DONE).content.decode()
    assert "transmis à Mission handicap du Cnam, qui vous contactera" in thanks


def test_without_such_an_address_they_go_to_the_cohorts_contact(
    client, cs26, django_capture_on_commit_callbacks
):
    cs26.contact_email = "cs26@cnam.example"
    cs26.save()

    post(client, django_capture_on_commit_callbacks, accessibility_needs="Sous-titrage.")

    [notice] = [m for m in mail.outbox if "Sous-titrage." in m.body]
    assert notice.to == ["cs26@cnam.example"]
    assert (
        "la coordination pédagogique de la promotion, qui vous contactera"
        in client.get(DONE).content.decode()
    )


def test_without_needs_nobody_else_is_written_to(client, cs26, django_capture_on_commit_callbacks):
    cs26.contact_email = "cs26@cnam.example"
    cs26.save()

    post(client, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["ines.moreau@exemple.fr"]]
    assert "Vos besoins d&#x27;aménagement" not in client.get(DONE).content.decode()
