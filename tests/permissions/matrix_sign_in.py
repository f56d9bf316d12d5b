"""Sign-in: the projection (teaching team), the sign page (the cohort's participants), the
countersignature, and the two API operations.

The cases run against a half-day of cs26-2025 that is running now (added to the cohort
by the path builders, inside the test's transaction), so the participant really signs:
the matrix checks the success as well as every refusal.
"""

from datetime import timedelta

from .matrix import BAD, FORBIDDEN, NOT_FOUND, OK, REDIRECT, UNAUTHORIZED, Case, only

RUNNING_POSITION = 99


def running_slot(p):
    """A half-day of cs26-2025 that started five minutes ago (created once per test)."""
    from essor.core import clock
    from essor.programmes.models import Slot

    cohort = p["enrolment"].cohort
    slot = Slot.objects.filter(cohort=cohort, position=RUNNING_POSITION).first()
    if slot is None:
        now = clock.now()
        slot = Slot.objects.create(
            cohort=cohort,
            module=cohort.programme.modules.get(number=1),
            position=RUNNING_POSITION,
            start=now - timedelta(minutes=5),
            end=now + timedelta(hours=3),
        )
    return Slot.objects.select_related("cohort").get(pk=slot.pk)


def code(p) -> str:
    from essor.attendance import codes
    from essor.core import clock

    return codes.current_code(running_slot(p), clock.now())


def slot_path(suffix: str):
    return lambda p: f"/slots/{running_slot(p).pk}/{suffix}"


def drawing() -> str:
    from tests.attendance.signing import data_url, png

    return data_url(png())


def sign_form(p) -> dict:
    from essor.attendance import codes
    from essor.core import clock

    token = codes.issue_pass(running_slot(p), p["auditeur"], clock.now())
    return {"token": token, "signature": drawing()}


TEACHING = only({"coordination": OK, "intervenant": OK})
# Only the cohort's participants sign; the others are told why (403), visitors log in.
SIGNING = {
    "coordination": FORBIDDEN,
    "intervenant": FORBIDDEN,
    "tuteur": FORBIDDEN,
    "auditeur": OK,
    "autre_auditeur": FORBIDDEN,
    "partenaire": FORBIDDEN,
    "anonymous": REDIRECT,
}

CASES = [
    Case("attendance:projection", slot_path("projection/"), TEACHING),
    Case("attendance:projection-code", slot_path("projection/code"), TEACHING),
    Case("attendance:sign", lambda p: f"/slots/{running_slot(p).pk}/sign/?code={code(p)}", SIGNING),
    Case(
        "attendance:sign",
        slot_path("sign/"),
        {**SIGNING, "auditeur": REDIRECT},  # signed, then sent to the confirmation
        method="post",
        data=sign_form,
    ),
    Case("attendance:countersign", slot_path("countersign/"), TEACHING),
    Case(
        "attendance:countersign",
        slot_path("countersign/"),
        # The coordination countersigns first; the speaker then finds it already done.
        only({"coordination": REDIRECT, "intervenant": BAD}),
        method="post",
        data=lambda p: {"signature": drawing()},
    ),
    Case(
        "GET /api/slots/{slot_id}/code",
        lambda p: f"/api/slots/{running_slot(p).pk}/code",
        only({"coordination": OK, "intervenant": OK}, anonymous=UNAUTHORIZED),
    ),
    Case(
        "POST /api/slots/{slot_id}/signatures",
        lambda p: f"/api/slots/{running_slot(p).pk}/signatures",
        only({"auditeur": 201}, others=NOT_FOUND, anonymous=UNAUTHORIZED),
        method="post",
        data=lambda p: {"code": code(p), "signature_png": drawing()},
        json=True,
    ),
]
