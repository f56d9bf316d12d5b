"""The coordination reviews applications and decides: admit, wait-list or refuse.

Admission respects the cohort's capacity, creates the enrolment (with its first history
entry) and sends the invitation; every decision writes to the applicant. The enrolment
page shows the status history and changes the status with a reason.
"""

import pytest
from django.core import mail

from essor.accounts.models import Invitation
from essor.accounts.services import accept_invitation, create_invitation
from essor.cohorts.admissions import decide_application, submit_application
from essor.cohorts.models import (
    Application,
    Enrolment,
    EnrolmentEvent,
    EnrolmentStatus,
    Organisation,
)
from essor.core.errors import DomainError
from tests.factories import OrganisationFactory

from .application_data import cv_file, pdf_bytes, service_data, submit

LIST = "/cohorts/cs26-2025/applications/"


def detail(application) -> str:
    return f"/cohorts/cs26-2025/applications/{application.pk}/"


def decide(client, capture, application, decision, message=None):
    """Post one of the decision forms of the application page."""
    data = {"decision": decision}
    if message is not None:
        data[f"{decision}-message"] = message
    with capture(execute=True):
        return client.post(detail(application), data)


@pytest.fixture
def coordination(client, personas):
    client.force_login(personas["coordination"])
    return personas["coordination"]


@pytest.fixture
def application(cs26):
    return submit(cs26)


# --- The list -----------------------------------------------------------------------------


def test_the_list_shows_applications_counts_and_places(client, cs26, coordination):
    submit(cs26, email="a@exemple.fr", first_name="Alix")
    refused = submit(cs26, email="b@exemple.fr", first_name="Basile")
    Application.objects.filter(pk=refused.pk).update(status="refused")

    body = client.get(LIST).content.decode()

    # The personas hold 2 places of cs26-2025 (auditeur, auditeur2).
    assert "2 places sur 30 occupées" in body
    assert "Toutes (2)" in body
    assert "Reçue (1)" in body
    assert "Refusée (1)" in body
    assert "Alix Moreau" in body and "Basile Moreau" in body
    assert "<caption" in body and 'scope="col"' in body


def test_the_list_filters_by_status(client, cs26, coordination):
    submit(cs26, email="a@exemple.fr", first_name="Alix")
    refused = submit(cs26, email="b@exemple.fr", first_name="Basile")
    Application.objects.filter(pk=refused.pk).update(status="refused")

    body = client.get(LIST, {"status": "refused"}).content.decode()

    assert "Basile Moreau" in body
    assert "Alix Moreau" not in body
    assert 'href="?status=refused" aria-current="page"' in body


# Queries of the list page, whatever the number of applications:
#   1. session, 2. user (the login), 3. the user's roles (permission check),
#   4. the cohort with its programme, 5. the applications, 6. the count per status,
#   7. the places taken.
LIST_QUERIES = 7


@pytest.mark.parametrize("count", [1, 12])
def test_the_list_query_count_does_not_grow_with_applications(
    client, cs26, coordination, django_assert_num_queries, count
):
    for n in range(count):
        submit(cs26, email=f"candidat{n}@exemple.fr")

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST)

    assert response.content.decode().count("data-application=") == count


# --- The application and its CV -----------------------------------------------------------


def test_the_page_shows_every_field_and_prefilled_decisions(client, application, coordination):
    body = client.get(detail(application)).content.decode()

    for value in (
        "ines.moreau@exemple.fr",
        "06 12 34 56 78",
        "Les Jardins du Lien",
        "552100554",
        "Bretagne",
        "Réseau Cocagne",
        "Directrice",
        "Niveau 7 (Bac + 5, master)",
        "Master ESS",
        "Structurer la gouvernance",
        "OPCO — Uniformation",
    ):
        assert value in body, value
    assert "Bonjour Inès," in body
    assert "votre candidature à la formation" in body
    for decision in ("admit", "waitlist", "refuse"):
        assert f'name="decision" value="{decision}"' in body


def test_the_cv_is_downloaded_as_an_attachment(client, application, coordination):
    response = client.get(detail(application) + "cv")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="cv-moreau-ines.pdf"'
    assert b"".join(response.streaming_content) == application.cv.open("rb").read()


def test_an_application_of_another_cohort_is_not_found_here(
    client, personas, other_cohort, coordination
):
    elsewhere = submit(other_cohort)

    assert client.get(detail(elsewhere)).status_code == 404
    assert client.get(detail(elsewhere) + "cv").status_code == 404


# --- Decisions ----------------------------------------------------------------------------


