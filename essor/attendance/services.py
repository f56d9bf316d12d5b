"""Sign-in, countersignature and speaker assignment: the writes of the half-day sheet.

Every refusal is a DomainError with a stable code, raised before anything is written.
Thirty people sign within seconds of each other: the write is one short transaction
(on SQLite, IMMEDIATE mode takes the write lock at BEGIN so writers queue on the busy
timeout), retried a few times if the database still answers « locked », so nobody sees
that error; the unique constraint on (slot, enrolment) makes signing twice harmless.
"""

import functools
import random
import time
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from essor.cohorts.models import Enrolment, EnrolmentStatus, Membership, Role
from essor.cohorts.permissions import has_role
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.formats import french_date, french_time
from essor.core.storage import private_storage

from . import codes
from .models import (
    AttendanceStatus,
    Countersignature,
    Signature,
    SignatureMethod,
    SlotSpeaker,
)
from .records import apply_status
from .signatures import check_png

# Enrolments that sign: admitted people may attend before their paperwork is complete.
SIGNING_STATUSES = (EnrolmentStatus.ENROLLED, EnrolmentStatus.ADMITTED)
LOCK_RETRIES = 5
USER_AGENT_MAX = 400
# Stored in the record's history, as data: the same words whatever the reader's language.
SIGN_IN_REASON = "Émargement"


def _is_lock_error(exc: OperationalError) -> bool:
    # SQLite: "database is locked" (file), "database table is locked" (shared cache).
    return "locked" in str(exc).lower()


def retry_when_locked(function):
    """Runs `function` (a transaction of its own) again when SQLite reports a lock.

    Inside a caller's transaction a retry would replay half of it, so there the error is
    left to the caller. PostgreSQL never answers « locked »: it waits on the row lock.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if connection.in_atomic_block:
            return function(*args, **kwargs)
        for attempt in range(1, LOCK_RETRIES + 1):
            try:
                return function(*args, **kwargs)
            except OperationalError as exc:
                if attempt == LOCK_RETRIES or not _is_lock_error(exc):
                    raise
                # Spread the retries so the waiting writers do not collide again.
                time.sleep(random.uniform(0.05, 0.2) * attempt)  # noqa: S311 (not crypto)
        raise AssertionError("unreachable")

    return wrapper


def ip_hash(ip: str) -> str:
    """A keyed hash of the address: two signatures from one device can be linked by the
    anomaly report, but the address itself is not kept."""
    if not ip:
        return ""
    return salted_hmac("essor.attendance.ip", ip, algorithm="sha256").hexdigest()


def local_moment(moment: datetime, cohort) -> str:
    """« 20 janvier 2025 à 13 h 45 » in the cohort's zone."""
    local = moment.astimezone(ZoneInfo(cohort.timezone))
    return _("%(date)s à %(time)s") % {
        "date": french_date(local.date()),
        "time": french_time(local.time()),
    }


def signing_enrolment(*, slot, user) -> Enrolment:
    """The user's enrolment that may sign this slot; DomainError otherwise."""
    # One enrolment per (cohort, user): no ordering needed (Enrolment's default one joins
    # the user, the cohort and its programme on every sign-in).
    enrolment = (
        Enrolment.objects.select_related("user", "organisation")
        .filter(cohort_id=slot.cohort_id, user=user, status__in=SIGNING_STATUSES)
        .order_by()
        .first()
    )
    if enrolment is not None:
        return enrolment
    elsewhere = Enrolment.objects.filter(user=user, status__in=SIGNING_STATUSES).exclude(
        cohort_id=slot.cohort_id
    )
    if elsewhere.exists():
        raise DomainError(
            "wrong_cohort",
            _(
                "Cette demi-journée appartient à une autre promotion que la vôtre : "
                "vous ne pouvez pas y émarger."
            ),
        )
    raise DomainError(
        "not_enrolled",
        _(
            "Vous n'êtes pas inscrit·e à cette promotion : seul·es ses auditeur·rices "
            "peuvent émarger."
        ),
    )


