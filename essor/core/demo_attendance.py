"""The demo cohort's attendance history: what the half-days already held left behind.

Rebuilt on every `seed_demo` (the slots move with each re-dating, and the evidence must
move with them): the cohort's signatures, countersignatures, records, their history,
speaker assignments and absence notices are deleted and written again for the new dates.
Whatever a visitor signed in the live demo goes with them.

The story, on the half-days already past (by their rank among them, so that it holds
whatever the hour; with few past half-days several stories share one):

- nearly everyone signed on the projected code, within the window, on their own phone;
- auditeur09 announced a medical appointment in advance: excused absence with its
  justification (rank 1);
- auditeur10 did not come and nobody signed for him: the end-of-half-day closing
  recorded the absence (rank 2) — « certificat compromis »;
- auditeur03 arrived 20 minutes late, auditeur07 15 minutes late: signed, then corrected
  at the roll call (ranks 3 and 6);
- auditeur05 was recorded absent by the closing, then the coordination corrected it to
  present on the evidence of the paper sheet: a correction with its history (rank 4);
- auditeur08 left 30 minutes early for a board meeting (rank 5);
- PLANTED ANOMALY, on purpose: at rank 7, auditeur12's signature is the very image of her
  colleague auditeur01's (same organisation) — the anomaly report's « identical
  signature images » has something to show. It is the only identical pair.

Every past half-day is countersigned by its speaker (intervenant1…3 by module, in turn);
on the running half-day, the first six participants have already signed.

Signature images are small PNGs drawn here (a pen stroke from a seeded random walk), each
different per person and half-day, as real handwriting is.
"""

import functools
import math
import random
import struct
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.base import ContentFile

from essor.attendance.alerts import CLOSING_REASON, system_user
from essor.attendance.codes import policy_for
from essor.attendance.models import (
    AbsenceNotice,
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    Countersignature,
    Signature,
    SignatureMethod,
    SlotSpeaker,
)
from essor.attendance.records import apply_status
from essor.attendance.services import SIGN_IN_REASON, ip_hash
from essor.attendance.signatures import check_png
from essor.core.storage import private_storage

SPEAKERS = ["intervenant1", "intervenant2", "intervenant3"]  # module n → SPEAKERS[(n-1) % 3]
SIGNED_ON_RUNNING = 6  # participants already signed on the running half-day

PRESENT, LATE, LEFT_EARLY, EXCUSED, ABSENT, CORRECTED, COPIED = (
    "present",
    "late",
    "left_early",
    "excused",
    "absent",
    "corrected",
    "copied",
)


@dataclass(frozen=True)
class Story:
    kind: str
    rank: int  # among the past half-days, earliest first
    minutes: int = 0
    reason: str = ""


STORIES = {
    "auditeur09": Story(
        EXCUSED, 1, reason="Rendez-vous médical, annoncé à l'avance ; certificat transmis."
    ),
    "auditeur10": Story(ABSENT, 2),
    "auditeur03": Story(LATE, 3, 20, "Arrivée 20 minutes après le début, notée à l'appel."),
    "auditeur05": Story(
        CORRECTED, 4, reason="Présence attestée par la feuille papier signée (panne de téléphone)."
    ),
    "auditeur08": Story(
        LEFT_EARLY, 5, 30, "Départ 30 minutes avant la fin pour un conseil d'administration."
    ),
    "auditeur07": Story(LATE, 6, 15, "Arrivée 15 minutes après le début (train retardé)."),
    "auditeur12": Story(COPIED, 7),
}
# Whose image auditeur12's signature copies (same organisation, same half-day).
COPIED_FROM = "auditeur01"

PHONES = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/123.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; moto g84 5G) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Mobile Safari/537.36",
]


# --- Signature images -------------------------------------------------------------------

WIDTH, HEIGHT = 300, 110
INK = bytes((24, 38, 110, 255))  # dark blue, opaque, on a transparent pad


