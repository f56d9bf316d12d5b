"""The participant's timeline of their own personal work, with « À faire ensuite »."""

from datetime import UTC, datetime

import pytest

from essor.core import clock
from essor.coursework.models import (
    FeedbackStatus,
    NoteAssessment,
    NoteDecision,
    NoteFeedback,
    NoteSettings,
    NoteVersion,
    OralPresentation,
    ProblemStatementOrigin,
    ProblemStatementVersion,
    StatementOfIntent,
    StatementStatus,
    TutoringRecord,
)
from essor.programmes.models import Module
from tests.factories import UserFactory, enrol

pytestmark = pytest.mark.django_db

URL = "/cohorts/cs26-2025/my/personal-work/"
DEADLINE = datetime(2025, 6, 30, 21, 59, tzinfo=UTC)  # 30 June 2025, 23:59 in Paris


def at(month, day, hour=10):
    return datetime(2025, month, day, hour, tzinfo=UTC)


@pytest.fixture
def freeze(monkeypatch):
    def set_clock(when):
        monkeypatch.setattr(clock, "now", lambda: when)

    return set_clock


def kinds_in_order(html: str) -> list[str]:
    timeline = html.split('<ol class="timeline">')[1].split("</ol>")[0]
    return [part.split('"')[0] for part in timeline.split('data-kind="')[1:]]


def next_step(html: str) -> str:
    return html.split('class="next-step__main"')[1].split("</p>")[0]


def full_history(personas, cohort):
    """A participant far along: statement, two problem statements, a draft with feedback,
    a tutoring record with next steps, the oral presentation, a final note, an assessment."""
    enrolment = personas["enrolment"]
    tutor = personas["tuteur"]
    NoteSettings.objects.create(cohort=cohort, final_deadline=DEADLINE)
    StatementOfIntent.objects.create(
        enrolment=enrolment,
        body="Ma note",
        status=StatementStatus.SUBMITTED,
        submitted_at=at(1, 5),
    )
    ProblemStatementVersion.objects.create(
        enrolment=enrolment,
        number=1,
        text="Comment associer les bénévoles ?",
        origin=ProblemStatementOrigin.STATEMENT,
        created_at=at(1, 6),
    )
    ProblemStatementVersion.objects.create(
        enrolment=enrolment,
        number=2,
        text="Comment associer les bénévoles à la gouvernance ?",
        origin=ProblemStatementOrigin.TUTORING,
        tutoring_module=9,
        created_at=at(3, 20),
    )
    draft = NoteVersion.objects.create(
        enrolment=enrolment,
        number=1,
        file="notes/v1.pdf",
        file_name="note.pdf",
        file_kind="pdf",
        file_size=100,
        pages=8,
        uploaded_at=at(4, 1),
    )
    NoteFeedback.objects.create(
        version=draft,
        author=tutor,
        comment="Le diagnostic est solide.",
        status=FeedbackStatus.ON_TRACK,
        created_at=at(4, 3),
    )
    TutoringRecord.objects.create(
        enrolment=enrolment,
        module=Module.objects.get(programme=cohort.programme, number=9),
        draft_percent=40,
        notes="Plan établi.",
        next_steps=[
            {"text": "Écrire le chapitre gouvernance", "due": "2025-04-15"},
            {"text": "Relire la synthèse", "due": "2025-03-25"},
        ],
        author=tutor,
        updated_at=at(3, 19, 16),
    )
    return enrolment


def test_the_timeline_lists_the_personal_work_in_date_order(client, personas, cs26, freeze):
    freeze(at(4, 5))
    full_history(personas, cs26)
    client.force_login(personas["auditeur"])
    html = client.get(URL).content.decode()
    assert kinds_in_order(html) == [
        "statement",  # submitted 5 January
        "problem_statement",  # 6 January
        "deadline",  # the statement's deadline: the start of module 1
        "tutoring",  # module 9, 19 March
        "record",  # its record, that afternoon
        "problem_statement",  # version 2, 20 March
        "note",  # the draft, 1 April
        "feedback",  # 3 April
        "tutoring",  # module 11
        "tutoring",  # module 13
        "deadline",  # the final note, 30 June
    ]
    assert "Problématique — version 2" in html
    assert "Après une journée de tutorat" in html
    assert "Note — brouillon 1" in html and "8 pages" in html
    assert "Le diagnostic est solide." in html and "En bonne voie" in html
    assert "Fiche de tutorat — module 9" in html
    assert "Écrire le chapitre gouvernance" in html
    assert "Journée de tutorat — module 13" in html
    assert "30 juin 2025" in html


def test_the_next_step_is_the_earliest_still_due(client, personas, cs26, freeze):
    freeze(at(4, 5))
    full_history(personas, cs26)
    client.force_login(personas["auditeur"])
    html = client.get(URL).content.decode()
    # The step due on 25 March is past; the one agreed for 15 April comes first.
    assert "Écrire le chapitre gouvernance" in next_step(html)
    assert "avant le 15 avril 2025" in next_step(html)
    others = html.split('class="next-step__others"')[1].split("</ul>")[0]
    assert "Déposer la version finale de la note" in others
    assert "Relire la synthèse" not in html.split('id="timeline-title"')[0]


