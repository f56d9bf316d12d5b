"""Crafted personal data for the privacy tests: two participants of CS26 2025 (which ended
on 21 May 2025), one self-funded, one funded by an OPCO, each with distinctive strings,
files, attendance, coursework, a workbook and a certificate."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile

from essor.accounts.models import ApiToken, User
from essor.attendance.models import AttendanceChange, AttendanceRecord, Signature
from essor.certification.models import Certificate, Jury, JuryDecision
from essor.cohorts.models import Application, ApplicationStatus
from essor.core import clock
from essor.coursework.models import NoteVersion, StatementOfIntent, StatementVersion
from essor.foresight.models import Study
from essor.programmes.models import Slot
from essor.workbook.models import Interview, SectionEntry, VolunteerEntry, Workbook

# Four years after the cohort's last half-day.
FOUR_YEARS_LATER = datetime(2029, 6, 1, 10, 0, tzinfo=UTC)


def freeze(monkeypatch, moment: datetime = FOUR_YEARS_LATER) -> datetime:
    monkeypatch.setattr(clock, "now", lambda: moment)
    # Everyone logged in recently: no account is "inactive" unless a test says so.
    User.objects.update(last_login=moment - timedelta(days=30))
    return moment


def _application(cohort, user, *, funding: str, tag: str) -> Application:
    application = Application.objects.create(
        cohort=cohort,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        phone=f"06 00 00 00 {tag[-2:]}",
        organisation_name=f"Structure {tag}",
        organisation_family="association",
        region="IDF",
        position="Directrice",
        diploma_level=7,
        motivation=f"Motivation {tag}",
        funding=funding,
        accessibility_needs=f"Besoins {tag}",
        status=ApplicationStatus.ADMITTED,
    )
    application.cv.save(f"cv-{tag}.pdf", ContentFile(f"%PDF CV {tag}".encode()))
    return application


def _certificate(enrolment, by, tag: str) -> Certificate:
    jury, _created = Jury.objects.get_or_create(
        cohort=enrolment.cohort,
        defaults={
            "held_on": date(2025, 6, 15),
            "president": "Présidence",
            "signatory": "Signataire",
            "opened_by": by,
            "opened_at": datetime(2025, 6, 15, 9, tzinfo=UTC),
        },
    )
    decision = JuryDecision.objects.create(
        jury=jury,
        enrolment=enrolment,
        decision="awarded",
        reasons=f"Motifs {tag}",
        decided_by=by,
        decided_at=datetime(2025, 6, 15, 10, tzinfo=UTC),
    )
    certificate = Certificate(
        enrolment=enrolment,
        decision=decision,
        number=f"CS26-2025-{tag}",
        verification_code=f"code{tag}",
        issued_at=datetime(2025, 6, 16, tzinfo=UTC),
        issued_by=by,
        holder_name=f"Titulaire {tag}",
        programme_title="CS26",
        level_label="Certificat",
        first_day=date(2025, 1, 20),
        last_day=date(2025, 5, 21),
        hours=Decimal("150"),
        jury_date=date(2025, 6, 15),
        signatory="Signataire",
        pdf_sha256="0" * 64,
    )
    certificate.pdf.save(f"certificat-{tag}.pdf", ContentFile(f"%PDF cert {tag}".encode()))
    return certificate


def participant_data(enrolment, by, *, funding: str, tag: str) -> dict:
    """Everything about one participant, strings and file contents marked with `tag`."""
    user = enrolment.user
    enrolment.application = _application(enrolment.cohort, user, funding=funding, tag=tag)
    enrolment.save(update_fields=["application"])
    slot = Slot.objects.filter(cohort=enrolment.cohort).order_by("start").first()
    signature = Signature(
        slot=slot,
        enrolment=enrolment,
        signed_at=slot.start,
        method="drawn",
        user_agent=f"Navigateur {tag}",
        ip_hash="ab" * 32,
    )
    signature.image.save(f"signature-{tag}.png", ContentFile(f"PNG {tag}".encode()))
    record = AttendanceRecord.objects.create(
        slot=slot, enrolment=enrolment, status="present", updated_at=slot.start, updated_by=by
    )
    AttendanceChange.objects.create(
        record=record, by=by, at=slot.start, after={"status": "present"}
    )
    statement = StatementOfIntent.objects.create(enrolment=enrolment, body=f"Intention {tag}")
    statement.file.save(f"intention-{tag}.pdf", ContentFile(f"%PDF intention {tag}".encode()))
    StatementVersion.objects.create(statement=statement, number=1, body=f"Intention {tag}")
    note = NoteVersion(
        enrolment=enrolment,
        number=1,
        file_name=f"note-{tag}.pdf",
        file_kind="pdf",
        file_size=10,
        uploaded_by=user,
    )
    note.file.save(f"note-{tag}.pdf", ContentFile(f"%PDF note {tag}".encode()))
    workbook = Workbook.objects.create(enrolment=enrolment)
    SectionEntry.objects.create(
        workbook=workbook, section="A", status="in_progress", data={"nom": f"Cahier {tag}"}
    )
    Interview.objects.create(workbook=workbook, pseudonym=f"Témoin {tag}", consent=True)
    VolunteerEntry.objects.create(
        workbook=workbook,
        date=date(2025, 3, 1),
        hours=Decimal("3"),
        activity="Accueil",
        level="execution",
        volunteer=f"Bénévole {tag}",
    )
    Study.objects.create(
        cohort=enrolment.cohort, enrolment=enrolment, tool="micmac", title=f"Étude {tag}"
    )
    ApiToken.objects.create(user=user, name=f"Jeton {tag}", prefix="abcd1234", key_hash=tag * 8)
    certificate = _certificate(enrolment, by, tag)
    return {
        "application": enrolment.application,
        "signature": signature,
        "record": record,
        "statement": statement,
        "note": note,
        "workbook": workbook,
        "certificate": certificate,
    }


def crafted(personas) -> dict:
    """auditeur: self-funded (« ALPHA »); auditeur2: OPCO (« BRAVO »)."""
    by = personas["coordination"]
    return {
        "alpha": participant_data(personas["enrolment"], by, funding="personal", tag="ALPHA"),
        "bravo": participant_data(personas["enrolment2"], by, funding="opco", tag="BRAVO"),
    }


def stored(field_file) -> bool:
    return bool(field_file.name) and field_file.storage.exists(field_file.name)
