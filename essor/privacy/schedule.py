"""The retention schedule: until when each kind of personal record is kept, and what is
due now. Every period runs from the cohort's last half-day, except an application not
retained (from the decision) and an inactive account (from the last login).

Attendance evidence and certificates are under a legal retention: the longest of the
rule and the duration the participant's funder asks for applies.
"""

import calendar
import importlib
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from essor.cohorts.models import Application, ApplicationStatus, Cohort, Enrolment
from essor.core.errors import DomainError

from .models import FunderRetention, RecordKind, RetentionAction, RetentionRule

LEGAL_KINDS = (RecordKind.ATTENDANCE, RecordKind.CERTIFICATES)
LEGAL_MINIMUM_MONTHS = 36
ANONYMISED_HOLDER = "Titulaire anonymisé"


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _defaults():
    return importlib.import_module("essor.privacy.migrations.0002_default_schedule")


def rules() -> dict[str, RetentionRule]:
    """Every kind's rule (the default one when a row is missing). One query."""
    found = {rule.kind: rule for rule in RetentionRule.objects.all()}
    for kind, months, action, legal, basis in _defaults().RULES:
        found.setdefault(
            kind, RetentionRule(kind=kind, months=months, action=action, legal=legal, basis=basis)
        )
    return found


def funder_months() -> dict[str, int]:
    """One query."""
    found = dict(FunderRetention.objects.values_list("funding", "months"))
    for funding, months, _basis in _defaults().FUNDERS:
        found.setdefault(funding, months)
    return found


def _as_date(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date()
    return value


def cohort_ends(cohorts=None) -> dict[int, date]:
    """The last half-day of each cohort (its creation when it has no slot). One query."""
    qs = Cohort.objects.all() if cohorts is None else cohorts
    ends = {}
    for pk, last, created in qs.annotate(last=Max("slots__end")).values_list(
        "pk", "last", "created_at"
    ):
        ends[pk] = _as_date(last or created)
    return ends


def cohort_end(cohort: Cohort) -> date:
    return cohort_ends(Cohort.objects.filter(pk=cohort.pk))[cohort.pk]


def _months_for(kind: str, funding: str | None, all_rules, funders) -> int:
    months = all_rules[kind].months
    if kind in LEGAL_KINDS and funding:
        months = max(months, funders.get(funding, 0))
    return months


def retention_until(kind: str, target: Enrolment | Cohort) -> date:
    """Until when records of this kind about this enrolment (or this whole cohort) are
    kept. For a cohort and a legal kind, the longest over its enrolments' fundings."""
    all_rules, funders = rules(), funder_months()
    if isinstance(target, Enrolment):
        application = target.application
        fundings = [application.funding if application else None]
        end = cohort_end(target.cohort)
    else:
        fundings = list(
            Enrolment.objects.filter(cohort=target).values_list("application__funding", flat=True)
        ) or [None]
        end = cohort_end(target)
    months = max(_months_for(kind, funding, all_rules, funders) for funding in fundings)
    return add_months(end, months)


# --- what is due ------------------------------------------------------------------------


@dataclass
class Target:
    """One thing to purge: the object the handler works on and a description that names
    nobody (model label and primary key, cohort slug, counts)."""

    model: str
    pk: int
    description: str
    due: date
    obj: object = None


@dataclass
class DueGroup:
    kind: str
    label: str
    action: str
    count: int
    items: list[tuple[str, int, str, date]] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list, repr=False)

    @property
    def action_label(self) -> str:
        return RetentionAction(self.action).label


def _enrolments():
    return list(Enrolment.objects.select_related("cohort", "application").order_by("pk"))


def _enrolment_target(enrolment, due, what: str) -> Target:
    return Target(
        "cohorts.Enrolment",
        enrolment.pk,
        _("Inscription n° %(pk)s (%(cohort)s) : %(what)s")
        % {"pk": enrolment.pk, "cohort": enrolment.cohort.slug, "what": what},
        due,
        enrolment,
    )


def _per_enrolment(kind, today, ends, all_rules, funders, enrolments, counter):
    """Enrolments whose period for `kind` is over and that still hold something of it."""
    targets = []
    for enrolment in enrolments:
        funding = enrolment.application.funding if enrolment.application else None
        due = add_months(ends[enrolment.cohort_id], _months_for(kind, funding, all_rules, funders))
        if due > today:
            continue
        what = counter(enrolment)
        if what:
            targets.append(_enrolment_target(enrolment, due, what))
    return targets


def _counted(*parts: str) -> str:
    """One enrolment's counts, joined: each is its own ngettext so that every noun agrees
    with its own number (one plural form cannot cover « 1 présence, 3 signatures »)."""
    return ", ".join(parts)


