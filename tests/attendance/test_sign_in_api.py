"""Sign-in over the API (DESIGN.md contracts): GET /api/slots/<id>/code for the teaching
team, POST /api/slots/<id>/signatures for participants — 201, then 200 with the same id;
refusals as {"code", "detail"} in French."""

import base64
import hashlib
from datetime import datetime, timedelta

import pytest

from essor.accounts.services import issue_api_token
from essor.attendance import codes
from essor.attendance.models import AttendanceRecord, Signature, SignInPolicy
from essor.cohorts.models import EnrolmentStatus

from .signing import DURING_MODULE1, MODULE1_END, data_url, first_slots, freeze, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot(cs26):
    return first_slots(cs26)[0]


@pytest.fixture
def now(monkeypatch):
    return freeze(monkeypatch, DURING_MODULE1 + timedelta(seconds=10))


def bearer(user) -> dict:
    _, raw = issue_api_token(user=user, name="banc d'essai")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post_signature(client, slot, body: dict, **headers):
    return client.post(
        f"/api/slots/{slot.pk}/signatures", body, content_type="application/json", **headers
    )


def body(slot, now, **overrides) -> dict:
    payload = {"code": codes.current_code(slot, now), "signature_png": data_url(png())}
    payload.update(overrides)
    return payload


class TestCode:
    def test_the_speaker_gets_the_current_code(self, client, personas, slot, now, settings):
        settings.ESSOR_BASE_URL = "https://essor.exemple.fr"
        response = client.get(f"/api/slots/{slot.pk}/code", **bearer(personas["intervenant"]))
        assert response.status_code == 200
        data = response.json()
        code = codes.current_code(slot, now)
        assert data["slot"] == slot.pk
        assert data["code"] == code
        assert data["step_seconds"] == 30
        # 14:02:10 is in the step 14:02:00–14:02:30: accepted until 14:03:00, Paris time.
        assert data["valid_until"] == "2025-01-20T14:03:00+01:00"
        assert data["rotates_at"] == "2025-01-20T14:02:30+01:00"
        assert data["window"] == "open"
        assert data["sign_url"] == f"https://essor.exemple.fr/slots/{slot.pk}/sign/?code={code}"

    def test_valid_until_is_really_the_last_moment_the_code_works(
        self, client, personas, slot, now, monkeypatch
    ):
        client.force_login(personas["coordination"])
        data = client.get(f"/api/slots/{slot.pk}/code").json()
        until = datetime.fromisoformat(data["valid_until"])
        assert codes.check_code(slot, data["code"], until - timedelta(seconds=1))
        assert not codes.check_code(slot, data["code"], until)

    def test_the_summer_offset_is_given_in_summer(self, client, personas, cs26, monkeypatch):
        from essor.programmes.models import Slot

        april = Slot.objects.filter(cohort=cs26, start__month=4).first()  # after 30 March
        freeze(monkeypatch, april.start)
        client.force_login(personas["coordination"])
        data = client.get(f"/api/slots/{april.pk}/code").json()
        assert data["valid_until"].endswith("+02:00")

    @pytest.mark.parametrize("persona", ["auditeur", "tuteur", "partenaire", "autre_auditeur"])
    def test_others_do_not_see_the_code(self, client, personas, slot, now, persona):
        response = client.get(f"/api/slots/{slot.pk}/code", **bearer(personas[persona]))
        assert response.status_code == 404
        assert response.json() == {"detail": "Demi-journée introuvable."}

    def test_anonymous_callers_are_asked_to_log_in(self, client, slot, now):
        response = client.get(f"/api/slots/{slot.pk}/code")
        assert response.status_code == 401
        assert "Authentification requise" in response.json()["detail"]


class TestSignatures:
    def test_first_signing_is_201_the_same_again_200_with_the_same_id(
        self, client, personas, slot, now
    ):
        headers = bearer(personas["auditeur"])
        first = post_signature(client, slot, body(slot, now), **headers)
        assert first.status_code == 201
        data = first.json()
        assert data["signed_at"] == "2025-01-20T14:02:10+01:00"
        assert data["method"] == "drawn"
        again = post_signature(client, slot, body(slot, now, signature_png=None), **headers)
        assert again.status_code == 200
        assert again.json()["id"] == data["id"]
        assert Signature.objects.count() == 1
        assert AttendanceRecord.objects.count() == 1
        signature = Signature.objects.get()
        assert signature.via == "api"
        assert signature.enrolment == personas["enrolment"]

    def test_the_drawing_may_be_bare_base64(self, client, personas, slot, now):
        image = png(seed=2)
        response = post_signature(
            client,
            slot,
            body(slot, now, signature_png=base64.b64encode(image).decode()),
            **bearer(personas["auditeur"]),
        )
        assert response.status_code == 201
        assert Signature.objects.get().image_sha256 == hashlib.sha256(image).hexdigest()

    def test_the_browser_session_works_too(self, client, personas, slot, now):
        client.force_login(personas["auditeur"])
        assert post_signature(client, slot, body(slot, now)).status_code == 201

    def test_a_user_id_of_oneself_is_accepted(self, client, personas, slot, now):
        me = personas["auditeur"]
        response = post_signature(client, slot, body(slot, now, user_id=me.pk), **bearer(me))
        assert response.status_code == 201

    def test_confirmation_without_drawing_where_allowed(self, client, personas, slot, now, cs26):
        SignInPolicy.objects.create(cohort=cs26, allow_confirmation=True)
        response = post_signature(
            client,
            slot,
            body(slot, now, signature_png=None, confirm=True),
            **bearer(personas["auditeur"]),
        )
        assert response.status_code == 201
        assert response.json()["method"] == "confirmation"


