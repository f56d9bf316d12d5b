"""Sign-in pages: the speaker's projection with the rotating QR code, and the participant's
sign page that the QR code opens.

The sign page checks the code when it is scanned and remembers the scan in the session
(it survives the login page), then hands the form a pass bound to the person: logging in
and drawing may take longer than the code lives.
"""

from zoneinfo import ZoneInfo

import segno
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from essor.accounts.throttle import client_ip
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.formats import french_time
from essor.programmes.models import Slot

from .. import codes, services
from ..models import Signature
from ..permissions import get_slot_for
from ..sign_in_selectors import signing_progress
from ..signatures import decode_payload

SCANS_KEY = "attendance_scans"
JUST_SIGNED_KEY = "attendance_just_signed"
# Refusals that a participant can put right on the form itself (draw again).
FORM_ERRORS = {"signature_required", "signature_invalid"}
FORBIDDEN_CODES = {"not_self", "not_enrolled", "wrong_cohort"}


def slot_context(slot) -> dict:
    zone = ZoneInfo(slot.cohort.timezone)
    start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
    return {
        "slot": slot,
        "cohort": slot.cohort,
        "module": slot.module,
        "start_time": french_time(start.time()),
        "end_time": french_time(end.time()),
    }


# --- Projection (speaker, coordination) ---------------------------------------------


def projection_context(slot) -> dict:
    now = clock.now()
    policy = codes.policy_for(slot.cohort)
    window = codes.window_of(slot, policy)
    state = window.state(now)
    context = {
        **slot_context(slot),
        "policy": policy,
        "state": state.value,
        "opens_at": services.local_moment(window.opens, slot.cohort),
        "progress": signing_progress(slot),
    }
    if state == codes.WindowState.OPEN:
        code = codes.current_code(slot, now, policy)
        url = codes.sign_url(slot, code)
        context.update(
            code=code,
            # Groups of four read aloud and type more easily; spaces are ignored on entry.
            code_display=" ".join(code[i : i + 4] for i in range(0, len(code), 4)),
            sign_url=url,
            qr_svg=segno.make(url, error="m").svg_inline(
                scale=1,
                border=2,
                omitsize=True,
                svgclass="projection__qr",
                title=_("QR code d'émargement"),
            ),
        )
    return context


@login_required
@require_safe
def projection(request, slot_id):
    slot = get_slot_for(request.user, slot_id, "cohorts.teach")
    return render(request, "attendance/projection.html", projection_context(slot))


@login_required
@require_safe
def projection_code(request, slot_id):
    """HTMX: the code, the QR and the counter, polled every rotation step."""
    slot = get_slot_for(request.user, slot_id, "cohorts.teach")
    return render(request, "attendance/projection_live.html", projection_context(slot))


# --- Sign page (participant) ---------------------------------------------------------


def _remember_scan(request, slot, now) -> None:
    scans = dict(request.session.get(SCANS_KEY, {}))
    scans[str(slot.pk)] = int(now.timestamp())
    request.session[SCANS_KEY] = scans


def _scanned_recently(request, slot, now) -> bool:
    scanned = request.session.get(SCANS_KEY, {}).get(str(slot.pk))
    if not isinstance(scanned, int):
        return False
    return 0 <= now.timestamp() - scanned <= codes.PASS_MAX_AGE.total_seconds()


def _refusal(request, slot, error: DomainError):
    status = 403 if error.code in FORBIDDEN_CODES else 400
    context = {**slot_context(slot), "error": error}
    return render(request, "attendance/signin_refused.html", context, status=status)


def _signed(request, slot, signature):
    """After signing: « Signature enregistrée à 9 h 02 »; on a later visit, « déjà »."""
    zone = ZoneInfo(slot.cohort.timezone)
    just_signed = request.session.get(JUST_SIGNED_KEY) == slot.pk
    if just_signed:
        del request.session[JUST_SIGNED_KEY]
    context = {
        **slot_context(slot),
        "signature": signature,
        "just_signed": just_signed,
        "signed_time": french_time(signature.signed_at.astimezone(zone).time()),
    }
    return render(request, "attendance/signin_done.html", context)


def _form(request, slot, enrolment, *, token: str, error: DomainError | None = None):
    policy = codes.policy_for(slot.cohort)
    context = {
        **slot_context(slot),
        "enrolment": enrolment,
        "policy": policy,
        "token": token,
        "error": error,
    }
    return render(request, "attendance/signin_form.html", context, status=400 if error else 200)


def _for_user_id(request) -> int | None:
    raw = request.POST.get("user_id", "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        return -1  # not a person: the service refuses it as somebody else


@require_http_methods(["GET", "POST"])
def sign(request, slot_id):
    now = clock.now()
    slot = Slot.objects.select_related("cohort", "module").filter(pk=slot_id).first()
    code = request.GET.get("code", "")
    if slot is not None and code and codes.check_code(slot, code, now):
        _remember_scan(request, slot, now)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if slot is None:
        raise Http404(_("Demi-journée introuvable."))
    try:
        enrolment = services.signing_enrolment(slot=slot, user=request.user)
    except DomainError as error:
        return _refusal(request, slot, error)
    existing = Signature.objects.filter(slot=slot, enrolment=enrolment).first()
    if existing is not None:
        return _signed(request, slot, existing)
    if request.method == "POST":
        return _sign_post(request, slot, enrolment)
    try:
        services.check_window(slot=slot, policy=codes.policy_for(slot.cohort), now=now)
    except DomainError as error:
        return _refusal(request, slot, error)
    if not _scanned_recently(request, slot, now):
        return _refusal(request, slot, services.code_refusal())
    return _form(request, slot, enrolment, token=codes.issue_pass(slot, request.user, now))


def _sign_post(request, slot, enrolment):
    token = request.POST.get("token", "")
    try:
        drawing = request.POST.get("signature", "").strip()
        services.sign_in(
            slot=slot,
            user=request.user,
            code=token,
            signature_png=decode_payload(drawing) if drawing else None,
            confirm=request.POST.get("confirm") == "1",
            user_agent=request.headers.get("User-Agent", ""),
            ip=client_ip(request) or "",
            via="web",
            for_user_id=_for_user_id(request),
        )
    except DomainError as error:
        if error.code in FORM_ERRORS:
            return _form(request, slot, enrolment, token=token, error=error)
        return _refusal(request, slot, error)
    scans = dict(request.session.get(SCANS_KEY, {}))
    scans.pop(str(slot.pk), None)
    request.session[SCANS_KEY] = scans
    request.session[JUST_SIGNED_KEY] = slot.pk
    return redirect("attendance:sign", slot_id=slot.pk)
