"""Absences announced in advance: the participant chooses half-days still to come and gives
a reason; the coordination and the tutor are told by e-mail; started half-days and other
cohorts' are refused; the notice changes no attendance record."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from essor.attendance.models import AbsenceNotice, AttendanceRecord
from essor.attendance.rollcall import announce_absence
from essor.core import clock
from essor.core.errors import DomainError
from essor.programmes.models import Slot
from tests.factories import UserFactory, enrol, grant

PARIS = ZoneInfo("Europe/Paris")
BEFORE_THE_START = datetime(2025, 1, 10, 12, 0, tzinfo=PARIS)
DURING_MODULE1 = datetime(2025, 1, 20, 15, 0, tzinfo=PARIS)
NEW = "/cohorts/cs26-2025/absences/new/"
LIST = "/cohorts/cs26-2025/absences/"


@pytest.fixture
def slots(cs26, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: BEFORE_THE_START)
    return list(Slot.objects.filter(cohort=cs26).select_related("module", "cohort"))


@pytest.fixture
def second_coordinator(cs26):
    person = UserFactory(username="coordination2")
    grant(person, cs26, "coordinator")
    return person


def announce(client, slots, reason="Mariage de ma sœur"):
    return client.post(NEW, {"slots": [s.pk for s in slots], "reason": reason})


def test_the_page_offers_the_half_days_to_come_in_french(client, personas, slots, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: DURING_MODULE1)
    client.force_login(personas["auditeur"])
    page = client.get(NEW).content.decode()
    # Module 1 has started: it is no longer offered; module 2 is.
    assert "Module 1 — lundi 20 janvier 2025" not in page
    assert f'value="{slots[1].pk}"' in page
    assert "Module 2 — " in page
    assert "ne change pas votre statut" in page
    assert "Vous n'avez annoncé aucune absence." in page


def test_announcing_an_absence_tells_every_coordinator_and_the_tutor(
    client, personas, slots, second_coordinator, django_capture_on_commit_callbacks
):
    client.force_login(personas["auditeur"])
    chosen = [slots[2], slots[3]]
    with django_capture_on_commit_callbacks(execute=True):
        response = announce(client, chosen)
    assert response.status_code == 302
    notice = AbsenceNotice.objects.get()
    assert notice.enrolment == personas["enrolment"]
    assert set(notice.slots.all()) == set(chosen)
    assert notice.reason == "Mariage de ma sœur"
    by_recipients = {tuple(sorted(m.to)): m for m in mail.outbox}
    coordination = tuple(sorted([personas["coordination"].email, second_coordinator.email]))
    assert set(by_recipients) == {coordination, (personas["tuteur"].email,)}
    auditeur = personas["auditeur"]
    name = f"{auditeur.first_name} {auditeur.last_name}"
    for message in mail.outbox:
        assert message.subject == f"Absence annoncée — {name} — CS26 2025"
        assert "Mariage de ma sœur" in message.body
        assert "ne change pas le statut de présence" in message.body
        for slot in chosen:
            assert f"Module {slot.module.number} — " in message.body
    assert "/cohorts/cs26-2025/absences/" in by_recipients[coordination].body
    assert "/cohorts/cs26-2025/absences/" not in by_recipients[(personas["tuteur"].email,)].body
    # The participant sees it listed; no attendance record was touched.
    page = client.get(NEW).content.decode()
    assert "Mariage de ma sœur" in page
    assert "Vous n'avez annoncé aucune absence." not in page
    assert not AttendanceRecord.objects.exists()


def test_a_started_half_day_is_refused_and_nothing_is_sent(
    client, personas, slots, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(clock, "now", lambda: DURING_MODULE1)
    client.force_login(personas["auditeur"])
    with django_capture_on_commit_callbacks(execute=True):
        response = announce(client, [slots[0], slots[1]], reason="Grippe")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Une absence s&#x27;annonce avant le début de la demi-journée" in page
    assert "Module 1 — lundi 20 janvier 2025, après-midi (14 h – 17 h)" in page
    assert "Grippe</textarea>" in page  # what was typed is kept
    assert not AbsenceNotice.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "Grippe"}, "Cochez au moins une demi-journée."),
        ({"slots": ["first"], "reason": "  "}, "Indiquez le motif de votre absence."),
        ({"slots": ["other"], "reason": "Grippe"}, "Cette demi-journée n&#x27;appartient pas"),
        ({"slots": ["abc"], "reason": "Grippe"}, "Cette demi-journée n&#x27;appartient pas"),
    ],
)
def test_the_form_says_what_is_missing(client, personas, slots, other_cohort, data, message):
    other = Slot.objects.create(
        cohort=other_cohort,
        module=slots[0].module,
        position=1,
        start=slots[0].start + timedelta(days=1),
        end=slots[0].end + timedelta(days=1),
    )
    ids = {"first": slots[0].pk, "other": other.pk, "abc": "abc"}
    if "slots" in data:
        data = {**data, "slots": [ids[s] for s in data["slots"]]}
    client.force_login(personas["auditeur"])
    response = client.post(NEW, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AbsenceNotice.objects.exists()


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("started", "slot_started"),
        ("other_cohort", "wrong_cohort"),
        ("no_slot", "slots_required"),
        ("no_reason", "reason_required"),
        ("someone_else", "not_self"),
        ("withdrawn", "not_enrolled"),
    ],
)
def test_the_service_refuses_with_a_code(personas, slots, other_cohort, monkeypatch, case, code):
    enrolment, chosen, reason, by = (
        personas["enrolment"],
        [slots[1]],
        "Grippe",
        personas["auditeur"],
    )
    if case == "started":
        monkeypatch.setattr(clock, "now", lambda: slots[1].start)
    elif case == "other_cohort":
        chosen = [
            Slot.objects.create(
                cohort=other_cohort,
                module=slots[1].module,
                position=1,
                start=slots[1].start,
                end=slots[1].end,
            )
        ]
    elif case == "no_slot":
        chosen = []
    elif case == "no_reason":
        reason = " "
    elif case == "someone_else":
        by = personas["auditeur2"]
    elif case == "withdrawn":
        enrolment.status = "withdrawn"
        enrolment.save(update_fields=["status"])
    with pytest.raises(DomainError) as error:
        announce_absence(enrolment=enrolment, slots=chosen, reason=reason, by=by)
    assert error.value.code == code
    assert not AbsenceNotice.objects.exists()


def test_a_participant_of_another_cohort_gets_404(client, personas, slots):
    client.force_login(personas["autre_auditeur"])
    assert client.get(NEW).status_code == 404
    assert announce(client, [slots[1]]).status_code == 404
    client.force_login(personas["auditeur"])
    assert client.get("/cohorts/cs26-autre/absences/new/").status_code == 404
    assert not AbsenceNotice.objects.exists()


def test_the_coordination_sees_every_notice(client, personas, slots):
    announce_absence(
        enrolment=personas["enrolment"],
        slots=[slots[4]],
        reason="Conseil d'administration",
        by=personas["auditeur"],
    )
    announce_absence(
        enrolment=personas["enrolment2"],
        slots=[slots[5], slots[6]],
        reason="Congé maternité",
        by=personas["auditeur2"],
    )
    client.force_login(personas["coordination"])
    page = client.get(LIST).content.decode()
    assert "Conseil d&#x27;administration" in page
    assert "Congé maternité" in page
    assert "2 absences annoncées" in page
    assert "10 janvier 2025" in page  # when they were announced
    assert "ne change aucun statut" in page
    for persona in ("intervenant", "tuteur", "auditeur", "partenaire"):
        client.force_login(personas[persona])
        assert client.get(LIST).status_code == 404


def test_the_list_query_count_does_not_grow(client, personas, slots, django_assert_num_queries):
    def check():
        client.force_login(personas["coordination"])
        # session, user, cohort, the user's roles, notices (with people), their slots.
        with django_assert_num_queries(6):
            assert client.get(LIST).status_code == 200

    announce_absence(
        enrolment=personas["enrolment"], slots=[slots[3]], reason="A", by=personas["auditeur"]
    )
    check()
    for n in range(8):
        user = UserFactory()
        enrolment = enrol(user, slots[0].cohort)
        announce_absence(enrolment=enrolment, slots=slots[n : n + 3], reason="B", by=user)
    check()