def _png(width: int, height: int, rgba: bytearray) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    stride = width * 4
    raw = b"".join(b"\x00" + bytes(rgba[y * stride : (y + 1) * stride]) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


@functools.lru_cache(maxsize=2048)
def signature_png(seed: str) -> bytes:
    """A handwriting-like stroke: a drifting baseline, loops and waves from `seed`."""
    rng = random.Random(seed)  # noqa: S311 (a drawing, not a secret)
    pixels = bytearray(WIDTH * HEIGHT * 4)
    x0, x1 = rng.uniform(15, 45), rng.uniform(200, 280)
    wave, wave_f, wave_p = rng.uniform(12, 28), rng.uniform(0.02, 0.06), rng.uniform(0, 6.3)
    ripple, ripple_f = rng.uniform(4, 12), rng.uniform(0.12, 0.3)
    loop, loop_f = rng.uniform(4, 11), rng.uniform(0.15, 0.35)
    slope = rng.uniform(-0.12, 0.12)
    steps = 260
    previous = None
    for i in range(steps):
        t = i / (steps - 1)
        x = x0 + (x1 - x0) * t + loop * math.cos(loop_f * i)
        y = (
            HEIGHT / 2
            + slope * (x - x0)
            + wave * math.sin(wave_f * i + wave_p)
            + ripple * math.sin(ripple_f * i)
        )
        point = (min(max(x, 2), WIDTH - 3), min(max(y, 2), HEIGHT - 3))
        if previous is not None:
            _segment(pixels, previous, point)
        previous = point
    # The closing flourish: a stroke under the name.
    y = rng.uniform(HEIGHT * 0.75, HEIGHT - 8)
    _segment(pixels, (x0, y), (x1 * rng.uniform(0.7, 1.0), y + rng.uniform(-6, 6)))
    return _png(WIDTH, HEIGHT, pixels)


def _segment(pixels: bytearray, start, end) -> None:
    (ax, ay), (bx, by) = start, end
    n = max(1, int(max(abs(bx - ax), abs(by - ay))))
    for k in range(n + 1):
        x = int(ax + (bx - ax) * k / n)
        y = int(ay + (by - ay) * k / n)
        for dy in (0, 1):
            offset = ((y + dy) * WIDTH + x) * 4
            pixels[offset : offset + 8] = INK + INK  # a two-pixel pen


def _stored(folder: str, data: bytes) -> tuple[str, str]:
    """Stored like the sign-in pages store them: named by their hash, written once."""
    checked = check_png(data)
    name = f"{folder}/{checked.sha256[:2]}/{checked.sha256}.png"
    if not private_storage.exists(name):
        name = private_storage.save(name, ContentFile(data))
    return name, checked.sha256


def _justification(username: str, pdf: bytes) -> str:
    name = f"justifications/demo-{username}.pdf"
    if not private_storage.exists(name):
        name = private_storage.save(name, ContentFile(pdf))
    return name


# --- The history ---------------------------------------------------------------------------


def _clear(cohort) -> None:
    AttendanceChange.objects.filter(record__slot__cohort=cohort).delete()
    AttendanceRecord.objects.filter(slot__cohort=cohort).delete()
    Signature.objects.filter(slot__cohort=cohort).delete()
    Countersignature.objects.filter(slot__cohort=cohort).delete()
    SlotSpeaker.objects.filter(slot__cohort=cohort).delete()
    AbsenceNotice.objects.filter(enrolment__cohort=cohort).delete()


class Timeline:
    """Writes records through `apply_status`, which stamps « now », and re-dates the
    history afterwards in two bulk updates: the demo's changes happened at their own time."""

    def __init__(self):
        self.stamps: list[tuple[int, datetime]] = []  # (record id, when), in write order

    def set(self, slot, enrolment, status, *, by, at, reason="", why=None, minutes=0, **extra):
        """A change as the roll call writes it: the motif on the record and as the reason
        of the history entry (`why` when they differ: sign-in, closing)."""
        record, changed = apply_status(
            slot=slot,
            enrolment=enrolment,
            status=status,
            by=by,
            reason=reason,
            minutes_late=minutes if status == AttendanceStatus.LATE else 0,
            minutes_left_early=minutes if status == AttendanceStatus.LEFT_EARLY else 0,
            change_reason=reason if why is None else why,
            **extra,
        )
        if not changed:  # every step of the story changes the record: a bug otherwise
            raise RuntimeError(f"demo: no change for {enrolment} on {slot}")
        self.stamps.append((record.pk, at))
        return record

    def sign(self, slot, enrolment, index: int, at: datetime, image: bytes) -> Signature:
        name, sha = _stored("signatures", image)
        signature = Signature.objects.create(
            slot=slot,
            enrolment=enrolment,
            signed_at=at,
            method=SignatureMethod.DRAWN,
            image=name,
            image_sha256=sha,
            user_agent=PHONES[index % len(PHONES)],
            # Documentation addresses (RFC 5737): one phone per participant.
            ip_hash=ip_hash(f"192.0.2.{10 + index}"),
            via="web",
        )
        self.set(
            slot, enrolment, AttendanceStatus.PRESENT, by=enrolment.user, at=at, why=SIGN_IN_REASON
        )
        return signature

    def flush(self) -> None:
        """Each record's changes, in id order, take the times they were written for."""
        wanted: dict[int, list[datetime]] = {}
        for record_id, at in self.stamps:
            wanted.setdefault(record_id, []).append(at)
        changes = list(
            AttendanceChange.objects.filter(record_id__in=list(wanted)).order_by("record_id", "id")
        )
        seen: dict[int, int] = {}
        for change in changes:
            n = seen.get(change.record_id, 0)
            change.at = wanted[change.record_id][n]
            seen[change.record_id] = n + 1
        AttendanceChange.objects.bulk_update(changes, ["at"], batch_size=500)
        records = list(AttendanceRecord.objects.filter(pk__in=list(wanted)))
        for record in records:
            record.updated_at = wanted[record.pk][-1]
        AttendanceRecord.objects.bulk_update(records, ["updated_at"], batch_size=500)
        self.stamps.clear()


def _arrival(rng: random.Random, slot) -> datetime:
    """Most sign in the quarter of an hour before the start, a few just after it."""
    return slot.start + timedelta(seconds=rng.randint(-14 * 60, 4 * 60))


def seed_attendance(*, cohort, users: dict, enrolments: dict, now: datetime, pdf: bytes):
    """Rebuild the history of `cohort` for the slots as dated now (see the module doc)."""
    _clear(cohort)
    policy = policy_for(cohort)
    opens = timedelta(minutes=policy.opens_minutes_before)
    slots = list(cohort.slots.select_related("module").order_by("start"))
    coordinator, robot = users["coordination"], system_user()
    timeline = Timeline()

    def speaker_of(slot):
        return users[SPEAKERS[(slot.module.number - 1) % len(SPEAKERS)]]

    SlotSpeaker.objects.bulk_create(SlotSpeaker(slot=s, speaker=speaker_of(s)) for s in slots)
    past = [s for s in slots if s.end <= now]
    running = [s for s in slots if s.start - opens <= now < s.end]
    order = list(enrolments)  # usernames, in the demo's order

    for rank, slot in enumerate(past):
        images: dict[str, bytes] = {}
        for index, username in enumerate(order):
            enrolment = enrolments[username]
            story = STORIES.get(username)
            if story is not None and min(story.rank, len(past) - 1) != rank:
                story = None
            rng = random.Random(f"{username}|{slot.module.number}|{slot.position}")  # noqa: S311
            image = signature_png(f"{username}|{slot.module.number}|{slot.position}")
            kind = story.kind if story else PRESENT
            closing = min(slot.end + timedelta(minutes=5), now)
            if kind == EXCUSED:
                notice = AbsenceNotice.objects.create(
                    enrolment=enrolment,
                    reason=story.reason,
                    created_at=slot.start - timedelta(days=3),
                )
                notice.slots.add(slot)
                timeline.set(
                    slot,
                    enrolment,
                    AttendanceStatus.EXCUSED,
                    by=coordinator,
                    at=slot.start - timedelta(days=1),
                    reason=story.reason,
                    justification=_justification(username, pdf),
                )
            elif kind == ABSENT:
                timeline.set(
                    slot,
                    enrolment,
                    AttendanceStatus.ABSENT,
                    by=robot,
                    at=closing,
                    why=CLOSING_REASON,
                )
            elif kind == CORRECTED:
                timeline.set(
                    slot,
                    enrolment,
                    AttendanceStatus.ABSENT,
                    by=robot,
                    at=closing,
                    why=CLOSING_REASON,
                )
                timeline.set(
                    slot,
                    enrolment,
                    AttendanceStatus.PRESENT,
                    by=coordinator,
                    at=max(closing, min(slot.end + timedelta(days=1), now)),
                    reason=story.reason,
                )
            elif kind == LATE:
                arrived = slot.start + timedelta(minutes=story.minutes, seconds=rng.randint(0, 90))
                timeline.sign(slot, enrolment, index, arrived, image)
                timeline.set(
                    slot,
                    enrolment,
                    AttendanceStatus.LATE,
                    by=speaker_of(slot),
                    at=min(arrived + timedelta(minutes=10), slot.end),
                    reason=story.reason,
                    minutes=story.minutes,
                )
            elif kind == LEFT_EARLY:
                timeline.sign(slot, enrolment, index, _arrival(rng, slot), image)
                timeline.set(
                    slot,
                    enrolment,
                    AttendanceStatus.LEFT_EARLY,
                    by=speaker_of(slot),
                    at=slot.end - timedelta(minutes=story.minutes),
                    reason=story.reason,
                    minutes=story.minutes,
                )
            elif kind == COPIED and COPIED_FROM in images:
                copied_at = _arrival(rng, slot)
                timeline.sign(slot, enrolment, index, copied_at, images[COPIED_FROM])
            else:
                images[username] = image
                timeline.sign(slot, enrolment, index, _arrival(rng, slot), image)
        speaker = speaker_of(slot)
        name, sha = _stored(
            "countersignatures",
            signature_png(f"{speaker.username}|{slot.module.number}|{slot.position}"),
        )
        Countersignature.objects.create(
            slot=slot,
            signed_by=speaker,
            signed_at=min(slot.end + timedelta(minutes=3), now),
            image=name,
            image_sha256=sha,
        )

    for slot in running:
        window = now - (slot.start - opens)
        for index, username in enumerate(order[:SIGNED_ON_RUNNING]):
            at = slot.start - opens + window * (index + 1) / (SIGNED_ON_RUNNING + 1)
            image = signature_png(f"{username}|{slot.module.number}|{slot.position}")
            timeline.sign(slot, enrolments[username], index, at, image)
    timeline.flush()
