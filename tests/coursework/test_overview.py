"""The coordinator's overview of the cohort's personal work: who has a problem statement,
the last draft, the tutor's last feedback, the final note against the deadline, the
decision; filters; the XLSX export."""

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from essor.cohorts.models import EnrolmentStatus
from essor.core import clock
from essor.coursework.models import (
    FeedbackStatus,
    NoteAssessment,
    NoteDecision,
    NoteFeedback,
    NoteSettings,
    NoteVersion,
    ProblemStatementOrigin,
    ProblemStatementVersion,
)
from tests.factories import UserFactory, enrol

pytestmark = pytest.mark.django_db

URL = "/cohorts/cs26-2025/personal-work/"
XLSX = "/cohorts/cs26-2025/personal-work.xlsx"
NOW = datetime(2025, 6, 20, 10, tzinfo=UTC)
DEADLINE = datetime(2025, 6, 1, 22, tzinfo=UTC)  # 2 June 2025, midnight in Paris


def at(month, day):
    return datetime(2025, month, day, 10, tzinfo=UTC)


def problem_statement(enrolment, when, number=1):
    return ProblemStatementVersion.objects.create(
        enrolment=enrolment,
        number=number,
        text="Comment associer les bénévoles à la gouvernance ?",
        origin=ProblemStatementOrigin.STATEMENT,
        created_at=when,
    )


def note(enrolment, number, when, *, pages=None, words=None, final=False):
    return NoteVersion.objects.create(
        enrolment=enrolment,
        number=number,
        file=f"notes/v{number}.pdf",
        file_name=f"note-v{number}.pdf",
        file_kind="pdf" if pages is not None else "docx",
        file_size=1000,
        pages=pages,
        words=words,
        is_final=final,
        uploaded_at=when,
    )


def feedback(version, author, status, when):
    return NoteFeedback.objects.create(
        version=version, author=author, comment="Bien.", status=status, created_at=when
    )


def assess(version, assessor, decision, when):
    return NoteAssessment.objects.create(
        enrolment=version.enrolment,
        version=version,
        assessor=assessor,
        grid={"problem_statement": 3},
        decision=decision,
        reasons="Motifs.",
        created_at=when,
    )


@pytest.fixture
def work(personas, cs26, monkeypatch):
    """auditeur (tuteur): everything, the final note late, accepted after a rework.
    auditeur2 (tuteur2): nothing at all."""
    monkeypatch.setattr(clock, "now", lambda: NOW)
    NoteSettings.objects.create(cohort=cs26, final_deadline=DEADLINE)
    enrolment = personas["enrolment"]
    problem_statement(enrolment, at(3, 20))
    problem_statement(enrolment, at(4, 2), number=2)
    draft = note(enrolment, 1, at(4, 10), pages=12)
    feedback(draft, personas["tuteur"], FeedbackStatus.REWORK, at(4, 12))
    final = note(enrolment, 2, at(6, 10), pages=21, final=True)
    feedback(final, personas["tuteur"], FeedbackStatus.READY, at(6, 11))
    assess(final, personas["tuteur"], NoteDecision.REWORK, at(6, 12))
    assess(final, personas["tuteur"], NoteDecision.ACCEPTED, at(6, 15))  # the latest wins
    return personas


def rows_of(html: str) -> str:
    return html.split("<tbody>")[1].split("</tbody>")[0]


def row_of(html: str, enrolment) -> str:
    return rows_of(html).split(f'data-enrolment="{enrolment.pk}"')[1].split("</tr>")[0]


def test_each_participant_shows_their_problem_statement_draft_feedback_final_and_decision(
    client, work
):
    client.force_login(work["coordination"])
    html = client.get(URL).content.decode()
    row = row_of(html, work["enrolment"])
    assert 'data-problem-statement="yes"' in row
    assert "2 avril 2025 (2 versions)" in row
    assert "10 juin 2025 — 21 pages" in row  # the last version uploaded
    assert 'data-feedback="ready"' in row and "prête" in row
    assert 'data-final="late"' in row and "remise en retard" in row
    assert 'data-decision="accepted"' in row and "acceptée" in row
    empty = row_of(html, work["enrolment2"])
    assert 'data-problem-statement="no"' in empty
    assert 'data-feedback="none"' in empty
    # Past the deadline with nothing handed in.
    assert 'data-final="overdue"' in empty and "en retard (non remise)" in empty
    assert 'data-decision="none"' in empty
    assert "2 juin 2025" in html  # the deadline, in Paris time


