"""The purge: delete or anonymise what the retention schedule says is due, never what is
still under retention. Idempotent: what was purged is no longer due.

The handlers below also serve the erasure request (erasure.py).
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction

from .models import PurgeRun, RecordKind, RetentionAction
from .schedule import ANONYMISED_HOLDER, DueGroup, due_items


def drop_file(field) -> int:
    """Delete a stored file (private storage) once the transaction commits: a purge
    that fails half-way rolls back its rows and must not have lost their files. 1 if
    there was a file."""
    if field and field.name:
        storage, name = field.storage, field.name
        transaction.on_commit(lambda: storage.delete(name))
        return 1
    return 0


# --- handlers, one per kind (each works on one enrolment, application, complaint, user) --


def purge_sign_in_traces(enrolment) -> int:
    from essor.attendance.models import Signature

    return Signature.objects.filter(enrolment=enrolment).update(user_agent="", ip_hash="")


def purge_attendance(enrolment, action: str) -> int:
    """Delete: signatures (and their images), records, their history, justifications and
    absence notices. Anonymise: keep the statuses, drop the images, reasons and files."""
    from essor.attendance.models import (
        AbsenceNotice,
        AttendanceChange,
        AttendanceRecord,
        Signature,
    )

    signatures = list(Signature.objects.filter(enrolment=enrolment))
    records = list(AttendanceRecord.objects.filter(enrolment=enrolment))
    for signature in signatures:
        drop_file(signature.image)
    for record in records:
        drop_file(record.justification)
    if action == RetentionAction.DELETE:
        AttendanceChange.objects.filter(record__in=records).delete()
        AttendanceRecord.objects.filter(pk__in=[r.pk for r in records]).delete()
        Signature.objects.filter(pk__in=[s.pk for s in signatures]).delete()
    else:
        Signature.objects.filter(pk__in=[s.pk for s in signatures]).update(
            image="", image_sha256="", user_agent="", ip_hash=""
        )
        AttendanceRecord.objects.filter(pk__in=[r.pk for r in records]).update(
            reason="", justification=""
        )
        AttendanceChange.objects.filter(record__in=records).update(reason="")
    AbsenceNotice.objects.filter(enrolment=enrolment).delete()
    return len(records) + len(signatures)


def purge_certificates(enrolment) -> int:
    """A certificate stays verifiable: number, status, dates and decision are kept; the
    holder's name, the PDF and the credential (which names them) go."""
    from essor.certification.models import Certificate, Derogation, JuryDecision

    certificates = list(
        Certificate.objects.filter(enrolment=enrolment).exclude(holder_name=ANONYMISED_HOLDER)
    )
    for certificate in certificates:
        drop_file(certificate.pdf)
    Certificate.objects.filter(pk__in=[c.pk for c in certificates]).update(
        holder_name=ANONYMISED_HOLDER, pdf="", credential_json={}, credential_jwt=""
    )
    JuryDecision.objects.filter(enrolment=enrolment).update(reasons="")
    Derogation.objects.filter(enrolment=enrolment).update(reason="")
    return len(certificates)


def purge_enrolment_files(application) -> int:
    if application is None:
        return 0
    dropped = drop_file(application.cv)
    application.cv = ""
    application.phone = ""
    application.accessibility_needs = ""
    application.save(update_fields=["cv", "phone", "accessibility_needs"])
    return max(dropped, 1)


def anonymise_application(application) -> int:
    """Names, contact, CV and free texts go; cohort, status and funding stay (the funding
    decides how long the attendance evidence is kept)."""
    drop_file(application.cv)
    application.first_name = "Personne anonymisée"
    application.last_name = f"n° {application.pk}"
    application.email = f"anonyme-{application.pk}@essor.invalid"
    application.phone = ""
    application.cv = ""
    application.motivation = ""
    application.vapp_request = ""
    application.accessibility_needs = ""
    application.funding_details = ""
    application.decision_message = ""
    application.position = ""
    application.save()
    return 1


def delete_application(application) -> int:
    drop_file(application.cv)
    application.delete()
    return 1


