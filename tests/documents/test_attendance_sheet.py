"""The attendance sheets of a half-day, read back from the PDF: the signed sheet (the
evidence as it stands, with the signature images) and the blank paper fallback."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile

from essor.attendance.documents import render_attendance_sheet, render_blank_sheet, sheet_evidence
from essor.attendance.models import SignatureMethod, SlotSpeaker
from essor.attendance.records import apply_status
from essor.cohorts.models import EnrolmentStatus
from essor.core import clock
from essor.documents.render import RenderError, render_pdf
from tests.factories import OrganisationFactory, UserFactory, enrol

from .attendance_data import countersign, image_count, one_line, pdf_text, png, sign


def named(personas, key, first, last, organisation):
    user = personas[key] if key in personas else UserFactory(username=key)
    user.first_name, user.last_name = first, last
    user.save()
    return user, OrganisationFactory(name=organisation)


@pytest.fixture
def module1(cs26):
    """Module 1: Monday 20 January 2025, 14 h – 17 h, Europe/Paris."""
    return cs26.slots.select_related("cohort__programme", "module").order_by("start").first()


@pytest.fixture
def class_of_six(cs26, personas, module1):
    """Six participants of module 1, one per status the sheet prints."""
    people = {}
    rows = [
        ("auditeur", "Léa", "Rivière", "Coopérative Terres Communes"),
        ("auditeur2", "Karim", "Benali", "Mutuelle des Deux Rives"),
        ("late", "Inès", "Durand", "Association Le Relais"),
        ("early", "Paul", "Martin", "Fondation Horizon"),
        ("excused", "Sofia", "Lopez", "Fédération des Centres Sociaux"),
        ("absent", "Yann", "Kervella", "Régie de quartier Nord"),
        ("unsigned", "Zoé", "Amrani", "SCIC Les Communs"),
    ]
    for key, first, last, organisation in rows:
        user, org = named(personas, key, first, last, organisation)
        if key in ("auditeur", "auditeur2"):
            enrolment = personas["enrolment" if key == "auditeur" else "enrolment2"]
            enrolment.organisation = org
            enrolment.save()
        else:
            enrolment = enrol(user, cs26, organisation=org)
        people[key] = enrolment
    coordination = personas["coordination"]
    sign(module1, people["auditeur"], seed=1, minutes_after_start=-5)
    sign(module1, people["auditeur2"], seed=2, minutes_after_start=2)
    sign(module1, people["late"], seed=3, minutes_after_start=15)
    apply_status(
        slot=module1, enrolment=people["late"], status="late", minutes_late=15, by=coordination
    )
    sign(module1, people["early"], seed=4)
    apply_status(
        slot=module1,
        enrolment=people["early"],
        status="left_early",
        minutes_left_early=30,
        by=coordination,
    )
    apply_status(slot=module1, enrolment=people["excused"], status="excused", by=coordination)
    apply_status(slot=module1, enrolment=people["absent"], status="absent", by=coordination)
    return people


def test_the_signed_sheet_shows_the_half_day_and_every_participant(module1, class_of_six):
    text = one_line(pdf_text(render_attendance_sheet(module1)))

    assert "Feuille d'émargement" in text
    assert "CS26 — Innovations sociales – Économie sociale et solidaire" in text
    assert "CS26 2025" in text
    assert "Module 1 Présentation de la formation" in text
    assert "lundi 20 janvier 2025 — Après-midi" in text
    assert "14 h – 17 h (Durée : 3 h)" in text
    # No speaker assigned yet.
    assert "Intervenant·e(s) non renseigné" in text
    # Each participant with their organisation, signed time and status, alphabetically.
    assert "Zoé Amrani SCIC Les Communs non émargé" in text
    assert "Karim Benali Mutuelle des Deux Rives 14 h 02 présent·e" in text
    assert "Inès Durand Association Le Relais 14 h 15 en retard (15 min)" in text
    assert "Yann Kervella Régie de quartier Nord absent·e" in text
    assert "Sofia Lopez Fédération des Centres Sociaux absence justifiée" in text
    assert "Paul Martin Fondation Horizon 14 h parti·e en avance (30 min)" in text
    assert "Léa Rivière Coopérative Terres Communes 13 h 55 présent·e" in text
    assert text.index("Amrani") < text.index("Benali") < text.index("Rivière")
    # Totals: 4 attended out of 7 listed; 3 h + 3 h + 2 h 45 + 2 h 30.
    assert "Présent·es : 4 / 7" in text
    assert "Durée de la demi-journée : 3 h" in text
    assert "Heures réalisées (cumul des auditeur·rices) : 11 h 15" in text


def test_the_sheet_waits_for_the_countersignature_then_names_the_countersigner(
    module1, class_of_six, personas
):
    before = one_line(pdf_text(render_attendance_sheet(module1)))
    assert "Contresignature de l'intervenant·e : en attente" in before

    speaker = personas["intervenant"]
    speaker.first_name, speaker.last_name = "Hélène", "Garnier"
    speaker.save()
    countersign(module1, speaker, minutes_after_end=10)
    after = one_line(pdf_text(render_attendance_sheet(module1)))

    assert "en attente" not in after
    assert "Intervenant·e(s) Hélène Garnier" in after
    assert "Contresignée par Hélène Garnier le 20 janvier 2025 à 17 h 10" in after


def test_each_drawn_signature_is_an_image_on_the_sheet(module1, class_of_six, personas):
    # Four drawn signatures so far.
    assert image_count(render_attendance_sheet(module1)) == 4

    countersign(module1, personas["intervenant"])

    assert image_count(render_attendance_sheet(module1)) == 5


def test_each_render_reads_its_own_images_although_the_compiler_is_reused(
    module1, class_of_six, monkeypatch
):
    # essor.documents.render keeps one typst compiler per thread: a render must still
    # read the images of its own call, even under the same file names as the last one.
    # The sheet prints the minute it was edited: the clock stands still, so only the
    # images can make two renders differ.
    edited = module1.end + timedelta(days=1)
    monkeypatch.setattr(clock, "now", lambda: edited)
    before = render_attendance_sheet(module1)
    signature = module1.signatures.get(enrolment=class_of_six["auditeur"])
    signature.image.save("other.png", ContentFile(png(77)), save=True)

    after = render_attendance_sheet(module1)

    assert image_count(after) == image_count(before) == 4
    assert after != before
    assert render_attendance_sheet(module1) == after


def test_a_confirmation_or_a_missing_image_prints_a_note_not_an_image(cs26, personas, module1):
    sign(module1, personas["enrolment"], seed=1, method=SignatureMethod.CONFIRMATION)
    lost = sign(module1, personas["enrolment2"], seed=2)
    lost.image.storage.delete(lost.image.name)

    pdf = render_attendance_sheet(module1)

    assert image_count(pdf) == 0
    text = one_line(pdf_text(pdf))
    assert "présence confirmée en ligne" in text
    assert "image de la signature indisponible" in text
    assert "Présent·es : 2 / 2" in text


def test_a_withdrawn_participant_stays_on_the_sheets_they_signed_only(cs26, personas):
    first, second = cs26.slots.order_by("start")[:2]
    enrolment = personas["enrolment2"]
    sign(first, enrolment, seed=5)
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.save()
    name = enrolment.user.get_full_name()

    assert name in one_line(pdf_text(render_attendance_sheet(first)))
    assert name not in one_line(pdf_text(render_attendance_sheet(second)))
    assert name not in one_line(pdf_text(render_blank_sheet(second)))


def test_reading_the_evidence_takes_the_same_queries_for_any_class_size(
    cs26, personas, module1, django_assert_num_queries
):
    sign(module1, personas["enrolment"], seed=1)
    SlotSpeaker.objects.create(slot=module1, speaker=personas["intervenant"])
    # Speakers, countersignature, participants, signatures, records.
    with django_assert_num_queries(5):
        small = sheet_evidence(module1)
    for n in range(6):
        enrolment = enrol(UserFactory(username=f"extra{n}"), cs26)
        sign(module1, enrolment, seed=10 + n)
    with django_assert_num_queries(5):
        large = sheet_evidence(module1)
    assert len(small.rows) == 2
    assert len(large.rows) == 8


def test_the_blank_sheet_lists_names_and_organisations_with_empty_boxes(
    module1, class_of_six, personas
):
    SlotSpeaker.objects.create(slot=module1, speaker=personas["intervenant"])

    pdf = render_blank_sheet(module1)

    assert image_count(pdf) == 0
    text = one_line(pdf_text(pdf))
    assert "lundi 20 janvier 2025 — Après-midi" in text
    assert "Module 1 Présentation de la formation" in text
    assert personas["intervenant"].get_full_name() in text
    assert "Nom et signature de l'intervenant·e" in text
    for enrolment in class_of_six.values():
        assert enrolment.user.get_full_name() in text
        assert enrolment.organisation.name in text
    # Nothing of the evidence: no time, no status.
    assert "présent·e" not in text
    assert "14 h 02" not in text


def test_the_sheet_pages_are_served_to_the_teaching_team_as_pdf(client, module1, personas):
    sign(module1, personas["enrolment"], seed=1)
    client.force_login(personas["intervenant"])

    signed = client.get(f"/slots/{module1.pk}/sheet.pdf")
    blank = client.get(f"/slots/{module1.pk}/blank-sheet.pdf")

    assert signed["Content-Type"] == "application/pdf"
    assert signed["Content-Disposition"] == (
        'inline; filename="emargement-cs26-2025-module-01-2025-01-20-apres-midi.pdf"'
    )
    assert signed["Cache-Control"] == "private, no-store"
    assert image_count(signed.content) == 1
    assert blank["Content-Disposition"] == (
        'inline; filename="feuille-vierge-cs26-2025-module-01-2025-01-20-apres-midi.pdf"'
    )
    assert personas["auditeur"].get_full_name() in one_line(pdf_text(blank.content))


def test_a_later_morning_half_day_is_named_as_such(cs26, personas):
    morning = cs26.slots.order_by("start")[1]  # module 2, Tuesday 21 January, 9 h – 12 h 30

    text = one_line(pdf_text(render_attendance_sheet(morning)))

    assert "mardi 21 janvier 2025 — Matin" in text
    assert "9 h – 12 h 30 (Durée : 3 h 30)" in text
    assert morning.start + timedelta(hours=3, minutes=30) == morning.end


# --- Images in typst renders --------------------------------------------------------


def test_render_files_are_images_named_by_the_code_not_user_text(cs26, personas, module1):
    data_row = {"name": '#panic("x")', "organisation": "$x$ \\ ]"}
    sign(module1, personas["enrolment"], seed=1)
    personas["auditeur"].last_name = data_row["name"]
    personas["auditeur"].save()
    personas["enrolment"].organisation.name = data_row["organisation"]
    personas["enrolment"].organisation.save()

    text = pdf_text(render_attendance_sheet(module1))

    assert data_row["name"] in text
    assert data_row["organisation"] in text


@pytest.mark.parametrize("name", ["../x.png", "sig.typ", ".hidden.png", "a/b.png", "Sig 1.png"])
def test_render_refuses_file_names_outside_the_pattern(name):
    with pytest.raises(RenderError, match="Noms de fichiers refusés"):
        render_pdf("attendance_sheet_blank", {}, files={name: png(1)})