def test_a_new_participant_is_told_to_hand_in_their_statement(client, personas, cs26, freeze):
    freeze(at(1, 2))
    client.force_login(personas["auditeur"])
    html = client.get(URL).content.decode()
    assert "Remettre votre note d&#x27;intention" in next_step(html)
    others = html.split('class="next-step__others"')[1].split("</ul>")[0]
    assert "Formuler votre problématique" in others
    assert "Déposer un premier brouillon de la note" in others


def test_after_the_final_note_and_its_acceptance_nothing_is_due(client, personas, cs26, freeze):
    enrolment = full_history(personas, cs26)
    final = NoteVersion.objects.create(
        enrolment=enrolment,
        number=2,
        file="notes/v2.pdf",
        file_name="finale.docx",
        file_kind="docx",
        file_size=100,
        words=7000,
        is_final=True,
        uploaded_at=at(6, 20),
    )
    OralPresentation.objects.create(
        enrolment=enrolment,
        rank=2,
        start=at(6, 11, 8),
        end=at(6, 11, 9),
        feedback="Bonne structure.",
        feedback_sent_at=at(6, 12),
    )
    NoteAssessment.objects.create(
        enrolment=enrolment,
        version=final,
        assessor=personas["tuteur"],
        grid={},
        decision=NoteDecision.ACCEPTED,
        reasons="Travail abouti.",
        created_at=at(7, 2),
    )
    freeze(at(7, 3))
    client.force_login(personas["auditeur"])
    html = client.get(URL).content.decode()
    assert "Rien à rendre pour l'instant." in next_step(html)
    assert "Note — version finale 2" in html and "7000 mots" in html
    assert "Présentation orale (passage n° 2)" in html
    assert "Bonne structure." in html
    assert "Évaluation de la note" in html and "Acceptée" in html
    assert kinds_in_order(html)[-1] == "assessment"


def test_oral_feedback_is_shown_only_once_sent(client, personas, cs26, freeze):
    freeze(at(6, 12))
    OralPresentation.objects.create(
        enrolment=personas["enrolment"], rank=1, feedback="Pas encore envoyé."
    )
    client.force_login(personas["auditeur"])
    assert "Pas encore envoyé." not in client.get(URL).content.decode()


def test_a_note_to_rework_asks_for_a_new_version(client, personas, cs26, freeze):
    enrolment = full_history(personas, cs26)
    final = NoteVersion.objects.create(
        enrolment=enrolment,
        number=2,
        file="notes/v2.pdf",
        file_name="finale.pdf",
        file_kind="pdf",
        file_size=100,
        pages=19,
        is_final=True,
        uploaded_at=at(6, 20),
    )
    NoteAssessment.objects.create(
        enrolment=enrolment,
        version=final,
        assessor=personas["tuteur"],
        grid={},
        decision=NoteDecision.REWORK,
        reasons="Recommandations à étayer.",
        created_at=at(6, 25),
    )
    freeze(at(6, 26))
    client.force_login(personas["auditeur"])
    html = client.get(URL).content.decode()
    assert "Reprendre la note et la déposer à nouveau" in next_step(html)
    assert "Recommandations à étayer." in html


def test_only_their_own_work_is_shown(client, personas, cs26, freeze):
    freeze(at(4, 5))
    full_history(personas, cs26)
    client.force_login(personas["auditeur2"])
    html = client.get(URL).content.decode()
    assert "Comment associer les bénévoles" not in html
    assert "Le diagnostic est solide." not in html


def test_another_cohorts_participant_gets_a_404(client, personas):
    client.force_login(personas["autre_auditeur"])
    assert client.get(URL).status_code == 404
    # Their own cohort's timeline is theirs.
    assert client.get("/cohorts/cs26-autre/my/personal-work/").status_code == 200


def test_the_page_reads_a_fixed_number_of_queries(
    client, personas, cs26, freeze, django_assert_num_queries
):
    freeze(at(4, 5))

    def check():
        client.force_login(personas["auditeur"])
        # session, user, cohort, roles, enrolment, statement, module 1, tutoring days,
        # problem statements, note versions, their feedback, records, oral, settings,
        # assessment.
        with django_assert_num_queries(15):
            assert client.get(URL).status_code == 200

    enrolment = full_history(personas, cs26)
    check()
    for n in range(2, 12):  # more of everything
        version = NoteVersion.objects.create(
            enrolment=enrolment,
            number=n,
            file=f"notes/v{n}.pdf",
            file_name="note.pdf",
            file_kind="pdf",
            file_size=100,
            pages=n,
            uploaded_at=at(4, n),
        )
        NoteFeedback.objects.create(
            version=version, author=personas["tuteur"], comment="Ok", status="on_track"
        )
        ProblemStatementVersion.objects.create(
            enrolment=enrolment, number=n + 1, text="P", origin="revision", created_at=at(4, n)
        )
        enrol(UserFactory(), cs26)
    check()
