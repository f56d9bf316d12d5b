"""Builders for certification tests: a participant who meets every requirement of CS26.

Everything goes through the services (attendance records, note versions, assessments),
so the history is the one a real cohort would have.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from essor.attendance.models import AttendanceStatus
from essor.attendance.records import apply_status
from essor.coursework.models import NoteDecision
from essor.coursework.note_services import GRID_CRITERIA, assess_note, upload_note_version
from essor.programmes.models import Slot
from tests.coursework.documents import pdf_bytes


def mark_all_present(
    enrolment, *, by, status: str = AttendanceStatus.PRESENT, skip: tuple = ()
) -> None:
    """A record with `status` on every slot of the enrolment's cohort but those in `skip`."""
    slots = Slot.objects.filter(cohort_id=enrolment.cohort_id).exclude(pk__in=[s.pk for s in skip])
    for slot in slots.order_by("start"):
        apply_status(slot=slot, enrolment=enrolment, status=status, by=by)


def assess(enrolment, *, by, decision: str = NoteDecision.ACCEPTED, reasons: str = "Motifs."):
    """A final note version (a real small PDF) and its assessment with `decision`."""
    upload = SimpleUploadedFile("note.pdf", pdf_bytes(20), content_type="application/pdf")
    upload_note_version(enrolment=enrolment, upload=upload, is_final=True, by=by)
    grid = {key: 3 for key, _label in GRID_CRITERIA}
    return assess_note(
        enrolment=enrolment, assessor=by, grid=grid, decision=decision, reasons=reasons
    )


def make_eligible(enrolment, *, by):
    """Present on every slot of the cohort and a final note version accepted. `by` must be
    allowed to do both (the coordination is)."""
    mark_all_present(enrolment, by=by)
    assess(enrolment, by=by)
    return enrolment
