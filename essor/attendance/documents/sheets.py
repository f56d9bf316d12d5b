"""The signed attendance sheet of a half-day (a view of the evidence as it stands: the
signatures, the speaker's countersignature, the status of record of each participant),
and the blank sheet, the paper fallback to print and have signed by hand.

Signature images travel to typst as files named here (`sig-<id>.png`), never by the
user; the data only names them.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from essor.cohorts.convocation import participant_name
from essor.cohorts.models import Enrolment
from essor.core import clock
from essor.core.formats import french_date, french_time
from essor.documents.render import render_pdf
from essor.programmes.models import Slot
from essor.programmes.timeutils import format_hours

from ..hours import ZERO, attended_duration
from ..labels import status_text
from ..models import (
    AttendanceRecord,
    AttendanceStatus,
    Countersignature,
    Signature,
    SignatureMethod,
    SlotSpeaker,
)
from .common import (
    ON_SHEET,
    cohort_zone,
    header_labels,
    in_site_language,
    organisation_name,
    participant_sort_key,
    person_name,
    read_png,
    slot_header,
)

ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY)


@dataclass(frozen=True)
class SheetRow:
    enrolment: Enrolment
    signature: Signature | None
    record: AttendanceRecord | None


@dataclass(frozen=True)
class SheetEvidence:
    slot: Slot
    speakers: list
    countersignature: Countersignature | None
    rows: list[SheetRow]


def slot_speakers(slot: Slot) -> list:
    """Who teaches the half-day, alphabetically (1 query)."""
    return [
        item.speaker
        for item in SlotSpeaker.objects.filter(slot=slot)
        .select_related("speaker")
        .order_by("speaker__last_name", "speaker__first_name", "pk")
    ]


def sheet_participants(slot: Slot) -> list[Enrolment]:
    """Who has a line on the sheet, in alphabetical order (1 query)."""
    signed = Signature.objects.filter(slot=slot, enrolment=OuterRef("pk"))
    recorded = AttendanceRecord.objects.filter(slot=slot, enrolment=OuterRef("pk"))
    enrolments = (
        Enrolment.objects.filter(cohort_id=slot.cohort_id)
        .filter(Q(status__in=ON_SHEET) | Exists(signed) | Exists(recorded))
        .select_related("user", "organisation", "application")
    )
    return sorted(enrolments, key=participant_sort_key)


def sheet_evidence(slot: Slot) -> SheetEvidence:
    """Everything the signed sheet shows (5 queries, whatever the number of participants)."""
    speakers = slot_speakers(slot)
    countersignature = (
        Countersignature.objects.filter(slot=slot).select_related("signed_by").first()
    )
    enrolments = sheet_participants(slot)
    signatures = {s.enrolment_id: s for s in Signature.objects.filter(slot=slot).order_by()}
    records = {r.enrolment_id: r for r in AttendanceRecord.objects.filter(slot=slot).order_by()}
    return SheetEvidence(
        slot=slot,
        speakers=speakers,
        countersignature=countersignature,
        rows=[SheetRow(e, signatures.get(e.pk), records.get(e.pk)) for e in enrolments],
    )


def sheet_status(record: AttendanceRecord | None, signature: Signature | None) -> str:
    """The status as the sheet prints it, minutes included (« en retard (15 min) »)."""
    if record is None:
        # A signature is presence; the status of record follows it in the normal flow.
        return str(AttendanceStatus.PRESENT.label) if signature else _("non émargé")
    return status_text(record.status, record.minutes_late, record.minutes_left_early)


def _row_time(row: SheetRow, slot: Slot) -> timedelta:
    if row.record is not None:
        return attended_duration(
            slot.duration,
            row.record.status,
            row.record.minutes_late,
            row.record.minutes_left_early,
        )
    return slot.duration if row.signature is not None else ZERO


def _signature_cell(signature: Signature | None, files: dict[str, bytes]) -> tuple[str, str]:
    """(image file name or "", note shown instead of or under the image)."""
    if signature is None:
        return "", ""
    if signature.method == SignatureMethod.CONFIRMATION:
        return "", _("présence confirmée en ligne")
    if signature.method == SignatureMethod.PAPER:
        return "", _("feuille papier")
    content = read_png(signature.image.name)
    if content is None:
        return "", _("image de la signature indisponible")
    name = f"sig-{signature.pk}.png"
    files[name] = content
    return name, ""


def sheet_data(evidence: SheetEvidence) -> tuple[dict, dict[str, bytes]]:
    """The signed sheet's data and the image files it names (no query)."""
    slot = evidence.slot
    zone = cohort_zone(slot.cohort)
    files: dict[str, bytes] = {}
    rows, present, attended = [], 0, ZERO
    for row in evidence.rows:
        image, note = _signature_cell(row.signature, files)
        signed_at = row.signature.signed_at.astimezone(zone) if row.signature else None
        if (row.record is None and row.signature) or (row.record and row.record.status in ATTENDED):
            present += 1
        attended += _row_time(row, slot)
        rows.append(
            {
                "name": participant_name(row.enrolment),
                "organisation": organisation_name(row.enrolment),
                "signature": image or None,
                "signature_note": note,
                "signed_at": french_time(signed_at.time()) if signed_at else "",
                "status": sheet_status(row.record, row.signature),
            }
        )
    counter = evidence.countersignature
    countersignature = None
    if counter is not None:
        signed = counter.signed_at.astimezone(zone)
        content = read_png(counter.image.name)
        image = None
        if content is not None:
            image = f"countersig-{counter.pk}.png"
            files[image] = content
        countersignature = {
            "text": _("Contresignée par %(name)s le %(date)s à %(time)s")
            % {
                "name": person_name(counter.signed_by),
                "date": french_date(signed.date()),
                "time": french_time(signed.time()),
            },
            "image": image,
        }
    header = slot_header(slot)
    edited = clock.now().astimezone(zone)
    data = {
        **header,
        "document_title": _("Feuille d'émargement — %(module)s — %(date)s %(half)s")
        % {"module": header["module"]["label"], "date": header["date"], "half": header["half_day"]},
        "title": _("Feuille d'émargement"),
        "speakers": ", ".join(person_name(s) for s in evidence.speakers) or _("non renseigné"),
        "countersignature": countersignature,
        "countersignature_pending": _("en attente"),
        "rows": rows,
        "totals": [
            _("Présent·es : %(present)s / %(enrolled)s")
            % {"present": present, "enrolled": len(rows)},
            _("Durée de la demi-journée : %(hours)s") % {"hours": header["duration"]},
            _("Heures réalisées (cumul des auditeur·rices) : %(hours)s")
            % {"hours": format_hours(attended)},
        ],
        "empty": _("Aucun·e auditeur·rice inscrit·e."),
        "footer": _("Édité le %(date)s à %(time)s, d'après les émargements enregistrés.")
        % {"date": french_date(edited.date()), "time": french_time(edited.time())},
        "labels": {
            **header_labels(),
            "countersignature": _("Contresignature de l'intervenant·e"),
            "signed_at": _("Heure"),
            "status": _("Statut"),
            "totals": _("Totaux"),
        },
    }
    return data, files


