"""The tutor's page: their participants with what changed since they last looked, and
« Marquer comme vu » (the `mark_seen` service) to reset it."""

from datetime import UTC, datetime

import pytest

from essor.core import clock
from essor.core.errors import DomainError
from essor.coursework.models import (
    LastSeen,
    NoteVersion,
    ProblemStatementOrigin,
    ProblemStatementVersion,
    StatementComment,
    StatementOfIntent,
    StatementVersion,
    TutoringRecord,
)
from essor.coursework.overview_services import mark_seen
from essor.programmes.models import Module
from tests.factories import UserFactory, enrol

pytestmark = pytest.mark.django_db

URL = "/cohorts/cs26-2025/tutor/personal-work/"
MONDAY = datetime(2025, 3, 10, 9, tzinfo=UTC)
TUESDAY = datetime(2025, 3, 11, 9, tzinfo=UTC)
WEDNESDAY = datetime(2025, 3, 12, 9, tzinfo=UTC)


@pytest.fixture
def frozen(monkeypatch):
    """Sets the clock: `frozen(when)`."""

    def freeze(when):
        monkeypatch.setattr(clock, "now", lambda: when)

    return freeze


def seen_url(enrolment):
    return f"{URL}{enrolment.pk}/seen"


def problem_statement(enrolment, when, number=1):
    return ProblemStatementVersion.objects.create(
        enrolment=enrolment,
        number=number,
        text="Problématique",
        origin=ProblemStatementOrigin.REVISION,
        created_at=when,
    )


def note(enrolment, number, when):
    return NoteVersion.objects.create(
        enrolment=enrolment,
        number=number,
        file=f"notes/v{number}.pdf",
        file_name="note.pdf",
        file_kind="pdf",
        file_size=100,
        pages=3,
        uploaded_at=when,
    )


def statement_activity(enrolment, when, comment_by):
    statement = StatementOfIntent.objects.create(enrolment=enrolment, body="Ma note")
    StatementVersion.objects.create(statement=statement, number=1, body="Ma note", created_at=when)
    StatementComment.objects.create(
        statement=statement, author=comment_by, body="Bravo", created_at=when
    )
    return statement


def record(enrolment, when, author):
    return TutoringRecord.objects.create(
        enrolment=enrolment,
        module=Module.objects.get(programme=enrolment.cohort.programme, number=9),
        draft_percent=30,
        author=author,
        updated_at=when,
    )


def item_of(html: str, enrolment) -> str:
    return html.split(f'id="participant-{enrolment.pk}"')[1].split("</li>\n    \n")[0]


def changes_of(client, enrolment) -> dict[str, int]:
    html = item_of(client.get(URL).content.decode(), enrolment)
    found = {}
    for part in html.split('data-change="')[1:]:
        code = part.split('"')[0]
        found[code] = int(part.split("<strong>")[1].split("</strong>")[0])
    return found


def test_everything_is_new_before_the_first_look(client, personas, frozen):
    frozen(TUESDAY)
    enrolment = personas["enrolment"]
    problem_statement(enrolment, MONDAY)
    note(enrolment, 1, MONDAY)
    note(enrolment, 2, MONDAY)
    statement_activity(enrolment, MONDAY, comment_by=personas["coordination"])
    record(enrolment, MONDAY, author=personas["coordination"])
    client.force_login(personas["tuteur"])
    html = client.get(URL).content.decode()
    assert "nouveau depuis votre dernière visite" in html
    assert "Jamais marqué comme vu" in html
    assert changes_of(client, enrolment) == {
        "problem_statement": 1,
        "note": 2,
        "statement": 1,
        "statement_comment": 1,
        "tutoring": 1,
    }


def test_marking_seen_clears_the_news_and_later_changes_show_again(client, personas, frozen):
    enrolment = personas["enrolment"]
    problem_statement(enrolment, MONDAY)
    note(enrolment, 1, MONDAY)
    client.force_login(personas["tuteur"])

    frozen(TUESDAY)
    response = client.post(seen_url(enrolment))
    assert response.status_code == 302
    assert response["Location"].endswith(f"{URL}#participant-{enrolment.pk}")
    assert LastSeen.objects.get(user=personas["tuteur"], enrolment=enrolment).seen_at == TUESDAY
    html = item_of(client.get(URL).content.decode(), enrolment)
    assert "nouveau depuis votre dernière visite" not in html
    assert "Rien de nouveau." in html
    assert "Dernière visite : 11 mars 2025" in html
    assert 'data-new="0"' in client.get(URL).content.decode()

    frozen(WEDNESDAY)
    problem_statement(enrolment, WEDNESDAY, number=2)
    note(enrolment, 2, WEDNESDAY)
    assert changes_of(client, enrolment) == {"problem_statement": 1, "note": 1}
    html = client.get(URL).content.decode()
    assert "nouveau depuis votre dernière visite" in html
    assert "1 personne sur 1 a du nouveau." in html


