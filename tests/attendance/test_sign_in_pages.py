"""The sign-in pages: the speaker's projection (rotating QR code, live counter) and the
participant's sign page opened by the QR code, with every refusal shown in French."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import quote

import pytest
import segno
from django.utils.html import strip_tags

from essor.attendance import codes
from essor.attendance.models import AttendanceRecord, Signature, SignInPolicy
from essor.core import clock

from .signing import (
    DURING_MODULE1,
    MODULE1_END,
    MODULE1_START,
    data_url,
    first_slots,
    freeze,
    png,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot(cs26):
    return first_slots(cs26)[0]


@pytest.fixture
def now(monkeypatch):
    return freeze(monkeypatch, DURING_MODULE1)


def text_of(response) -> str:
    html = re.sub(
        r"<(br|/?(p|li|dt|dd|th|td|tr|h\d|div|caption|figcaption|span))\b[^>]*>",
        " ",
        response.content.decode(),
    )
    return " ".join(unescape(strip_tags(html)).split())


def sign_path(slot, code: str | None = None) -> str:
    path = f"/slots/{slot.pk}/sign/"
    return f"{path}?code={code}" if code else path


def token_of(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the sign form carries a pass"
    return unescape(match.group(1))


def scan(client, slot):
    """What the phone does: open the URL of the QR code."""
    return client.get(sign_path(slot, codes.current_code(slot, clock.now())))


class TestProjection:
    def test_the_speaker_sees_the_qr_code_the_code_and_the_half_day(
        self, client, personas, slot, now, settings
    ):
        settings.ESSOR_BASE_URL = "https://essor.exemple.fr"
        client.force_login(personas["intervenant"])
        response = client.get(f"/slots/{slot.pk}/projection/")
        assert response.status_code == 200
        code = codes.current_code(slot, now)
        html = response.content.decode()
        # The QR code is the one of the sign page's absolute address with the current code.
        expected = segno.make(
            f"https://essor.exemple.fr/slots/{slot.pk}/sign/?code={code}", error="m"
        ).svg_inline(scale=1, border=2, omitsize=True, svgclass="projection__qr")
        path_data = re.search(r' d="([^"]+)"', expected).group(1)
        assert path_data in html
        assert 'class="projection__qr"' in html
        text = text_of(response)
        assert f"{code[:4]} {code[4:8]} {code[8:]}" in text
        assert "Module 1" in text
        assert "lundi 20 janvier 2025" in text
        assert "de 14 h à 17 h" in text
        assert "0 / 2" in text and "signé" in text

    def test_the_counter_follows_the_signatures(self, client, personas, slot, now):
        from essor.attendance import services

        for name in ("auditeur", "auditeur2"):
            services.sign_in(
                slot=slot,
                user=personas[name],
                code=codes.current_code(slot, now),
                signature_png=png(seed=len(name)),
                user_agent="test",
                ip="",
            )
        client.force_login(personas["coordination"])
        response = client.get(f"/slots/{slot.pk}/projection/code")
        assert "2 / 2 ont signé" in text_of(response)

    def test_the_fragment_polls_every_rotation_step(self, client, personas, slot, now, cs26):
        SignInPolicy.objects.create(cohort=cs26, code_step_seconds=20)
        client.force_login(personas["intervenant"])
        html = client.get(f"/slots/{slot.pk}/projection/code").content.decode()
        assert f'hx-get="/slots/{slot.pk}/projection/code"' in html
        assert 'hx-trigger="every 20s"' in html
        assert html.lstrip().startswith("<section")  # a fragment, not a page

    def test_the_code_changes_at_the_next_step(self, client, personas, slot, monkeypatch):
        client.force_login(personas["intervenant"])
        freeze(monkeypatch, DURING_MODULE1)
        first = client.get(f"/slots/{slot.pk}/projection/code").content.decode()
        freeze(monkeypatch, DURING_MODULE1 + timedelta(seconds=30))
        second = client.get(f"/slots/{slot.pk}/projection/code").content.decode()
        code_at = lambda html: re.search(r'data-code="([A-Z2-7]+)"', html).group(1)  # noqa: E731
        assert code_at(first) != code_at(second)

    def test_before_the_window_a_message_replaces_the_qr_code(
        self, client, personas, slot, monkeypatch
    ):
        freeze(monkeypatch, MODULE1_START - timedelta(hours=1))
        client.force_login(personas["intervenant"])
        response = client.get(f"/slots/{slot.pk}/projection/")
        assert "<svg" not in response.content.decode()
        assert "L'émargement ouvrira le 20 janvier 2025 à 13 h 45" in text_of(response)
        assert "hx-get" in response.content.decode()  # keeps polling: the QR code will come

    def test_after_the_end_the_page_says_closed_and_stops_polling(
        self, client, personas, slot, monkeypatch
    ):
        freeze(monkeypatch, MODULE1_END)
        client.force_login(personas["intervenant"])
        response = client.get(f"/slots/{slot.pk}/projection/")
        html = response.content.decode()
        assert "<svg" not in html
        assert "hx-get" not in html
        assert "L'émargement de cette demi-journée est clos" in text_of(response)

    @pytest.mark.parametrize("persona", ["auditeur", "tuteur", "partenaire", "autre_auditeur"])
    def test_only_the_teaching_team_projects(self, client, personas, slot, now, persona):
        client.force_login(personas[persona])
        assert client.get(f"/slots/{slot.pk}/projection/").status_code == 404
        assert client.get(f"/slots/{slot.pk}/projection/code").status_code == 404


class TestSignPage:
    def test_a_participant_scans_draws_and_signs(self, client, personas, slot, now):
        client.force_login(personas["auditeur"])
        page = scan(client, slot)
        assert page.status_code == 200
        text = text_of(page)
        assert "Module 1" in text and "lundi 20 janvier 2025" in text
        assert "de 14 h à 17 h" in text
        assert personas["auditeur"].get_full_name() in text
        assert "Effacer" in text
        html = page.content.decode()
        assert re.search(r'<canvas[^>]+aria-labelledby="signature-label"', html)
        assert re.search(r'<canvas[^>]+aria-describedby="signature-help"', html)
        assert "feuille papier" in text  # the fallback when drawing is not possible
        assert "Je confirme ma présence" not in text  # not allowed by default

        response = client.post(
            sign_path(slot),
            {"token": token_of(page), "signature": data_url(png())},
            HTTP_USER_AGENT="Téléphone de test",
        )
        assert response.status_code == 302
        assert response["Location"] == sign_path(slot)
        signature = Signature.objects.get(slot=slot)
        assert signature.enrolment == personas["enrolment"]
        assert signature.user_agent == "Téléphone de test"
        assert signature.via == "web"
        assert AttendanceRecord.objects.get(slot=slot).status == "present"

        done = client.get(sign_path(slot))
        assert "Signature enregistrée à 14 h 02" in text_of(done)
        again = client.get(sign_path(slot))
        assert "Vous avez déjà émargé" in text_of(again)
        assert "enregistrée à 14 h 02" in text_of(again)

    def test_the_scan_survives_the_login_page(self, client, personas, slot, monkeypatch):
        """Scanned while logged out: the login may take longer than the code lives."""
        now = freeze(monkeypatch, DURING_MODULE1)
        code = codes.current_code(slot, now)
        response = client.get(sign_path(slot, code))
        assert response.status_code == 302
        assert response["Location"] == (
            "/accounts/login/?next=" + quote(sign_path(slot, code), safe="/")
        )
        client.force_login(personas["auditeur"])
        # Two minutes later the code has rotated four times; the scan still counts.
        freeze(monkeypatch, DURING_MODULE1 + timedelta(minutes=2))
        page = client.get(sign_path(slot, code))
        assert page.status_code == 200
        assert 'name="token"' in page.content.decode()

    def test_signing_twice_keeps_one_signature(self, client, personas, slot, now):
        client.force_login(personas["auditeur"])
        page = scan(client, slot)
        data = {"token": token_of(page), "signature": data_url(png())}
        client.post(sign_path(slot), data, follow=True)
        # A double tap, or the back button and « Valider » again.
        response = client.post(sign_path(slot), {**data, "signature": data_url(png(seed=4))})
        assert response.status_code == 200
        assert "Vous avez déjà émargé" in text_of(response)
        assert Signature.objects.filter(slot=slot).count() == 1

    def test_without_a_fresh_scan_the_page_asks_for_the_code(self, client, personas, slot, now):
        client.force_login(personas["auditeur"])
        response = client.get(sign_path(slot))
        assert response.status_code == 400
        text = text_of(response)
        assert "Ce code d'émargement n'est pas valide ou a expiré" in text
        assert "Saisir le code affiché" in text
        assert 'name="code"' in response.content.decode()

    def test_a_code_typed_by_hand_opens_the_form(self, client, personas, slot, now):
        client.force_login(personas["auditeur"])
        code = codes.current_code(slot, now)
        typed = f"{code[:4]} {code[4:8]} {code[8:]}".lower()
        response = client.get(sign_path(slot), {"code": typed})
        assert response.status_code == 200
        assert 'name="token"' in response.content.decode()

    def test_a_stale_code_is_refused(self, client, personas, slot, monkeypatch):
        old = codes.current_code(slot, DURING_MODULE1)
        freeze(monkeypatch, DURING_MODULE1 + timedelta(minutes=5))
        client.force_login(personas["auditeur"])
        response = client.get(sign_path(slot, old))
        assert response.status_code == 400
        assert "n'est pas valide ou a expiré" in text_of(response)

    def test_a_pass_older_than_ten_minutes_is_refused(self, client, personas, slot, monkeypatch):
        freeze(monkeypatch, DURING_MODULE1)
        client.force_login(personas["auditeur"])
        token = token_of(scan(client, slot))
        freeze(monkeypatch, DURING_MODULE1 + timedelta(minutes=11))
        response = client.post(sign_path(slot), {"token": token, "signature": data_url(png())})
        assert response.status_code == 400
        assert "n'est pas valide ou a expiré" in text_of(response)
        assert not Signature.objects.exists()

    def test_a_forged_pass_is_refused(self, client, personas, slot, now):
        client.force_login(personas["auditeur"])
        response = client.post(
            sign_path(slot), {"token": "AAAAAAAAAAAA", "signature": data_url(png())}
        )
        assert response.status_code == 400
        assert not Signature.objects.exists()

    def test_a_pass_of_another_participant_is_useless(self, client, personas, slot, now):
        client.force_login(personas["auditeur2"])
        token = token_of(scan(client, slot))
        client.force_login(personas["auditeur"])
        response = client.post(sign_path(slot), {"token": token, "signature": data_url(png())})
        assert response.status_code == 400
        assert not Signature.objects.exists()

    def test_an_empty_drawing_re_renders_the_form_with_the_error(self, client, personas, slot, now):
        client.force_login(personas["auditeur"])
        token = token_of(scan(client, slot))
        response = client.post(sign_path(slot), {"token": token, "signature": ""})
        assert response.status_code == 400
        html = response.content.decode()
        assert "Dessinez votre signature dans le cadre avant de valider." in text_of(response)
        assert re.search(r'aria-describedby="signature-help signature-error"', html)
        assert token_of(response) == token  # the participant can draw again at once
        assert not Signature.objects.exists()
        assert not AttendanceRecord.objects.exists()

    def test_a_broken_drawing_is_refused_on_the_form(self, client, personas, slot, now):
        client.force_login(personas["auditeur"])
        token = token_of(scan(client, slot))
        response = client.post(
            sign_path(slot), {"token": token, "signature": "data:image/png;base64,!!!"}
        )
        assert response.status_code == 400
        assert "n'est pas une image lisible" in text_of(response)
        assert not Signature.objects.exists()

    def test_signing_for_somebody_else_is_forbidden(self, client, personas, slot, now):
        client.force_login(personas["auditeur"])
        token = token_of(scan(client, slot))
        response = client.post(
            sign_path(slot),
            {
                "token": token,
                "signature": data_url(png()),
                "user_id": personas["auditeur2"].pk,
            },
        )
        assert response.status_code == 403
        assert "vous ne pouvez pas signer pour une autre personne" in text_of(response)
        assert not Signature.objects.exists()

    def test_after_the_end_the_page_says_closed(self, client, personas, slot, monkeypatch):
        freeze(monkeypatch, MODULE1_END - timedelta(minutes=1))
        client.force_login(personas["auditeur"])
        token = token_of(scan(client, slot))
        freeze(monkeypatch, MODULE1_END)
        for response in (
            client.get(sign_path(slot)),
            client.post(sign_path(slot), {"token": token, "signature": data_url(png())}),
        ):
            assert response.status_code == 400
            assert "L'émargement de cette demi-journée est clos" in text_of(response)
        assert not Signature.objects.exists()

    def test_a_later_half_day_cannot_be_signed(self, client, personas, cs26, now):
        later = first_slots(cs26)[1]
        client.force_login(personas["auditeur"])
        response = client.get(sign_path(later, codes.current_code(later, clock.now())))
        assert response.status_code == 400
        assert "n'est pas encore ouvert" in text_of(response)

    def test_a_participant_of_another_cohort_is_told_so(self, client, personas, slot, now):
        client.force_login(personas["autre_auditeur"])
        response = scan(client, slot)
        assert response.status_code == 403
        assert "appartient à une autre promotion" in text_of(response)

    @pytest.mark.parametrize("persona", ["coordination", "intervenant", "tuteur", "partenaire"])
    def test_people_without_a_place_cannot_sign(self, client, personas, slot, now, persona):
        client.force_login(personas[persona])
        assert scan(client, slot).status_code == 403
        response = client.post(sign_path(slot), {"token": "x", "signature": data_url(png())})
        assert response.status_code == 403
        assert "Vous n'êtes pas inscrit·e à cette promotion" in text_of(response)
        assert not Signature.objects.exists()

    def test_an_unknown_half_day_is_not_found(self, client, personas, now):
        client.force_login(personas["auditeur"])
        assert client.get("/slots/999999/sign/?code=AAAA").status_code == 404

    def test_confirmation_where_the_cohort_allows_it(self, client, personas, slot, now, cs26):
        SignInPolicy.objects.create(cohort=cs26, allow_confirmation=True)
        client.force_login(personas["auditeur"])
        page = scan(client, slot)
        assert "Je confirme ma présence" in text_of(page)
        response = client.post(sign_path(slot), {"token": token_of(page), "confirm": "1"})
        assert response.status_code == 302
        assert Signature.objects.get(slot=slot).method == "confirmation"