def test_the_counts_describe_the_whole_cohort(client, work):
    client.force_login(work["coordination"])
    html = client.get(URL, {"tutor": work["tuteur2"].pk}).content.decode()
    assert "2 auditeur·rices suivi·es" in html
    assert '<li data-count="problem_statement"><strong>1</strong>' in html
    assert '<li data-count="final"><strong>1</strong>' in html
    assert '<li data-count="late"><strong>2</strong>' in html  # one late, one overdue
    assert 'data-feedback="ready">Prête : <strong>1</strong>' in html
    assert 'data-decision="none">Pas encore évaluée : <strong>1</strong>' in html


def test_a_word_count_is_shown_for_a_docx_draft(client, work):
    note(work["enrolment2"], 1, at(5, 2), words=6400)
    client.force_login(work["coordination"])
    row = row_of(client.get(URL).content.decode(), work["enrolment2"])
    assert "2 mai 2025 — 6400 mots" in row


def test_a_final_version_before_the_deadline_is_on_time(client, work, monkeypatch):
    note(work["enrolment2"], 1, at(5, 30), pages=20, final=True)
    client.force_login(work["coordination"])
    row = row_of(client.get(URL).content.decode(), work["enrolment2"])
    assert 'data-final="on_time"' in row


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"tutor": "TUTEUR2"}, ["enrolment2"]),
        ({"tutor": "none"}, []),
        ({"feedback": "ready"}, ["enrolment"]),
        ({"feedback": "none"}, ["enrolment2"]),
        ({"feedback": "rework"}, []),  # only the last feedback counts
        ({"decision": "accepted"}, ["enrolment"]),
        ({"decision": "rework"}, []),  # superseded by the later acceptance
        ({"decision": "none"}, ["enrolment2"]),
        ({"missing_problem_statement": "1"}, ["enrolment2"]),
        ({"late": "1"}, ["enrolment", "enrolment2"]),
        ({"tutor": "TUTEUR", "late": "1", "decision": "accepted"}, ["enrolment"]),
        # Unknown values are ignored, not trusted.
        ({"tutor": "9999", "feedback": "nonsense", "decision": "x"}, ["enrolment", "enrolment2"]),
    ],
)
def test_filters(client, work, query, shown):
    query = {k: (work[v.lower()].pk if v in ("TUTEUR", "TUTEUR2") else v) for k, v in query.items()}
    client.force_login(work["coordination"])
    html = rows_of(client.get(URL, query).content.decode())
    for key in ("enrolment", "enrolment2"):
        assert (f'data-enrolment="{work[key].pk}"' in html) == (key in shown), key


def test_late_filter_after_the_deadline_is_not_set(client, personas):
    client.force_login(personas["coordination"])
    html = client.get(URL).content.decode()
    assert "pas encore fixée" in html
    assert 'data-final="none"' in html
    assert "data-enrolment" not in rows_of(client.get(URL, {"late": "1"}).content.decode())


def test_withdrawn_participants_and_other_cohorts_are_not_listed(client, work, other_cohort):
    gone = enrol(UserFactory(last_name="Partie"), work["enrolment"].cohort)
    gone.status = EnrolmentStatus.WITHDRAWN
    gone.save(update_fields=["status"])
    client.force_login(work["coordination"])
    html = client.get(URL).content.decode()
    assert f'data-enrolment="{gone.pk}"' not in html
    assert f'data-enrolment="{work["other_enrolment"].pk}"' not in html


