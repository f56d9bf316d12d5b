"""The coordination's pages: questionnaires, one questionnaire, the cohort's surveys."""

from datetime import timedelta

import pytest

from essor.core import clock
from essor.core.demo_surveys import seed_survey_demo
from essor.programmes.models import Slot
from essor.surveys.defaults import ensure_default_questionnaires
from essor.surveys.models import Question, Recipient, Response, Survey, SurveyStatus
from essor.surveys.planning import plan_surveys

pytestmark = pytest.mark.django_db
SLUG = "cs26-2025"


@pytest.fixture
def coordination(client, personas):
    client.force_login(personas["coordination"])
    return client


def test_list_offers_defaults_without_writing_on_get(coordination, cs26):
    page = coordination.get("/programmes/CS26/questionnaires/")
    assert page.status_code == 200
    assert "Créer les questionnaires par défaut" in page.content.decode()
    assert not cs26.programme.questionnaires.exists()
    coordination.post("/programmes/CS26/questionnaires/")
    page = coordination.get("/programmes/CS26/questionnaires/").content.decode()
    assert "Satisfaction à chaud" in page and "Questionnaire des partenaires" in page
    assert "Créer les questionnaires par défaut" not in page


def test_questionnaire_page_adds_questions_and_keeps_what_was_typed(coordination, cs26):
    chaud = {q.key: q for q in ensure_default_questionnaires(cs26.programme)}["a-chaud"]
    url = f"/questionnaires/{chaud.pk}/"
    page = coordination.get(url).content.decode()
    assert "Aperçu" in page and "<legend>" in page and "Très satisfait·e" in page
    count = chaud.questions.count()
    bad = coordination.post(
        url,
        {"form": "question", "new-kind": "single", "new-text": "Durée ?", "new-options": "Seule"},
    )
    assert bad.status_code == 400
    assert "au moins deux options" in bad.content.decode()
    assert "Durée ?" in bad.content.decode()
    assert chaud.questions.count() == count
    ok = coordination.post(
        url,
        {
            "form": "question",
            "new-kind": "single",
            "new-text": "Durée ?",
            "new-options": "Trop courte\nAdaptée\nTrop longue",
            "new-required": "on",
        },
    )
    assert ok.status_code == 302
    added = chaud.questions.get(text="Durée ?")
    assert (
        added.choices == ["Trop courte", "Adaptée", "Trop longue"] and added.position == count + 1
    )


def test_question_edit_move_delete_and_copy(coordination, cs26):
    fin = {q.key: q for q in ensure_default_questionnaires(cs26.programme)}["fin"]
    first, second = list(fin.questions.order_by("position"))[:2]
    base = f"/questionnaires/{fin.pk}/questions/{first.pk}/"
    bad = coordination.post(base, {f"q{first.pk}-kind": "scale", f"q{first.pk}-text": ""})
    assert bad.status_code == 400 and "Saisissez le texte" in bad.content.decode()
    ok = coordination.post(
        base, {f"q{first.pk}-kind": "scale", f"q{first.pk}-text": "Satisfaction globale ?"}
    )
    assert ok.status_code == 302
    assert Question.objects.get(pk=first.pk).text == "Satisfaction globale ?"
    coordination.post(base + "deplacer", {"direction": "down"})
    assert list(fin.questions.order_by("position"))[:2] == [second, first]
    coordination.post(base + "supprimer")
    assert not Question.objects.filter(pk=first.pk).exists()
    copied = coordination.post(f"/questionnaires/{fin.pk}/copie")
    copy = cs26.programme.questionnaires.get(title=f"{fin.title} (copie)")
    assert copied.url == f"/questionnaires/{copy.pk}/"