def purge_coursework(enrolment) -> int:
    """Statement of intent, problem statements, the note and its feedback, tutoring
    records and the oral, with their files."""
    from essor.coursework.models import (
        NoteAssessment,
        NoteFeedback,
        NoteVersion,
        OralPresentation,
        ProblemStatementVersion,
        StatementOfIntent,
        StatementVersion,
        TutoringRecord,
    )

    count = 0
    for statement in StatementOfIntent.objects.filter(enrolment=enrolment):
        drop_file(statement.file)
        for version in StatementVersion.objects.filter(statement=statement):
            drop_file(version.file)
        statement.delete()
        count += 1
    count += (
        ProblemStatementVersion.objects.filter(enrolment=enrolment)
        .delete()[1]
        .get("coursework.ProblemStatementVersion", 0)
    )
    versions = list(NoteVersion.objects.filter(enrolment=enrolment))
    for version in versions:
        drop_file(version.file)
    for feedback in NoteFeedback.objects.filter(version__in=versions):
        drop_file(feedback.annotated_file)
    NoteAssessment.objects.filter(enrolment=enrolment).delete()
    NoteVersion.objects.filter(pk__in=[v.pk for v in versions]).delete()
    count += len(versions)
    count += TutoringRecord.objects.filter(enrolment=enrolment).delete()[0]
    count += OralPresentation.objects.filter(enrolment=enrolment).delete()[0]
    return count


def purge_workbook(enrolment) -> int:
    from essor.foresight.models import Study
    from essor.workbook.models import Workbook

    workbooks = Workbook.objects.filter(enrolment=enrolment).delete()[1].get("workbook.Workbook", 0)
    studies = Study.objects.filter(enrolment=enrolment).delete()[1].get("foresight.Study", 0)
    return workbooks + studies


def purge_interviews(enrolment) -> int:
    from essor.workbook.models import Interview, VolunteerEntry

    interviews = Interview.objects.filter(workbook__enrolment=enrolment).delete()[0]
    pseudonyms = (
        VolunteerEntry.objects.filter(workbook__enrolment=enrolment)
        .exclude(volunteer="")
        .update(volunteer="")
    )
    return interviews + pseudonyms


def purge_complaint(complaint) -> int:
    complaint.complainant_name = ""
    complaint.save(update_fields=["complainant_name"])
    return 1


def anonymise_account(user) -> int:
    """Names, e-mail and login go; the account can no longer log in. The row stays: the
    records under a legal retention still point at it."""
    from essor.accounts.models import Invitation

    Invitation.objects.filter(accepted_by=user).update(
        first_name="", last_name="", email=f"anonyme-{user.pk}@essor.invalid"
    )
    user.first_name = "Personne anonymisée"
    user.last_name = f"n° {user.pk}"
    user.username = f"anonyme-{user.pk}"
    user.email = ""
    user.password = make_password(None)
    user.is_active = False
    user.save()
    return 1


def _apply(group: DueGroup) -> int:
    """Purge every target of the group; the number of rows touched."""
    done = 0
    for target in group.targets:
        obj, kind, action = target.obj, group.kind, group.action
        if kind == RecordKind.SIGN_IN_TRACES:
            done += purge_sign_in_traces(obj)
        elif kind == RecordKind.ATTENDANCE:
            done += purge_attendance(obj, action)
        elif kind == RecordKind.CERTIFICATES:
            done += purge_certificates(obj)
        elif kind == RecordKind.ENROLMENT_FILES:
            done += purge_enrolment_files(obj.application)
        elif kind == RecordKind.APPLICATIONS:
            if action == RetentionAction.DELETE:
                done += delete_application(obj)
            else:
                done += anonymise_application(obj)
        elif kind == RecordKind.COURSEWORK:
            done += purge_coursework(obj)
        elif kind == RecordKind.WORKBOOK:
            done += purge_workbook(obj)
        elif kind == RecordKind.INTERVIEWS:
            done += purge_interviews(obj)
        elif kind == RecordKind.COMPLAINTS:
            done += purge_complaint(obj)
        elif kind == RecordKind.ACCOUNTS:
            done += anonymise_account(obj)
    return done


@dataclass
class PurgeReport:
    dry_run: bool
    groups: list[DueGroup]
    run: PurgeRun

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


@transaction.atomic
def purge(*, now: datetime, dry_run: bool, by=None) -> PurgeReport:
    """List what is due (dry run) or purge it; log a PurgeRun with counts only."""
    groups = due_items(now=now)
    summary = {}
    for group in groups:
        summary[group.kind] = {"items": group.count, "action": group.action}
        if not dry_run and group.count:
            summary[group.kind]["rows"] = _apply(group)
    run = PurgeRun.objects.create(dry_run=dry_run, by=by, summary=summary)
    return PurgeReport(dry_run=dry_run, groups=groups, run=run)