@in_site_language
def render_attendance_sheet(slot: Slot) -> bytes:
    data, files = sheet_data(sheet_evidence(slot))
    return render_pdf("attendance_sheet", data, files=files)


def blank_sheet_data(slot: Slot, enrolments: list[Enrolment], speakers: list) -> dict:
    header = slot_header(slot)
    return {
        **header,
        "document_title": _("Feuille d'émargement à signer — %(module)s — %(date)s %(half)s")
        % {"module": header["module"]["label"], "date": header["date"], "half": header["half_day"]},
        "title": _("Feuille d'émargement"),
        "subtitle": _("À signer à la main, puis à numériser et joindre à la demi-journée."),
        "speakers": ", ".join(person_name(s) for s in speakers) or _("non renseigné"),
        "rows": [
            {"name": participant_name(e), "organisation": organisation_name(e)} for e in enrolments
        ],
        "empty": _("Aucun·e auditeur·rice inscrit·e."),
        "speaker_box": _("Nom et signature de l'intervenant·e"),
        "footer": _("Feuille papier de secours — %(cohort)s") % {"cohort": header["cohort"]},
        "labels": header_labels(),
    }


@in_site_language
def render_blank_sheet(slot: Slot) -> bytes:
    """The paper fallback (2 queries): who is enrolled, who teaches."""
    speakers = slot_speakers(slot)
    enrolments = [e for e in sheet_participants(slot) if e.status in ON_SHEET]
    return render_pdf("attendance_sheet_blank", blank_sheet_data(slot, enrolments, speakers))