def _count_attendance(enrolment) -> str:
    from essor.attendance.models import AbsenceNotice, AttendanceRecord, Signature

    records = AttendanceRecord.objects.filter(enrolment=enrolment).count()
    signatures = Signature.objects.filter(enrolment=enrolment).count()
    notices = AbsenceNotice.objects.filter(enrolment=enrolment).count()
    if not (records or signatures or notices):
        return ""
    return _counted(
        ngettext("%(n)s présence", "%(n)s présences", records) % {"n": records},
        ngettext("%(n)s signature", "%(n)s signatures", signatures) % {"n": signatures},
        ngettext("%(n)s absence annoncée", "%(n)s absences annoncées", notices) % {"n": notices},
    )


def _count_certificates(enrolment) -> str:
    from essor.certification.models import Certificate

    n = Certificate.objects.filter(enrolment=enrolment).exclude(holder_name=ANONYMISED_HOLDER)
    n = n.count()
    return ngettext("%(n)s certificat", "%(n)s certificats", n) % {"n": n} if n else ""


def _count_coursework(enrolment) -> str:
    from essor.coursework.models import (
        NoteVersion,
        OralPresentation,
        ProblemStatementVersion,
        StatementOfIntent,
        TutoringRecord,
    )

    statements = StatementOfIntent.objects.filter(enrolment=enrolment).count()
    problems = ProblemStatementVersion.objects.filter(enrolment=enrolment).count()
    notes = NoteVersion.objects.filter(enrolment=enrolment).count()
    tutoring = TutoringRecord.objects.filter(enrolment=enrolment).count()
    orals = OralPresentation.objects.filter(enrolment=enrolment).count()
    if not (statements or problems or notes or tutoring or orals):
        return ""
    return _counted(
        ngettext("%(n)s note d'intention", "%(n)s notes d'intention", statements)
        % {"n": statements},
        ngettext("%(n)s problématique", "%(n)s problématiques", problems) % {"n": problems},
        ngettext("%(n)s version de la note", "%(n)s versions de la note", notes) % {"n": notes},
        ngettext("%(n)s fiche de tutorat", "%(n)s fiches de tutorat", tutoring) % {"n": tutoring},
        ngettext("%(n)s oral", "%(n)s oraux", orals) % {"n": orals},
    )


def _count_workbook(enrolment) -> str:
    from essor.foresight.models import Study
    from essor.workbook.models import Workbook

    workbooks = Workbook.objects.filter(enrolment=enrolment).count()
    studies = Study.objects.filter(enrolment=enrolment).count()
    if not (workbooks or studies):
        return ""
    return _counted(
        ngettext("%(n)s cahier", "%(n)s cahiers", workbooks) % {"n": workbooks},
        ngettext("%(n)s étude prospective", "%(n)s études prospectives", studies) % {"n": studies},
    )


def _count_interviews(enrolment) -> str:
    from essor.workbook.models import Interview, VolunteerEntry

    interviews = Interview.objects.filter(workbook__enrolment=enrolment).count()
    pseudonyms = (
        VolunteerEntry.objects.filter(workbook__enrolment=enrolment).exclude(volunteer="").count()
    )
    if not (interviews or pseudonyms):
        return ""
    return _counted(
        ngettext("%(n)s entretien", "%(n)s entretiens", interviews) % {"n": interviews},
        ngettext("%(n)s pseudonyme de bénévole", "%(n)s pseudonymes de bénévoles", pseudonyms)
        % {"n": pseudonyms},
    )


def _count_traces(enrolment) -> str:
    from essor.attendance.models import Signature

    n = (
        Signature.objects.filter(enrolment=enrolment)
        .filter(~Q(user_agent="") | ~Q(ip_hash=""))
        .count()
    )
    if not n:
        return ""
    return ngettext(
        "%(n)s signature avec traces techniques", "%(n)s signatures avec traces techniques", n
    ) % {"n": n}


def _count_enrolment_files(enrolment) -> str:
    application = enrolment.application
    if application is None:
        return ""
    held = [
        label
        for label, value in (
            (_("CV"), application.cv),
            (_("téléphone"), application.phone),
            (_("besoins d'aménagement"), application.accessibility_needs),
        )
        if value
    ]
    return ", ".join(held)


def _applications_not_retained(today, ends, all_rules) -> list[Target]:
    months = all_rules[RecordKind.APPLICATIONS].months
    targets = []
    qs = (
        Application.objects.filter(enrolment__isnull=True)
        .exclude(status=ApplicationStatus.ADMITTED)
        .order_by("pk")
    )
    for application in qs:
        start = _as_date(application.decided_at) or ends[application.cohort_id]
        due = add_months(start, months)
        if due <= today:
            targets.append(
                Target(
                    "cohorts.Application",
                    application.pk,
                    _("Candidature n° %(pk)s (%(status)s)")
                    % {"pk": application.pk, "status": application.get_status_display()},
                    due,
                    application,
                )
            )
    return targets