def test_the_export_holds_the_filtered_rows_with_french_headers(client, work):
    client.force_login(work["coordination"])
    response = client.get(XLSX, {"late": "1", "decision": "accepted"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "cs26-2025-travail-personnel.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:5] == [
        "Nom",
        "Prénom",
        "Structure",
        "Tuteur·rice",
        "Problématique (dernière version)",
    ]
    assert "Décision" in rows[0]
    assert len(rows) == 2
    line = dict(zip(rows[0], rows[1], strict=True))
    me = work["auditeur"]
    assert line["Nom"] == me.last_name
    assert line["Prénom"] == me.first_name
    assert line["Problématique (dernière version)"] == "2 avril 2025"
    assert line["Dernière version de la note"] == "10 juin 2025"
    assert line["Pages"] == 21
    assert line["Versions de la problématique"] == 2
    assert line["Dernier retour du tuteur"] == "prête"
    assert line["Note finale remise le"] == "10 juin 2025"
    assert line["Remise finale"] == "remise en retard"
    assert line["Décision"] == "acceptée"


def test_the_export_has_every_participant_without_filters(client, work):
    client.force_login(work["coordination"])
    sheet = load_workbook(io.BytesIO(client.get(XLSX).content)).active
    assert sheet.max_row == 3


def test_the_page_reads_a_fixed_number_of_queries(client, work, django_assert_num_queries):
    cohort = work["enrolment"].cohort

    def check():
        client.force_login(work["coordination"])
        # session, user, cohort, the user's roles, tutors, note settings, enrolments,
        # problem statements, note versions, feedback, assessments.
        with django_assert_num_queries(11):
            assert client.get(URL).status_code == 200
        with django_assert_num_queries(11):
            assert client.get(XLSX).status_code == 200

    enrol(UserFactory(), cohort)  # 3 participants
    check()
    for n in range(17):  # 20 participants, each with some work
        enrolment = enrol(UserFactory(), cohort, tutor=work["tuteur"])
        problem_statement(enrolment, at(3, 20))
        version = note(enrolment, 1, at(4, 1), pages=n + 1, final=n % 2 == 0)
        feedback(version, work["tuteur"], FeedbackStatus.ON_TRACK, at(4, 2))
        assess(version, work["tuteur"], NoteDecision.ACCEPTED, at(4, 3))
    check()


@pytest.mark.browser
def test_the_three_pages_are_accessible(page, live_server, cs26_live):
    """The overview, the tutor's changes and the timeline, with some work in them, pass
    axe (WCAG 2.1 AA), and « Marquer comme vu » works in a real browser."""
    from playwright.sync_api import expect

    from tests.browser import axe_check, describe_violations
    from tests.factories import PASSWORD, grant

    coordination = UserFactory(username="coord-a11y")
    tutor = UserFactory(username="tuteur-a11y")
    grant(coordination, cs26_live, "coordinator")
    grant(tutor, cs26_live, "tutor")
    participant = UserFactory(username="auditeur-a11y")
    enrolment = enrol(participant, cs26_live, tutor=tutor)
    NoteSettings.objects.create(cohort=cs26_live, final_deadline=DEADLINE)
    problem_statement(enrolment, at(3, 20))
    draft = note(enrolment, 1, at(4, 10), pages=12)
    feedback(draft, tutor, FeedbackStatus.ON_TRACK, at(4, 12))

    def visit(username, path):
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Identifiant ou adresse électronique").fill(username)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
        page.goto(f"{live_server.url}{path}")
        violations = axe_check(page)
        assert not violations, describe_violations(violations)

    visit("coord-a11y", URL + "?late=1")
    visit("auditeur-a11y", "/cohorts/cs26-2025/my/personal-work/")
    expect(page.get_by_role("heading", name="À faire ensuite")).to_be_visible()
    visit("tuteur-a11y", "/cohorts/cs26-2025/tutor/personal-work/")
    expect(page.get_by_text("nouveau depuis votre dernière visite")).to_be_visible()
    page.get_by_role("button", name="Marquer comme vu").click()
    expect(page.get_by_text("Rien de nouveau.")).to_be_visible()
    expect(page.get_by_text("nouveau depuis votre dernière visite")).to_have_count(0)
