"""A person's own data, as a zip: `donnees.json`, their files under `fichiers/` and a
`LISEZMOI.txt`. Only what is about them: another participant's data never, a tutor's
comment about their work yes (it is about them).
"""

import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath

from django.db.models import Q
from django.template.loader import render_to_string

from essor.core import clock


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    return value


def _row(obj, fields) -> dict:
    return {name: _value(getattr(obj, name)) for name in fields}


class _Files:
    """Collects the person's files into `fichiers/<folder>/<name>`."""

    def __init__(self):
        self.entries: list[tuple[str, object]] = []

    def add(self, folder: str, field) -> str | None:
        if not field or not field.name:
            return None
        arcname = f"fichiers/{folder}/{len(self.entries) + 1}-{PurePosixPath(field.name).name}"
        self.entries.append((arcname, field))
        return arcname


def _account(user) -> dict:
    from essor.accounts.models import ApiToken

    return {
        "compte": _row(
            user,
            ["username", "first_name", "last_name", "email", "date_joined", "last_login"],
        ),
        "jetons_api": [
            _row(t, ["name", "prefix", "created_at", "last_used_at", "revoked_at"])
            for t in ApiToken.objects.filter(user=user)
        ],
        "roles": [
            {"promotion": m.cohort.slug, "role": m.role, "depuis": _value(m.created_at)}
            for m in user.memberships.select_related("cohort")
        ],
    }


APPLICATION_FIELDS = [
    "created_at", "first_name", "last_name", "email", "phone", "organisation_name",
    "organisation_family", "siren", "region", "employees", "volunteers", "federation",
    "position", "diploma_level", "diploma_title", "vapp_request", "motivation", "funding",
    "funding_details", "accessibility_needs", "status", "decision_message", "decided_at",
]  # fmt: skip


def _applications(user, enrolments, files) -> list[dict]:
    from essor.cohorts.models import Application

    query = Q(enrolment__in=enrolments)
    if user.email:
        query |= Q(email__iexact=user.email)
    rows = []
    for application in Application.objects.filter(query).select_related("cohort").distinct():
        row = _row(application, APPLICATION_FIELDS)
        row["promotion"] = application.cohort.slug
        row["cv"] = files.add("cv", application.cv)
        rows.append(row)
    return rows


def _coursework(enrolment, files) -> dict:
    from essor.coursework.models import (
        NoteFeedback,
        NoteVersion,
        OralPresentation,
        ProblemStatementVersion,
        StatementOfIntent,
        TutoringRecord,
    )

    data: dict = {"note_intention": None}
    statement = StatementOfIntent.objects.filter(enrolment=enrolment).first()
    if statement:
        row = _row(statement, ["body", "file_name", "status", "submitted_at", "updated_at"])
        row["fichier"] = files.add("note-intention", statement.file)
        row["versions"] = []
        for version in statement.versions.all():
            v = _row(version, ["number", "body", "file_name", "words", "submitted", "created_at"])
            v["fichier"] = files.add("note-intention", version.file)
            row["versions"].append(v)
        row["commentaires"] = [_row(c, ["body", "created_at"]) for c in statement.comments.all()]
        data["note_intention"] = row
    data["problematiques"] = [
        _row(p, ["number", "text", "origin", "tutoring_module", "created_at"])
        | {"commentaires": [_row(c, ["body", "created_at"]) for c in p.comments.all()]}
        for p in ProblemStatementVersion.objects.filter(enrolment=enrolment)
    ]
    notes = []
    for version in NoteVersion.objects.filter(enrolment=enrolment):
        row = _row(
            version,
            ["number", "file_name", "file_kind", "file_size", "pages", "words", "is_final",
             "uploaded_at"],
        )  # fmt: skip
        row["fichier"] = files.add("note", version.file)
        row["retours"] = [
            _row(f, ["comment", "status", "created_at"])
            | {"fichier_annote": files.add("note", f.annotated_file)}
            for f in NoteFeedback.objects.filter(version=version)
        ]
        row["evaluations"] = [
            _row(a, ["grid", "decision", "reasons", "created_at"])
            for a in version.assessments.all()
        ]
        notes.append(row)
    data["note"] = notes
    data["fiches_tutorat"] = [
        _row(
            r,
            [
                "problem_statement_defined",
                "outline_done",
                "draft_percent",
                "diagnostic_sections_done",
                "notes",
                "next_steps",
                "updated_at",
            ],
        )
        | {"module": r.module.number}
        for r in TutoringRecord.objects.filter(enrolment=enrolment).select_related("module")
    ]
    oral = OralPresentation.objects.filter(enrolment=enrolment).first()
    data["oral"] = (
        _row(oral, ["rank", "start", "end", "grid", "feedback", "feedback_sent_at"])
        if oral
        else None
    )
    return data


