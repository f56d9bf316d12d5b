"""Roll call and corrections, a record's history and justification, absences announced
ahead, the anomaly report."""

from datetime import timedelta

from .matrix import OK, REDIRECT, Case, only

SLUG = "cs26-2025"
# The teaching team: the coordination and the cohort's speakers.
TEACHING = only({"coordination": OK, "intervenant": OK})
TEACHING_POST = only({"coordination": REDIRECT, "intervenant": REDIRECT})
# A record: the teaching team, the participant themself, their tutor.
RECORD = only({"coordination": OK, "intervenant": OK, "auditeur": OK, "tuteur": OK})
COORDINATION = only({"coordination": OK})


def _first_slot(p):
    from essor.programmes.models import Slot

    return Slot.objects.filter(cohort=p["enrolment"].cohort).order_by("start").first()


def roll_call(p) -> str:
    return f"/slots/{_first_slot(p).pk}/roll-call/"


def roll_call_data(p) -> dict:
    pk = p["enrolment"].pk
    return {"enrolment": pk, f"row-{pk}-status": "present", f"row-{pk}-reason": "Appel"}


def record_of(p, key: str = "enrolment", suffix: str = "") -> str:
    from essor.attendance.records import apply_status

    enrolment = p[key]
    record, _ = apply_status(
        slot=_first_slot(p), enrolment=enrolment, status="present", by=enrolment.user
    )
    return f"/attendance/records/{record.pk}/{suffix}"


def justification_of(p) -> str:
    """auditeur's record for module 1, excused with a PDF (made once)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from essor.attendance.models import AttendanceRecord
    from essor.attendance.rollcall import set_attendance
    from tests.coursework.documents import pdf_bytes

    slot, enrolment = _first_slot(p), p["enrolment"]
    record = AttendanceRecord.objects.filter(slot=slot, enrolment=enrolment).first()
    if record is None or not record.justification:
        record, _ = set_attendance(
            slot=slot,
            enrolment=enrolment,
            status="excused",
            reason="Certificat médical",
            justification=SimpleUploadedFile("certificat.pdf", pdf_bytes(1)),
            by=p["coordination"],
        )
    return f"/attendance/records/{record.pk}/justification"


def absence_data(p) -> dict:
    """A half-day still to come (CS26 2025's are past), made once."""
    from django.utils import timezone

    from essor.programmes.models import Slot

    first = _first_slot(p)
    start = timezone.now().replace(microsecond=0) + timedelta(days=30)
    slot, _ = Slot.objects.get_or_create(
        cohort=first.cohort,
        module=first.module,
        position=99,
        defaults={"start": start, "end": start + timedelta(hours=3)},
    )
    return {"slots": [slot.pk], "reason": "Conseil d'administration"}


CASES = [
    Case("attendance:roll-call", roll_call, TEACHING),
    Case("attendance:roll-call", roll_call, TEACHING_POST, method="post", data=roll_call_data),
    Case("attendance:record", lambda p: record_of(p), RECORD),
    # Another participant's record (auditeur2, tutored by tuteur2): not auditeur's, not
    # tuteur's.
    Case("attendance:record", lambda p: record_of(p, "enrolment2"), TEACHING),
    Case("attendance:record-justification", justification_of, RECORD),
    Case(
        "attendance:absence-new", lambda p: f"/cohorts/{SLUG}/absences/new/", only({"auditeur": OK})
    ),
    Case(
        "attendance:absence-new",
        lambda p: f"/cohorts/{SLUG}/absences/new/",
        only({"auditeur": REDIRECT}),
        method="post",
        data=absence_data,
    ),
    # Another cohort's page: its own participant (autre_auditeur) only.
    Case(
        "attendance:absence-new",
        lambda p: "/cohorts/cs26-autre/absences/new/",
        only({"autre_auditeur": OK}),
    ),
    Case("attendance:absences", lambda p: f"/cohorts/{SLUG}/absences/", COORDINATION),
    Case("attendance:anomalies", lambda p: f"/cohorts/{SLUG}/attendance/anomalies/", COORDINATION),
]
