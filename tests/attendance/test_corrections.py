"""Corrections never overwrite: every change of a record keeps who, when, the state before
and after (in French words) and why, shown on the record's page to the teaching team, the
participant and their tutor, and to nobody else (404). The justification file likewise."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from essor.attendance.models import AttendanceChange
from essor.attendance.records import apply_status
from essor.attendance.rollcall import set_attendance
from essor.attendance.rollcall_selectors import record_history
from essor.core import clock
from essor.programmes.models import Slot
from tests.coursework.documents import pdf_bytes
from tests.factories import UserFactory, grant

PARIS = ZoneInfo("Europe/Paris")
SIGNED = datetime(2025, 1, 20, 13, 55, tzinfo=PARIS)
CALLED = datetime(2025, 1, 20, 14, 20, tzinfo=PARIS)
CORRECTED = datetime(2025, 1, 22, 9, 5, tzinfo=PARIS)


@pytest.fixture
def slot(cs26):
    return Slot.objects.select_related("cohort", "module").filter(cohort=cs26).first()


@pytest.fixture
def corrected(personas, slot, monkeypatch):
    """Signed (present), then marked late at the roll call, then excused with a
    justification two days later by the coordination."""
    enrolment = personas["enrolment"]
    monkeypatch.setattr(clock, "now", lambda: SIGNED)
    apply_status(
        slot=slot,
        enrolment=enrolment,
        status="present",
        by=personas["auditeur"],
        change_reason="Émargement",
    )
    monkeypatch.setattr(clock, "now", lambda: CALLED)
    set_attendance(
        slot=slot,
        enrolment=enrolment,
        status="late",
        minutes_late=20,
        reason="Arrivée pendant le tour de table",
        by=personas["intervenant"],
    )
    monkeypatch.setattr(clock, "now", lambda: CORRECTED)
    record, _ = set_attendance(
        slot=slot,
        enrolment=enrolment,
        status="excused",
        reason="Hospitalisation d'un enfant, certificat reçu",
        justification=SimpleUploadedFile("certificat.pdf", pdf_bytes(1)),
        by=personas["coordination"],
    )
    return record


def test_every_change_is_kept_with_who_when_before_after_and_why(corrected, personas):
    changes = list(AttendanceChange.objects.filter(record=corrected))
    assert [c.by for c in changes] == [
        personas["auditeur"],
        personas["intervenant"],
        personas["coordination"],
    ]
    assert [(c.before.get("status"), c.after["status"]) for c in changes] == [
        (None, "present"),
        ("present", "late"),
        ("late", "excused"),
    ]
    assert changes[1].after["minutes_late"] == 20
    assert changes[2].before["minutes_late"] == 20
    assert changes[2].after["minutes_late"] == 0
    # The stored file (its path prefix aside: apply_status snapshots before saving).
    stored = corrected.justification.name
    assert stored.startswith("justifications/")
    assert stored.rsplit("/", 1)[-1] == changes[2].after["justification"].rsplit("/", 1)[-1]


def test_the_history_reads_in_french_words(corrected, personas):
    entries = record_history(corrected)
    assert [(e.before, e.after) for e in entries] == [
        ("—", "présent·e"),
        ("présent·e", "en retard (20 min)"),
        ("en retard (20 min)", "absence justifiée, avec justificatif"),
    ]
    assert [e.when for e in entries] == [
        "20 janvier 2025, 13 h 55",
        "20 janvier 2025, 14 h 20",
        "22 janvier 2025, 9 h 05",
    ]
    assert [e.reason for e in entries] == [
        "Émargement",
        "Arrivée pendant le tour de table",
        "Hospitalisation d'un enfant, certificat reçu",
    ]
    assert entries[0].created and not entries[1].created


def test_the_record_page_shows_the_history(client, corrected, personas):
    client.force_login(personas["tuteur"])
    page = client.get(f"/attendance/records/{corrected.pk}/").content.decode()
    auditeur = personas["auditeur"]
    assert f"{auditeur.first_name} {auditeur.last_name} — Module 1 — 20 janvier 2025" in page
    assert "Absence justifiée" in page
    assert "En retard (20 min)" in page
    assert "Absence justifiée, avec justificatif" in page
    assert "Arrivée pendant le tour de table" in page
    assert "22 janvier 2025, 9 h 05" in page
    assert str(personas["intervenant"]) in page
    assert str(personas["coordination"]) in page
    assert "(création)" in page
    # The tutor reads; only the teaching team is offered the correction.
    assert "Corriger depuis l'appel" not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordination", 200),
        ("intervenant", 200),
        ("auditeur", 200),  # their own record
        ("tuteur", 200),  # their participant's record
        ("auditeur2", 404),  # another participant of the same cohort
        ("tuteur2", 404),  # a tutor, not this participant's
        ("autre_auditeur", 404),
        ("partenaire", 404),
    ],
)
def test_who_sees_a_record_and_its_justification(client, corrected, personas, persona, status):
    client.force_login(personas[persona])
    assert client.get(f"/attendance/records/{corrected.pk}/").status_code == status
    response = client.get(f"/attendance/records/{corrected.pk}/justification")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert f'filename="justificatif-{corrected.pk}.pdf"' in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_speaker_of_another_cohort_does_not_see_the_record(client, corrected, other_cohort):
    outsider = UserFactory()
    grant(outsider, other_cohort, "speaker")
    client.force_login(outsider)
    assert client.get(f"/attendance/records/{corrected.pk}/").status_code == 404


def test_an_unknown_record_and_a_missing_justification_are_404(client, personas, slot):
    record, _ = apply_status(
        slot=slot, enrolment=personas["enrolment"], status="present", by=personas["auditeur"]
    )
    client.force_login(personas["coordination"])
    assert client.get(f"/attendance/records/{record.pk + 1000}/").status_code == 404
    assert client.get(f"/attendance/records/{record.pk}/justification").status_code == 404


def test_an_image_justification_is_served_as_an_image(client, personas, slot, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: CALLED)
    record, _ = set_attendance(
        slot=slot,
        enrolment=personas["enrolment"],
        status="excused",
        reason="Photo du certificat",
        justification=SimpleUploadedFile("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
        by=personas["intervenant"],
    )
    client.force_login(personas["auditeur"])
    response = client.get(f"/attendance/records/{record.pk}/justification")
    assert response["Content-Type"] == "image/jpeg"
    assert f'filename="justificatif-{record.pk}.jpg"' in response["Content-Disposition"]


def test_the_record_page_query_count_is_fixed(
    client, corrected, personas, slot, monkeypatch, django_assert_num_queries
):
    for n in range(5):
        monkeypatch.setattr(clock, "now", lambda n=n: CORRECTED.replace(hour=10 + n))
        set_attendance(
            slot=slot,
            enrolment=personas["enrolment"],
            status="late" if n % 2 else "present",
            minutes_late=5 + n,
            reason=f"Correction {n}",
            by=personas["coordination"],
        )
    client.force_login(personas["coordination"])
    # session, user, record (with slot, module, cohort, enrolment, user, organisation,
    # application), the user's roles, the history (with authors).
    with django_assert_num_queries(5):
        response = client.get(f"/attendance/records/{corrected.pk}/")
    assert response.content.decode().count("<td>Correction ") == 5
