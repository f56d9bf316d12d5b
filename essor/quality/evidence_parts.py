"""The tables of the quality evidence (essor/quality/evidence.py), one function per table,
each with a fixed number of queries. CSV through essor.core.spreadsheets (French Excel:
`;`, BOM, formulas neutralised)."""

from collections import Counter
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from essor.attendance.absence_selectors import cohort_notices
from essor.attendance.documents.common import half_day_label
from essor.attendance.models import Countersignature, SlotSpeaker
from essor.cohorts.convocation import participant_name
from essor.cohorts.models import Application, Cohort, Enrolment
from essor.core.formats import french_date, french_time
from essor.core.spreadsheets import Table, to_csv
from essor.coursework.models import (
    NoteAssessment,
    OralPresentation,
    ProblemStatementVersion,
    TutoringRecord,
    TutoringSession,
)
from essor.coursework.note_services import GRID_CRITERIA
from essor.coursework.tutoring_forms import ORAL_CRITERIA
from essor.programmes.models import Slot


def yes_no(value: bool) -> str:
    return _("oui") if value else _("non")


def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def local_date(value, zone: ZoneInfo) -> str:
    return french_date(value.astimezone(zone).date()) if value else ""


def csv_bytes(headers: list, rows: list[list]) -> bytes:
    return to_csv(Table(headers=[str(h) for h in headers], rows=rows))


def decimal_text(value) -> str:
    return "" if value is None else str(value).replace(".", ",")


# --- 2 and 3: results ------------------------------------------------------------------


RESULT_HEADERS = (
    "Promotion",
    "Premier jour",
    "Dernier jour",
    "Participant·es",
    "Abandons",
    "Taux d'abandon (%)",
    "Parcours complets",
    "Taux d'achèvement (%)",
    "Certifié·es",
    "Taux de certification (%)",
    "Heures suivies",
    "Heures prévues",
    "Taux d'assiduité (%)",
    "Réponses de satisfaction",
    "Satisfaction moyenne (sur 5)",
)


def result_row(label: str, result) -> list[str]:
    satisfaction = result.satisfaction
    return [
        label,
        french_date(result.first_day) if result.first_day else "",
        french_date(result.last_day) if result.last_day else "",
        str(result.participants),
        str(result.withdrawn),
        decimal_text(result.dropout_rate),
        str(result.completed),
        decimal_text(result.completion_rate),
        str(result.certified),
        decimal_text(result.certification_rate),
        decimal_text(result.attended_hours),
        decimal_text(result.planned_hours),
        decimal_text(result.attendance_rate),
        str(satisfaction.answers),
        # Under 5 answers the mean is not shown, as on the pages.
        decimal_text(satisfaction.mean) if satisfaction.shown else _("moins de 5 réponses"),
    ]


def results_csv(rows: list[tuple[str, object]]) -> bytes:
    return csv_bytes([_(h) for h in RESULT_HEADERS], [result_row(label, r) for label, r in rows])


def certification_csv(participants: int, eligible: int, certified: int, rate) -> bytes:
    return csv_bytes(
        [_("Participant·es"), _("Éligibles à ce jour"), _("Certifié·es"), _("Taux (%)")],
        [[str(participants), str(eligible), str(certified), decimal_text(rate)]],
    )


# --- 4 to 8: needs and positioning -----------------------------------------------------


def applications(cohort: Cohort) -> list[Application]:
    return list(Application.objects.filter(cohort=cohort).order_by("last_name", "first_name", "pk"))


def applications_csv(cohort: Cohort, rows: list[Application]) -> bytes:
    """The needs analysis of each application, without the CV, contact details or the
    health-related needs (indicator 26 counts them, nothing more)."""
    zone = ZoneInfo(cohort.timezone)
    return csv_bytes(
        [
            _("Nom"),
            _("Prénom"),
            _("Structure"),
            _("Famille de la structure"),
            _("Région"),
            _("Fonction"),
            _("Niveau du diplôme le plus élevé"),
            _("Validation des acquis (VAPP) demandée"),
            _("Motivation"),
            _("Financement"),
            _("Statut"),
            _("Reçue le"),
        ],
        [
            [
                a.last_name,
                a.first_name,
                a.organisation_name,
                a.get_organisation_family_display(),
                a.get_region_display(),
                a.position,
                str(a.diploma_level or ""),
                yes_no(bool(a.vapp_request.strip())),
                a.motivation,
                a.get_funding_display(),
                a.get_status_display(),
                local_date(a.created_at, zone),
            ]
            for a in rows
        ],
    )


# --- 10: tutoring ------------------------------------------------------------------------


def tutoring_records_csv(cohort: Cohort) -> tuple[bytes, int]:
    zone = ZoneInfo(cohort.timezone)
    records = list(
        TutoringRecord.objects.filter(enrolment__cohort=cohort)
        .select_related("enrolment__user", "enrolment__application", "module", "author")
        .order_by("enrolment__user__last_name", "enrolment_id", "module__number")
    )
    content = csv_bytes(
        [
            _("Auditeur·rice"),
            _("Module"),
            _("Problématique définie"),
            _("Plan établi"),
            _("Avancement de la rédaction (%)"),
            _("Sections du diagnostic terminées"),
            _("Prochaines étapes"),
            _("Renseigné par"),
            _("Mis à jour le"),
        ],
        [
            [
                participant_name(r.enrolment),
                str(r.module.number),
                yes_no(r.problem_statement_defined),
                yes_no(r.outline_done),
                str(r.draft_percent),
                str(len(r.diagnostic_sections_done or [])),
                " | ".join(str(step) for step in r.next_steps or []),
                person(r.author),
                local_date(r.updated_at, zone),
            ]
            for r in records
        ],
    )
    return content, len(records)


