"""Invitations: the coordination invites; the link expires, works once, sets the password."""

import html
import re
from datetime import timedelta

import pytest
from django.core import mail

from essor.accounts.models import Invitation, User
from essor.accounts.services import accept_invitation, create_invitation, join_with_invitation
from essor.cohorts.models import (
    Application,
    Enrolment,
    EnrolmentEvent,
    EnrolmentStatus,
    Membership,
)
from essor.core import clock
from essor.core.errors import DomainError
from tests.factories import PASSWORD, UserFactory

PAGE = "/cohorts/cs26-2025/invitations/"
NEW_PASSWORD = "une phrase de passe solide"


def text(response) -> str:
    return html.unescape(response.content.decode())


def link_in(message) -> str:
    match = re.search(r"https?://\S+(/invitations/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def invite(cs26, email="lea.martin@exemple.fr", role="speaker", by=None, **names):
    return create_invitation(cohort=cs26, role=role, email=email, invited_by=by, **names)


def accept_form(username="lea", password=NEW_PASSWORD, password2=None):
    return {"username": username, "password1": password, "password2": password2 or password}


# --- The coordination sends invitations -------------------------------------------------


def test_the_coordination_invites_someone_who_gets_a_french_email_with_the_link(
    client, personas, django_capture_on_commit_callbacks
):
    coordination = personas["coordination"]
    coordination.first_name, coordination.last_name = "Claire", "Fontaine"
    coordination.save()
    client.force_login(coordination)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            PAGE,
            {
                "email": "Lea.Martin@Exemple.fr",
                "first_name": "Léa",
                "last_name": "Martin",
                "role": "speaker",
            },
        )

    assert response["Location"] == PAGE
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.created_by) == (
        "lea.martin@exemple.fr",
        "speaker",
        coordination,
    )
    [message] = mail.outbox
    assert message.to == ["lea.martin@exemple.fr"]
    assert message.subject == "Invitation à rejoindre CS26 2025 sur Essor"
    assert "Bonjour Léa," in message.body
    assert "Claire Fontaine vous invite à rejoindre la promotion « CS26 2025 »" in message.body
    assert "« intervenant·e »" in message.body
    # The expiry in French, in the cohort's zone: « 14 mars 2025 à 9 h 05 ».
    assert re.search(r"Il expire le \d{1,2}(er)? \w+ \d{4} à \d{1,2} h( \d\d)?\.", message.body)
    assert "&#x27;" not in message.body
    # The link opens the acceptance page.
    assert client.get(link_in(message)).status_code == 200


def test_the_invitations_page_lists_each_invitation_with_its_state(client, personas, cs26):
    invite(cs26, "attente@exemple.fr")
    _accepted, accepted_token = invite(cs26, "acceptee@exemple.fr")
    accept_invitation(token=accepted_token, password=NEW_PASSWORD, username="acceptee")
    expired, _ = invite(cs26, "expiree@exemple.fr")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=clock.now() - timedelta(days=1))
    revoked, _ = invite(cs26, "revoquee@exemple.fr")
    Invitation.objects.filter(pk=revoked.pk).update(revoked_at=clock.now())
    client.force_login(personas["coordination"])

    page = text(client.get(PAGE))

    for email, label in [
        ("attente@exemple.fr", "en attente"),
        ("acceptee@exemple.fr", "acceptée"),
        ("expiree@exemple.fr", "expirée"),
        ("revoquee@exemple.fr", "révoquée"),
    ]:
        row = re.search(
            rf"<tr data-status=\"\w+\">(?:(?!</tr>).)*{re.escape(email)}.*?</tr>", page, re.S
        )
        assert row, email
        assert f">{label}<" in row.group(0)
    # No « Renvoyer » for an accepted invitation, no « Révoquer » either.
    accepted_row = re.search(r'<tr data-status="accepted">.*?</tr>', page, re.S).group(0)
    assert "Renvoyer" not in accepted_row and "Révoquer" not in accepted_row


