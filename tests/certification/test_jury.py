"""The jury: opening, decisions with their history and eligibility snapshot, the
not_eligible refusal with its reasons, a derogation then an award, a closed jury."""

import datetime

import pytest

from essor.attendance.models import AttendanceStatus
from essor.attendance.records import apply_status
from essor.certification.jury import close_jury, open_jury, record_decision
from essor.certification.models import Certificate, Decision, Derogation, JuryDecision
from essor.cohorts.models import EnrolmentStatus
from essor.core.errors import DomainError
from tests.certification.builders import assess, make_eligible, mark_all_present
from tests.factories import UserFactory, enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def jury(personas, cs26):
    return open_jury(
        cohort=cs26,
        held_on=datetime.date(2025, 7, 1),
        president="Mme Présidente",
        members="M. Membre",
        signatory="M. Signataire",
        signatory_title="Directeur du Cnam",
        by=personas["coordination"],
    )


def first_slot(cohort):
    return cohort.slots.select_related("module").order_by("start").first()


def excused_on_first_slot(enrolment, *, by):
    """Present everywhere except an excused absence on the first half-day; note accepted."""
    mark_all_present(enrolment, by=by)
    slot = first_slot(enrolment.cohort)
    apply_status(
        slot=slot, enrolment=enrolment, status=AttendanceStatus.EXCUSED, reason="Malade", by=by
    )
    assess(enrolment, by=by)
    return slot


def test_a_second_jury_cannot_open_while_one_is_open(personas, cs26, jury):
    with pytest.raises(DomainError) as exc:
        open_jury(
            cohort=cs26,
            held_on=datetime.date(2025, 7, 2),
            president="X",
            signatory="Y",
            by=personas["coordination"],
        )
    assert exc.value.code == "jury_already_open"


def test_decisions_are_appended_with_their_history_and_snapshot(personas, jury):
    enrolment = personas["enrolment"]
    by = personas["coordination"]
    record_decision(
        jury=jury, enrolment=enrolment, decision=Decision.DEFERRED, reasons="Note", by=by
    )
    record_decision(
        jury=jury, enrolment=enrolment, decision=Decision.REFUSED, reasons="Absences", by=by
    )
    decisions = list(JuryDecision.objects.filter(enrolment=enrolment).order_by("id"))
    assert [d.decision for d in decisions] == [Decision.DEFERRED, Decision.REFUSED]
    assert decisions[0].eligibility["eligible"] is False
    assert decisions[0].eligibility["reasons"]
    assert decisions[1].eligibility == decisions[0].eligibility


def test_reasons_are_required_for_deferred_and_refused(personas, jury):
    for decision in (Decision.DEFERRED, Decision.REFUSED):
        with pytest.raises(DomainError) as exc:
            record_decision(
                jury=jury,
                enrolment=personas["enrolment"],
                decision=decision,
                reasons="  ",
                by=personas["coordination"],
            )
        assert exc.value.code == "reasons_required"
    assert not JuryDecision.objects.exists()


def test_awarding_a_participant_not_eligible_is_refused_with_the_reasons(personas, jury):
    enrolment = personas["enrolment"]
    by = personas["coordination"]
    slot = excused_on_first_slot(enrolment, by=by)
    with pytest.raises(DomainError) as exc:
        record_decision(
            jury=jury, enrolment=enrolment, decision=Decision.AWARDED, reasons="", by=by
        )
    assert exc.value.code == "not_eligible"
    assert len(exc.value.details) == 1
    assert f"Module {slot.module.number}" in exc.value.message
    assert exc.value.details[0] in exc.value.message
    assert not JuryDecision.objects.exists()
    assert not Certificate.objects.exists()


