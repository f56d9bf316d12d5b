"""The retention schedule and the purge, on a cohort that ended four years ago: one
participant self-funded (attendance kept 3 years), one OPCO-funded (6 years)."""

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import translation

from essor.attendance.models import AttendanceRecord, Signature
from essor.certification.models import Certificate
from essor.coursework.models import NoteVersion, StatementOfIntent
from essor.foresight.models import Study
from essor.privacy.models import FunderRetention, PurgeRun, RecordKind, RetentionRule
from essor.privacy.purge import purge
from essor.privacy.schedule import add_months, due_items, retention_until
from essor.workbook.models import Interview, VolunteerEntry, Workbook

from .data import FOUR_YEARS_LATER, crafted, freeze, stored

pytestmark = pytest.mark.django_db


def _group(groups, kind):
    return next(g for g in groups if g.kind == kind)


def test_the_default_schedule_is_seeded_by_the_migration(db):
    assert RetentionRule.objects.count() == len(RecordKind.values)
    attendance = RetentionRule.objects.get(kind=RecordKind.ATTENDANCE)
    assert (attendance.months, attendance.action, attendance.legal) == (36, "delete", True)
    certificates = RetentionRule.objects.get(kind=RecordKind.CERTIFICATES)
    assert (certificates.months, certificates.action) == (120, "anonymise")
    assert dict(FunderRetention.objects.values_list("funding", "months")) == {
        "employer": 36,
        "opco": 72,
        "personal": 36,
        "other": 120,
    }
    assert all(rule.basis for rule in RetentionRule.objects.all())


def test_add_months_keeps_the_end_of_the_month():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 5, 21), 36) == date(2028, 5, 21)


def test_retention_until_takes_the_longest_of_rule_and_funder(personas):
    crafted(personas)
    alpha, bravo = personas["enrolment"], personas["enrolment2"]
    assert retention_until(RecordKind.ATTENDANCE, alpha) == date(2028, 5, 21)  # 36 months
    assert retention_until(RecordKind.ATTENDANCE, bravo) == date(2031, 5, 21)  # OPCO 72
    assert retention_until(RecordKind.CERTIFICATES, bravo) == date(2035, 5, 21)
    assert retention_until(RecordKind.COURSEWORK, bravo) == date(2027, 5, 21)
    # A whole cohort: the longest over its participants.
    assert retention_until(RecordKind.ATTENDANCE, alpha.cohort) == date(2031, 5, 21)


def test_nothing_is_due_while_the_cohort_is_recent(personas, monkeypatch):
    crafted(personas)
    freeze(monkeypatch, FOUR_YEARS_LATER.replace(year=2025, month=6))
    groups = due_items(now=FOUR_YEARS_LATER.replace(year=2025, month=6))
    cs26 = personas["enrolment"].cohort.slug
    assert not [i for g in groups for i in g.items if cs26 in i[2]]


def test_dry_run_lists_what_is_due_and_changes_nothing(personas, monkeypatch):
    data = crafted(personas)
    now = freeze(monkeypatch)
    report = purge(now=now, dry_run=True)
    alpha, bravo = personas["enrolment"].pk, personas["enrolment2"].pk

    attendance = _group(report.groups, RecordKind.ATTENDANCE)
    assert [item[1] for item in attendance.items] == [alpha]  # not the OPCO participant
    coursework = {item[1] for item in _group(report.groups, RecordKind.COURSEWORK).items}
    assert {alpha, bravo} <= coursework
    assert _group(report.groups, RecordKind.CERTIFICATES).count == 0
    # Descriptions name nobody.
    listing = " ".join(item[2] for g in report.groups for item in g.items)
    assert "ALPHA" not in listing and personas["auditeur"].last_name not in listing

    assert Signature.objects.filter(user_agent="Navigateur ALPHA").exists()
    assert StatementOfIntent.objects.count() == 2
    assert stored(data["alpha"]["note"].file)
    assert stored(data["alpha"]["signature"].image)
    run = PurgeRun.objects.get()
    assert run.dry_run and run.summary[RecordKind.ATTENDANCE]["items"] == 1