def check_window(*, slot, policy, now: datetime) -> None:
    window = codes.window_of(slot, policy)
    state = window.state(now)
    if state == codes.WindowState.CLOSED:
        raise DomainError(
            "window_closed",
            _(
                "L'émargement de cette demi-journée est clos ; seule une correction par "
                "l'intervenant·e ou la coordination est possible."
            ),
        )
    if state == codes.WindowState.NOT_OPEN:
        raise DomainError(
            "window_not_open",
            _("L'émargement de cette demi-journée n'est pas encore ouvert : il ouvrira le %(at)s.")
            % {"at": local_moment(window.opens, slot.cohort)},
        )


def code_refusal() -> DomainError:
    return DomainError(
        "code_invalid",
        _(
            "Ce code d'émargement n'est pas valide ou a expiré : scannez à nouveau le "
            "QR code projeté dans la salle, ou saisissez le code affiché."
        ),
    )


def _store_png(folder: str, checked) -> str:
    """Content-addressed: the same image is stored once, whoever sends it again."""
    name = f"{folder}/{checked.sha256[:2]}/{checked.sha256}.png"
    if not private_storage.exists(name):
        name = private_storage.save(name, ContentFile(checked.data))
    return name


def sign_in(
    *,
    slot,
    user,
    code: str,
    signature_png: bytes | None,
    confirm: bool = False,
    user_agent: str,
    ip: str,
    via: str = "web",
    for_user_id: int | None = None,
) -> tuple[Signature, bool]:
    """The participant's own signature for a running half-day: (signature, created).

    Signing again returns the first signature (created=False) and writes nothing. The
    attendance record becomes « présent·e » unless staff already recorded a status (e.g.
    an excused absence entered before the participant turned up after all): that status
    is kept for staff to reconcile, with the signature beside it as evidence.
    """
    if for_user_id is not None and for_user_id != user.pk:
        raise DomainError(
            "not_self",
            _("Chacun·e émarge pour soi : vous ne pouvez pas signer pour une autre personne."),
        )
    now = clock.now()
    enrolment = signing_enrolment(slot=slot, user=user)
    policy = codes.policy_for(slot.cohort)
    check_window(slot=slot, policy=policy, now=now)
    if not codes.check_proof(slot, user, code, now, policy):
        raise code_refusal()
    # Signing again (a double tap, a retrying client) gives the first signature back,
    # whatever this attempt carries: nothing more to check, nothing to write.
    existing = _signature_of(slot, enrolment)
    if existing is not None:
        return existing, False
    checked = None
    if signature_png:
        checked = check_png(signature_png)
        method = SignatureMethod.DRAWN
    elif confirm and policy.allow_confirmation:
        method = SignatureMethod.CONFIRMATION
    else:
        raise DomainError(
            "signature_required",
            _("Dessinez votre signature dans le cadre avant de valider."),
        )
    # The file is written before the transaction so the write lock is held for as short
    # a time as possible; its name is its hash, so a replay rewrites nothing.
    image_name = _store_png("signatures", checked) if checked else ""
    return _record_signature(
        slot=slot,
        enrolment=enrolment,
        user=user,
        now=now,
        method=method,
        image_name=image_name,
        image_sha256=checked.sha256 if checked else "",
        user_agent=(user_agent or "")[:USER_AGENT_MAX],
        ip_hash=ip_hash(ip),
        via=via,
    )


def _signature_of(slot, enrolment) -> Signature | None:
    # Unique per (slot, enrolment): no ordering (the default one joins the slot).
    return Signature.objects.filter(slot=slot, enrolment=enrolment).order_by().first()


@retry_when_locked
@transaction.atomic
def _record_signature(*, slot, enrolment, user, now, **fields) -> tuple[Signature, bool]:
    # No second look for an existing signature here: the unique (slot, enrolment)
    # constraint refuses a concurrent duplicate, answered below with the first one.
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                slot=slot,
                enrolment=enrolment,
                signed_at=now,
                image=fields.pop("image_name"),
                **fields,
            )
    except IntegrityError:
        # A concurrent request of the same person committed first.
        return Signature.objects.get(slot=slot, enrolment=enrolment), False
    # A status staff already recorded is kept (see sign_in).
    apply_status(
        slot=slot,
        enrolment=enrolment,
        status=AttendanceStatus.PRESENT,
        by=user,
        change_reason=SIGN_IN_REASON,
        only_if_missing=True,
    )
    return signature, True


