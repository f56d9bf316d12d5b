"""The jury minutes: rendered on demand while the jury is open, stored when it closes and
served as stored afterwards."""

import datetime
import io

import pytest
from pypdf import PdfReader

from essor.certification.jury import close_jury, grant_jury_derogation, open_jury, record_decision
from essor.certification.models import Decision
from tests.certification.test_jury import excused_on_first_slot

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join((page.extract_text() or "") for page in reader.pages)


@pytest.fixture
def jury(personas, cs26):
    by = personas["coordination"]
    jury = open_jury(
        cohort=cs26,
        held_on=datetime.date(2025, 7, 1),
        president="Mme Présidente Dupont",
        members="M. Membre Martin",
        signatory="M. Signataire",
        by=by,
    )
    enrolment = personas["enrolment"]
    slot = excused_on_first_slot(enrolment, by=by)
    grant_jury_derogation(
        jury=jury, enrolment=enrolment, slot=slot, reason="Hospitalisation justifiée", by=by
    )
    record_decision(jury=jury, enrolment=enrolment, decision=Decision.AWARDED, reasons="", by=by)
    record_decision(
        jury=jury,
        enrolment=personas["enrolment2"],
        decision=Decision.DEFERRED,
        reasons="Note à reprendre",
        by=by,
    )
    return jury


def test_the_minutes_say_who_sat_and_what_was_decided(client, personas, jury):
    client.force_login(personas["coordination"])
    response = client.get(f"/juries/{jury.pk}/minutes.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Procès-verbal du jury" in text
    assert "Mme Présidente Dupont" in text and "M. Membre Martin" in text
    assert "1er juillet 2025" in text
    assert "délivré" in text and "ajourné" in text
    assert "Note à reprendre" in text
    assert "Hospitalisation justifiée" in text
    assert "provisoire" in text


def test_closed_minutes_are_stored_and_unchanged_by_a_later_edit(client, personas, jury):
    by = personas["coordination"]
    close_jury(jury=jury, by=by)
    jury.refresh_from_db()
    assert jury.minutes_pdf
    client.force_login(by)
    first = client.get(f"/juries/{jury.pk}/minutes.pdf").content
    assert "arrêté à la clôture" in " ".join(pdf_text(first).split())
    # Later edits: a participant's name and the jury's president.
    user = personas["auditeur"]
    user.last_name = "Nouveau-Nom"
    user.save()
    type(jury).objects.filter(pk=jury.pk).update(president="Quelqu'un d'autre")
    second = client.get(f"/juries/{jury.pk}/minutes.pdf").content
    assert second == first
    assert "Nouveau-Nom" not in pdf_text(second)
