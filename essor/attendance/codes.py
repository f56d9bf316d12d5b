"""The rotating sign-in code shown on the projection page, and the sign-in window.

A code is an HMAC (keyed with SECRET_KEY) of the slot and the current time step, so it
cannot be guessed, cannot be reused on another slot, and goes stale on its own: nothing
is stored. The current and the previous step are accepted, so a participant who scans
just before the rotation still gets in.
"""

import base64
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.crypto import salted_hmac

from .models import SignInPolicy

SALT = "essor.attendance.code"
PASS_SALT = "essor.attendance.pass"
# How long a participant who scanned a fresh code has to log in and draw a signature.
PASS_MAX_AGE = timedelta(minutes=10)
# 12 base32 characters = 60 bits: far beyond guessing within a 60-second validity, and
# short enough to read aloud or type when the camera will not scan.
CODE_LENGTH = 12


def policy_for(cohort) -> SignInPolicy:
    """The cohort's sign-in rules, created with the defaults the first time they are needed."""
    policy = SignInPolicy.objects.filter(cohort=cohort).first()
    if policy is not None:
        return policy
    try:
        with transaction.atomic():
            return SignInPolicy.objects.create(cohort=cohort)
    except IntegrityError:
        # Created meanwhile by a concurrent request.
        return SignInPolicy.objects.get(cohort=cohort)


def step_of(moment: datetime, step_seconds: int) -> int:
    return int(moment.timestamp()) // step_seconds


def code_for_step(slot_id: int, step: int) -> str:
    digest = salted_hmac(SALT, f"{slot_id}:{step}", algorithm="sha256").digest()
    return base64.b32encode(digest).decode("ascii")[:CODE_LENGTH]


def normalise(code: str) -> str:
    """What a person may type: spaces, dashes and lower case are forgiven."""
    return "".join(code.split()).replace("-", "").upper()


def current_code(slot, now: datetime, policy: SignInPolicy | None = None) -> str:
    policy = policy or policy_for(slot.cohort)
    return code_for_step(slot.pk, step_of(now, policy.code_step_seconds))


def check_code(slot, code: str, now: datetime, policy: SignInPolicy | None = None) -> bool:
    """True for the code of the current or the previous step of this slot, nothing else."""
    policy = policy or policy_for(slot.cohort)
    given = normalise(code or "").encode("ascii", "replace")
    step = step_of(now, policy.code_step_seconds)
    # Both candidates are compared, in constant time, so timing tells nothing.
    matches = [
        hmac.compare_digest(given, code_for_step(slot.pk, s).encode("ascii"))
        for s in (step, step - 1)
    ]
    return any(matches)


def sign_url(slot, code: str) -> str:
    """What the QR code encodes: the absolute address of the sign page with the code."""
    path = reverse("attendance:sign", args=[slot.pk])
    return f"{settings.ESSOR_BASE_URL.rstrip('/')}{path}?code={code}"


def issue_pass(slot, user, now: datetime) -> str:
    """A signed proof that `user` presented a fresh code for `slot` at `now`.

    The rotating code lives a minute at most, but logging in and drawing a signature may
    take longer: the sign page checks the code when it is scanned and hands this pass to
    the form. It is bound to the person, so passing it on to someone else is useless.
    """
    payload = {"s": slot.pk, "u": user.pk, "t": int(now.timestamp())}
    return signing.Signer(salt=PASS_SALT).sign_object(payload)


def check_pass(slot, user, token: str, now: datetime) -> bool:
    try:
        payload = signing.Signer(salt=PASS_SALT).unsign_object(token or "")
    except (signing.BadSignature, ValueError):
        return False
    if not isinstance(payload, dict) or payload.get("s") != slot.pk or payload.get("u") != user.pk:
        return False
    issued = payload.get("t")
    if not isinstance(issued, int):
        return False
    age = now.timestamp() - issued
    return 0 <= age <= PASS_MAX_AGE.total_seconds()


def check_proof(slot, user, code: str, now: datetime, policy: SignInPolicy) -> bool:
    """A fresh rotating code (API clients, a quick scan) or a pass issued by the sign page."""
    return check_code(slot, code, now, policy) or check_pass(slot, user, code, now)


def rotates_at(now: datetime, policy: SignInPolicy) -> datetime:
    """When the projected code changes (the start of the next step)."""
    step = step_of(now, policy.code_step_seconds)
    return datetime.fromtimestamp((step + 1) * policy.code_step_seconds, tz=UTC)


def valid_until(now: datetime, policy: SignInPolicy) -> datetime:
    """The last moment the current code is accepted: the end of the step after it."""
    return rotates_at(now, policy) + timedelta(seconds=policy.code_step_seconds)


class WindowState(StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Window:
    opens: datetime
    closes: datetime

    def state(self, now: datetime) -> WindowState:
        if now < self.opens:
            return WindowState.NOT_OPEN
        if now >= self.closes:
            return WindowState.CLOSED
        return WindowState.OPEN


def window_of(slot, policy: SignInPolicy | None = None) -> Window:
    """Sign-in opens `opens_minutes_before` the start and closes at the end of the slot;
    after that only a correction by the speaker or the coordination remains."""
    policy = policy or policy_for(slot.cohort)
    return Window(
        opens=slot.start - timedelta(minutes=policy.opens_minutes_before), closes=slot.end
    )
