"""Sending the surveys with a frozen clock: opening with personal links, reminders only to
those who have not answered and at most `max_reminders`, closing that purges the list of
people asked, and runs that never send twice."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command

from essor.cohorts.models import EnrolmentStatus
from essor.core import clock
from essor.core.errors import DomainError
from essor.surveys import dispatch
from essor.surveys.models import Recipient, Survey, SurveyStatus
from essor.surveys.planning import plan_surveys
from essor.surveys.tokens import hash_token
from tests.factories import UserFactory, enrol

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver/enquetes/r/([\w-]+)/")


@pytest.fixture
def only_module_3(personas, settings):
    """CS26 2025 planned, with only module 3's « à chaud » survey kept."""
    settings.ESSOR_BASE_URL = "http://testserver"
    cohort = personas["enrolment"].cohort
    plan_surveys(cohort)
    survey = Survey.objects.get(cohort=cohort, module__number=3, questionnaire__key="a-chaud")
    Survey.objects.exclude(pk=survey.pk).delete()
    # Somebody who left is not asked.
    enrol(UserFactory(username="parti"), cohort, status=EnrolmentStatus.WITHDRAWN)
    return survey


@pytest.fixture
def run(django_capture_on_commit_callbacks, monkeypatch):
    def at(moment):
        monkeypatch.setattr(clock, "now", lambda: moment)
        with django_capture_on_commit_callbacks(execute=True):
            return dispatch.run_due(now=moment)

    return at


def test_nothing_before_the_module_ends(only_module_3, run, mailoutbox):
    summary = run(only_module_3.opens_at - timedelta(minutes=1))
    assert summary == dispatch.DispatchSummary()
    assert mailoutbox == []


def test_opening_mails_each_participant_a_personal_link(only_module_3, run, mailoutbox, personas):
    summary = run(only_module_3.opens_at + timedelta(minutes=5))
    assert (summary.opened, summary.sent) == (1, 2)
    survey = Survey.objects.get(pk=only_module_3.pk)
    assert survey.status == SurveyStatus.OPEN and survey.recipients_count == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["auditeur2@exemple.fr", "auditeur@exemple.fr"]
    message = next(m for m in mailoutbox if m.to == ["auditeur@exemple.fr"])
    assert "Module 3 — Satisfaction à chaud" in message.subject
    assert "anonymes" in message.body
    local_close = survey.closes_at.astimezone(clock.now().tzinfo)
    assert str(local_close.year) in message.body
    token = LINK.search(message.body).group(1)
    recipient = Recipient.objects.get(survey=survey, user=personas["auditeur"])
    assert recipient.token_hash == hash_token(token)
    assert not Recipient.objects.filter(user__username="parti").exists()


def test_a_second_run_sends_nothing(only_module_3, run, mailoutbox):
    moment = only_module_3.opens_at + timedelta(minutes=5)
    run(moment)
    sent = len(mailoutbox)
    assert run(moment) == dispatch.DispatchSummary()
    assert run(moment + timedelta(hours=1)) == dispatch.DispatchSummary()
    assert len(mailoutbox) == sent == 2


def test_reminders_go_to_non_answerers_after_the_delay_at_most_max(
    only_module_3, run, mailoutbox, personas
):
    questionnaire = only_module_3.questionnaire
    assert (questionnaire.reminder_days, questionnaire.max_reminders) == (3, 2)
    opened = only_module_3.opens_at + timedelta(minutes=5)
    run(opened)
    Recipient.objects.filter(user=personas["auditeur"]).update(answered=True)
    mailoutbox.clear()
    days = timedelta(days=questionnaire.reminder_days)

    assert run(opened + days - timedelta(hours=1)).reminded == 0
    before = Recipient.objects.get(user=personas["auditeur2"]).token_hash
    assert run(opened + days).reminded == 1
    assert [m.to for m in mailoutbox] == [["auditeur2@exemple.fr"]]
    assert mailoutbox[0].subject.startswith("Rappel")
    reminded = Recipient.objects.get(user=personas["auditeur2"])
    # The same link as in the invitation: either e-mail works.
    assert reminded.reminders_sent == 1 and reminded.token_hash == before
    assert reminded.token_hash == hash_token(LINK.search(mailoutbox[0].body).group(1))

    assert run(opened + days + timedelta(days=1)).reminded == 0  # not due yet
    assert run(opened + 2 * days).reminded == 1
    assert run(opened + 3 * days).reminded == 0  # max_reminders reached
    assert len(mailoutbox) == 2
    assert Recipient.objects.get(user=personas["auditeur"]).reminders_sent == 0


