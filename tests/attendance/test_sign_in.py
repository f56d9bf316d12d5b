"""services.sign_in: a participant signs a running half-day with the projected code.

Every refusal has its code and writes nothing; signing twice gives the first signature
back; the attendance record becomes « présent·e » unless staff already recorded a status.
"""

from datetime import timedelta

import pytest

from essor.attendance import codes, services
from essor.attendance.models import (
    AttendanceChange,
    AttendanceRecord,
    Signature,
    SignInPolicy,
)
from essor.attendance.records import apply_status
from essor.cohorts.models import EnrolmentStatus
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.storage import private_storage
from tests.factories import UserFactory, enrol

from .signing import DURING_MODULE1, MODULE1_END, MODULE1_START, first_slots, freeze, png

pytestmark = pytest.mark.django_db

UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"


@pytest.fixture
def slots(cs26):
    return first_slots(cs26)


@pytest.fixture
def slot(slots):
    return slots[0]


@pytest.fixture
def now(monkeypatch):
    return freeze(monkeypatch, DURING_MODULE1)


def sign(slot, user, **overrides):
    arguments = {
        "slot": slot,
        "user": user,
        "code": codes.current_code(slot, clock.now()),
        "signature_png": png(),
        "user_agent": UA,
        "ip": "203.0.113.7",
    }
    arguments.update(overrides)
    return services.sign_in(**arguments)


def counts() -> tuple[int, int, int]:
    return (
        Signature.objects.count(),
        AttendanceRecord.objects.count(),
        AttendanceChange.objects.count(),
    )


def refused(code: str, call) -> DomainError:
    before = counts()
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.code == code
    assert caught.value.message  # a French sentence for the person
    assert counts() == before, "a refusal must write nothing"
    return caught.value


class TestSigning:
    def test_a_participant_signs_with_a_drawing(self, slot, personas, now):
        signature, created = sign(slot, personas["auditeur"])
        assert created is True
        assert signature.enrolment == personas["enrolment"]
        assert signature.slot == slot
        assert signature.signed_at == now
        assert signature.method == "drawn"
        assert signature.via == "web"
        assert signature.user_agent == UA

    def test_the_drawing_is_kept_privately_under_its_hash(self, slot, personas, now):
        image = png(seed=3)
        signature, _ = sign(slot, personas["auditeur"], signature_png=image)
        assert len(signature.image_sha256) == 64
        assert signature.image.name == (
            f"signatures/{signature.image_sha256[:2]}/{signature.image_sha256}.png"
        )
        with private_storage.open(signature.image.name) as stored:
            assert stored.read() == image

    def test_the_address_is_kept_only_as_a_keyed_hash(self, slot, personas, now):
        signature, _ = sign(slot, personas["auditeur"], ip="203.0.113.7")
        assert "203.0.113.7" not in signature.ip_hash
        assert len(signature.ip_hash) == 64
        assert signature.ip_hash == services.ip_hash("203.0.113.7")
        assert services.ip_hash("203.0.113.8") != signature.ip_hash

    def test_a_long_user_agent_is_cut_to_400_characters(self, slot, personas, now):
        signature, _ = sign(slot, personas["auditeur"], user_agent="A" * 1000)
        assert signature.user_agent == "A" * 400

    def test_the_participant_is_recorded_present_with_history(self, slot, personas, now):
        sign(slot, personas["auditeur"])
        record = AttendanceRecord.objects.get(slot=slot, enrolment=personas["enrolment"])
        assert record.status == "present"
        assert record.updated_by == personas["auditeur"]
        change = record.changes.get()
        assert change.before == {}
        assert change.after["status"] == "present"
        assert change.reason == "Émargement"

    def test_a_status_set_by_staff_is_kept(self, slot, personas, now):
        """An excused absence entered earlier stays: staff reconcile it with the signature."""
        apply_status(
            slot=slot,
            enrolment=personas["enrolment"],
            status="excused",
            reason="Rendez-vous médical",
            by=personas["coordination"],
        )
        _, created = sign(slot, personas["auditeur"])
        assert created
        record = AttendanceRecord.objects.get(slot=slot, enrolment=personas["enrolment"])
        assert record.status == "excused"
        assert record.changes.count() == 1

    def test_an_admitted_participant_signs_too(self, slot, cs26, now):
        newcomer = UserFactory(username="admise")
        enrol(newcomer, cs26, status=EnrolmentStatus.ADMITTED)
        _, created = sign(slot, newcomer)
        assert created

    def test_the_signature_may_name_its_own_author(self, slot, personas, now):
        me = personas["auditeur"]
        _, created = sign(slot, me, for_user_id=me.pk)
        assert created

    def test_the_api_channel_is_recorded(self, slot, personas, now):
        signature, _ = sign(slot, personas["auditeur"], via="api")
        assert signature.via == "api"


class TestIdempotency:
    def test_signing_twice_gives_the_first_signature_back(self, slot, personas, now):
        first, created = sign(slot, personas["auditeur"])
        before = counts()
        again, created_again = sign(slot, personas["auditeur"], signature_png=png(seed=9))
        assert (created, created_again) == (True, False)
        assert again.pk == first.pk
        assert again.image_sha256 == first.image_sha256
        assert counts() == before

    def test_a_second_signature_with_another_code_step_changes_nothing(
        self, slot, personas, monkeypatch
    ):
        freeze(monkeypatch, DURING_MODULE1)
        sign(slot, personas["auditeur"])
        freeze(monkeypatch, DURING_MODULE1 + timedelta(minutes=20))
        again, created = sign(slot, personas["auditeur"])
        assert not created
        assert again.signed_at == DURING_MODULE1

    def test_each_participant_has_their_own_signature(self, slot, personas, now):
        sign(slot, personas["auditeur"])
        sign(slot, personas["auditeur2"], signature_png=png(seed=1))
        assert Signature.objects.filter(slot=slot).count() == 2