def countersign(*, slot, by, signature_png: bytes) -> Countersignature:
    """The speaker (or coordination) signs the half-day's sheet, once.

    Possible from the opening of the sign-in window: a speaker may sign at the start of
    the half-day as well as at its end, never before it.
    """
    cohort = slot.cohort
    if not has_role(by, cohort, Role.COORDINATOR, Role.SPEAKER):
        raise DomainError(
            "not_teaching",
            _("Seul·es l'intervenant·e et la coordination peuvent contresigner la feuille."),
        )
    is_coordinator = has_role(by, cohort, Role.COORDINATOR)
    assigned = set(SlotSpeaker.objects.filter(slot=slot).values_list("speaker_id", flat=True))
    if assigned and by.pk not in assigned and not is_coordinator:
        raise DomainError(
            "not_slot_speaker",
            _(
                "Seul·e l'intervenant·e de cette demi-journée ou la coordination peut la "
                "contresigner."
            ),
        )
    now = clock.now()
    window = codes.window_of(slot)
    if window.state(now) == codes.WindowState.NOT_OPEN:
        raise DomainError(
            "too_early",
            _(
                "La demi-journée n'a pas commencé : la contresignature sera possible à "
                "partir du %(at)s."
            )
            % {"at": local_moment(window.opens, cohort)},
        )
    if Countersignature.objects.filter(slot=slot).exists():
        raise DomainError("already_countersigned", _("Cette feuille est déjà contresignée."))
    if not signature_png:
        raise DomainError(
            "signature_required", _("Dessinez votre signature dans le cadre avant de valider.")
        )
    checked = check_png(signature_png)
    image_name = _store_png("countersignatures", checked)
    return _record_countersignature(
        slot=slot, by=by, now=now, image_name=image_name, image_sha256=checked.sha256
    )


@retry_when_locked
@transaction.atomic
def _record_countersignature(*, slot, by, now, image_name, image_sha256) -> Countersignature:
    try:
        with transaction.atomic():
            return Countersignature.objects.create(
                slot=slot, signed_by=by, signed_at=now, image=image_name, image_sha256=image_sha256
            )
    except IntegrityError as exc:
        raise DomainError(
            "already_countersigned", _("Cette feuille est déjà contresignée.")
        ) from exc


@transaction.atomic
def assign_speakers(*, slot, speakers: Iterable, by) -> list[SlotSpeaker]:
    """Sets who teaches (and countersigns) the half-day: exactly `speakers`.

    Only the coordination assigns, and only people who hold the speaker role in the
    slot's cohort can be assigned (roles are per cohort).
    """
    cohort = slot.cohort
    if not has_role(by, cohort, Role.COORDINATOR):
        raise DomainError(
            "not_coordinator",
            _("Seule la coordination peut désigner les intervenant·es d'une demi-journée."),
        )
    wanted = {user.pk: user for user in speakers}
    with_role = set(
        Membership.objects.filter(
            cohort=cohort, role=Role.SPEAKER, user_id__in=list(wanted)
        ).values_list("user_id", flat=True)
    )
    missing = [user for pk, user in wanted.items() if pk not in with_role]
    if missing:
        raise DomainError(
            "not_speaker",
            _("Ces personnes ne sont pas intervenant·es de cette promotion."),
            details=[user.get_full_name() or user.username for user in missing],
        )
    SlotSpeaker.objects.filter(slot=slot).exclude(speaker_id__in=list(wanted)).delete()
    current = set(SlotSpeaker.objects.filter(slot=slot).values_list("speaker_id", flat=True))
    SlotSpeaker.objects.bulk_create(
        [SlotSpeaker(slot=slot, speaker_id=pk) for pk in wanted if pk not in current]
    )
    return list(SlotSpeaker.objects.filter(slot=slot).select_related("speaker"))
