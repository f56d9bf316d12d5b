"""Scans of signed paper sheets, attached to their half-day as fallback evidence.

Checked by content, not by name: a PDF through essor.core.uploads.check_document, a PNG
or a JPEG by its first bytes (a phone photo of the sheet). Stored under a random name in
private storage, served only after the permission check.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from essor.core import clock
from essor.core.errors import DomainError
from essor.core.storage import private_storage
from essor.core.uploads import check_document
from essor.programmes.models import Slot

from .models import PaperSheetScan

# A scanned A4 page at 300 dpi is 1–3 MB; a few pages fit.
MAX_SCAN_BYTES = 10 * 1024 * 1024

CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


def image_kind(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    return None


def _too_big() -> DomainError:
    return DomainError(
        "file_invalid",
        _("Le fichier dépasse la taille maximale de %(max)s.")
        % {"max": filesizeformat(MAX_SCAN_BYTES)},
    )


def check_scan(upload: UploadedFile) -> str:
    """The kind of the scan ("pdf", "png" or "jpg"), or DomainError with a French message."""
    if upload.size is not None and upload.size > MAX_SCAN_BYTES:
        raise _too_big()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head:
        raise DomainError("file_invalid", _("Le fichier est vide."))
    kind = image_kind(head)
    if kind is not None:
        # The announced size may be absent: measure, reading no more than the cap allows.
        size = len(upload.read(MAX_SCAN_BYTES + 1))
        upload.seek(0)
        if size > MAX_SCAN_BYTES:
            raise _too_big()
        return kind
    if head.startswith(b"%PDF-"):
        try:
            check_document(upload, allowed=("pdf",), max_bytes=MAX_SCAN_BYTES)
        except ValidationError as error:
            raise DomainError("file_invalid", " ".join(error.messages)) from error
        return "pdf"
    raise DomainError(
        "file_invalid",
        _(
            "Ce fichier n'est ni un PDF, ni une image PNG ou JPEG (son contenu a été vérifié, "
            "pas seulement son nom)."
        ),
    )


@transaction.atomic
def attach_paper_scan(*, slot: Slot, upload: UploadedFile, by) -> PaperSheetScan:
    """Attach the scan of the signed paper sheet to the half-day; a refused file leaves
    nothing in storage."""
    kind = check_scan(upload)
    stored = private_storage.save(f"paper-sheets/{uuid.uuid4().hex}.{kind}", upload)
    try:
        return PaperSheetScan.objects.create(
            slot=slot,
            file=stored,
            file_name=(upload.name or f"feuille.{kind}")[-255:],
            uploaded_by=by,
            uploaded_at=clock.now(),
        )
    except Exception:
        # The row rolls back; the file must not stay behind unreferenced.
        private_storage.delete(stored)
        raise


def slot_scans(slot: Slot) -> QuerySet[PaperSheetScan]:
    """The half-day's scans, newest first, with who attached them (1 query)."""
    return PaperSheetScan.objects.filter(slot=slot).select_related("uploaded_by")


def get_scan(slot: Slot, scan_id: int) -> PaperSheetScan:
    """A scan of this half-day (access to the slot checked by the caller); 404 otherwise."""
    scan = PaperSheetScan.objects.filter(slot=slot, pk=scan_id).first()
    if scan is None:
        raise Http404(_("Feuille numérisée introuvable."))
    return scan


def scan_kind(scan: PaperSheetScan) -> str:
    return scan.file.name.rsplit(".", 1)[-1]
