"""Final submission, the coordinator's deadline and the derived late status (frozen
clock), and the assessment with its grid; `note_accepted` is what certification reads."""

from datetime import UTC, datetime

import pytest

from essor.core import clock
from essor.core.errors import DomainError
from essor.coursework import note_selectors, note_services
from essor.coursework.models import NoteAssessment, NoteSettings
from tests.coursework.documents import pdf_upload

pytestmark = pytest.mark.django_db

DEADLINE = datetime(2025, 6, 30, 21, 59, tzinfo=UTC)  # 23:59 in Paris
GRID = {"problem_statement": 3, "diagnostic": 4, "method": 3, "writing": 2, "recommendations": 3}


@pytest.fixture
def frozen(monkeypatch):
    moment = {"now": datetime(2025, 6, 1, 10, tzinfo=UTC)}
    monkeypatch.setattr(clock, "now", lambda: moment["now"])
    return moment


@pytest.fixture
def deadline(personas, cs26):
    return note_services.set_note_settings(
        cohort=cs26, final_deadline=DEADLINE, by=personas["coordination"]
    )


def upload(personas, *, final, enrolment="enrolment", who="auditeur"):
    return note_services.upload_note_version(
        enrolment=personas[enrolment], upload=pdf_upload(20), is_final=final, by=personas[who]
    )


def state(personas, settings):
    return note_selectors.note_state(personas["enrolment"], settings, clock.now())


def test_states_before_and_after_the_deadline(personas, deadline, frozen):
    assert state(personas, deadline).code == "none"
    upload(personas, final=False)
    assert state(personas, deadline).code == "draft"
    frozen["now"] = datetime(2025, 7, 1, 8, tzinfo=UTC)
    overdue = state(personas, deadline)
    assert (overdue.code, overdue.late) == ("overdue", True)


def test_a_final_version_before_the_deadline_is_on_time(personas, deadline, frozen):
    upload(personas, final=True)
    result = state(personas, deadline)
    assert (result.code, result.late, result.submitted_at) == ("submitted", False, frozen["now"])
    # A later resubmission (after « à reprendre ») does not make it late.
    frozen["now"] = datetime(2025, 7, 10, tzinfo=UTC)
    upload(personas, final=True)
    assert state(personas, deadline).code == "submitted"


def test_a_final_version_after_the_deadline_is_late(personas, deadline, frozen):
    frozen["now"] = datetime(2025, 6, 30, 22, 0, tzinfo=UTC)  # one minute late
    upload(personas, final=True)
    result = state(personas, deadline)
    assert (result.code, result.late) == ("late", True)


def test_without_a_deadline_nothing_is_late(personas, frozen):
    frozen["now"] = datetime(2030, 1, 1, tzinfo=UTC)
    assert note_selectors.note_state(personas["enrolment"], None, clock.now()).code == "none"


def test_the_coordinator_sets_the_deadline_in_the_cohorts_time(personas, cs26, client):
    client.force_login(personas["coordination"])
    url = "/cohorts/cs26-2025/note/settings/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"final_deadline": "2025-06-30T23:59", "target_pages": "20"})
    assert response.status_code == 302
    assert NoteSettings.objects.get(cohort=cs26).final_deadline == DEADLINE
    response = client.post(url, {"final_deadline": "demain", "target_pages": "0"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Indiquez une date et une heure valides." in page
    assert "Au moins 1 page." in page


def test_only_the_coordination_sets_the_deadline(personas, cs26):
    with pytest.raises(DomainError) as error:
        note_services.set_note_settings(cohort=cs26, final_deadline=DEADLINE, by=personas["tuteur"])
    assert error.value.code == "not_coordinator"


def test_the_participant_page_shows_the_late_state(personas, deadline, frozen, client):
    frozen["now"] = datetime(2025, 7, 2, tzinfo=UTC)
    client.force_login(personas["auditeur"])
    page = client.get("/cohorts/cs26-2025/note/").content.decode()
    assert "En retard (non remise)" in page
    assert "30 juin 2025" in page


def assess(personas, decision="accepted", grid=GRID, reasons="Solide.", who="tuteur"):
    return note_services.assess_note(
        enrolment=personas["enrolment"],
        assessor=personas[who],
        grid=grid,
        decision=decision,
        reasons=reasons,
    )


def test_assessment_needs_a_final_version(personas):
    upload(personas, final=False)
    with pytest.raises(DomainError) as error:
        assess(personas)
    assert error.value.code == "no_final_version"
    assert not note_selectors.note_accepted(personas["enrolment"])


@pytest.mark.parametrize(
    "grid, decision, reasons, code",
    [
        ({**GRID, "writing": 5}, "accepted", "ok", "grid_invalid"),
        ({k: v for k, v in GRID.items() if k != "method"}, "accepted", "ok", "grid_invalid"),
        (GRID, "maybe", "ok", "decision_invalid"),
        (GRID, "accepted", "  ", "reasons_empty"),
    ],
)
def test_assessment_rules(personas, grid, decision, reasons, code):
    upload(personas, final=True)
    with pytest.raises(DomainError) as error:
        assess(personas, grid=grid, decision=decision, reasons=reasons)
    assert error.value.code == code
    assert NoteAssessment.objects.count() == 0


def test_only_the_tutor_or_coordination_assesses(personas):
    upload(personas, final=True)
    for who in ("auditeur", "tuteur2", "intervenant"):
        with pytest.raises(DomainError) as error:
            assess(personas, who=who)
        assert error.value.code == "assessment_forbidden"
    assert assess(personas, who="coordination").decision == "accepted"


def test_the_latest_assessment_wins(personas, frozen):
    first_final = upload(personas, final=True)
    assess(personas, decision="rework", reasons="Reprenez les recommandations.")
    assert not note_selectors.note_accepted(personas["enrolment"])
    frozen["now"] = datetime(2025, 6, 20, tzinfo=UTC)
    second_final = upload(personas, final=True)
    accepted = assess(personas, decision="accepted")
    assert accepted.version == second_final != first_final
    assert note_selectors.latest_assessment(personas["enrolment"]) == accepted
    assert note_selectors.note_accepted(personas["enrolment"])
    assert NoteAssessment.objects.count() == 2  # append-only


def test_the_assessment_form(personas, client):
    upload(personas, final=True)
    client.force_login(personas["tuteur"])
    url = f"/enrolments/{personas['enrolment'].pk}/note/assessment"
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "accepted", "reasons": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Notez ce critère de 0 à 4." in page
    assert "Les motifs de la décision sont obligatoires." in page
    data = {f"grid_{k}": v for k, v in GRID.items()}
    response = client.post(url, {**data, "decision": "accepted", "reasons": "Très claire."})
    assert response.status_code == 302
    assert note_selectors.note_accepted(personas["enrolment"])
    client.force_login(personas["auditeur"])
    page = client.get("/cohorts/cs26-2025/note/").content.decode()
    assert "Acceptée" in page and "Très claire." in page
    assert client.get(url).status_code == 403