def _attendance(enrolment, files) -> dict:
    from essor.attendance.models import AbsenceNotice, AttendanceRecord, Signature

    records = []
    for record in AttendanceRecord.objects.filter(enrolment=enrolment).select_related("slot"):
        row = _row(record, ["status", "minutes_late", "minutes_left_early", "reason"])
        row |= {"debut": _value(record.slot.start), "fin": _value(record.slot.end)}
        row["justificatif"] = files.add("justificatifs", record.justification)
        records.append(row)
    signatures = []
    for signature in Signature.objects.filter(enrolment=enrolment).select_related("slot"):
        row = _row(signature, ["signed_at", "method", "via", "user_agent"])
        row["demi_journee"] = _value(signature.slot.start)
        row["image"] = files.add("signatures", signature.image)
        signatures.append(row)
    notices = [
        _row(n, ["reason", "created_at"]) for n in AbsenceNotice.objects.filter(enrolment=enrolment)
    ]
    return {"presences": records, "signatures": signatures, "absences_annoncees": notices}


def _certification(enrolment, files) -> dict:
    from essor.certification.models import Certificate, JuryDecision

    certificates = []
    for certificate in Certificate.objects.filter(enrolment=enrolment):
        row = _row(
            certificate,
            ["number", "verification_code", "issued_at", "holder_name", "programme_title",
             "first_day", "last_day", "hours", "jury_date", "status", "revoked_at"],
        )  # fmt: skip
        row["pdf"] = files.add("certificats", certificate.pdf)
        certificates.append(row)
    decisions = [
        _row(d, ["decision", "reasons", "decided_at"])
        for d in JuryDecision.objects.filter(enrolment=enrolment)
    ]
    return {"certificats": certificates, "decisions_du_jury": decisions}


WORKBOOK_RECORDS = [
    "TimelineEvent", "Interview", "LabourLine", "Actor", "VolunteerEntry",
    "InKindContribution", "ResourceLine", "Partner", "SwotItem", "KeyVariable",
    "EmissionLine", "CareLine",
]  # fmt: skip


def _workbook(enrolment) -> dict | None:
    from django.forms.models import model_to_dict

    from essor.workbook import models as wb

    workbook = wb.Workbook.objects.filter(enrolment=enrolment).first()
    if workbook is None:
        return None
    data = {
        "sections": [
            _row(s, ["section", "status", "data", "updated_at"]) for s in workbook.sections.all()
        ],
        "commentaires": [
            _row(c, ["section", "body", "created_at"]) for c in workbook.comments.all()
        ],
    }
    for name in WORKBOOK_RECORDS:
        model = getattr(wb, name)
        data[name] = [
            {k: _value(v) for k, v in model_to_dict(obj, exclude=["workbook"]).items()}
            for obj in model.objects.filter(workbook=workbook)
        ]
    return data


def _surveys(user) -> list[dict]:
    from essor.surveys.models import Answer

    answers = (
        Answer.objects.filter(response__respondent=user)
        .select_related("response__survey", "question")
        .order_by("response__submitted_on", "pk")
    )
    return [
        {
            "questionnaire": a.response.survey.title,
            "recue_le": _value(a.response.submitted_on),
            "question": a.question.text,
            "nombre": a.number,
            "choix": a.choices,
            "texte": a.text,
        }
        for a in answers
    ]


def collect(user) -> tuple[dict, list[tuple[str, object]]]:
    """The JSON document and the files (arcname, FieldFile) of this person only."""
    from essor.cohorts.models import Enrolment
    from essor.foresight.models import Study

    files = _Files()
    enrolments = list(Enrolment.objects.filter(user=user).select_related("cohort", "organisation"))
    data = {"genere_le": _value(clock.now())} | _account(user)
    data["candidatures"] = _applications(user, enrolments, files)
    data["inscriptions"] = []
    for enrolment in enrolments:
        data["inscriptions"].append(
            {
                "promotion": enrolment.cohort.slug,
                "statut": enrolment.status,
                "structure": enrolment.organisation.name if enrolment.organisation else None,
                "fonction": enrolment.position,
                "historique": [
                    _row(e, ["from_status", "to_status", "at", "reason"])
                    for e in enrolment.events.all()
                ],
                "travaux": _coursework(enrolment, files),
                "assiduite": _attendance(enrolment, files),
                "certification": _certification(enrolment, files),
                "cahier_de_diagnostic": _workbook(enrolment),
                "etudes_prospectives": [
                    _row(s, ["tool", "title", "data", "result", "created_at", "updated_at"])
                    for s in Study.objects.filter(enrolment=enrolment)
                ],
            }
        )
    data["questionnaires_non_anonymes"] = _surveys(user)
    return data, files.entries


def export_user_data(user) -> bytes:
    data, entries = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "donnees.json", json.dumps(data, ensure_ascii=False, indent=2, default=str)
        )
        for arcname, field in entries:
            try:
                with field.storage.open(field.name, "rb") as handle:
                    archive.writestr(arcname, handle.read())
            except FileNotFoundError:
                continue
        archive.writestr(
            "LISEZMOI.txt", render_to_string("privacy/export_readme.txt", {"user": user})
        )
    return buffer.getvalue()
