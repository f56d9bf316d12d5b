"""Reads of the jury: the cohort's juries, the jury's sheet (every participant with the
evidence: eligibility and its reasons, hours, note decision, derogations, the history of
decisions), and the minutes (PDF rendered from the same sheet)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from essor.attendance.models import AttendanceRecord, AttendanceStatus
from essor.cohorts.models import Cohort, Enrolment
from essor.cohorts.selectors import display_name
from essor.core.formats import french_date
from essor.coursework.models import NoteAssessment, NoteDecision

from .eligibility import cohort_eligibility, slot_label
from .jury import JURY_STATUSES
from .models import Decision, Derogation, Jury, JuryDecision


def cohort_juries(cohort: Cohort) -> list[Jury]:
    """The cohort's juries, the latest first (1 query)."""
    return list(Jury.objects.filter(cohort=cohort).select_related("opened_by"))


def get_jury_for(user, jury_id: int) -> Jury:
    """A jury of a cohort that `user` coordinates; 404 otherwise (unknown or forbidden)."""
    jury = Jury.objects.select_related("cohort__programme").filter(pk=jury_id).first()
    if jury is None or not user.has_perm("cohorts.manage_cohort", jury.cohort):
        raise Http404(_("Jury introuvable."))
    return jury


def get_jury_enrolment(jury: Jury, enrolment_id: int) -> Enrolment:
    enrolment = (
        Enrolment.objects.filter(cohort_id=jury.cohort_id, pk=enrolment_id)
        .select_related("user", "application")
        .first()
    )
    if enrolment is None:
        raise Http404(_("Inscription introuvable."))
    return enrolment


def hours_text(value: timedelta) -> str:
    """« 52 h », « 52 h 30 »."""
    minutes = int(value.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


@dataclass
class Row:
    enrolment: Enrolment
    name: str
    eligibility: object
    attended: timedelta
    planned: timedelta
    note: NoteAssessment | None
    history: list[JuryDecision] = field(default_factory=list)
    current: JuryDecision | None = None
    derogations: list[Derogation] = field(default_factory=list)
    # Excused absences the jury may still cover with a derogation: (slot, label).
    excused: list[tuple] = field(default_factory=list)

    @property
    def hours(self) -> str:
        return _("%(attended)s sur %(planned)s") % {
            "attended": hours_text(self.attended),
            "planned": hours_text(self.planned),
        }

    @property
    def note_label(self) -> str:
        if self.note is None:
            return _("Note non évaluée")
        return _("Note %(decision)s") % {"decision": NoteDecision(self.note.decision).label}


@dataclass
class Sheet:
    jury: Jury
    rows: list[Row]
    derogations: list[Derogation]

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(row.current.decision for row in self.rows if row.current)
        return {value: found.get(value, 0) for value in Decision.values}

    @property
    def undecided(self) -> int:
        return sum(1 for row in self.rows if row.current is None)


def jury_sheet(jury: Jury) -> Sheet:
    """Every participant before the jury with the evidence (a fixed number of queries,
    whatever the number of participants)."""
    cohort = jury.cohort
    zone = ZoneInfo(cohort.timezone)
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status__in=JURY_STATUSES)
        .select_related("user", "application")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    ids = [e.pk for e in enrolments]
    eligibility = cohort_eligibility(cohort, enrolments)
    notes: dict[int, NoteAssessment] = {}
    for assessment in NoteAssessment.objects.filter(enrolment_id__in=ids).order_by(
        "created_at", "id"
    ):
        notes[assessment.enrolment_id] = assessment  # the latest wins
    history: dict[int, list[JuryDecision]] = {}
    for decision in (
        JuryDecision.objects.filter(enrolment_id__in=ids, jury__cohort=cohort)
        .select_related("decided_by", "jury")
        .order_by("decided_at", "id")
    ):
        history.setdefault(decision.enrolment_id, []).append(decision)
    derogations = list(
        Derogation.objects.filter(enrolment_id__in=ids)
        .select_related("slot__module", "granted_by", "enrolment__user", "enrolment__application")
        .order_by("slot__start", "id")
    )
    covered = {(d.enrolment_id, d.slot_id) for d in derogations}
    excused: dict[int, list[tuple]] = {}
    for record in (
        AttendanceRecord.objects.filter(
            enrolment_id__in=ids, status=AttendanceStatus.EXCUSED, slot__cohort=cohort
        )
        .select_related("slot__module")
        .order_by("slot__start")
    ):
        if (record.enrolment_id, record.slot_id) not in covered:
            excused.setdefault(record.enrolment_id, []).append(
                (record.slot, slot_label(record.slot, zone))
            )
    rows = []
    for enrolment in enrolments:
        of = eligibility[enrolment.pk]
        decisions = history.get(enrolment.pk, [])
        in_this_jury = [d for d in decisions if d.jury_id == jury.pk]
        rows.append(
            Row(
                enrolment=enrolment,
                name=display_name(enrolment),
                eligibility=of,
                attended=of.attended,
                planned=of.planned,
                note=notes.get(enrolment.pk),
                history=decisions,
                current=in_this_jury[-1] if in_this_jury else None,
                derogations=[d for d in derogations if d.enrolment_id == enrolment.pk],
                excused=excused.get(enrolment.pk, []),
            )
        )
    for derogation in derogations:
        derogation.label = slot_label(derogation.slot, zone)
    return Sheet(jury=jury, rows=rows, derogations=derogations)