def test_the_invitations_page_costs_the_same_queries_for_1_or_20_invitations(
    client, personas, cs26, django_assert_num_queries
):
    client.force_login(personas["coordination"])
    invite(cs26, "une@exemple.fr")
    # session, user, cohort, the coordinator's roles, the invitations (with who sent
    # and who accepted them, joined).
    with django_assert_num_queries(5):
        client.get(PAGE)
    for n in range(19):
        invite(cs26, f"personne{n}@exemple.fr", by=personas["coordination"])
    with django_assert_num_queries(5):
        response = client.get(PAGE)
    assert len(response.context["rows"]) == 20


@pytest.mark.parametrize("persona", ["intervenant", "tuteur", "auditeur", "partenaire"])
def test_only_the_coordination_may_invite(
    client, personas, persona, django_capture_on_commit_callbacks
):
    client.force_login(personas[persona])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"email": "x@exemple.fr", "role": "coordinator"})

    assert response.status_code == 404
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_coordinator_of_another_cohort_cannot_invite_to_this_one(client, personas, other_cohort):
    from tests.factories import grant

    someone = UserFactory(username="coord-autre")
    grant(someone, other_cohort, "coordinator")
    client.force_login(someone)

    assert client.post(PAGE, {"email": "x@exemple.fr", "role": "tutor"}).status_code == 404
    assert not Invitation.objects.exists()


def test_a_bad_address_is_explained_in_french_and_the_form_keeps_what_was_typed(client, personas):
    client.force_login(personas["coordination"])

    response = client.post(
        PAGE, {"email": "lea.martin", "first_name": "Léa", "last_name": "Martin", "role": "tutor"}
    )

    page = text(response)
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide" in page
    assert 'value="Léa"' in page and 'value="lea.martin"' in page
    assert '<option value="tutor" selected>' in page
    assert not Invitation.objects.exists()


def test_inviting_someone_to_a_role_they_already_hold_is_refused(client, personas):
    client.force_login(personas["coordination"])

    response = client.post(PAGE, {"email": "TUTEUR@exemple.fr", "role": "tutor"})

    assert response.status_code == 200
    assert "a déjà le rôle « tuteur·rice »" in text(response)
    assert not Invitation.objects.exists()


# --- Accepting: a new account -----------------------------------------------------------


def test_accepting_creates_the_account_grants_the_role_and_logs_in(client, personas, cs26):
    _invitation, token = invite(cs26, first_name="Léa", last_name="Martin")

    page = client.get(f"/invitations/{token}/")
    assert page.status_code == 200
    assert "CS26 2025" in text(page) and "intervenant·e" in text(page)
    # The identifier is suggested from the address.
    assert page.context["form"]["username"].value() == "lea.martin"

    response = client.post(f"/invitations/{token}/", accept_form("lea"))

    assert response["Location"] == "/home/"
    user = User.objects.get(username="lea")
    assert (user.email, user.first_name, user.last_name) == (
        "lea.martin@exemple.fr",
        "Léa",
        "Martin",
    )
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.filter(user=user, cohort=cs26, role="speaker").exists()
    assert Invitation.objects.get().accepted_by == user
    assert client.get("/accounts/me/").context["user"] == user
    # And the password works at the login page afterwards.
    client.logout()
    assert (
        client.post("/accounts/login/", {"username": "lea", "password": NEW_PASSWORD}).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            accept_form(password2="autre chose encore"),
            "Les deux mots de passe ne sont pas identiques.",
        ),
        (accept_form(password="court"), "Ce mot de passe est trop court."),
        (accept_form(password="motdepasse"), "Ce mot de passe est trop courant."),
        (accept_form(username="léa martin!"), "Saisissez un nom d’utilisateur valide."),
        (accept_form(username="Tuteur"), "Cet identifiant est déjà pris"),
    ],
)
def test_a_refused_form_explains_in_french_and_creates_nothing(
    client, personas, cs26, form, message
):
    _invitation, token = invite(cs26)

    response = client.post(f"/invitations/{token}/", form)

    assert response.status_code == 200
    assert message in text(response)
    assert response.context["form"]["username"].value() == form["username"]
    assert not User.objects.filter(email="lea.martin@exemple.fr").exists()
    assert Invitation.objects.get().accepted_at is None