def test_closing_purges_the_recipients_and_keeps_the_count(only_module_3, run, mailoutbox):
    run(only_module_3.opens_at + timedelta(minutes=5))
    Recipient.objects.filter(survey=only_module_3).update(answered=True)
    mailoutbox.clear()
    summary = run(only_module_3.closes_at)
    assert summary.closed == 1 and summary.reminded == 0
    survey = Survey.objects.get(pk=only_module_3.pk)
    assert survey.status == SurveyStatus.CLOSED and survey.closed_at == only_module_3.closes_at
    assert survey.recipients_count == 2
    assert not Recipient.objects.filter(survey=survey).exists()
    assert mailoutbox == []
    assert run(only_module_3.closes_at + timedelta(days=1)) == dispatch.DispatchSummary()


def test_a_survey_found_after_its_window_is_closed_without_sending(only_module_3, run, mailoutbox):
    summary = run(only_module_3.closes_at + timedelta(days=30))
    assert (summary.opened, summary.closed, summary.sent) == (0, 1, 0)
    survey = Survey.objects.get(pk=only_module_3.pk)
    assert survey.status == SurveyStatus.CLOSED and survey.recipients_count == 0
    assert mailoutbox == []


def test_speakers_and_partners_are_asked_by_their_membership(personas, run, mailoutbox, settings):
    settings.ESSOR_BASE_URL = "http://testserver"
    cohort = personas["enrolment"].cohort
    plan_surveys(cohort)
    speakers = Survey.objects.get(cohort=cohort, questionnaire__key="intervenants")
    Survey.objects.exclude(questionnaire__key__in=["intervenants", "partenaires"]).delete()
    run(speakers.opens_at + timedelta(minutes=1))
    assert sorted(m.to[0] for m in mailoutbox) == [
        "intervenant@exemple.fr",
        "partenaire@exemple.fr",
    ]
    assert "nominatif" in mailoutbox[0].body


def test_coordinator_actions(
    only_module_3, personas, django_capture_on_commit_callbacks, mailoutbox
):
    moment = only_module_3.opens_at - timedelta(days=1)
    with pytest.raises(DomainError) as error:
        dispatch.remind_now(survey=only_module_3, now=moment)
    assert error.value.code == "not_open"
    with pytest.raises(DomainError):
        dispatch.close_now(survey=only_module_3, now=moment)

    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch.open_now(survey=only_module_3, now=moment) == 2
    with pytest.raises(DomainError) as error:
        dispatch.open_now(survey=only_module_3, now=moment)
    assert error.value.code == "not_planned"

    Recipient.objects.filter(user=personas["auditeur"]).update(answered=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch.remind_now(survey=only_module_3, now=moment) == 1
    assert mailoutbox[-1].to == ["auditeur2@exemple.fr"]

    dispatch.close_now(survey=only_module_3, now=moment + timedelta(hours=1))
    survey = Survey.objects.get(pk=only_module_3.pk)
    assert survey.status == SurveyStatus.CLOSED and survey.recipients_count == 2
    assert not Recipient.objects.filter(survey=survey).exists()


def test_the_command_plans_then_sends_once(
    personas, monkeypatch, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.ESSOR_BASE_URL = "http://testserver"
    cohort = personas["enrolment"].cohort
    plan_surveys(cohort)
    survey = Survey.objects.get(cohort=cohort, module__number=3, questionnaire__key="a-chaud")
    monkeypatch.setattr(clock, "now", lambda: survey.opens_at + timedelta(minutes=1))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_surveys", stdout=out)
    opened = Survey.objects.filter(cohort=cohort, status=SurveyStatus.OPEN).count()
    assert opened >= 1 and f"ouvertes : {opened} ;" in out.getvalue()
    assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.OPEN
    sent = len(mailoutbox)
    assert sent == 2 * opened  # two participants each
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_surveys", stdout=out)
    assert "ouvertes : 0" in out.getvalue() and "closes : 0" in out.getvalue()
    assert len(mailoutbox) == sent
