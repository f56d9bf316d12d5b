"""Planning the surveys of CS26 2025: when each one opens and closes, idempotently."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from essor.programmes.models import ModuleKind, Slot
from essor.surveys.defaults import DEFAULTS, ensure_default_questionnaires
from essor.surveys.models import Moment, Question, Questionnaire, Survey, SurveyStatus
from essor.surveys.planning import add_months, plan_surveys

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def test_defaults_are_created_once_with_the_keyed_questions(cs26):
    first = ensure_default_questionnaires(cs26.programme)
    again = ensure_default_questionnaires(cs26.programme)
    assert [q.pk for q in first] == [q.pk for q in again]
    assert Questionnaire.objects.filter(programme=cs26.programme).count() == len(DEFAULTS) == 5
    by_key = {q.key: q for q in first}
    assert by_key["a-chaud"].moment == Moment.MODULE and by_key["a-chaud"].anonymous
    assert by_key["a-froid"].moment == Moment.FOLLOW_UP and by_key["a-froid"].follow_up_months == 4
    assert not by_key["intervenants"].anonymous and not by_key["partenaires"].anonymous
    for key in ("a-chaud", "fin", "a-froid"):
        assert Question.objects.filter(questionnaire=by_key[key], key="satisfaction").count() == 1
    recommend = Question.objects.get(questionnaire=by_key["fin"], key="recommandation")
    assert recommend.choices == ["Oui", "Plutôt oui", "Plutôt non", "Non"]


def test_module_3_survey_opens_when_its_last_half_day_ends(cs26):
    plan_surveys(cs26)
    last_end = Slot.objects.filter(cohort=cs26, module__number=3).order_by("-end").first().end
    survey = Survey.objects.get(cohort=cs26, module__number=3, questionnaire__key="a-chaud")
    assert survey.opens_at == last_end
    assert survey.closes_at == last_end + timedelta(days=survey.questionnaire.open_days)
    assert survey.title == "Module 3 — Satisfaction à chaud"
    assert survey.status == SurveyStatus.PLANNED


def test_every_module_but_the_closing_one_gets_a_survey(cs26):
    plan_surveys(cs26)
    numbers = set(
        Survey.objects.filter(cohort=cs26, questionnaire__key="a-chaud").values_list(
            "module__number", flat=True
        )
    )
    with_slots = set(
        Slot.objects.filter(cohort=cs26)
        .exclude(module__kind=ModuleKind.CLOSING)
        .values_list("module__number", flat=True)
    )
    assert numbers == with_slots and 14 not in numbers and 3 in numbers


def test_end_and_follow_up_dates(cs26):
    plan_surveys(cs26)
    last_end = Slot.objects.filter(cohort=cs26).order_by("-end").first().end
    end = Survey.objects.get(cohort=cs26, questionnaire__key="fin")
    follow_up = Survey.objects.get(cohort=cs26, questionnaire__key="a-froid")
    assert end.opens_at == last_end
    local_end, local_follow = last_end.astimezone(PARIS), follow_up.opens_at.astimezone(PARIS)
    # Four calendar months later, at the same wall-clock time in Paris.
    months = (local_follow.year - local_end.year) * 12 + local_follow.month - local_end.month
    assert months == 4
    assert (local_follow.day, local_follow.time()) == (local_end.day, local_end.time())
    assert Survey.objects.filter(cohort=cs26, questionnaire__key="intervenants").exists()
    assert Survey.objects.filter(cohort=cs26, questionnaire__key="partenaires").exists()


def test_add_months_keeps_wall_clock_and_clamps_the_day():
    moment = datetime(2025, 10, 31, 17, 0, tzinfo=PARIS)  # winter time from 26 October
    later = add_months(moment, 4, PARIS)
    assert later == datetime(2026, 2, 28, 17, 0, tzinfo=PARIS)
    summer = add_months(datetime(2025, 1, 15, 17, 0, tzinfo=PARIS), 4, PARIS)
    assert summer.astimezone(PARIS).hour == 17 and summer.month == 5


def test_planning_again_changes_nothing_and_re_dates_planned_ones_only(cs26):
    first = plan_surveys(cs26)
    count = Survey.objects.filter(cohort=cs26).count()
    assert len(first) == count
    assert [s.pk for s in plan_surveys(cs26)] == [s.pk for s in first]
    assert Survey.objects.filter(cohort=cs26).count() == count

    # Module 3's last half-day moves one week later; module 2's survey was already sent.
    slot = Slot.objects.filter(cohort=cs26, module__number=3).order_by("-end").first()
    Slot.objects.filter(pk=slot.pk).update(
        start=slot.start + timedelta(days=7), end=slot.end + timedelta(days=7)
    )
    sent = Survey.objects.get(cohort=cs26, module__number=2, questionnaire__key="a-chaud")
    Survey.objects.filter(pk=sent.pk).update(status=SurveyStatus.OPEN)
    Slot.objects.filter(cohort=cs26, module__number=2).update(
        start=slot.start + timedelta(days=30), end=slot.end + timedelta(days=30)
    )
    plan_surveys(cs26)
    moved = Survey.objects.get(cohort=cs26, module__number=3, questionnaire__key="a-chaud")
    assert moved.opens_at == slot.end + timedelta(days=7)
    sent.refresh_from_db()
    assert sent.opens_at < slot.end  # left alone


def test_inactive_and_manual_questionnaires_are_not_planned(cs26):
    plan_surveys(cs26)
    Questionnaire.objects.filter(programme=cs26.programme, key="partenaires").update(active=False)
    Questionnaire.objects.filter(programme=cs26.programme, key="intervenants").update(
        moment=Moment.MANUAL
    )
    Survey.objects.filter(questionnaire__key="intervenants").delete()
    plan_surveys(cs26)
    assert not Survey.objects.filter(cohort=cs26, questionnaire__key="partenaires").exists()
    assert not Survey.objects.filter(cohort=cs26, questionnaire__key="intervenants").exists()


def test_a_cohort_without_slots_gets_nothing(other_cohort):
    assert plan_surveys(other_cohort) == []
