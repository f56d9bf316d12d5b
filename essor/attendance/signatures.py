"""Checks on a drawn signature before it is kept as evidence: a real, small PNG with ink.

Only the standard library: the header and the IHDR chunk give the format and the size;
the image data is inflated (with a bound, so a crafted file cannot exhaust memory) to
refuse an empty pad. The pad draws on a transparent canvas, so an untouched one inflates
to zeros; a few stray pixels are refused too. This is a guard against mistakes, not a
proof of anything: what proves presence is the code, the timestamp and the account.
"""

import base64
import binascii
import hashlib
import struct
import zlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from essor.core.errors import DomainError

MAX_BYTES = 200 * 1024
MIN_WIDTH, MIN_HEIGHT = 100, 40
MAX_WIDTH, MAX_HEIGHT = 4000, 2000
# Non-zero bytes left after PNG filtering: an empty canvas has none, a tap a few dozen,
# the shortest handwritten initials several hundred.
MIN_INK_BYTES = 120

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Channels per colour type (greyscale, RGB, palette, grey + alpha, RGBA).
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
DATA_URL_PREFIX = "data:image/png;base64,"


@dataclass(frozen=True)
class CheckedPng:
    data: bytes
    width: int
    height: int
    sha256: str


def _invalid(message: str) -> DomainError:
    return DomainError("signature_invalid", message)


def decode_payload(payload: str) -> bytes:
    """A PNG sent as a data URL (the web pad) or as bare base64 (API clients)."""
    text = payload.strip()
    if text.startswith("data:"):
        if not text.startswith(DATA_URL_PREFIX):
            raise _invalid(_("La signature doit être une image PNG."))
        text = text[len(DATA_URL_PREFIX) :]
    # Base64 grows by a third: refuse an oversized payload before decoding it.
    if len(text) > MAX_BYTES * 4 // 3 + 8:
        raise _invalid(_("L'image de la signature dépasse 200 Ko."))
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise _invalid(_("La signature envoyée n'est pas une image lisible.")) from exc


def _chunks(data: bytes):
    """(type, body) of each chunk, with its CRC checked."""
    offset = len(PNG_MAGIC)
    while offset + 12 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        crc_bytes = data[offset + 8 + length : offset + 12 + length]
        if len(body) != length or len(crc_bytes) != 4:
            raise _invalid(_("L'image de la signature est tronquée."))
        if zlib.crc32(kind + body) != struct.unpack(">I", crc_bytes)[0]:
            raise _invalid(_("L'image de la signature est endommagée."))
        yield kind, body
        if kind == b"IEND":
            return
        offset += 12 + length
    raise _invalid(_("L'image de la signature est tronquée."))


def check_png(data: bytes) -> CheckedPng:
    """The PNG if it is one, small enough, big enough and not empty; DomainError otherwise."""
    if len(data) > MAX_BYTES:
        raise _invalid(_("L'image de la signature dépasse 200 Ko."))
    if not data.startswith(PNG_MAGIC):
        raise _invalid(_("La signature doit être une image PNG."))
    chunks = _chunks(data)
    kind, header = next(chunks)
    if kind != b"IHDR" or len(header) != 13:
        raise _invalid(_("La signature doit être une image PNG."))
    width, height, depth, colour, _compression, _filter, interlace = struct.unpack(
        ">IIBBBBB", header
    )
    if colour not in CHANNELS or depth not in (1, 2, 4, 8, 16) or interlace not in (0, 1):
        raise _invalid(_("La signature doit être une image PNG."))
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        raise _invalid(_("L'image de la signature est trop petite."))
    if width > MAX_WIDTH or height > MAX_HEIGHT:
        raise _invalid(_("L'image de la signature est trop grande."))
    compressed = b"".join(body for kind, body in chunks if kind == b"IDAT")
    row_bytes = (width * depth * CHANNELS[colour] + 7) // 8
    _check_ink(
        compressed,
        expected=height * (row_bytes + 1),
        row_bytes=row_bytes,
        interlaced=bool(interlace),
    )
    return CheckedPng(
        data=data, width=width, height=height, sha256=hashlib.sha256(data).hexdigest()
    )


def _check_ink(compressed: bytes, *, expected: int, row_bytes: int, interlaced: bool) -> None:
    # An interlaced image holds a little more than the plain size (its passes' filter bytes).
    limit = expected * 2 if interlaced else expected
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(compressed, limit)
    except zlib.error as exc:
        raise _invalid(_("L'image de la signature est endommagée.")) from exc
    if inflater.unconsumed_tail or (not interlaced and len(raw) != expected):
        raise _invalid(_("L'image de la signature est endommagée."))
    if interlaced:
        ink = len(raw) - raw.count(0)  # filter bytes included: a small overestimate
    else:
        stride = row_bytes + 1
        # Drop each row's filter byte; what is left is zero on an untouched canvas.
        pixels = b"".join(raw[i + 1 : i + stride] for i in range(0, len(raw), stride))
        ink = len(pixels) - pixels.count(0)
    if ink < MIN_INK_BYTES:
        raise _invalid(_("La signature est vide : dessinez-la dans le cadre avant de valider."))
