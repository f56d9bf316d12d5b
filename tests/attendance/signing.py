"""Helpers for the sign-in tests: PNG images made with the standard library, the first
half-day of CS26 2025 and a frozen clock around it.

CS26 2025, module 1: Monday 20 January 2025, 14 h – 17 h (Europe/Paris); the sign-in
window opens at 13 h 45 by default.
"""

import base64
import struct
import zlib
from datetime import datetime
from zoneinfo import ZoneInfo

from essor.core import clock
from essor.programmes.models import Slot

PARIS = ZoneInfo("Europe/Paris")
MODULE1_START = datetime(2025, 1, 20, 14, 0, tzinfo=PARIS)
MODULE1_END = datetime(2025, 1, 20, 17, 0, tzinfo=PARIS)
DURING_MODULE1 = datetime(2025, 1, 20, 14, 2, tzinfo=PARIS)


def freeze(monkeypatch, moment: datetime) -> datetime:
    monkeypatch.setattr(clock, "now", lambda: moment)
    return moment


def first_slots(cohort, count: int = 2) -> list[Slot]:
    return list(Slot.objects.filter(cohort=cohort).select_related("cohort", "module")[:count])


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def png(
    width: int = 400,
    height: int = 150,
    *,
    strokes: int = 3,
    seed: int = 0,
    interlace: int = 0,
    pixels=None,
) -> bytes:
    """An RGBA PNG (filter 0) on a transparent background with `strokes` diagonal strokes
    of dark ink; `seed` shifts them, so two seeds give two different images."""
    if pixels is None:
        rows = [bytearray(width * 4) for _ in range(height)]
        for n in range(strokes):
            for x in range(width):
                y = (x * (n + 1) // 3 + seed * 7 + n * 11) % height
                for dy in range(3):
                    row = rows[min(height - 1, y + dy)]
                    row[x * 4 : x * 4 + 4] = b"\x0b\x1f\x44\xff"
    else:
        rows = pixels
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, interlace)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw))
        + _chunk(b"IEND", b"")
    )


def blank_png(width: int = 400, height: int = 150) -> bytes:
    return png(width, height, strokes=0)


def data_url(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")
