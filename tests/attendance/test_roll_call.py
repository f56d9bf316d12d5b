"""The roll call of a half-day: who is called, each status with its rules, the refusals
(French message, nothing written), the HTMX row swap, and the page's pinned query count.

CS26 2025, module 1: Monday 20 January 2025, 14 h – 17 h (Europe/Paris), 180 minutes.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.timezone import now as timezone_now

from essor.attendance.models import (
    AbsenceNotice,
    AttendanceChange,
    AttendanceRecord,
    Signature,
)
from essor.attendance.records import apply_status
from essor.attendance.rollcall import set_attendance
from essor.cohorts.models import EnrolmentStatus
from essor.core import clock
from essor.core.errors import DomainError
from essor.programmes.models import Slot
from tests.coursework.documents import pdf_bytes
from tests.factories import PASSWORD, OrganisationFactory, UserFactory, enrol

PARIS = ZoneInfo("Europe/Paris")
DURING_MODULE1 = datetime(2025, 1, 20, 15, 0, tzinfo=PARIS)


@pytest.fixture
def slot(cs26, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: DURING_MODULE1)
    return Slot.objects.select_related("cohort", "module").filter(cohort=cs26).first()


def url(slot) -> str:
    return f"/slots/{slot.pk}/roll-call/"


def form_data(enrolment, **fields) -> dict:
    prefix = f"row-{enrolment.pk}"
    data = {"enrolment": str(enrolment.pk)}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return data


def post(client, slot, enrolment, htmx=False, **fields):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url(slot), form_data(enrolment, **fields), headers=headers)


def records():
    return list(AttendanceRecord.objects.values_list("status", flat=True))


# --- The page -------------------------------------------------------------------------


def test_the_roll_call_lists_admitted_and_enrolled_participants(client, personas, slot):
    cohort = slot.cohort
    admitted = enrol(UserFactory(last_name="Admise"), cohort, status=EnrolmentStatus.ADMITTED)
    withdrawn = enrol(UserFactory(last_name="Partie"), cohort, status=EnrolmentStatus.WITHDRAWN)
    Signature.objects.create(
        slot=slot,
        enrolment=personas["enrolment"],
        signed_at=datetime(2025, 1, 20, 13, 52, tzinfo=PARIS),
        method="drawn",
    )
    apply_status(
        slot=slot, enrolment=personas["enrolment"], status="present", by=personas["auditeur"]
    )
    client.force_login(personas["intervenant"])
    page = client.get(url(slot)).content.decode()
    assert "Appel — Module 1 — 20 janvier 2025 après-midi" in page
    assert "14 h – 17 h" in page
    auditeur = personas["auditeur"]
    assert f"{auditeur.first_name} {auditeur.last_name}" in page
    assert personas["enrolment"].organisation.name in page
    assert "13 h 52" in page  # the time of the participant's own signature
    assert "Présent·e" in page
    assert "Non renseigné" in page  # auditeur2 has neither signed nor been called
    assert "non émargé" in page
    assert f'id="participant-{admitted.pk}"' in page
    assert f'id="participant-{withdrawn.pk}"' not in page
    assert f'id="participant-{personas["other_enrolment"].pk}"' not in page
    assert "3 auditeur·rices appelé·es" in page


def test_an_announced_absence_is_shown_but_changes_nothing(client, personas, slot):
    notice = AbsenceNotice.objects.create(
        enrolment=personas["enrolment2"], reason="Rendez-vous médical", created_at=clock.now()
    )
    notice.slots.set([slot])
    client.force_login(personas["coordination"])
    page = client.get(url(slot)).content.decode()
    assert "absence annoncée : Rendez-vous médical" in page
    assert "ne change pas son statut" in page
    assert not AttendanceRecord.objects.exists()


def test_the_page_query_count_does_not_grow_with_participants(
    client, personas, slot, django_assert_num_queries
):
    def queries_for_page():
        client.force_login(personas["intervenant"])
        # session, user, slot (with cohort and module), the user's roles, enrolments (with
        # user, organisation, application), signatures, records, absence notices.
        with django_assert_num_queries(8):
            response = client.get(url(slot))
        assert response.status_code == 200

    queries_for_page()
    for n in range(12):
        enrolment = enrol(UserFactory(), slot.cohort, organisation=OrganisationFactory())
        Signature.objects.create(
            slot=slot, enrolment=enrolment, signed_at=slot.start, method="drawn"
        )
        apply_status(slot=slot, enrolment=enrolment, status="present", by=enrolment.user)
        if n % 3 == 0:
            notice = AbsenceNotice.objects.create(
                enrolment=enrolment, reason="Malade", created_at=clock.now()
            )
            notice.slots.set([slot])
    queries_for_page()


# --- Each status ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "minutes", "expected"),
    [
        ("present", "", ("present", 0, 0)),
        ("late", "15", ("late", 15, 0)),
        ("left_early", "30", ("left_early", 0, 30)),
        ("absent", "", ("absent", 0, 0)),
    ],
)
def test_each_status_is_recorded_with_its_reason(client, personas, slot, status, minutes, expected):
    enrolment = personas["enrolment"]
    client.force_login(personas["intervenant"])
    response = post(client, slot, enrolment, status=status, minutes=minutes, reason="Appel")
    assert response.status_code == 302
    assert response["Location"] == f"{url(slot)}#participant-{enrolment.pk}"
    record = AttendanceRecord.objects.get(slot=slot, enrolment=enrolment)
    assert (record.status, record.minutes_late, record.minutes_left_early) == expected
    assert record.reason == "Appel"
    assert record.updated_by == personas["intervenant"]
    change = AttendanceChange.objects.get(record=record)
    assert change.by == personas["intervenant"]
    assert change.reason == "Appel"
    assert change.after["status"] == status


def test_minutes_typed_for_another_status_are_not_kept(personas, slot):
    record, _ = set_attendance(
        slot=slot,
        enrolment=personas["enrolment"],
        status="present",
        minutes_late=20,
        minutes_left_early=10,
        reason="Arrivé·e à l'heure",
        by=personas["intervenant"],
    )
    assert (record.minutes_late, record.minutes_left_early) == (0, 0)


def test_an_excused_absence_keeps_its_justification_under_our_own_name(client, personas, slot):
    enrolment = personas["enrolment"]
    client.force_login(personas["coordination"])
    upload = SimpleUploadedFile("arret maladie.pdf", pdf_bytes(1), "application/pdf")
    response = post(
        client, slot, enrolment, status="excused", justification=upload, reason="Arrêt maladie"
    )
    assert response.status_code == 302
    record = AttendanceRecord.objects.get(slot=slot, enrolment=enrolment)
    assert record.status == "excused"
    assert record.justification.name.startswith("justifications/")
    assert record.justification.name.endswith(".pdf")
    assert "maladie" not in record.justification.name
    assert record.justification.read().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200, ".jpg"),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, ".png"),
    ],
)
def test_a_photo_of_the_justification_is_accepted(personas, slot, name, content, extension):
    record, _ = set_attendance(
        slot=slot,
        enrolment=personas["enrolment"],
        status="excused",
        reason="Certificat médical",
        justification=SimpleUploadedFile(name, content),
        by=personas["intervenant"],
    )
    assert record.justification.name.endswith(extension)


def test_an_existing_justification_is_kept_when_the_status_is_set_again(personas, slot):
    enrolment, speaker = personas["enrolment"], personas["intervenant"]
    first, _ = set_attendance(
        slot=slot,
        enrolment=enrolment,
        status="excused",
        reason="Arrêt maladie",
        justification=SimpleUploadedFile("a.pdf", pdf_bytes(1)),
        by=speaker,
    )
    stored = first.justification.name
    record, changed = set_attendance(
        slot=slot, enrolment=enrolment, status="excused", reason="Précision du motif", by=speaker
    )
    assert changed
    assert record.justification.name == stored


def test_the_same_status_again_writes_no_history(personas, slot):
    enrolment, speaker = personas["enrolment"], personas["intervenant"]
    set_attendance(slot=slot, enrolment=enrolment, status="present", reason="Appel", by=speaker)
    _, changed = set_attendance(
        slot=slot, enrolment=enrolment, status="present", reason="Appel", by=speaker
    )
    assert not changed
    assert AttendanceChange.objects.count() == 1


def test_marking_absent_sends_the_certificat_compromis_alert(
    personas, slot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        set_attendance(
            slot=slot,
            enrolment=personas["enrolment"],
            status="absent",
            reason="Pas venu·e",
            by=personas["intervenant"],
        )
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([personas["auditeur"].email, personas["tuteur"].email])
    assert all("Certificat compromis" in message.subject for message in mail.outbox)


# --- Refusals: a French message next to the field, nothing written ----------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "late", "minutes": ""}, "Indiquez le nombre de minutes de retard."),
        (
            {"status": "left_early", "minutes": ""},
            "Indiquez le nombre de minutes de départ anticipé.",
        ),
        ({"status": "late", "minutes": "181"}, "compris entre 1 et 180"),
        ({"status": "late", "minutes": "-5"}, "Saisissez un nombre de minutes positif."),
        ({"status": "late", "minutes": "un quart d'heure"}, "Saisissez un nombre entier"),
        ({"status": "excused"}, "Joignez un justificatif (PDF, JPEG ou PNG)"),
        ({"status": "present", "reason": ""}, "Indiquez le motif de la correction."),
        ({"status": "present", "reason": "   "}, "Indiquez le motif de la correction."),
        ({"status": "presque"}, "Sélectionnez un choix valide"),
        (
            {
                "status": "excused",
                "justification": SimpleUploadedFile("arret.pdf", b"MZ\x90\x00 programme"),
            },
            "Le justificatif doit être un PDF ou une image JPEG ou PNG",
        ),
        (
            {"status": "excused", "justification": SimpleUploadedFile("vide.pdf", b"")},
            "Le fichier est vide.",
        ),
        (
            {
                "status": "excused",
                "justification": SimpleUploadedFile(
                    "enorme.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * (5 * 1024 * 1024)
                ),
            },
            "Le justificatif dépasse la taille maximale de 5,0\xa0Mio.",
        ),
    ],
)
def test_a_refused_change_says_why_and_writes_nothing(client, personas, slot, fields, message):
    enrolment = personas["enrolment"]
    fields = {"reason": "Appel", **fields}
    client.force_login(personas["intervenant"])
    response = post(client, slot, enrolment, **fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    # The row comes back open, with what was typed.
    assert 'aria-invalid="true"' in page
    if fields.get("reason", "").strip():
        assert fields["reason"] in page
    assert records() == []
    assert not AttendanceChange.objects.exists()


def test_the_reason_typed_is_kept_after_a_refusal(client, personas, slot):
    client.force_login(personas["intervenant"])
    response = post(
        client, slot, personas["enrolment"], status="late", minutes="", reason="Train en retard"
    )
    assert "Train en retard</textarea>" in response.content.decode()


def test_a_participant_of_another_cohort_cannot_be_called(client, personas, slot):
    client.force_login(personas["intervenant"])
    response = post(client, slot, personas["other_enrolment"], status="present", reason="Appel")
    assert response.status_code == 400
    assert "pas inscrite dans la promotion de ce cours" in response.content.decode()
    assert records() == []


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"status": "late", "minutes_late": 0}, "minutes_required"),
        ({"status": "left_early", "minutes_left_early": 181}, "minutes_out_of_range"),
        ({"status": "excused"}, "justification_required"),
        ({"status": "present", "reason": " "}, "reason_required"),
        ({"status": "sorti"}, "status_invalid"),
        ({"status": "present", "enrolment": "other_enrolment"}, "wrong_cohort"),
        ({"status": "present", "enrolment": "withdrawn"}, "not_enrolled"),
    ],
)
def test_the_service_refuses_with_a_code(personas, slot, change, code):
    enrolment = personas["enrolment"]
    if change.pop("enrolment", None) == "other_enrolment":
        enrolment = personas["other_enrolment"]
    elif code == "not_enrolled":
        enrolment.status = EnrolmentStatus.WITHDRAWN
        enrolment.save(update_fields=["status"])
    arguments = {"reason": "Appel", **change}
    with pytest.raises(DomainError) as error:
        set_attendance(slot=slot, enrolment=enrolment, by=personas["intervenant"], **arguments)
    assert error.value.code == code
    assert records() == []


def test_only_an_excused_absence_can_be_recorded_before_the_half_day(personas, slot, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: slot.start - timedelta(days=2))
    enrolment, speaker = personas["enrolment"], personas["intervenant"]
    with pytest.raises(DomainError) as error:
        set_attendance(slot=slot, enrolment=enrolment, status="absent", reason="x", by=speaker)
    assert error.value.code == "slot_not_started"
    record, _ = set_attendance(
        slot=slot,
        enrolment=enrolment,
        status="excused",
        reason="Absence annoncée, justificatif reçu",
        justification=SimpleUploadedFile("a.pdf", pdf_bytes(1)),
        by=speaker,
    )
    assert record.status == "excused"


# --- With HTMX: the row is swapped in place ---------------------------------------------


def test_with_htmx_the_row_comes_back_updated(client, personas, slot):
    enrolment = personas["enrolment"]
    client.force_login(personas["intervenant"])
    response = post(
        client, slot, enrolment, htmx=True, status="late", minutes="10", reason="Bouchons"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="participant-{enrolment.pk}">')
    assert "En retard (10 min)" in body
    assert 'hx-swap-oob="innerHTML"' in body  # the message also goes to the live region
    assert "en retard (10 min), enregistré." in body
    assert AttendanceRecord.objects.get(enrolment=enrolment).minutes_late == 10


def test_with_htmx_a_refusal_comes_back_in_the_row(client, personas, slot):
    enrolment = personas["enrolment"]
    client.force_login(personas["intervenant"])
    response = post(client, slot, enrolment, htmx=True, status="late", reason="Bouchons")
    assert response.status_code == 200  # HTMX swaps only successful answers
    body = response.content.decode()
    assert "Indiquez le nombre de minutes de retard." in body
    assert '<details class="rollcall__edit" open>' in body
    assert records() == []


def test_with_htmx_an_unknown_participant_leaves_the_row_alone(client, personas, slot):
    client.force_login(personas["intervenant"])
    response = post(
        client, slot, personas["other_enrolment"], htmx=True, status="present", reason="x"
    )
    assert response.status_code == 200
    assert response["HX-Reswap"] == "none"
    assert "pas inscrite dans la promotion de ce cours" in response.content.decode()
    assert records() == []


def test_the_roll_call_is_for_the_teaching_team_only(client, personas, slot):
    for persona in ("tuteur", "auditeur", "partenaire", "autre_auditeur"):
        client.force_login(personas[persona])
        assert client.get(url(slot)).status_code == 404
        response = post(client, slot, personas["enrolment"], status="present", reason="x")
        assert response.status_code == 404
    assert records() == []


# --- In a real browser: the row swapped in place, and every page passes axe --------------


@pytest.mark.browser
def test_in_a_browser_the_roll_call_updates_the_row_in_place(page, live_server, cs26_live):
    from playwright.sync_api import expect

    from tests.browser import axe_check, describe_violations
    from tests.factories import grant

    def assert_accessible():
        violations = axe_check(page)
        assert not violations, describe_violations(violations)

    speaker = UserFactory(username="ines", first_name="Inès", last_name="Intervenante")
    grant(speaker, cs26_live, "speaker")
    grant(speaker, cs26_live, "coordinator")
    camille = enrol(UserFactory(first_name="Camille", last_name="Martin"), cs26_live)
    enrol(UserFactory(first_name="Yanis", last_name="Bernard"), cs26_live)
    slot = Slot.objects.filter(cohort=cs26_live).order_by("start").first()
    # A half-day to come, so that the absence form has something to offer.
    Slot.objects.create(
        cohort=cs26_live,
        module=slot.module,
        position=99,
        start=timezone_now() + timedelta(days=20),
        end=timezone_now() + timedelta(days=20, hours=3),
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Identifiant ou adresse électronique").fill("ines")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    page.goto(f"{live_server.url}/slots/{slot.pk}/roll-call/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Appel — Module 1")
    assert_accessible()
    row = page.locator(f"#participant-{camille.pk}")
    row.locator("summary").click()
    row.get_by_label("Statut").select_option("late")
    row.get_by_label("Minutes de retard ou de départ anticipé").fill("10")
    row.get_by_label("Motif de la correction").fill("Train en retard")
    row.get_by_role("button", name="Enregistrer").click()
    expect(row.locator("td").nth(2)).to_contain_text("En retard (10 min)")
    expect(page.locator("#messages")).to_contain_text("en retard (10 min), enregistré.")
    assert page.url.endswith(f"/slots/{slot.pk}/roll-call/")  # no reload: HTMX swapped it

    # A refusal comes back in the row, next to the field.
    row.locator("summary").click()
    row.get_by_label("Statut").select_option("excused")
    row.get_by_label("Motif de la correction").fill("Malade")
    row.get_by_role("button", name="Enregistrer").click()
    expect(row).to_contain_text("Joignez un justificatif")
    assert AttendanceRecord.objects.get(enrolment=camille).status == "late"
    assert_accessible()

    row.get_by_role("link", name="Historique").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Camille Martin")
    expect(page.locator("table")).to_contain_text("Train en retard")
    assert_accessible()

    page.goto(f"{live_server.url}/cohorts/cs26-2025/attendance/anomalies/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anomalies d'émargement")
    assert_accessible()
    page.goto(f"{live_server.url}/cohorts/cs26-2025/absences/")
    assert_accessible()

    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Identifiant ou adresse électronique").fill(camille.user.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server.url}/cohorts/cs26-2025/absences/new/")
    page.get_by_role("button", name="Envoyer l'annonce d'absence").click()
    expect(page.locator(".form-errors")).to_contain_text("Cochez au moins une demi-journée.")
    assert_accessible()
