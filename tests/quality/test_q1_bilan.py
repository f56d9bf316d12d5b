"""The bilan's figures on a crafted cohort (10 participants, one withdrawn, one absence,
two certificates), satisfaction hidden under 5 answers, the page and its PDF read back,
and the query count of the figures."""

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from essor.attendance.models import AttendanceRecord, AttendanceStatus
from essor.certification.models import CertificateStatus
from essor.cohorts.models import EnrolmentStatus
from essor.core import clock
from essor.programmes.models import Slot
from essor.quality.bilan_pdf import render_bilan_pdf
from essor.quality.models import Bilan
from essor.quality.results import cohort_results, percent
from essor.surveys.models import (
    Answer,
    Audience,
    Moment,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Survey,
)
from tests.certification.badge_fixtures import make_certificate
from tests.factories import UserFactory, enrol, grant

AFTER_THE_END = datetime.datetime(2025, 6, 2, 10, tzinfo=datetime.UTC)


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: AFTER_THE_END)
    return AFTER_THE_END


def make_participants(cohort, count, *, prefix="p"):
    return [enrol(UserFactory(username=f"{prefix}{i}"), cohort) for i in range(count)]


def attend_all(cohort, enrolments, *, absent_on=None):
    """Present at every half-day; `absent_on` = (enrolment, slot) marked absent instead."""
    rows = []
    for slot in Slot.objects.filter(cohort=cohort):
        for enrolment in enrolments:
            status = AttendanceStatus.PRESENT
            if absent_on and absent_on == (enrolment, slot.pk):
                status = AttendanceStatus.ABSENT
            rows.append(
                AttendanceRecord(
                    slot=slot, enrolment=enrolment, status=status, updated_at=clock.now()
                )
            )
    AttendanceRecord.objects.bulk_create(rows)


def end_survey(cohort, scores, *, module=None, moment=Moment.END, key="fin", audience=None):
    """A survey whose « satisfaction » question got these scores (one response each),
    plus a free-text question answered « Réponse n ». Returns the survey."""
    questionnaire, _created = Questionnaire.objects.get_or_create(
        programme=cohort.programme,
        key=key,
        defaults={
            "title": f"Questionnaire {key}",
            "moment": moment,
            "audience": audience or Audience.PARTICIPANTS,
        },
    )
    scale, _ = Question.objects.get_or_create(
        questionnaire=questionnaire,
        key="satisfaction",
        defaults={"kind": QuestionKind.SCALE, "text": "Satisfaction globale", "position": 1},
    )
    text, _ = Question.objects.get_or_create(
        questionnaire=questionnaire,
        key="commentaire",
        defaults={"kind": QuestionKind.TEXT, "text": "Vos remarques", "position": 2},
    )
    now = clock.now()
    survey = Survey.objects.create(
        cohort=cohort,
        questionnaire=questionnaire,
        module=module,
        title=f"{questionnaire.title} — {cohort.title}" + (f" — {module.number}" if module else ""),
        opens_at=now,
        closes_at=now,
    )
    for index, score in enumerate(scores):
        response = Response.objects.create(survey=survey, submitted_on=now.date())
        Answer.objects.create(response=response, question=scale, number=score)
        Answer.objects.create(response=response, question=text, text=f"Réponse {index}")
    return survey


@pytest.fixture
def crafted(cs26, frozen):
    """10 participants: 1 withdrawn (no record), 8 present everywhere, 1 absent on the
    first half-day; 2 valid certificates and 1 revoked."""
    coordinator = UserFactory(username="coordination")
    grant(coordinator, cs26, "coordinator")
    people = make_participants(cs26, 10)
    people[9].status = EnrolmentStatus.WITHDRAWN
    people[9].save()
    first = Slot.objects.filter(cohort=cs26).order_by("start").first()
    attend_all(cs26, people[:9], absent_on=(people[8], first.pk))
    make_certificate(people[0], by=coordinator, number="CS26-2025-0001")
    make_certificate(people[1], by=coordinator, number="CS26-2025-0002")
    make_certificate(
        people[2], by=coordinator, number="CS26-2025-0003", status=CertificateStatus.REVOKED
    )
    return {"cohort": cs26, "people": people, "coordinator": coordinator, "first": first}


def test_the_figures_of_a_crafted_cohort(crafted):
    results = cohort_results(crafted["cohort"])
    assert results.participants == 10
    assert results.withdrawn == 1
    assert results.dropout_rate == Decimal("10.0")
    assert results.completed == 8
    assert results.completion_rate == Decimal("80.0")
    assert results.certified == 2
    assert results.certification_rate == Decimal("20.0")
    # 9 active participants × 26 half-days (90 h), one half-day of 3 h missed.
    assert results.planned_hours == Decimal("810.00")
    assert crafted["first"].end - crafted["first"].start == datetime.timedelta(hours=3)
    assert results.attended_hours == Decimal("807.00")
    assert results.attendance_rate == Decimal("99.6")
    assert results.finished is True


