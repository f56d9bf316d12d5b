"""Attendance evidence built directly in the tests: real PNG signatures (zlib + struct,
no Pillow), signatures, countersignatures and statuses of record."""

import hashlib
import io
import struct
import zlib
from datetime import timedelta

from django.core.files.base import ContentFile
from pypdf import PdfReader

from essor.attendance.models import Countersignature, Signature, SignatureMethod, SlotSpeaker
from essor.attendance.records import apply_status


def png(seed: int, width: int = 60, height: int = 24) -> bytes:
    """A small RGBA PNG whose pixels depend on `seed`: distinct images for distinct seeds
    (typst would share one XObject between identical images)."""
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type: none
        for x in range(width):
            ink = (x * 7 + y * 3 + seed * 11) % 5 == 0
            row += bytes((seed % 256, 0, 80, 255 if ink else 0))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def sign(slot, enrolment, *, seed: int, minutes_after_start: int = 0, method="drawn"):
    """A participant's signature, as the sign-in would store it, with its record."""
    image = png(seed) if method == SignatureMethod.DRAWN else b""
    signature = Signature(
        slot=slot,
        enrolment=enrolment,
        signed_at=slot.start + timedelta(minutes=minutes_after_start),
        method=method,
        image_sha256=hashlib.sha256(image).hexdigest() if image else "",
        user_agent="Mozilla/5.0 (test)",
        ip_hash="0" * 64,
    )
    if image:
        signature.image.save(f"sig-{seed}.png", ContentFile(image), save=False)
    signature.save()
    apply_status(slot=slot, enrolment=enrolment, status="present", by=enrolment.user)
    return signature


def countersign(slot, speaker, *, seed: int = 999, minutes_after_end: int = 5):
    SlotSpeaker.objects.get_or_create(slot=slot, speaker=speaker)
    image = png(seed)
    counter = Countersignature(
        slot=slot,
        signed_by=speaker,
        signed_at=slot.end + timedelta(minutes=minutes_after_end),
        image_sha256=hashlib.sha256(image).hexdigest(),
    )
    counter.image.save(f"countersig-{seed}.png", ContentFile(image), save=False)
    counter.save()
    return counter


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def one_line(text: str) -> str:
    """Table cells wrap: compare with line breaks as spaces."""
    return " ".join(text.split())


def image_count(content: bytes) -> int:
    """Image XObjects placed on the pages (a soft mask belongs to its image: not counted)."""
    count = 0
    for page in PdfReader(io.BytesIO(content)).pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                count += 1
            elif obj.get("/Subtype") == "/Form":
                inner = (obj.get("/Resources") or {}).get("/XObject") or {}
                count += sum(
                    1 for r in inner.values() if r.get_object().get("/Subtype") == "/Image"
                )
    return count