def test_admission_creates_the_enrolment_its_history_and_the_invitation(
    client, application, coordination, django_capture_on_commit_callbacks
):
    response = decide(
        client, django_capture_on_commit_callbacks, application, "admit", "Bienvenue Inès !"
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "admitted"
    assert application.decided_by == coordination
    assert application.decision_message == "Bienvenue Inès !"

    enrolment = Enrolment.objects.get(application=application)
    assert enrolment.status == EnrolmentStatus.ADMITTED
    assert enrolment.user is None
    assert enrolment.position == "Directrice"
    organisation = enrolment.organisation
    assert (organisation.name, organisation.siren, organisation.region) == (
        "Les Jardins du Lien",
        "552100554",
        "BRE",
    )
    [event] = enrolment.events.all()
    assert (event.from_status, event.to_status, event.by) == ("", "admitted", coordination)
    assert event.reason == "Candidature admise."

    invitation = Invitation.objects.get(email="ines.moreau@exemple.fr")
    assert (invitation.role, invitation.cohort_id) == ("participant", application.cohort_id)
    decision_mail, invitation_mail = sorted(mail.outbox, key=lambda m: "Invitation" in m.subject)
    assert decision_mail.to == ["ines.moreau@exemple.fr"]
    assert decision_mail.subject == "Votre candidature est retenue — CS26 2025"
    assert decision_mail.body.startswith("Bienvenue Inès !")
    assert invitation_mail.to == ["ines.moreau@exemple.fr"]
    assert "/invitations/" in invitation_mail.body


def test_admission_reuses_the_organisation_with_the_same_siren(cs26, personas, application):
    known = OrganisationFactory(name="Jardins du Lien (Rennes)", siren="552100554")

    decide_application(
        application=application, decision="admit", message="Bienvenue", by=personas["coordination"]
    )

    assert Enrolment.objects.get(application=application).organisation == known
    assert Organisation.objects.filter(siren="552100554").count() == 1


def test_accepting_the_invitation_enrols_the_admitted_applicant(cs26, personas, application):
    decide_application(
        application=application, decision="admit", message="Bienvenue", by=personas["coordination"]
    )
    invitation = Invitation.objects.get(email="ines.moreau@exemple.fr")
    # The raw token is only e-mailed; re-issue one to accept it here.
    _, token = create_invitation(
        cohort=cs26,
        role=invitation.role,
        email=invitation.email,
        invited_by=personas["coordination"],
    )

    user = accept_invitation(token=token, password="un-mot-de-passe-solide-42")

    enrolment = Enrolment.objects.get(application=application)
    assert enrolment.user == user
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert [e.to_status for e in enrolment.events.all()] == ["admitted", "enrolled"]


@pytest.mark.parametrize(
    ("decision", "status", "subject"),
    [
        ("waitlist", "waitlisted", "Votre candidature est sur liste d'attente — CS26 2025"),
        ("refuse", "refused", "Réponse à votre candidature — CS26 2025"),
    ],
)
def test_wait_listing_and_refusing_write_to_the_applicant(
    client,
    application,
    coordination,
    django_capture_on_commit_callbacks,
    decision,
    status,
    subject,
):
    response = decide(
        client, django_capture_on_commit_callbacks, application, decision, "Message adapté."
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == status
    assert not Enrolment.objects.filter(application=application).exists()
    assert not Invitation.objects.exists()
    [message] = mail.outbox
    assert message.to == ["ines.moreau@exemple.fr"]
    assert message.subject == subject
    assert message.body.startswith("Message adapté.")


def test_a_decision_needs_a_message(
    client, application, coordination, django_capture_on_commit_callbacks
):
    response = decide(client, django_capture_on_commit_callbacks, application, "refuse", "")

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"
    assert mail.outbox == []


def test_admitting_beyond_capacity_is_refused_with_cohort_full(cs26, personas, application):
    cs26.capacity = 2  # both places taken by auditeur and auditeur2
    cs26.save()

    with pytest.raises(DomainError) as error:
        decide_application(
            application=application, decision="admit", message="Oui", by=personas["coordination"]
        )

    assert error.value.code == "cohort_full"
    assert "2 places sur 2 occupées" in error.value.message
    assert "liste d'attente" in error.value.message
    application.refresh_from_db()
    assert application.status == "submitted"
    assert not Enrolment.objects.filter(application=application).exists()
    assert not Invitation.objects.exists()


def test_the_page_says_the_cohort_is_full_and_keeps_the_message(
    client, cs26, application, coordination, django_capture_on_commit_callbacks
):
    cs26.capacity = 2
    cs26.save()

    response = decide(
        client, django_capture_on_commit_callbacks, application, "admit", "Mon message à moi"
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "La promotion est complète (2 places sur 2 occupées)" in body
    assert "Mon message à moi" in body
    assert mail.outbox == []


def test_a_withdrawal_frees_a_place(cs26, personas, application):
    cs26.capacity = 2
    cs26.save()
    Enrolment.objects.filter(pk=personas["enrolment2"].pk).update(status="withdrawn")

    decide_application(
        application=application, decision="admit", message="Oui", by=personas["coordination"]
    )

    application.refresh_from_db()
    assert application.status == "admitted"


def test_a_wait_listed_application_can_then_be_admitted(cs26, personas, application):
    by = personas["coordination"]
    decide_application(application=application, decision="waitlist", message="Patience", by=by)

    decide_application(application=application, decision="admit", message="Une place !", by=by)

    application.refresh_from_db()
    assert application.status == "admitted"


def test_a_decided_application_cannot_be_decided_again(cs26, personas, application):
    by = personas["coordination"]
    stale = Application.objects.get(pk=application.pk)
    decide_application(application=application, decision="admit", message="Oui", by=by)

    # The second decision works from a copy read before the first: the lock re-reads it.
    with pytest.raises(DomainError) as error:
        decide_application(application=stale, decision="refuse", message="Non", by=by)

    assert error.value.code == "application_decided"
    assert Enrolment.objects.filter(application=application).count() == 1
    application.refresh_from_db()
    assert application.status == "admitted"


def test_a_decided_application_shows_no_decision_form(
    client, application, coordination, django_capture_on_commit_callbacks
):
    decide(client, django_capture_on_commit_callbacks, application, "refuse", "Non, désolé.")

    body = client.get(detail(application)).content.decode()

    assert 'name="decision"' not in body
    assert "Non, désolé." in body
    assert "aucune autre décision n'est possible" in body


# --- The enrolment and its history --------------------------------------------------------


@pytest.fixture
def admitted(cs26, personas, application):
    decide_application(
        application=application, decision="admit", message="Oui", by=personas["coordination"]
    )
    return Enrolment.objects.get(application=application)


def enrolment_url(enrolment) -> str:
    return f"/cohorts/cs26-2025/enrolments/{enrolment.pk}/"


def test_the_enrolment_page_shows_the_person_the_organisation_and_the_history(
    client, admitted, coordination
):
    body = client.get(enrolment_url(admitted)).content.decode()

    assert "<h1>Inès Moreau</h1>" in body
    assert "Les Jardins du Lien" in body
    assert "Invitation envoyée, pas encore acceptée." in body
    assert "Admis·e" in body
    assert "Candidature admise." in body
    assert str(coordination) in body


def test_the_status_changes_with_a_reason_kept_in_the_history(client, personas, coordination):
    enrolment = personas["enrolment"]

    response = client.post(
        enrolment_url(enrolment), {"to_status": "withdrawn", "reason": "Mutation en Guyane."}
    )

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"
    event = EnrolmentEvent.objects.get(enrolment=enrolment)
    assert (event.from_status, event.to_status, event.by, event.reason) == (
        "enrolled",
        "withdrawn",
        coordination,
        "Mutation en Guyane.",
    )
    body = client.get(enrolment_url(enrolment)).content.decode()
    assert "inscrit·e → abandon" in body
    assert "Mutation en Guyane." in body


def test_a_status_change_without_a_reason_is_refused(client, personas, coordination):
    enrolment = personas["enrolment"]

    response = client.post(enrolment_url(enrolment), {"to_status": "withdrawn", "reason": " "})

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"
    assert not EnrolmentEvent.objects.filter(enrolment=enrolment).exists()


def test_a_forbidden_transition_is_explained_in_french(client, admitted, coordination):
    response = client.post(
        enrolment_url(admitted), {"to_status": "certified", "reason": "Trop tôt"}
    )

    assert response.status_code == 200
    assert "Impossible de passer une inscription de « admis·e » à « certifié·e »." in (
        response.content.decode()
    )
    admitted.refresh_from_db()
    assert admitted.status == "admitted"


def test_an_enrolment_of_another_cohort_is_not_found_here(client, personas, coordination):
    assert client.get(enrolment_url(personas["other_enrolment"])).status_code == 404


def test_a_cv_is_checked_again_by_the_service(cs26):
    with pytest.raises(DomainError) as error:
        submit_application(
            cohort=cs26, data=service_data(), cv=cv_file(b"PK\x03\x04 not a pdf" + pdf_bytes())
        )

    assert error.value.code == "cv_invalid"