class TestRefusals:
    def test_after_the_end_the_window_is_closed(self, slot, personas, monkeypatch):
        freeze(monkeypatch, MODULE1_END - timedelta(seconds=10))
        code = codes.current_code(slot, MODULE1_END - timedelta(seconds=10))
        freeze(monkeypatch, MODULE1_END)
        error = refused("window_closed", lambda: sign(slot, personas["auditeur"], code=code))
        assert error.message == (
            "L'émargement de cette demi-journée est clos ; seule une correction par "
            "l'intervenant·e ou la coordination est possible."
        )

    def test_sixteen_minutes_before_the_start_is_too_early(self, slot, personas, monkeypatch):
        freeze(monkeypatch, MODULE1_START - timedelta(minutes=16))
        error = refused("window_not_open", lambda: sign(slot, personas["auditeur"]))
        assert "20 janvier 2025 à 13 h 45" in error.message

    def test_fifteen_minutes_before_the_start_is_accepted(self, slot, personas, monkeypatch):
        freeze(monkeypatch, MODULE1_START - timedelta(minutes=15))
        _, created = sign(slot, personas["auditeur"])
        assert created

    def test_a_later_slot_cannot_be_signed(self, slots, personas, now):
        later = slots[1]
        refused("window_not_open", lambda: sign(later, personas["auditeur"]))

    def test_a_stale_code_is_refused(self, slot, personas, monkeypatch):
        freeze(monkeypatch, DURING_MODULE1)
        old = codes.current_code(slot, DURING_MODULE1)
        freeze(monkeypatch, DURING_MODULE1 + timedelta(seconds=60))
        refused("code_invalid", lambda: sign(slot, personas["auditeur"], code=old))

    def test_the_previous_step_is_still_accepted(self, slot, personas, monkeypatch):
        freeze(monkeypatch, DURING_MODULE1)
        old = codes.current_code(slot, DURING_MODULE1)
        freeze(monkeypatch, DURING_MODULE1 + timedelta(seconds=45))
        _, created = sign(slot, personas["auditeur"], code=old)
        assert created

    def test_a_forged_code_is_refused(self, slot, personas, now):
        refused("code_invalid", lambda: sign(slot, personas["auditeur"], code="AAAAAAAAAAAA"))

    def test_the_code_of_another_slot_is_refused(self, slots, personas, now):
        code_of_second = codes.current_code(slots[1], now)
        refused("code_invalid", lambda: sign(slots[0], personas["auditeur"], code=code_of_second))

    def test_a_participant_of_another_cohort_is_refused(self, slot, personas, now):
        refused("wrong_cohort", lambda: sign(slot, personas["autre_auditeur"]))

    @pytest.mark.parametrize("persona", ["coordination", "intervenant", "tuteur", "partenaire"])
    def test_people_without_a_place_in_the_cohort_are_refused(self, slot, personas, persona, now):
        refused("not_enrolled", lambda: sign(slot, personas[persona]))

    def test_a_withdrawn_participant_is_refused(self, slot, personas, now):
        personas["enrolment"].status = EnrolmentStatus.WITHDRAWN
        personas["enrolment"].save(update_fields=["status"])
        refused("not_enrolled", lambda: sign(slot, personas["auditeur"]))

    def test_signing_for_somebody_else_is_refused(self, slot, personas, now):
        other = personas["auditeur2"]
        refused("not_self", lambda: sign(slot, personas["auditeur"], for_user_id=other.pk))
        assert not Signature.objects.filter(enrolment=personas["enrolment2"]).exists()

    def test_no_drawing_is_refused_when_confirmation_is_not_allowed(self, slot, personas, now):
        refused(
            "signature_required",
            lambda: sign(slot, personas["auditeur"], signature_png=None, confirm=True),
        )

    def test_an_invalid_drawing_is_refused(self, slot, personas, now):
        refused(
            "signature_invalid",
            lambda: sign(slot, personas["auditeur"], signature_png=b"GIF89a pas un PNG"),
        )

    def test_an_empty_drawing_is_refused(self, slot, personas, now):
        refused(
            "signature_invalid",
            lambda: sign(slot, personas["auditeur"], signature_png=png(strokes=0)),
        )

    def test_a_refused_drawing_leaves_no_file(self, slot, personas, now, settings):
        with pytest.raises(DomainError):
            sign(slot, personas["auditeur"], signature_png=png(strokes=0))
        assert not (settings.MEDIA_ROOT / "private" / "signatures").exists()


class TestConfirmation:
    """Where the cohort's rules allow it, presence may be confirmed without drawing."""

    @pytest.fixture(autouse=True)
    def allowed(self, cs26):
        SignInPolicy.objects.create(cohort=cs26, allow_confirmation=True)

    def test_a_confirmation_is_recorded_without_an_image(self, slot, personas, now):
        signature, created = sign(slot, personas["auditeur"], signature_png=None, confirm=True)
        assert created
        assert signature.method == "confirmation"
        assert not signature.image
        assert signature.image_sha256 == ""
        assert AttendanceRecord.objects.get(slot=slot).status == "present"

    def test_a_drawing_still_wins_when_sent(self, slot, personas, now):
        signature, _ = sign(slot, personas["auditeur"], confirm=True)
        assert signature.method == "drawn"

    def test_neither_drawing_nor_confirmation_is_refused(self, slot, personas, now):
        refused(
            "signature_required",
            lambda: sign(slot, personas["auditeur"], signature_png=None, confirm=False),
        )
