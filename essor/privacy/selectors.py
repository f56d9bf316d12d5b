"""Reads for the privacy pages."""

from dataclasses import dataclass
from datetime import date

from essor.cohorts.models import Enrolment

from .models import FunderRetention, PurgeRun, RecordKind
from .schedule import LEGAL_KINDS, add_months, cohort_ends, funder_months, rules

# What each kind means for the person reading « Mes données ».
MY_KINDS = (
    RecordKind.ENROLMENT_FILES,
    RecordKind.COURSEWORK,
    RecordKind.WORKBOOK,
    RecordKind.INTERVIEWS,
    RecordKind.SIGN_IN_TRACES,
    RecordKind.ATTENDANCE,
    RecordKind.CERTIFICATES,
)


@dataclass
class KindLine:
    label: str
    months: int
    action: str
    legal: bool
    until: date


@dataclass
class EnrolmentRetention:
    cohort: str
    ends_on: date
    lines: list[KindLine]


def my_retention(user) -> list[EnrolmentRetention]:
    """For each of my enrolments, until when each kind of record is kept. Four queries."""
    all_rules, funders = rules(), funder_months()
    enrolments = list(Enrolment.objects.filter(user=user).select_related("cohort", "application"))
    ends = cohort_ends()
    result = []
    for enrolment in enrolments:
        end = ends[enrolment.cohort_id]
        funding = enrolment.application.funding if enrolment.application else None
        lines = []
        for kind in MY_KINDS:
            rule = all_rules[kind]
            months = rule.months
            if kind in LEGAL_KINDS and funding:
                months = max(months, funders.get(funding, 0))
            lines.append(
                KindLine(
                    label=str(RecordKind(kind).label),
                    months=months,
                    action=rule.get_action_display(),
                    legal=kind in LEGAL_KINDS,
                    until=add_months(end, months),
                )
            )
        result.append(EnrolmentRetention(enrolment.cohort.title, end, lines))
    return result


def my_counts(user) -> list[tuple[str, int]]:
    """How many records of each kind Essor holds about me."""
    from essor.accounts.models import ApiToken
    from essor.attendance.models import AttendanceRecord, Signature
    from essor.certification.models import Certificate
    from essor.cohorts.models import Application
    from essor.coursework.models import NoteVersion, ProblemStatementVersion, StatementVersion
    from essor.foresight.models import Study
    from essor.workbook.models import SectionEntry

    mine = {"enrolment__user": user}
    return [
        ("Candidatures", Application.objects.filter(enrolment__user=user).count()),
        ("Inscriptions", Enrolment.objects.filter(user=user).count()),
        (
            "Versions de la note d'intention",
            StatementVersion.objects.filter(statement__enrolment__user=user).count(),
        ),
        ("Versions de la problématique", ProblemStatementVersion.objects.filter(**mine).count()),
        ("Versions de la note", NoteVersion.objects.filter(**mine).count()),
        ("Présences", AttendanceRecord.objects.filter(**mine).count()),
        ("Signatures", Signature.objects.filter(**mine).count()),
        ("Certificats", Certificate.objects.filter(**mine).count()),
        (
            "Sections du cahier de diagnostic",
            SectionEntry.objects.filter(workbook__enrolment__user=user).count(),
        ),
        ("Études prospectives", Study.objects.filter(**mine).count()),
        ("Jetons d'API", ApiToken.objects.filter(user=user).count()),
    ]


def schedule_page():
    """The rules, the funders' durations and the last runs. Three queries."""
    return {
        "rules": sorted(rules().values(), key=lambda r: r.kind),
        "funders": list(FunderRetention.objects.all()),
        "runs": list(PurgeRun.objects.select_related("by")[:10]),
    }