def _complaints(today, ends, all_rules) -> list[Target]:
    from essor.quality.models import Complaint

    months = all_rules[RecordKind.COMPLAINTS].months
    targets = []
    for complaint in Complaint.objects.exclude(complainant_name="").order_by("pk"):
        due = add_months(ends[complaint.cohort_id], months)
        if due <= today:
            targets.append(
                Target(
                    "quality.Complaint",
                    complaint.pk,
                    _("Réclamation n° %(pk)s du %(date)s")
                    % {"pk": complaint.pk, "date": complaint.received_on.isoformat()},
                    due,
                    complaint,
                )
            )
    return targets


def is_anonymised(user) -> bool:
    return user.username.startswith("anonyme-")


def _inactive_accounts(today, all_rules) -> list[Target]:
    from essor.accounts.models import User

    months = all_rules[RecordKind.ACCOUNTS].months
    targets = []
    qs = (
        User.objects.filter(is_superuser=False, is_staff=False)
        .exclude(username__startswith="anonyme-")
        .order_by("pk")
    )
    for user in qs:
        last = _as_date(user.last_login or user.date_joined)
        due = add_months(last, months)
        if due <= today:
            targets.append(
                Target(
                    "accounts.User",
                    user.pk,
                    _("Compte n° %(pk)s inactif") % {"pk": user.pk},
                    due,
                    user,
                )
            )
    return targets


ENROLMENT_COUNTERS = {
    RecordKind.ATTENDANCE: _count_attendance,
    RecordKind.CERTIFICATES: _count_certificates,
    RecordKind.ENROLMENT_FILES: _count_enrolment_files,
    RecordKind.COURSEWORK: _count_coursework,
    RecordKind.WORKBOOK: _count_workbook,
    RecordKind.INTERVIEWS: _count_interviews,
    RecordKind.SIGN_IN_TRACES: _count_traces,
}

# The order of the purge: traces before the signatures that carry them are deleted.
ORDER = (
    RecordKind.SIGN_IN_TRACES,
    RecordKind.INTERVIEWS,
    RecordKind.ENROLMENT_FILES,
    RecordKind.APPLICATIONS,
    RecordKind.COURSEWORK,
    RecordKind.WORKBOOK,
    RecordKind.COMPLAINTS,
    RecordKind.ATTENDANCE,
    RecordKind.CERTIFICATES,
    RecordKind.ACCOUNTS,
)


def due_items(*, now: datetime) -> list[DueGroup]:
    """What the schedule says must go now, per kind (a kind with nothing due is listed
    with a count of 0). Nothing here names a person."""
    today = _as_date(now)
    all_rules, funders = rules(), funder_months()
    ends = cohort_ends()
    enrolments = _enrolments()
    groups = []
    for kind in ORDER:
        if kind in ENROLMENT_COUNTERS:
            targets = _per_enrolment(
                kind, today, ends, all_rules, funders, enrolments, ENROLMENT_COUNTERS[kind]
            )
        elif kind == RecordKind.APPLICATIONS:
            targets = _applications_not_retained(today, ends, all_rules)
        elif kind == RecordKind.COMPLAINTS:
            targets = _complaints(today, ends, all_rules)
        else:
            targets = _inactive_accounts(today, all_rules)
        groups.append(
            DueGroup(
                kind=kind,
                label=str(RecordKind(kind).label),
                action=all_rules[kind].action,
                count=len(targets),
                items=[(t.model, t.pk, t.description, t.due) for t in targets],
                targets=targets,
            )
        )
    return groups


# --- editing the schedule (the retention page) --------------------------------------------


@transaction.atomic
def save_schedule(*, by, months: dict[str, int], actions: dict[str, str], funders: dict[str, int]):
    """Write the rules and the funders' durations. A legal kind cannot go under
    LEGAL_MINIMUM_MONTHS; a certificate is never deleted (it must stay verifiable)."""
    current = rules()
    problems = []
    for kind, value in months.items():
        if current[kind].legal and value < LEGAL_MINIMUM_MONTHS:
            problems.append(
                _("« %(kind)s » relève d'une obligation légale : %(min)s mois au minimum.")
                % {"kind": RecordKind(kind).label, "min": LEGAL_MINIMUM_MONTHS}
            )
    if actions.get(RecordKind.CERTIFICATES) == RetentionAction.DELETE:
        problems.append(
            _("Un certificat doit rester vérifiable : il est anonymisé, jamais supprimé.")
        )
    if problems:
        raise DomainError("invalid_schedule", problems[0], details=problems[1:])
    for kind, value in months.items():
        rule = current[kind]
        rule.months = value
        rule.action = actions.get(kind, rule.action)
        rule.updated_by = by
        rule.save()
    for funding, value in funders.items():
        FunderRetention.objects.update_or_create(funding=funding, defaults={"months": value})