def test_new_questionnaire_form(coordination, cs26):
    bad = coordination.post(
        "/programmes/CS26/questionnaires/nouveau", {"title": "", "moment": "manual"}
    )
    assert bad.status_code == 400
    assert not cs26.programme.questionnaires.exists()
    ok = coordination.post(
        "/programmes/CS26/questionnaires/nouveau",
        {
            "title": "Journée d'étude",
            "moment": "manual",
            "audience": "participants",
            "anonymous": "on",
            "follow_up_months": 4,
            "open_days": 7,
            "reminder_days": 3,
            "max_reminders": 1,
        },
    )
    assert ok.status_code == 302
    assert cs26.programme.questionnaires.get().title == "Journée d'étude"


def test_cohort_page_counts_but_never_names(coordination, personas, cs26, monkeypatch):
    plan_surveys(cs26)
    survey = Survey.objects.get(cohort=cs26, module__number=3, questionnaire__key="a-chaud")
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.OPEN)
    Recipient.objects.create(
        survey=survey, user=personas["auditeur"], token_hash="a" * 64, answered=True
    )
    Recipient.objects.create(survey=survey, user=personas["auditeur2"], token_hash="b" * 64)
    Response.objects.create(survey=survey, submitted_on="2025-02-01")
    page = coordination.get(f"/cohorts/{SLUG}/enquetes/").content.decode()
    assert "Module 3 — Satisfaction à chaud" in page
    assert "jamais qui" in page
    assert "50 %" in page and "Relancer" in page and "Ouvrir maintenant" in page
    assert f"/cohorts/{SLUG}/enquetes/{survey.pk}/resultats/" in page
    for person in ("auditeur", "auditeur2"):
        assert personas[person].last_name not in page
    # French dates.
    assert "janvier 2025" in page or "février 2025" in page


def test_cohort_actions_go_through_the_services(
    coordination, cs26, personas, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    plan_surveys(cs26)
    survey = Survey.objects.get(cohort=cs26, questionnaire__key="fin")
    monkeypatch.setattr(clock, "now", lambda: survey.opens_at - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        coordination.post(f"/cohorts/{SLUG}/enquetes/{survey.pk}/ouvrir")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN and len(mailoutbox) == 2
    reply = coordination.post(f"/cohorts/{SLUG}/enquetes/{survey.pk}/ouvrir", follow=True)
    assert "déjà été ouverte" in reply.content.decode()
    coordination.post(f"/cohorts/{SLUG}/enquetes/{survey.pk}/clore")
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED and survey.recipients_count == 2


def test_cohort_page_query_count_does_not_grow(coordination, cs26, django_assert_num_queries):
    plan_surveys(cs26)
    Survey.objects.exclude(module__number__in=[2, 3]).delete()

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert coordination.get(f"/cohorts/{SLUG}/enquetes/").status_code == 200
        return len(ctx.captured_queries)

    small = count()
    assert len(plan_surveys(cs26)) > 10
    for survey in Survey.objects.filter(cohort=cs26)[:5]:
        Response.objects.create(survey=survey, submitted_on="2025-02-01")
    Survey.objects.filter(cohort=cs26, module__number__in=[2, 3]).update(status=SurveyStatus.CLOSED)
    with django_assert_num_queries(small):
        coordination.get(f"/cohorts/{SLUG}/enquetes/")


def test_demo_seed_answers_past_modules_anonymously(cs26, personas):
    last = Slot.objects.filter(cohort=cs26, module__number=5).order_by("-end").first().end
    seed_survey_demo(cs26, last + timedelta(days=1))
    closed = Survey.objects.filter(cohort=cs26, status=SurveyStatus.CLOSED)
    assert closed.exists()
    for survey in closed:
        assert 6 <= survey.responses.count() <= 9
        assert not Recipient.objects.filter(survey=survey).exists()
    current = Survey.objects.get(cohort=cs26, status=SurveyStatus.OPEN)
    assert current.opens_at >= max(s.opens_at for s in closed)
    assert (
        Recipient.objects.filter(survey=current, answered=True).count() == current.responses.count()
    )
    assert not Response.objects.filter(respondent__isnull=False).exists()
