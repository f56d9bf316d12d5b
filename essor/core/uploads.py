"""Uploaded documents checked by their content, not their name, with a size cap.

A PDF starts with `%PDF-`; DOCX and ODT are ZIP archives whose inner files say what they
are (`word/document.xml`; `mimetype` = the ODF text type). A renamed executable, an empty
file or an oversize one is refused with a French message before anything is stored.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
LABELS = {"pdf": "PDF", "docx": "DOCX (Word)", "odt": "ODT (LibreOffice)"}


@dataclass(frozen=True)
class CheckedDocument:
    kind: str  # "pdf", "docx" or "odt"
    size: int
    pages: int | None  # PDF only
    words: int | None  # DOCX and ODT only


def sniff(head: bytes, data: bytes | None = None) -> str | None:
    """The document kind from its bytes, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and data is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
                if "word/document.xml" in names and "[Content_Types].xml" in names:
                    return "docx"
        except zipfile.BadZipFile:
            return None
    return None


def pdf_pages(data: bytes) -> int | None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except (PdfReadError, ValueError, KeyError, OSError):
        return None


_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def _xml_text(xml: bytes) -> str:
    root = ElementTree.fromstring(xml)  # noqa: S314 — the archive's own XML, no DTD expansion in ElementTree
    return " ".join(root.itertext())


def office_words(kind: str, data: bytes) -> int | None:
    inner = "word/document.xml" if kind == "docx" else "content.xml"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            text = _xml_text(archive.read(inner))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return None
    return len(_WORD.findall(text))


def check_document(
    upload: UploadedFile, *, allowed: tuple[str, ...], max_bytes: int
) -> CheckedDocument:
    """Check an upload; raise ValidationError (French) if it is empty, too big or of the
    wrong kind. Reads at most `max_bytes + 1` bytes."""
    names = ", ".join(LABELS[k] for k in allowed)
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("Le fichier dépasse la taille maximale de %(max)s.")
            % {"max": filesizeformat(max_bytes)},
            code="too_big",
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    if not data:
        raise ValidationError(_("Le fichier est vide."), code="empty")
    if len(data) > max_bytes:
        raise ValidationError(
            _("Le fichier dépasse la taille maximale de %(max)s.")
            % {"max": filesizeformat(max_bytes)},
            code="too_big",
        )
    kind = sniff(data[:8], data)
    if kind not in allowed:
        raise ValidationError(
            _(
                "Ce fichier n'est pas un document %(formats)s valide (son contenu a été "
                "vérifié, pas seulement son nom)."
            )
            % {"formats": names},
            code="wrong_type",
        )
    pages = pdf_pages(data) if kind == "pdf" else None
    if kind == "pdf" and pages is None:
        raise ValidationError(_("Ce PDF est illisible ou endommagé."), code="unreadable")
    words = office_words(kind, data) if kind in ("docx", "odt") else None
    return CheckedDocument(kind=kind, size=len(data), pages=pages, words=words)
