"""The attestation de fin de formation (Code du travail L6353-1): objectives, nature and
duration of the training, results of the assessment, read back from the PDF."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from essor.attendance.documents import enrolment_facts, render_attestation
from essor.attendance.records import apply_status
from essor.core import clock

from .attendance_data import one_line, pdf_text


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(
        clock, "now", lambda: datetime(2025, 5, 23, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    )


@pytest.fixture
def attended(cs26, personas):
    """Léa Rivière attended the first two half-days (3 h + 3 h 30)."""
    user = personas["auditeur"]
    user.first_name, user.last_name = "Léa", "Rivière"
    user.save()
    enrolment = personas["enrolment"]
    enrolment.organisation.name = "Coopérative Terres Communes"
    enrolment.organisation.save()
    for slot in cs26.slots.order_by("start")[:2]:
        apply_status(slot=slot, enrolment=enrolment, status="present", by=user)
    return enrolment


def test_the_attestation_states_objectives_nature_duration_and_pending_results(attended, frozen):
    text = one_line(pdf_text(render_attestation(attended)))

    assert "Attestation de fin de formation" in text
    assert (
        "Cnam, dispensateur de la formation, atteste que Léa Rivière "
        "(Coopérative Terres Communes) a suivi la formation"
    ) in text
    assert (
        "Certificat de spécialisation (CS26) — Innovations sociales – Économie sociale et solidaire"
    ) in text
    assert (
        "Nature de la formation Formation certifiante, action de formation — "
        "Niveau 7 (Bac + 5 et plus)"
    ) in text
    assert "Dates du 20 janvier 2025 au 21 mai 2025" in text
    assert "Durée prévue 90 h" in text
    assert "Durée suivie 6 h 30" in text
    assert "Objectifs de la formation" in text
    assert (
        "D'acquérir des outils opérationnels pour gouverner et gérer les entités de l'ESS" in text
    )
    assert "Visées du certificat" in text
    assert "Consolider l'esprit critique des participants." in text
    assert "Résultats de l'évaluation : en attente de la décision du jury" in text
    assert "article L. 6353-1 du Code du travail" in text
    assert "Fait le 23 mai 2025" in text


def test_certification_fills_in_the_results(attended, frozen):
    assessment = "certificat de spécialisation obtenu (jury du 20 juin 2025)"

    pdf = render_attestation(attended, enrolment_facts(attended), assessment=assessment)

    text = one_line(pdf_text(pdf))
    assert f"Résultats de l'évaluation : {assessment}" in text
    assert "en attente" not in text


def test_the_coordination_and_the_participant_download_it(client, attended, personas, frozen):
    client.force_login(personas["coordination"])
    theirs = client.get(f"/cohorts/cs26-2025/enrolments/{attended.pk}/attestation.pdf")
    client.force_login(personas["auditeur"])
    mine = client.get("/cohorts/cs26-2025/my/attestation.pdf")

    assert theirs["Content-Disposition"] == (
        f'attachment; filename="attestation-cs26-2025-lea-riviere-{attended.pk}.pdf"'
    )
    assert one_line(pdf_text(theirs.content)) == one_line(pdf_text(mine.content))
    assert "Durée suivie 6 h 30" in one_line(pdf_text(mine.content))


def test_a_participant_of_another_cohort_has_none_here(client, cs26, personas):
    client.force_login(personas["autre_auditeur"])

    response = client.get("/cohorts/cs26-2025/my/attestation.pdf")

    assert response.status_code == 404