def tutoring_sessions_csv(cohort: Cohort) -> tuple[bytes, int]:
    zone = ZoneInfo(cohort.timezone)
    sessions = list(
        TutoringSession.objects.filter(slot__cohort=cohort)
        .select_related("slot__module", "tutor")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Enrolment.objects.select_related("user", "application").order_by("pk"),
            )
        )
        .order_by("start", "pk")
    )
    content = csv_bytes(
        [
            _("Module"),
            _("Date"),
            _("Début"),
            _("Fin"),
            _("Nature"),
            _("Tuteur·rice"),
            _("Auditeur·rices"),
        ],
        [
            [
                str(s.slot.module.number),
                local_date(s.start, zone),
                french_time(s.start.astimezone(zone).time()),
                french_time(s.end.astimezone(zone).time()),
                s.get_kind_display(),
                person(s.tutor),
                ", ".join(participant_name(e) for e in s.participants.all()),
            ]
            for s in sessions
        ],
    )
    return content, len(sessions)


# --- 11: assessment ----------------------------------------------------------------------


def _grid_text(grid: dict, criteria) -> list[str]:
    return [str(grid.get(key, "")) if grid else "" for key, _label in criteria]


def note_assessments_csv(cohort: Cohort) -> tuple[bytes, int]:
    zone = ZoneInfo(cohort.timezone)
    rows = list(
        NoteAssessment.objects.filter(enrolment__cohort=cohort)
        .select_related("enrolment__user", "enrolment__application", "version", "assessor")
        .order_by("enrolment__user__last_name", "enrolment_id", "created_at", "pk")
    )
    content = csv_bytes(
        [_("Auditeur·rice"), _("Version de la note"), _("Évaluée par"), _("Le")]
        + [str(label) for _key, label in GRID_CRITERIA]
        + [_("Décision"), _("Motifs")],
        [
            [
                participant_name(a.enrolment),
                str(a.version.number),
                person(a.assessor),
                local_date(a.created_at, zone),
                *_grid_text(a.grid, GRID_CRITERIA),
                a.get_decision_display(),
                a.reasons,
            ]
            for a in rows
        ],
    )
    return content, len(rows)


def orals_csv(cohort: Cohort) -> tuple[bytes, int]:
    zone = ZoneInfo(cohort.timezone)
    rows = list(
        OralPresentation.objects.filter(enrolment__cohort=cohort)
        .select_related("enrolment__user", "enrolment__application", "evaluated_by")
        .order_by("rank", "pk")
    )
    content = csv_bytes(
        [_("Ordre"), _("Auditeur·rice"), _("Date"), _("Heure")]
        + [str(label) for _key, label in ORAL_CRITERIA]
        + [_("Évaluée par"), _("Retours envoyés le")],
        [
            [
                str(o.rank),
                participant_name(o.enrolment),
                local_date(o.start, zone),
                french_time(o.start.astimezone(zone).time()) if o.start else "",
                *_grid_text(o.grid, ORAL_CRITERIA),
                person(o.evaluated_by),
                local_date(o.feedback_sent_at, zone),
            ]
            for o in rows
        ],
    )
    return content, len(rows)


def problem_versions_csv(cohort: Cohort, enrolments: list[Enrolment]) -> tuple[bytes, int]:
    counts = Counter(
        ProblemStatementVersion.objects.filter(enrolment__cohort=cohort).values_list(
            "enrolment_id", flat=True
        )
    )
    content = csv_bytes(
        [_("Auditeur·rice"), _("Versions de la problématique")],
        [[participant_name(e), str(counts.get(e.pk, 0))] for e in enrolments],
    )
    return content, sum(counts.values())


# --- 12: attendance ----------------------------------------------------------------------


def absence_notices_csv(cohort: Cohort) -> tuple[bytes, int]:
    notices = cohort_notices(cohort)
    content = csv_bytes(
        [_("Auditeur·rice"), _("Signalée le"), _("Demi-journées"), _("Motif")],
        [[n.name, n.created_on, " | ".join(n.half_days), n.notice.reason] for n in notices],
    )
    return content, len(notices)


# --- 21 and 22: speakers -----------------------------------------------------------------


def speakers_csv(cohort: Cohort, slots: list[Slot]) -> tuple[bytes, int, int]:
    """Who taught each half-day and who countersigned its sheet (2 queries)."""
    zone = ZoneInfo(cohort.timezone)
    speakers: dict[int, list[str]] = {}
    for item in (
        SlotSpeaker.objects.filter(slot__cohort=cohort)
        .select_related("speaker")
        .order_by("speaker__last_name", "speaker__first_name", "pk")
    ):
        speakers.setdefault(item.slot_id, []).append(person(item.speaker))
    countersignatures = {
        c.slot_id: c
        for c in Countersignature.objects.filter(slot__cohort=cohort).select_related("signed_by")
    }
    rows = []
    for slot in slots:
        counter = countersignatures.get(slot.pk)
        rows.append(
            [
                str(slot.module.number),
                slot.module.title,
                local_date(slot.start, zone),
                half_day_label(slot),
                ", ".join(speakers.get(slot.pk, [])),
                person(counter.signed_by) if counter else "",
                local_date(counter.signed_at, zone) if counter else "",
            ]
        )
    content = csv_bytes(
        [
            _("Module"),
            _("Intitulé"),
            _("Date"),
            _("Demi-journée"),
            _("Intervenant·es"),
            _("Contresignée par"),
            _("Contresignée le"),
        ],
        rows,
    )
    return content, sum(len(v) for v in speakers.values()), len(countersignatures)