# --- Links that no longer work ----------------------------------------------------------


def test_an_expired_link_is_gone_and_changes_nothing(client, personas, cs26, monkeypatch):
    _invitation, token = invite(cs26)
    later = clock.now() + timedelta(days=15)
    monkeypatch.setattr(clock, "now", lambda: later)

    page = client.get(f"/invitations/{token}/")
    post = client.post(f"/invitations/{token}/", accept_form())

    assert page.status_code == post.status_code == 410
    assert "Ce lien d'invitation a expiré" in text(post)
    assert not User.objects.filter(email="lea.martin@exemple.fr").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_link_just_before_its_expiry_still_works(client, personas, cs26, monkeypatch):
    invitation, token = invite(cs26)
    just_before = invitation.expires_at - timedelta(minutes=1)
    monkeypatch.setattr(clock, "now", lambda: just_before)

    assert client.post(f"/invitations/{token}/", accept_form())["Location"] == "/home/"


def test_a_link_works_once(client, personas, cs26):
    _invitation, token = invite(cs26)
    client.post(f"/invitations/{token}/", accept_form())
    client.logout()

    again = client.post(f"/invitations/{token}/", accept_form("lea2"))

    assert again.status_code == 410
    assert "déjà été utilisé" in text(again)
    assert User.objects.filter(email="lea.martin@exemple.fr").count() == 1
    assert not User.objects.filter(username="lea2").exists()


def test_a_second_acceptance_of_the_same_link_raises_invitation_used(personas, cs26):
    _invitation, token = invite(cs26)
    accept_invitation(token=token, password=NEW_PASSWORD, username="lea")

    with pytest.raises(DomainError) as error:
        accept_invitation(token=token, password=NEW_PASSWORD, username="lea-bis")

    assert error.value.code == "invitation_used"
    assert User.objects.filter(email="lea.martin@exemple.fr").count() == 1


def test_an_unknown_link_is_a_404_in_french(client, db):
    response = client.get("/invitations/nimporte-quoi/")

    assert response.status_code == 404
    assert "Ce lien d'invitation n'est pas valide." in text(response)