def test_what_the_tutor_wrote_themself_is_not_news(client, personas, frozen):
    frozen(TUESDAY)
    enrolment = personas["enrolment"]
    statement_activity(enrolment, MONDAY, comment_by=personas["tuteur"])
    record(enrolment, MONDAY, author=personas["tuteur"])
    client.force_login(personas["tuteur"])
    # The statement's version is news; the tutor's own comment and record are not.
    assert changes_of(client, enrolment) == {"statement": 1}


def test_each_person_has_their_own_last_look(client, personas, frozen):
    enrolment = personas["enrolment"]
    problem_statement(enrolment, MONDAY)
    frozen(TUESDAY)
    mark_seen(user=personas["tuteur"], enrolment=enrolment)
    client.force_login(personas["coordination"])
    assert changes_of(client, enrolment) == {"problem_statement": 1}
    client.force_login(personas["tuteur"])
    assert changes_of(client, enrolment) == {}


def test_mark_seen_never_moves_back_in_time(personas, frozen):
    enrolment = personas["enrolment"]
    frozen(WEDNESDAY)
    mark_seen(user=personas["tuteur"], enrolment=enrolment)
    frozen(MONDAY)
    seen = mark_seen(user=personas["tuteur"], enrolment=enrolment)
    assert seen.seen_at == WEDNESDAY
    assert LastSeen.objects.filter(user=personas["tuteur"]).count() == 1


def test_mark_seen_is_refused_to_someone_who_does_not_follow_the_participant(personas, frozen):
    frozen(MONDAY)
    for who in ("tuteur2", "auditeur", "intervenant"):
        with pytest.raises(DomainError) as error:
            mark_seen(user=personas[who], enrolment=personas["enrolment"])
        assert error.value.code == "not_following"
    assert not LastSeen.objects.exists()


def test_a_tutor_sees_only_their_participants_and_the_coordination_sees_all(client, personas):
    client.force_login(personas["tuteur"])
    html = client.get(URL).content.decode()
    assert f'id="participant-{personas["enrolment"].pk}"' in html
    assert f'id="participant-{personas["enrolment2"].pk}"' not in html
    assert "Vos auditeur·rices" in html
    client.force_login(personas["coordination"])
    html = client.get(URL).content.decode()
    assert f'id="participant-{personas["enrolment"].pk}"' in html
    assert f'id="participant-{personas["enrolment2"].pk}"' in html
    assert f'id="participant-{personas["other_enrolment"].pk}"' not in html


def test_a_tutor_cannot_mark_someone_elses_participant(client, personas, frozen):
    frozen(MONDAY)
    client.force_login(personas["tuteur"])
    assert client.post(seen_url(personas["enrolment2"])).status_code == 404
    # Another cohort's participant through this cohort's URL: 404 even for the coordination.
    client.force_login(personas["coordination"])
    assert client.post(seen_url(personas["other_enrolment"])).status_code == 404
    assert not LastSeen.objects.exists()


def test_the_page_reads_a_fixed_number_of_queries(
    client, personas, frozen, django_assert_num_queries
):
    frozen(WEDNESDAY)
    cohort = personas["enrolment"].cohort
    tutor = personas["tuteur"]

    def check():
        client.force_login(tutor)
        # session, user, cohort, the user's roles, enrolments, last looks, and one grouped
        # count for each kind of change (5).
        with django_assert_num_queries(11):
            assert client.get(URL).status_code == 200

    enrol(UserFactory(), cohort, tutor=tutor)
    enrol(UserFactory(), cohort, tutor=tutor)  # 3 participants
    check()
    for _ in range(17):  # 20, each with news and an earlier look
        enrolment = enrol(UserFactory(), cohort, tutor=tutor)
        problem_statement(enrolment, TUESDAY)
        note(enrolment, 1, TUESDAY)
        statement_activity(enrolment, TUESDAY, comment_by=personas["coordination"])
        record(enrolment, TUESDAY, author=personas["coordination"])
        LastSeen.objects.create(user=tutor, enrolment=enrolment, seen_at=MONDAY)
    check()