def test_real_run_purges_what_is_due_and_keeps_what_is_retained(
    personas, monkeypatch, django_capture_on_commit_callbacks
):
    data = crafted(personas)
    now = freeze(monkeypatch)
    alpha, bravo = data["alpha"], data["bravo"]

    # Files go once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        report = purge(now=now, dry_run=False, by=personas["coordination"])
    assert report.total > 0

    # Sign-in traces anonymised on the signature that is kept (OPCO: 6 years).
    kept = Signature.objects.get(pk=bravo["signature"].pk)
    assert (kept.user_agent, kept.ip_hash) == ("", "")
    assert stored(kept.image)
    assert AttendanceRecord.objects.filter(pk=bravo["record"].pk).exists()
    # The self-funded participant's attendance is past its 3 years: gone, image too.
    assert not Signature.objects.filter(enrolment=personas["enrolment"]).exists()
    assert not AttendanceRecord.objects.filter(enrolment=personas["enrolment"]).exists()
    assert not stored(alpha["signature"].image)
    # Coursework deleted with its files.
    assert not StatementOfIntent.objects.exists()
    assert not NoteVersion.objects.exists()
    for part in (alpha, bravo):
        assert not stored(part["note"].file)
        assert not stored(part["statement"].file)
    # Workbook, foresight studies and interviews gone.
    assert not Workbook.objects.exists()
    assert not Study.objects.filter(enrolment__isnull=False).exists()
    assert not Interview.objects.exists() and not VolunteerEntry.objects.exists()
    # Enrolment files: CV and phone gone, funding kept (it decides the retention).
    application = alpha["application"]
    application.refresh_from_db()
    assert (application.phone, application.cv.name, application.funding) == ("", "", "personal")
    # Certificates untouched (10 years).
    for part in (alpha, bravo):
        certificate = Certificate.objects.get(pk=part["certificate"].pk)
        assert certificate.holder_name.startswith("Titulaire ")
        assert stored(certificate.pdf)
    # Accounts still active.
    personas["auditeur"].refresh_from_db()
    assert personas["auditeur"].is_active

    run = PurgeRun.objects.get()
    assert not run.dry_run and run.by == personas["coordination"]
    assert run.summary[RecordKind.COURSEWORK]["items"] >= 2


def test_a_second_run_finds_nothing_more(personas, monkeypatch):
    crafted(personas)
    now = freeze(monkeypatch)
    purge(now=now, dry_run=False)
    again = purge(now=now, dry_run=False)
    assert again.total == 0
    assert Signature.objects.filter(enrolment=personas["enrolment2"]).count() == 1


def test_certificates_are_anonymised_after_ten_years_and_stay_verifiable(
    personas, monkeypatch, django_capture_on_commit_callbacks
):
    data = crafted(personas)
    later = FOUR_YEARS_LATER.replace(year=2035, month=6)
    freeze(monkeypatch, later)
    with django_capture_on_commit_callbacks(execute=True):
        purge(now=later, dry_run=False)
    certificate = Certificate.objects.get(pk=data["bravo"]["certificate"].pk)
    assert certificate.holder_name == "Titulaire anonymisé"
    assert certificate.number == "CS26-2025-BRAVO" and certificate.status == "valid"
    assert not stored(data["bravo"]["certificate"].pdf)
    # The OPCO participant's attendance is past 6 years too.
    assert not Signature.objects.exists()


def test_inactive_accounts_are_anonymised(personas, monkeypatch):
    now = freeze(monkeypatch)
    dormant = personas["autre_auditeur"]
    dormant.last_login = now.replace(year=2025)
    dormant.save()
    purge(now=now, dry_run=False)
    dormant.refresh_from_db()
    assert dormant.username == f"anonyme-{dormant.pk}"
    assert not dormant.is_active and not dormant.has_usable_password()
    assert dormant.email == ""
    personas["auditeur"].refresh_from_db()
    assert personas["auditeur"].username == "auditeur"


def test_the_schedule_summary_counts_agree_with_their_number(personas, monkeypatch):
    data = crafted(personas)
    now = freeze(monkeypatch)
    alpha = personas["enrolment"].pk

    def summary(kind):
        group = _group(due_items(now=now), kind)
        return next(description for _m, pk, description, _due in group.items if pk == alpha)

    assert summary(RecordKind.INTERVIEWS).endswith(" : 1 entretien, 1 pseudonyme de bénévole")
    assert " : 1 présence, 1 signature, " in summary(RecordKind.ATTENDANCE)
    Interview.objects.create(workbook=data["alpha"]["workbook"], pseudonym="Témoin 2")
    assert summary(RecordKind.INTERVIEWS).endswith(" : 2 entretiens, 1 pseudonyme de bénévole")
    assert " : 1 présence, 1 signature, 0 absence annoncée" in summary(RecordKind.ATTENDANCE)
    slug = personas["enrolment"].cohort.slug
    assert summary(RecordKind.INTERVIEWS) == (
        f"Inscription n° {alpha} ({slug}) : 2 entretiens, 1 pseudonyme de bénévole"
    )
    with translation.override("en"):
        assert summary(RecordKind.INTERVIEWS) == (
            f"Enrolment no. {alpha} ({slug}): 2 interviews, 1 volunteer pseudonym"
        )


def test_the_command_prints_a_french_listing(personas, monkeypatch, capsys):
    crafted(personas)
    freeze(monkeypatch)
    call_command("purge_personal_data", "--dry-run")
    out = capsys.readouterr().out
    assert "Simulation : rien n'a été modifié." in out
    assert "preuves d'assiduité" in out and "échéance : 21 mai 2028" in out
    assert StatementOfIntent.objects.count() == 2

    call_command("purge_personal_data")
    out = capsys.readouterr().out
    assert "éléments purgés." in out
    assert not StatementOfIntent.objects.exists()
    assert list(PurgeRun.objects.values_list("dry_run", flat=True)) == [False, True]