# --- Minutes -------------------------------------------------------------------------------


def minutes_filename(jury: Jury) -> str:
    return f"pv-jury-{slugify(jury.cohort.slug)}-{jury.held_on:%Y-%m-%d}.pdf"


def minutes_data(jury: Jury) -> dict:
    """The minutes' content, every text in French and ready to print."""
    sheet = jury_sheet(jury)
    cohort = jury.cohort
    programme = cohort.programme
    counts = sheet.counts
    participants = []
    for row in sheet.rows:
        eligibility = row.eligibility
        participants.append(
            {
                "name": row.name,
                "decision": str(Decision(row.current.decision).label)
                if row.current
                else _("sans décision"),
                "reasons": row.current.reasons if row.current else "",
                "eligible": _("éligible")
                if eligibility is not None and eligibility.eligible
                else _("non éligible"),
                "hours": row.hours,
                "note": row.note_label,
            }
        )
    status = (
        _("Procès-verbal arrêté à la clôture du jury.")
        if jury.closed_at
        else _("Document provisoire : le jury n'est pas encore clos.")
    )
    return {
        "document_title": _("Procès-verbal du jury — %(cohort)s") % {"cohort": cohort.title},
        "title": _("Procès-verbal du jury"),
        "programme": str(getattr(programme, "certificate_name", "") or programme),
        "cohort": cohort.title,
        "fields": [
            {"label": _("Promotion"), "value": cohort.title},
            {"label": _("Date du jury"), "value": french_date(jury.held_on)},
            {"label": _("Président·e"), "value": jury.president},
            {"label": _("Membres"), "value": jury.members or "—"},
            {
                "label": _("Signataire des certificats"),
                "value": ", ".join(p for p in (jury.signatory, jury.signatory_title) if p),
            },
        ],
        "participants_heading": _("Décisions"),
        "columns": [_("Auditeur·rice"), _("Éligibilité"), _("Heures"), _("Note"), _("Décision")],
        "reasons_label": _("Motifs"),
        "participants": participants,
        "derogations_heading": _("Dérogations accordées"),
        "derogations": [
            {
                "name": display_name(d.enrolment),
                "slot": d.label,
                "reason": d.reason,
            }
            for d in sheet.derogations
        ],
        "no_derogation": _("Aucune dérogation."),
        "counts_heading": _("Décompte"),
        "counts": [
            {"label": _("Délivré"), "value": str(counts[Decision.AWARDED])},
            {"label": _("Ajourné"), "value": str(counts[Decision.DEFERRED])},
            {"label": _("Refusé"), "value": str(counts[Decision.REFUSED])},
            {"label": _("Sans décision"), "value": str(sheet.undecided)},
            {"label": _("Total"), "value": str(len(sheet.rows))},
        ],
        "status": status,
        "footer": _("%(cohort)s — procès-verbal du jury du %(date)s")
        % {"cohort": cohort.title, "date": french_date(jury.held_on)},
    }


def render_minutes(jury: Jury) -> bytes:
    from essor.documents.render import render_pdf

    return render_pdf("jury_minutes", minutes_data(jury))


def minutes_pdf(jury: Jury) -> bytes:
    """The stored minutes of a closed jury, as stored; rendered on demand while open."""
    if jury.closed_at and jury.minutes_pdf:
        with jury.minutes_pdf.open("rb") as stored:
            return stored.read()
    return render_minutes(jury)


def jury_url(jury: Jury) -> str:
    from django.urls import reverse

    return reverse("certification:jury", kwargs={"jury_id": jury.pk})
