"""The speaker's countersignature of a half-day, the sheet's state (« en attente » until
then), and the assignment of speakers to half-days."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils.html import strip_tags

from essor.attendance import codes, services
from essor.attendance.models import Countersignature, SlotSpeaker
from essor.attendance.sign_in_selectors import sheet_state
from essor.core.errors import DomainError
from essor.core.storage import private_storage
from tests.factories import UserFactory, enrol, grant

from .signing import DURING_MODULE1, MODULE1_END, MODULE1_START, data_url, first_slots, freeze, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot(cs26):
    return first_slots(cs26)[0]


def text_of(response) -> str:
    html = re.sub(
        r"<(br|/?(p|li|dt|dd|th|td|tr|h\d|div|caption))\b[^>]*>", " ", response.content.decode()
    )
    return " ".join(unescape(strip_tags(html)).split())


def refused(code: str, call) -> DomainError:
    before = Countersignature.objects.count()
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.code == code
    assert caught.value.message
    assert Countersignature.objects.count() == before
    return caught.value


class TestCountersign:
    def test_the_speaker_countersigns_the_half_day(self, slot, personas, monkeypatch):
        moment = freeze(monkeypatch, MODULE1_END + timedelta(minutes=5))
        image = png(seed=5)
        countersignature = services.countersign(
            slot=slot, by=personas["intervenant"], signature_png=image
        )
        assert countersignature.slot == slot
        assert countersignature.signed_by == personas["intervenant"]
        assert countersignature.signed_at == moment
        with private_storage.open(countersignature.image.name) as stored:
            assert stored.read() == image
        assert countersignature.image.name.startswith("countersignatures/")
        assert len(countersignature.image_sha256) == 64

    def test_before_the_window_opens_it_is_too_early(self, slot, personas, monkeypatch):
        freeze(monkeypatch, MODULE1_START - timedelta(minutes=16))
        error = refused(
            "too_early",
            lambda: services.countersign(
                slot=slot, by=personas["intervenant"], signature_png=png()
            ),
        )
        assert "20 janvier 2025 à 13 h 45" in error.message

    def test_once_the_window_is_open_it_is_possible(self, slot, personas, monkeypatch):
        freeze(monkeypatch, MODULE1_START - timedelta(minutes=15))
        services.countersign(slot=slot, by=personas["intervenant"], signature_png=png())
        assert Countersignature.objects.filter(slot=slot).exists()

    def test_only_once(self, slot, personas, monkeypatch):
        freeze(monkeypatch, MODULE1_END)
        services.countersign(slot=slot, by=personas["intervenant"], signature_png=png())
        refused(
            "already_countersigned",
            lambda: services.countersign(
                slot=slot, by=personas["coordination"], signature_png=png(seed=2)
            ),
        )

    def test_the_coordination_may_countersign(self, slot, personas, monkeypatch):
        freeze(monkeypatch, MODULE1_END)
        services.countersign(slot=slot, by=personas["coordination"], signature_png=png())
        assert Countersignature.objects.get().signed_by == personas["coordination"]

    @pytest.mark.parametrize("persona", ["auditeur", "tuteur", "partenaire", "autre_auditeur"])
    def test_others_cannot(self, slot, personas, monkeypatch, persona):
        freeze(monkeypatch, MODULE1_END)
        refused(
            "not_teaching",
            lambda: services.countersign(slot=slot, by=personas[persona], signature_png=png()),
        )

    def test_a_speaker_not_assigned_to_an_assigned_half_day_cannot(
        self, slot, personas, cs26, monkeypatch
    ):
        freeze(monkeypatch, MODULE1_END)
        other = UserFactory(username="autre_intervenant")
        grant(other, cs26, "speaker")
        services.assign_speakers(
            slot=slot, speakers=[personas["intervenant"]], by=personas["coordination"]
        )
        refused(
            "not_slot_speaker",
            lambda: services.countersign(slot=slot, by=other, signature_png=png()),
        )
        services.countersign(slot=slot, by=personas["intervenant"], signature_png=png())

    def test_a_drawing_is_required_and_checked(self, slot, personas, monkeypatch):
        freeze(monkeypatch, MODULE1_END)
        by = personas["intervenant"]
        refused(
            "signature_required",
            lambda: services.countersign(slot=slot, by=by, signature_png=b""),
        )
        refused(
            "signature_invalid",
            lambda: services.countersign(slot=slot, by=by, signature_png=png(strokes=0)),
        )


class TestSheetState:
    def test_pending_until_countersigned_then_who_and_when(self, slot, personas, monkeypatch):
        assert sheet_state(slot) == "en attente"
        freeze(monkeypatch, MODULE1_END + timedelta(minutes=5))
        services.countersign(slot=slot, by=personas["intervenant"], signature_png=png())
        name = personas["intervenant"].get_full_name()
        assert sheet_state(slot) == f"contresignée le 20 janvier 2025 à 17 h 05 par {name}"


class TestPage:
    def sign(self, slot, user, seed):
        services.sign_in(
            slot=slot,
            user=user,
            code=codes.current_code(slot, DURING_MODULE1),
            signature_png=png(seed=seed),
            user_agent="test",
            ip="",
        )

    def test_the_list_shows_who_signed_when_and_how(self, client, slot, personas, monkeypatch):
        freeze(monkeypatch, DURING_MODULE1)
        self.sign(slot, personas["auditeur"], 1)
        client.force_login(personas["intervenant"])
        response = client.get(f"/slots/{slot.pk}/countersign/")
        assert response.status_code == 200
        text = text_of(response)
        me = personas["enrolment"]
        assert (
            f"{me.user.get_full_name()} {me.organisation.name} 14 h 02 Signature dessinée" in text
        )
        other = personas["enrolment2"]
        assert f"{other.user.get_full_name()} {other.organisation.name} pas de signature" in text
        assert "Émargements de la demi-journée : 1 / 2 a signé" in text
        assert "Contresignature de l'intervenant·e : en attente" in text
        assert "Contresigner la feuille" in text
        assert personas["autre_auditeur"].get_full_name() not in text

    def test_countersigning_from_the_page(self, client, slot, personas, monkeypatch):
        freeze(monkeypatch, MODULE1_END + timedelta(minutes=5))
        client.force_login(personas["intervenant"])
        response = client.post(f"/slots/{slot.pk}/countersign/", {"signature": data_url(png())})
        assert response.status_code == 302
        page = client.get(f"/slots/{slot.pk}/countersign/")
        text = text_of(page)
        assert "contresignée le 20 janvier 2025 à 17 h 05" in text
        assert "Contresigner la feuille" not in text  # no second pad

    def test_a_refusal_is_shown_on_the_page(self, client, slot, personas, monkeypatch):
        freeze(monkeypatch, MODULE1_START - timedelta(hours=2))
        client.force_login(personas["intervenant"])
        response = client.post(f"/slots/{slot.pk}/countersign/", {"signature": data_url(png())})
        assert response.status_code == 400
        assert "La demi-journée n'a pas commencé" in text_of(response)
        assert not Countersignature.objects.exists()

    def test_an_empty_pad_is_tied_to_the_pad(self, client, slot, personas, monkeypatch):
        freeze(monkeypatch, MODULE1_END)
        client.force_login(personas["intervenant"])
        response = client.post(f"/slots/{slot.pk}/countersign/", {"signature": ""})
        assert response.status_code == 400
        assert 'aria-describedby="countersignature-help countersignature-error"' in (
            response.content.decode()
        )
        assert not Countersignature.objects.exists()

    def test_the_query_count_does_not_grow_with_the_cohort(
        self, client, slot, personas, cs26, monkeypatch, django_assert_num_queries
    ):
        freeze(monkeypatch, DURING_MODULE1)
        self.sign(slot, personas["auditeur"], 1)
        client.force_login(personas["intervenant"])
        client.get(f"/slots/{slot.pk}/countersign/")  # warm the session
        # session, user, slot (+cohort, module), roles, enrolments, signatures, countersignature
        with django_assert_num_queries(7) as small:
            client.get(f"/slots/{slot.pk}/countersign/")
        for n in range(8):
            user = UserFactory(username=f"auditeur-en-plus-{n}")
            enrol(user, cs26)
            self.sign(slot, user, 10 + n)
        with django_assert_num_queries(len(small.captured_queries)):
            response = client.get(f"/slots/{slot.pk}/countersign/")
        assert "Émargements de la demi-journée : 9 / 10 ont signé" in text_of(response)


class TestAssignSpeakers:
    def test_the_coordination_sets_who_teaches_a_half_day(self, slot, personas, cs26):
        second = UserFactory(username="intervenante2")
        grant(second, cs26, "speaker")
        by = personas["coordination"]
        services.assign_speakers(slot=slot, speakers=[personas["intervenant"], second], by=by)
        assert set(
            SlotSpeaker.objects.filter(slot=slot).values_list("speaker__username", flat=True)
        ) == {"intervenant", "intervenante2"}
        services.assign_speakers(slot=slot, speakers=[second], by=by)
        assert list(
            SlotSpeaker.objects.filter(slot=slot).values_list("speaker__username", flat=True)
        ) == ["intervenante2"]
        services.assign_speakers(slot=slot, speakers=[], by=by)
        assert not SlotSpeaker.objects.filter(slot=slot).exists()

    @pytest.mark.parametrize("persona", ["tuteur", "auditeur", "coordination"])
    def test_only_speakers_of_the_cohort_can_be_assigned(self, slot, personas, persona):
        with pytest.raises(DomainError) as caught:
            services.assign_speakers(
                slot=slot, speakers=[personas[persona]], by=personas["coordination"]
            )
        assert caught.value.code == "not_speaker"
        assert caught.value.details == [personas[persona].get_full_name()]
        assert not SlotSpeaker.objects.exists()

    def test_a_speaker_of_another_cohort_cannot_be_assigned(self, slot, personas, other_cohort):
        elsewhere = UserFactory(username="intervenant_ailleurs")
        grant(elsewhere, other_cohort, "speaker")
        with pytest.raises(DomainError) as caught:
            services.assign_speakers(slot=slot, speakers=[elsewhere], by=personas["coordination"])
        assert caught.value.code == "not_speaker"

    @pytest.mark.parametrize("persona", ["intervenant", "tuteur", "auditeur"])
    def test_only_the_coordination_assigns(self, slot, personas, persona):
        with pytest.raises(DomainError) as caught:
            services.assign_speakers(
                slot=slot, speakers=[personas["intervenant"]], by=personas[persona]
            )
        assert caught.value.code == "not_coordinator"
        assert not SlotSpeaker.objects.exists()
