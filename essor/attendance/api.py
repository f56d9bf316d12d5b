"""Sign-in over JSON: the speaker's current code, and a participant's signature.

Refusals answer {"code", "detail"} with a French `detail`: 400 for the code, the window
and the drawing, 403 for signing for somebody else or without a place in the cohort, 404
for a half-day the caller may not see (another cohort's included).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from ninja import Router, Schema, Status
from pydantic import Field

from essor.accounts.throttle import client_ip
from essor.api.auth import session_or_token
from essor.core import clock
from essor.core.errors import DomainError

from . import codes, services
from .permissions import get_slot_for
from .signatures import decode_payload

router = Router(tags=["émargement"])

FORBIDDEN_CODES = {"not_self", "not_enrolled", "wrong_cohort"}


class CodeOut(Schema):
    slot: int
    code: str = Field(description="Code tournant à transmettre tel quel (12 caractères).")
    step_seconds: int = Field(description="Durée d'une étape de rotation, en secondes.")
    valid_until: datetime = Field(
        description="Dernier instant où ce code est accepté (fin de l'étape suivante), "
        "ISO 8601 avec le décalage du fuseau de la promotion."
    )
    rotates_at: datetime = Field(description="Instant où le code projeté change.")
    window: codes.WindowState = Field(description="État de l'émargement : not_open, open, closed.")
    sign_url: str = Field(description="Adresse absolue encodée dans le QR code.")


class SignIn(Schema):
    code: str = Field(max_length=400, description="Le code tournant de la demi-journée.")
    signature_png: str | None = Field(
        default=None,
        description="Signature dessinée : PNG en base64 ou en data URL (200 Ko au plus).",
    )
    confirm: bool = Field(
        default=False,
        description="Confirmation de présence sans dessin, si les règles de la promotion "
        "l'autorisent ; sinon signature_png est obligatoire.",
    )
    user_id: int | None = Field(
        default=None, description="Facultatif ; s'il est donné, ce doit être l'appelant."
    )


class SignatureOut(Schema):
    id: int
    signed_at: datetime
    method: str


class RefusalOut(Schema):
    code: str
    detail: str
    details: list[str] = []


class NotFoundOut(Schema):
    detail: str


@router.get(
    "/slots/{slot_id}/code",
    response={200: CodeOut, 404: NotFoundOut},
    auth=session_or_token,
    url_name="slot-code",
)
def slot_code(request, slot_id: int):
    """Le code d'émargement du moment (intervenant·e, coordination)."""
    slot = get_slot_for(request.user, slot_id, "cohorts.teach")
    now = clock.now()
    policy = codes.policy_for(slot.cohort)
    zone = ZoneInfo(slot.cohort.timezone)
    code = codes.current_code(slot, now, policy)
    return {
        "slot": slot.pk,
        "code": code,
        "step_seconds": policy.code_step_seconds,
        "valid_until": codes.valid_until(now, policy).astimezone(zone),
        "rotates_at": codes.rotates_at(now, policy).astimezone(zone),
        "window": codes.window_of(slot, policy).state(now),
        "sign_url": codes.sign_url(slot, code),
    }


@router.post(
    "/slots/{slot_id}/signatures",
    response={
        200: SignatureOut,
        201: SignatureOut,
        400: RefusalOut,
        403: RefusalOut,
        404: NotFoundOut,
    },
    auth=session_or_token,
    url_name="slot-signatures",
)
def sign_slot(request, slot_id: int, payload: SignIn):
    """Émarger (auditeur·rice) : 201 la première fois, 200 avec la même signature ensuite."""
    slot = get_slot_for(request.user, slot_id, "cohorts.take_part", related=("cohort",))
    try:
        drawing = (payload.signature_png or "").strip()
        signature, created = services.sign_in(
            slot=slot,
            user=request.user,
            code=payload.code,
            signature_png=decode_payload(drawing) if drawing else None,
            confirm=payload.confirm,
            user_agent=request.headers.get("User-Agent", ""),
            ip=client_ip(request) or "",
            via="api",
            for_user_id=payload.user_id,
        )
    except DomainError as error:
        status = 403 if error.code in FORBIDDEN_CODES else 400
        return Status(
            status, {"code": error.code, "detail": error.message, "details": error.details}
        )
    zone = ZoneInfo(slot.cohort.timezone)
    body = {
        "id": signature.pk,
        "signed_at": signature.signed_at.astimezone(zone),
        "method": signature.method,
    }
    return Status(201 if created else 200, body)
