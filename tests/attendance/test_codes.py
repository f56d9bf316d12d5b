"""The rotating sign-in code and the sign-in window, with the clock frozen.

A code is bound to its slot and its 30-second step; the current and the previous step are
accepted, nothing older, nothing forged, nothing from another half-day.
"""

from datetime import timedelta

import pytest

from essor.attendance import codes
from essor.attendance.models import SignInPolicy

from .signing import DURING_MODULE1, MODULE1_END, MODULE1_START, first_slots

pytestmark = pytest.mark.django_db


@pytest.fixture
def slots(cs26):
    return first_slots(cs26)


def test_the_policy_is_created_once_with_the_defaults(cs26):
    assert not SignInPolicy.objects.filter(cohort=cs26).exists()
    policy = codes.policy_for(cs26)
    assert (policy.opens_minutes_before, policy.code_step_seconds) == (15, 30)
    assert policy.allow_confirmation is False
    assert codes.policy_for(cs26).pk == policy.pk
    assert SignInPolicy.objects.filter(cohort=cs26).count() == 1


def test_a_code_is_short_url_safe_and_stable_within_its_step(slots):
    code = codes.current_code(slots[0], DURING_MODULE1)
    assert len(code) >= 10
    assert code.isalnum() and code.upper() == code
    assert codes.current_code(slots[0], DURING_MODULE1 + timedelta(seconds=1)) in {
        code,
        codes.current_code(slots[0], DURING_MODULE1 + timedelta(seconds=30)),
    }


def test_the_code_rotates_every_step(slots):
    step_start = DURING_MODULE1  # 14:02:00 is a multiple of 30 s
    first = codes.current_code(slots[0], step_start)
    assert codes.current_code(slots[0], step_start + timedelta(seconds=29)) == first
    assert codes.current_code(slots[0], step_start + timedelta(seconds=30)) != first


def test_the_current_and_the_previous_step_are_accepted(slots):
    slot = slots[0]
    code = codes.current_code(slot, DURING_MODULE1)
    assert codes.check_code(slot, code, DURING_MODULE1)
    assert codes.check_code(slot, code, DURING_MODULE1 + timedelta(seconds=30))
    assert codes.check_code(slot, code, DURING_MODULE1 + timedelta(seconds=59))


def test_a_code_two_steps_old_is_refused(slots):
    slot = slots[0]
    code = codes.current_code(slot, DURING_MODULE1)
    assert not codes.check_code(slot, code, DURING_MODULE1 + timedelta(seconds=60))
    assert not codes.check_code(slot, code, DURING_MODULE1 + timedelta(hours=1))


def test_a_code_from_the_future_is_refused(slots):
    """Replaying a code computed for a later step (a leaked generator) does not work."""
    slot = slots[0]
    later = codes.current_code(slot, DURING_MODULE1 + timedelta(seconds=30))
    assert not codes.check_code(slot, later, DURING_MODULE1)


def test_a_code_of_another_slot_is_refused(slots):
    a, b = slots
    code_of_a = codes.current_code(a, DURING_MODULE1)
    assert codes.check_code(a, code_of_a, DURING_MODULE1)
    assert not codes.check_code(b, code_of_a, DURING_MODULE1)


@pytest.mark.parametrize("forged", ["", "AAAAAAAAAAAA", "ABCDEFGHIJKL", "é" * 12, "x" * 500])
def test_a_forged_code_is_refused(slots, forged):
    assert not codes.check_code(slots[0], forged, DURING_MODULE1)


def test_a_code_typed_by_hand_is_forgiven_spaces_dashes_and_case(slots):
    slot = slots[0]
    code = codes.current_code(slot, DURING_MODULE1)
    typed = f" {code[:4].lower()} {code[4:8]}-{code[8:]} "
    assert codes.check_code(slot, typed, DURING_MODULE1)


def test_another_secret_key_gives_other_codes(slots, settings):
    code = codes.current_code(slots[0], DURING_MODULE1)
    settings.SECRET_KEY = "une-autre-cle-" + "x" * 50
    assert codes.current_code(slots[0], DURING_MODULE1) != code


def test_the_step_follows_the_cohort_policy(slots, cs26):
    SignInPolicy.objects.create(cohort=cs26, code_step_seconds=60)
    slot = slots[0]
    code = codes.current_code(slot, DURING_MODULE1)
    assert codes.current_code(slot, DURING_MODULE1 + timedelta(seconds=59)) == code
    assert codes.check_code(slot, code, DURING_MODULE1 + timedelta(seconds=119))
    assert not codes.check_code(slot, code, DURING_MODULE1 + timedelta(seconds=120))


def test_valid_until_is_the_end_of_the_next_step(cs26):
    policy = codes.policy_for(cs26)
    moment = DURING_MODULE1 + timedelta(seconds=10)
    assert codes.rotates_at(moment, policy) == DURING_MODULE1 + timedelta(seconds=30)
    assert codes.valid_until(moment, policy) == DURING_MODULE1 + timedelta(seconds=60)


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (MODULE1_START - timedelta(minutes=16), "not_open"),
        (MODULE1_START - timedelta(minutes=15, seconds=1), "not_open"),
        (MODULE1_START - timedelta(minutes=15), "open"),
        (MODULE1_START, "open"),
        (MODULE1_END - timedelta(seconds=1), "open"),
        (MODULE1_END, "closed"),
        (MODULE1_END + timedelta(hours=2), "closed"),
    ],
)
def test_the_window_opens_15_minutes_before_and_closes_at_the_end(slots, moment, state):
    assert codes.window_of(slots[0]).state(moment) == state


def test_the_window_follows_the_cohort_policy(slots, cs26):
    SignInPolicy.objects.create(cohort=cs26, opens_minutes_before=30)
    assert codes.window_of(slots[0]).state(MODULE1_START - timedelta(minutes=29)) == "open"


def test_the_qr_code_points_at_the_sign_page_of_the_slot(slots, settings):
    settings.ESSOR_BASE_URL = "https://essor.exemple.fr/"
    url = codes.sign_url(slots[0], "ABCDEFGHIJKL")
    assert url == f"https://essor.exemple.fr/slots/{slots[0].pk}/sign/?code=ABCDEFGHIJKL"


class TestPass:
    """What the sign page hands a participant who scanned a fresh code."""

    def test_it_works_for_its_person_and_slot_for_ten_minutes(self, slots, personas):
        me = personas["auditeur"]
        token = codes.issue_pass(slots[0], me, DURING_MODULE1)
        assert codes.check_pass(slots[0], me, token, DURING_MODULE1 + timedelta(minutes=10))
        assert not codes.check_pass(
            slots[0], me, token, DURING_MODULE1 + timedelta(minutes=10, seconds=1)
        )

    def test_it_is_useless_to_somebody_else_or_on_another_slot(self, slots, personas):
        token = codes.issue_pass(slots[0], personas["auditeur"], DURING_MODULE1)
        assert not codes.check_pass(slots[0], personas["auditeur2"], token, DURING_MODULE1)
        assert not codes.check_pass(slots[1], personas["auditeur"], token, DURING_MODULE1)

    def test_a_tampered_pass_is_refused(self, slots, personas):
        me = personas["auditeur"]
        token = codes.issue_pass(slots[0], me, DURING_MODULE1)
        assert not codes.check_pass(slots[0], me, token[:-2] + "xx", DURING_MODULE1)
        assert not codes.check_pass(slots[0], me, "n'importe quoi", DURING_MODULE1)