def test_derogation_then_award_issues_the_certificate(client, personas, jury):
    enrolment = personas["enrolment"]
    by = personas["coordination"]
    slot = excused_on_first_slot(enrolment, by=by)
    client.force_login(by)
    prefix = f"p{enrolment.pk}"
    response = client.post(
        f"/juries/{jury.pk}/participants/{enrolment.pk}/derogation",
        {f"{prefix}d-slot": slot.pk, f"{prefix}d-reason": "Hospitalisation justifiée."},
    )
    assert response.status_code == 302
    derogation = Derogation.objects.get()
    assert derogation.jury == jury and derogation.slot == slot
    response = client.post(
        f"/juries/{jury.pk}/participants/{enrolment.pk}/decision",
        {f"{prefix}-decision": "awarded", f"{prefix}-reasons": ""},
    )
    assert response.status_code == 302
    decision = JuryDecision.objects.get()
    assert decision.decision == Decision.AWARDED
    assert decision.eligibility["eligible"] is True
    assert Certificate.objects.get().decision == decision
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CERTIFIED
    page = client.get(f"/juries/{jury.pk}/").content.decode()
    assert "Hospitalisation justifiée." in page
    assert "délivré" in page


def test_the_page_refuses_an_award_with_the_reasons(client, personas, jury):
    enrolment = personas["enrolment"]
    client.force_login(personas["coordination"])
    prefix = f"p{enrolment.pk}"
    response = client.post(
        f"/juries/{jury.pk}/participants/{enrolment.pk}/decision",
        {f"{prefix}-decision": "awarded"},
    )
    assert response.status_code == 400
    assert "ne peut pas être délivré" in response.content.decode()
    response = client.post(
        f"/juries/{jury.pk}/participants/{enrolment.pk}/decision",
        {f"{prefix}-decision": "deferred", f"{prefix}-reasons": ""},
    )
    assert response.status_code == 400
    assert "motifs sont obligatoires" in response.content.decode()
    assert not JuryDecision.objects.exists()


def test_a_closed_jury_refuses_new_decisions(personas, jury):
    by = personas["coordination"]
    make_eligible(personas["enrolment"], by=by)
    close_jury(jury=jury, by=by)
    with pytest.raises(DomainError) as exc:
        record_decision(
            jury=jury,
            enrolment=personas["enrolment"],
            decision=Decision.AWARDED,
            reasons="",
            by=by,
        )
    assert exc.value.code == "jury_closed"
    with pytest.raises(DomainError) as exc:
        close_jury(jury=jury, by=by)
    assert exc.value.code == "jury_closed"


def test_the_jury_page_shows_evidence_and_history(client, personas, jury):
    by = personas["coordination"]
    make_eligible(personas["enrolment"], by=by)
    record_decision(
        jury=jury,
        enrolment=personas["enrolment2"],
        decision=Decision.DEFERRED,
        reasons="Revenir au prochain jury",
        by=by,
    )
    client.force_login(by)
    page = client.get(f"/juries/{jury.pk}/").content.decode()
    assert "Éligible" in page and "Non éligible" in page
    assert "Note acceptée" in page
    assert "Revenir au prochain jury" in page
    assert "Historique (1 décision)" in page


def test_opening_a_jury_from_the_page(client, personas, cs26):
    client.force_login(personas["coordination"])
    response = client.post(
        "/cohorts/cs26-2025/juries/",
        {"held_on": "2025-07-01", "president": "", "signatory": "M. S"},
    )
    assert response.status_code == 400
    response = client.post(
        "/cohorts/cs26-2025/juries/",
        {"held_on": "2025-07-01", "president": "Mme P", "signatory": "M. S"},
    )
    assert response.status_code == 302
    assert "Jury du 1 juillet 2025" in client.get("/cohorts/cs26-2025/juries/").content.decode()


@pytest.mark.parametrize("extra", [1, 18])
def test_the_jury_page_query_count_is_pinned(
    client, personas, cs26, jury, extra, django_assert_num_queries
):
    for _i in range(extra):
        enrol(UserFactory(), cs26)
    client.force_login(personas["coordination"])
    client.get(f"/juries/{jury.pk}/")  # warm the session and role caches
    with django_assert_num_queries(QUERIES):
        response = client.get(f"/juries/{jury.pk}/")
    assert response.status_code == 200


QUERIES = 13
