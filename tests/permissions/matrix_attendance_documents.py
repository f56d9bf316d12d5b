"""Attendance documents: a half-day's sheets and paper scans (teaching team), a
participant's certificat de réalisation and attestation (coordination, or the participant
for their own), the coordination's documents page and its batches."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.coursework.documents import pdf_bytes

from .matrix import NOT_ALLOWED, OK, REDIRECT, Case, only

COHORT = "/cohorts/cs26-2025"

TEACHING = only({"coordination": OK, "intervenant": OK})
TEACHING_POST = only({"coordination": REDIRECT, "intervenant": REDIRECT})
COORDINATION = only({"coordination": OK})
COORDINATION_POST = only({"coordination": REDIRECT})
OWN = only({"auditeur": OK})


def first_slot(p):
    return p["enrolment"].cohort.slots.order_by("start").first()


def slot_path(p, suffix: str) -> str:
    return f"/slots/{first_slot(p).pk}/{suffix}"


def scan_path(p) -> str:
    """A scan of the first half-day, attached once (the path builders run inside the
    test's transaction)."""
    from essor.attendance.models import PaperSheetScan
    from essor.attendance.scans import attach_paper_scan

    slot = first_slot(p)
    scan = PaperSheetScan.objects.filter(slot=slot).first()
    if scan is None:
        upload = SimpleUploadedFile("feuille.pdf", pdf_bytes(1), "application/pdf")
        scan = attach_paper_scan(slot=slot, upload=upload, by=p["intervenant"])
    return f"/slots/{slot.pk}/scans/{scan.pk}"


def batch_path(p, suffix: str, *, finished: bool = False) -> str:
    """A batch of the cohort's certificates (two participants: quick), produced to the end
    when the case needs the archive."""
    from essor.documents.batches import advance_batch, start_batch
    from essor.documents.models import DocumentBatch

    cohort = p["enrolment"].cohort
    batch = DocumentBatch.objects.filter(cohort=cohort).first() or start_batch(
        cohort=cohort, kind="certificats", by=p["coordination"]
    )
    while finished and not batch.finished:
        batch = advance_batch(cohort=cohort, batch_id=batch.pk)
    return f"{COHORT}/documents/batches/{batch.pk}/{suffix}"


def scan_upload(p) -> dict:
    return {"file": SimpleUploadedFile("feuille.pdf", pdf_bytes(1), "application/pdf")}


CASES = [
    Case("attendance:sheet", lambda p: slot_path(p, "sheet.pdf"), TEACHING),
    Case("attendance:blank-sheet", lambda p: slot_path(p, "blank-sheet.pdf"), TEACHING),
    Case("attendance:scans", lambda p: slot_path(p, "scans/"), TEACHING),
    Case(
        "attendance:scans",
        lambda p: slot_path(p, "scans/"),
        TEACHING_POST,
        method="post",
        data=scan_upload,
    ),
    Case("attendance:scan-file", scan_path, TEACHING),
    Case(
        "attendance:certificat-realisation",
        lambda p: f"{COHORT}/enrolments/{p['enrolment'].pk}/certificat-realisation.pdf",
        COORDINATION,
    ),
    # Another cohort's participant, asked for through this cohort: not found, even for
    # the coordination.
    Case(
        "attendance:certificat-realisation",
        lambda p: f"{COHORT}/enrolments/{p['other_enrolment'].pk}/certificat-realisation.pdf",
        only({}),
    ),
    Case(
        "attendance:my-certificat-realisation",
        lambda p: f"{COHORT}/my/certificat-realisation.pdf",
        OWN,
    ),
    Case(
        "attendance:attestation",
        lambda p: f"{COHORT}/enrolments/{p['enrolment'].pk}/attestation.pdf",
        COORDINATION,
    ),
    Case("attendance:my-attestation", lambda p: f"{COHORT}/my/attestation.pdf", OWN),
    Case("attendance:documents", lambda p: f"{COHORT}/documents/", COORDINATION),
    Case(
        "attendance:documents",
        lambda p: f"{COHORT}/documents/",
        COORDINATION_POST,
        method="post",
        data=lambda p: {"kind": "certificats"},
    ),
    # Without HTMX, a progress step comes back to the documents page.
    Case(
        "attendance:batch-progress",
        lambda p: batch_path(p, "progress"),
        COORDINATION_POST,
        method="post",
    ),
    Case("attendance:batch-progress", lambda p: batch_path(p, "progress"), COORDINATION_POST),
    Case(
        "attendance:batch-progress",
        lambda p: batch_path(p, "progress"),
        COORDINATION,
        extra={"HTTP_HX_REQUEST": "true"},
    ),
    Case(
        "attendance:batch-download",
        lambda p: batch_path(p, "download", finished=True),
        COORDINATION,
    ),
    # Downloads are never changed by a POST.
    Case(
        "attendance:batch-download",
        lambda p: batch_path(p, "download", finished=True),
        only({}, others=NOT_ALLOWED),
        method="post",
    ),
]