class TestRefusals:
    def refused(self, response, status: int, code: str) -> dict:
        assert response.status_code == status, response.content
        data = response.json()
        assert data["code"] == code
        assert data["detail"]
        assert not Signature.objects.exists()
        assert not AttendanceRecord.objects.exists()
        return data

    def test_a_closed_window(self, client, personas, slot, monkeypatch):
        code = codes.current_code(slot, MODULE1_END - timedelta(seconds=5))
        freeze(monkeypatch, MODULE1_END)
        response = post_signature(
            client,
            slot,
            {"code": code, "signature_png": data_url(png())},
            **bearer(personas["auditeur"]),
        )
        data = self.refused(response, 400, "window_closed")
        assert data["detail"].startswith("L'émargement de cette demi-journée est clos")

    def test_a_later_slot(self, client, personas, cs26, now):
        later = first_slots(cs26)[1]
        response = post_signature(client, later, body(later, now), **bearer(personas["auditeur"]))
        self.refused(response, 400, "window_not_open")

    def test_a_wrong_code(self, client, personas, slot, now):
        response = post_signature(
            client, slot, body(slot, now, code="AAAAAAAAAAAA"), **bearer(personas["auditeur"])
        )
        data = self.refused(response, 400, "code_invalid")
        assert "n'est pas valide ou a expiré" in data["detail"]

    def test_a_stale_code(self, client, personas, slot, monkeypatch):
        old = codes.current_code(slot, DURING_MODULE1)
        freeze(monkeypatch, DURING_MODULE1 + timedelta(minutes=1))
        response = post_signature(
            client,
            slot,
            {"code": old, "signature_png": data_url(png())},
            **bearer(personas["auditeur"]),
        )
        self.refused(response, 400, "code_invalid")

    def test_signing_for_somebody_else(self, client, personas, slot, now):
        response = post_signature(
            client,
            slot,
            body(slot, now, user_id=personas["auditeur2"].pk),
            **bearer(personas["auditeur"]),
        )
        self.refused(response, 403, "not_self")

    def test_a_withdrawn_participant(self, client, personas, slot, now):
        personas["enrolment"].status = EnrolmentStatus.WITHDRAWN
        personas["enrolment"].save(update_fields=["status"])
        response = post_signature(client, slot, body(slot, now), **bearer(personas["auditeur"]))
        self.refused(response, 403, "not_enrolled")

    def test_no_drawing_where_it_is_required(self, client, personas, slot, now):
        response = post_signature(
            client,
            slot,
            body(slot, now, signature_png=None, confirm=True),
            **bearer(personas["auditeur"]),
        )
        self.refused(response, 400, "signature_required")

    def test_a_drawing_that_is_not_a_png(self, client, personas, slot, now):
        response = post_signature(
            client,
            slot,
            body(slot, now, signature_png=base64.b64encode(b"GIF89a...").decode()),
            **bearer(personas["auditeur"]),
        )
        self.refused(response, 400, "signature_invalid")

    @pytest.mark.parametrize("persona", ["autre_auditeur", "coordination", "intervenant"])
    def test_a_slot_the_caller_does_not_take_part_in_is_not_found(
        self, client, personas, slot, now, persona
    ):
        response = post_signature(client, slot, body(slot, now), **bearer(personas[persona]))
        assert response.status_code == 404
        assert response.json() == {"detail": "Demi-journée introuvable."}
        assert not Signature.objects.exists()

    def test_anonymous(self, client, slot, now):
        response = post_signature(client, slot, body(slot, now))
        assert response.status_code == 401
        assert not Signature.objects.exists()

    def test_a_missing_code_is_invalid_input_in_french(self, client, personas, slot, now):
        response = post_signature(client, slot, {"confirm": True}, **bearer(personas["auditeur"]))
        assert response.status_code == 422
        assert response.json()["errors"] == [{"field": "code", "message": "Champ obligatoire."}]
