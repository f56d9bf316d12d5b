"""The erasure request: what is not under a legal retention goes now, the rest is kept
with its date; a wrong password or a coordinator's account changes nothing."""

import pytest

from essor.accounts.models import ApiToken
from essor.attendance.models import AttendanceRecord, Signature
from essor.certification.models import Certificate
from essor.core.errors import DomainError
from essor.coursework.models import NoteVersion, StatementOfIntent
from essor.foresight.models import Study
from essor.privacy.erasure import request_erasure
from essor.privacy.models import ErasureRequest
from essor.workbook.models import Workbook

from .data import FOUR_YEARS_LATER, crafted, stored

pytestmark = pytest.mark.django_db

NOW = FOUR_YEARS_LATER.replace(year=2025, month=7)


def test_erasure_anonymises_and_reports_what_is_kept(personas, django_capture_on_commit_callbacks):
    data = crafted(personas)
    user = personas["auditeur"]
    # Files go once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        erasure = request_erasure(user=user, now=NOW)

    user.refresh_from_db()
    assert user.get_full_name() == f"Personne anonymisée n° {user.pk}"
    assert user.email == "" and not user.is_active and not user.has_usable_password()
    application = data["alpha"]["application"]
    application.refresh_from_db()
    assert (application.phone, application.motivation, application.cv.name) == ("", "", "")
    assert application.funding == "personal"
    assert not stored(data["alpha"]["note"].file)
    assert not StatementOfIntent.objects.filter(enrolment=personas["enrolment"]).exists()
    assert not NoteVersion.objects.filter(enrolment=personas["enrolment"]).exists()
    assert not Workbook.objects.filter(enrolment=personas["enrolment"]).exists()
    assert not Study.objects.filter(enrolment=personas["enrolment"]).exists()
    assert not ApiToken.objects.filter(user=user).exists()

    # Kept: attendance evidence and certificates, without the sign-in traces.
    signature = Signature.objects.get(enrolment=personas["enrolment"])
    assert signature.user_agent == "" and stored(signature.image)
    assert AttendanceRecord.objects.filter(enrolment=personas["enrolment"]).exists()
    assert Certificate.objects.get(pk=data["alpha"]["certificate"].pk).holder_name == (
        "Titulaire ALPHA"
    )
    kept = {row["kind"]: row["until"] for row in erasure.report["kept"]}
    assert kept == {"attendance": "2028-05-21", "certificates": "2035-05-21"}
    erased = {row["kind"]: row["count"] for row in erasure.report["erased"]}
    assert erased["coursework"] >= 2 and erased["api_tokens"] == 1
    assert erasure.done_at == NOW

    # The other participant is untouched.
    assert StatementOfIntent.objects.filter(enrolment=personas["enrolment2"]).exists()
    personas["auditeur2"].refresh_from_db()
    assert personas["auditeur2"].is_active


def test_a_coordinator_cannot_self_erase(personas):
    with pytest.raises(DomainError) as error:
        request_erasure(user=personas["coordination"], now=NOW)
    assert "administrateur" in error.value.message
    assert not ErasureRequest.objects.exists()


def test_erase_page_with_the_right_password_logs_out_and_shows_the_report(personas, client):
    crafted(personas)
    client.force_login(personas["auditeur"])
    page = client.get("/mes-donnees/effacement/")
    assert "Ce qui est conservé" in page.content.decode()
    response = client.post(
        "/mes-donnees/effacement/", {"password": "mot-de-passe-de-test-1", "confirm": "on"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vos données ont été effacées" in body and "21 mai 2028" in body
    assert "_auth_user_id" not in client.session
    assert client.get("/mes-donnees/").status_code == 302
    assert not StatementOfIntent.objects.filter(enrolment=personas["enrolment"]).exists()


def test_wrong_password_changes_nothing(personas, client):
    crafted(personas)
    client.force_login(personas["auditeur"])
    response = client.post("/mes-donnees/effacement/", {"password": "faux", "confirm": "on"})
    assert response.status_code == 200
    assert "Mot de passe incorrect." in response.content.decode()
    assert "checked" in response.content.decode()
    personas["auditeur"].refresh_from_db()
    assert personas["auditeur"].is_active and personas["auditeur"].username == "auditeur"
    assert StatementOfIntent.objects.filter(enrolment=personas["enrolment"]).exists()
    assert not ErasureRequest.objects.exists()


def test_missing_confirmation_changes_nothing(personas, client):
    client.force_login(personas["auditeur"])
    response = client.post("/mes-donnees/effacement/", {"password": "mot-de-passe-de-test-1"})
    assert "Cochez la case pour confirmer votre demande." in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_coordinator_page_says_to_ask_the_administrator(personas, client):
    client.force_login(personas["coordination"])
    response = client.post(
        "/mes-donnees/effacement/", {"password": "mot-de-passe-de-test-1", "confirm": "on"}
    )
    assert "adressez-vous à l'administrateur" in response.content.decode()
    personas["coordination"].refresh_from_db()
    assert personas["coordination"].is_active