def test_an_excused_absence_with_a_derogation_still_completes(crafted):
    from essor.certification.models import Derogation

    person, first = crafted["people"][8], crafted["first"]
    AttendanceRecord.objects.filter(enrolment=person, slot=first).update(
        status=AttendanceStatus.EXCUSED
    )
    assert cohort_results(crafted["cohort"]).completed == 8
    Derogation.objects.create(
        enrolment=person,
        slot=first,
        reason="Hospitalisation",
        granted_by=crafted["coordinator"],
        granted_at=clock.now(),
    )
    assert cohort_results(crafted["cohort"]).completed == 9


def test_satisfaction_is_hidden_under_five_answers(crafted):
    cohort = crafted["cohort"]
    survey = end_survey(cohort, [5, 4, 3, 4])
    satisfaction = cohort_results(cohort).satisfaction
    assert satisfaction.answers == 4 and not satisfaction.shown
    response = Response.objects.create(survey=survey, submitted_on=clock.now().date())
    Answer.objects.create(
        response=response, question=survey.questionnaire.questions.get(key="satisfaction"), number=2
    )
    satisfaction = cohort_results(cohort).satisfaction
    assert satisfaction.shown
    assert satisfaction.mean == Decimal("3.60")
    assert satisfaction.percent_satisfied == Decimal("60.0")


def test_percent_rounds_half_up_and_knows_nothing_of_zero():
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(0, 0) is None


def test_the_page_shows_the_figures_and_no_participant_name(crafted, client):
    cohort = crafted["cohort"]
    module = cohort.programme.modules.order_by("number").first()
    end_survey(cohort, [5, 5, 4, 4, 3], module=module, moment=Moment.MODULE, key="a-chaud")
    end_survey(cohort, [4, 4], key="intervenants", audience=Audience.SPEAKERS)
    partner = UserFactory(username="partenaire")
    grant(partner, cohort, "partner")
    client.force_login(partner)
    html = client.get(f"/cohorts/{cohort.slug}/bilan/").content.decode()
    assert "80,0\u00a0%" in html  # completion
    assert "20,0\u00a0%" in html  # certification
    assert "99,6\u00a0%" in html  # attendance
    assert "4,2" in html  # module 1: (5+5+4+4+3)/5
    assert 'role="img"' in html
    assert "moins de 5 réponses" in html  # the speakers' questionnaire (2 answers)
    for enrolment in crafted["people"]:
        assert enrolment.user.last_name not in html


def test_participants_see_the_bilan_only_once_shared(crafted, client):
    cohort = crafted["cohort"]
    client.force_login(crafted["people"][0].user)
    assert client.get(f"/cohorts/{cohort.slug}/bilan/").status_code == 404
    Bilan.objects.create(cohort=cohort, summary="Bonne promotion.", published=True)
    response = client.get(f"/cohorts/{cohort.slug}/bilan/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bonne promotion." in page
    # A participant reads the bilan, not the coordination's forms.
    assert 'action="/cohorts/' + cohort.slug + '/bilan/modifier"' not in page


def test_editing_and_publishing(crafted, client):
    cohort = crafted["cohort"]
    client.force_login(crafted["coordinator"])
    url = f"/cohorts/{cohort.slug}/bilan/"
    # Sharing without an analysis is refused, nothing changes.
    client.post(url + "partager", {"published": "1"})
    assert not Bilan.objects.filter(cohort=cohort, published=True).exists()
    response = client.post(url + "modifier", {"held_on": "2099-01-01", "summary": "Texte gardé"})
    assert response.status_code == 400
    assert "Texte gardé" in response.content.decode()
    assert "futur" in response.content.decode()
    response = client.post(
        url + "modifier",
        {"held_on": "2025-06-01", "summary": "Une promotion engagée.", "attendees": "Cnam"},
    )
    assert response.status_code == 302
    client.post(url + "partager", {"published": "1"})
    bilan = Bilan.objects.get(cohort=cohort)
    assert bilan.published and bilan.summary == "Une promotion engagée."
    client.post(url + "partager", {"published": "0"})
    assert not Bilan.objects.get(cohort=cohort).published


def test_the_pdf_holds_the_figures(crafted):
    cohort = crafted["cohort"]
    module = cohort.programme.modules.order_by("number").first()
    end_survey(cohort, [5, 5, 4, 4, 3], module=module, moment=Moment.MODULE, key="a-chaud")
    Bilan.objects.create(cohort=cohort, summary='Analyse <b>#panic("x")</b>')
    pdf = render_bilan_pdf(cohort)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Bilan de la promotion" in text
    assert "80,0" in text and "20,0" in text and "99,6" in text and "10,0" in text
    assert "4,2" in text
    assert '#panic("x")' in text


@pytest.mark.parametrize("size", [3, 12])
def test_the_figures_take_a_fixed_number_of_queries(cs26, frozen, size, django_assert_num_queries):
    people = make_participants(cs26, size)
    attend_all(cs26, people)
    # slots, enrolments, records, derogations, certificates, satisfaction.
    with django_assert_num_queries(6):
        results = cohort_results(cs26)
    assert results.participants == size
