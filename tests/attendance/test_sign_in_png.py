"""The checks on a drawn signature: a real PNG, 200 KB at most, not tiny, not empty."""

import base64
import os

import pytest

from essor.attendance.signatures import check_png, decode_payload
from essor.core.errors import DomainError

from .signing import blank_png, data_url, png


def refused(data: bytes) -> str:
    with pytest.raises(DomainError) as caught:
        check_png(data)
    assert caught.value.code == "signature_invalid"
    return caught.value.message


def test_a_drawn_signature_passes_with_its_size_and_hash():
    data = png(400, 150)
    checked = check_png(data)
    assert (checked.width, checked.height) == (400, 150)
    assert len(checked.sha256) == 64
    assert checked.data == data


def test_something_else_than_a_png_is_refused():
    assert refused(b"GIF89a" + b"\x00" * 100) == "La signature doit être une image PNG."
    assert refused(b"") == "La signature doit être une image PNG."
    assert "PNG" in refused(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")


def test_more_than_200_kb_is_refused():
    rows = [bytearray(os.urandom(400 * 4)) for _ in range(200)]  # noise does not compress
    data = png(400, 200, pixels=rows)
    assert len(data) > 200 * 1024
    assert refused(data) == "L'image de la signature dépasse 200 Ko."


def test_a_tiny_image_is_refused():
    assert refused(png(60, 20)) == "L'image de la signature est trop petite."


def test_a_huge_canvas_is_refused_before_inflating_it():
    assert refused(png(5000, 100, strokes=1)) == "L'image de la signature est trop grande."


def test_an_empty_pad_is_refused():
    message = refused(blank_png())
    assert message == "La signature est vide : dessinez-la dans le cadre avant de valider."


def test_a_single_dot_is_not_a_signature():
    rows = [bytearray(400 * 4) for _ in range(150)]
    for y in (70, 71, 72):
        rows[y][200 * 4 : 203 * 4] = b"\x0b\x1f\x44\xff" * 3
    refused(png(400, 150, pixels=rows))


def test_a_short_stroke_of_initials_passes():
    check_png(png(400, 150, strokes=1))


def test_a_truncated_file_is_refused():
    data = png()
    assert "tronquée" in refused(data[: len(data) // 2])


def test_a_damaged_file_is_refused():
    data = bytearray(png())
    data[50] ^= 0xFF  # inside the image data: the chunk's checksum no longer matches
    assert "endommagée" in refused(bytes(data))


def test_image_data_larger_than_announced_is_refused():
    """A decompression bomb announces a small image and inflates to much more."""
    small = png(100, 40)
    big = png(400, 150)
    header_end = 8 + 25
    # The small image's header with the big image's data (both chunks well formed).
    crafted = small[:header_end] + big[header_end:]
    assert "endommagée" in refused(crafted)


class TestPayload:
    def test_a_data_url_is_decoded(self):
        assert decode_payload(data_url(b"\x89PNG")) == b"\x89PNG"

    def test_bare_base64_is_decoded(self):
        assert decode_payload(base64.b64encode(b"\x89PNG").decode()) == b"\x89PNG"

    def test_another_image_type_is_refused(self):
        with pytest.raises(DomainError) as caught:
            decode_payload("data:image/jpeg;base64,AAAA")
        assert caught.value.code == "signature_invalid"

    def test_garbage_is_refused(self):
        with pytest.raises(DomainError) as caught:
            decode_payload("ceci n'est pas du base64 !")
        assert caught.value.code == "signature_invalid"

    def test_an_oversized_payload_is_refused_before_decoding(self):
        with pytest.raises(DomainError) as caught:
            decode_payload("A" * (300 * 1024))
        assert caught.value.message == "L'image de la signature dépasse 200 Ko."