def test_resending_sends_a_new_link_and_the_old_one_stops_working(
    client, personas, cs26, django_capture_on_commit_callbacks
):
    invitation, old_token = invite(cs26)
    client.force_login(personas["coordination"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{PAGE}{invitation.pk}/resend/", follow=True)

    assert "Nouveau lien envoyé à lea.martin@exemple.fr" in text(response)
    [message] = mail.outbox
    new_link = link_in(message)
    assert new_link != f"/invitations/{old_token}/"
    client.logout()
    old = client.get(f"/invitations/{old_token}/")
    assert old.status_code == 410
    assert "a été annulé" in text(old)
    assert client.post(new_link, accept_form())["Location"] == "/home/"


def test_resending_an_expired_invitation_gives_a_fresh_link(client, personas, cs26):
    invitation, _token = invite(cs26)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=clock.now() - timedelta(days=1))
    client.force_login(personas["coordination"])

    client.post(f"{PAGE}{invitation.pk}/resend/")

    fresh = Invitation.objects.exclude(pk=invitation.pk).get()
    assert fresh.expires_at > clock.now()
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is not None


def test_revoking_stops_the_link(client, personas, cs26):
    invitation, token = invite(cs26)
    client.force_login(personas["coordination"])

    response = client.post(f"{PAGE}{invitation.pk}/revoke/", follow=True)

    assert "son lien ne fonctionne plus" in text(response)
    client.logout()
    assert client.post(f"/invitations/{token}/", accept_form()).status_code == 410
    assert not User.objects.filter(email="lea.martin@exemple.fr").exists()


def test_an_accepted_invitation_cannot_be_revoked(client, personas, cs26):
    invitation, token = invite(cs26)
    accept_invitation(token=token, password=NEW_PASSWORD, username="lea")
    client.force_login(personas["coordination"])

    response = client.post(f"{PAGE}{invitation.pk}/revoke/", follow=True)

    assert "ne peut plus être révoquée" in text(response)
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def test_an_invitation_of_another_cohort_cannot_be_reached_through_this_one(
    client, personas, other_cohort
):
    invitation, _token = invite(other_cohort)
    client.force_login(personas["coordination"])

    assert client.post(f"{PAGE}{invitation.pk}/revoke/").status_code == 404
    assert Invitation.objects.get().revoked_at is None


# --- Accepting with an account that already exists --------------------------------------


def test_an_existing_account_is_asked_to_log_in_first(client, personas, cs26):
    _invitation, token = invite(cs26, email="INTERVENANT@exemple.fr", role="tutor")

    response = client.get(f"/invitations/{token}/")

    page = text(response)
    assert "Un compte Essor existe déjà pour intervenant@exemple.fr" in page
    assert f"/accounts/login/?next=%2Finvitations%2F{token}%2F" in page
    assert "password1" not in page


def test_posting_a_password_for_an_existing_account_changes_nothing(client, personas, cs26):
    _invitation, token = invite(cs26, email="intervenant@exemple.fr", role="tutor")

    client.post(f"/invitations/{token}/", accept_form(password="pris par un inconnu 1234"))

    intervenant = User.objects.get(username="intervenant")
    assert intervenant.check_password(PASSWORD)
    assert not Membership.objects.filter(user=intervenant, role="tutor").exists()
    with pytest.raises(DomainError) as error:
        accept_invitation(token=token, password="pris par un inconnu 1234")
    assert error.value.code == "account_exists"


def test_the_logged_in_owner_accepts_with_one_button(client, personas, cs26):
    intervenant = personas["intervenant"]
    _invitation, token = invite(cs26, email="intervenant@exemple.fr", role="tutor")
    client.force_login(intervenant)

    assert "Accepter l'invitation" in text(client.get(f"/invitations/{token}/"))
    response = client.post(f"/invitations/{token}/")

    assert response["Location"] == "/home/"
    assert Membership.objects.filter(user=intervenant, cohort=cs26, role="tutor").exists()
    intervenant.refresh_from_db()
    assert intervenant.check_password(PASSWORD)
    assert client.get(f"/invitations/{token}/").status_code == 410


def test_someone_else_logged_in_cannot_take_the_invitation(client, personas, cs26):
    _invitation, token = invite(cs26, email="intervenant@exemple.fr", role="coordinator")
    client.force_login(personas["auditeur"])

    page = text(client.get(f"/invitations/{token}/"))
    client.post(f"/invitations/{token}/")

    assert "Vous êtes connecté·e avec le compte « auditeur »" in page
    assert not Membership.objects.filter(role="coordinator", user=personas["auditeur"]).exists()
    assert Invitation.objects.get().accepted_at is None
    with pytest.raises(DomainError) as error:
        join_with_invitation(token=token, user=personas["auditeur"])
    assert error.value.code == "invitation_other_account"


# --- A participant's invitation completes their enrolment -------------------------------


def test_an_admitted_participant_becomes_enrolled_when_accepting(client, personas, cs26):
    application = Application.objects.create(
        cohort=cs26,
        first_name="Nadia",
        last_name="Benali",
        email="nadia.benali@exemple.fr",
        organisation_name="Coopérative des Tisserands",
        organisation_family="cooperative",
        region="OCC",
        position="Gérante",
        diploma_level=7,
        motivation="Structurer la gouvernance.",
        funding="opco",
    )
    enrolment = Enrolment.objects.create(
        cohort=cs26, application=application, status=EnrolmentStatus.ADMITTED
    )
    _invitation, token = invite(cs26, email="Nadia.Benali@exemple.fr", role="participant")

    client.post(f"/invitations/{token}/", accept_form("nadia"))

    nadia = User.objects.get(username="nadia")
    enrolment.refresh_from_db()
    assert (enrolment.user, enrolment.status) == (nadia, EnrolmentStatus.ENROLLED)
    event = EnrolmentEvent.objects.get(enrolment=enrolment)
    assert (event.from_status, event.to_status, event.by) == ("admitted", "enrolled", nadia)
    assert Membership.objects.filter(user=nadia, cohort=cs26, role="participant").exists()
