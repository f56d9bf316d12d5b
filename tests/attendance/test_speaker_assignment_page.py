"""The coordination chooses who teaches (and countersigns) each half-day."""

import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest

from essor.attendance.models import SlotSpeaker
from essor.core import clock
from essor.programmes.models import Slot
from tests.factories import UserFactory, grant

PAGE = "/cohorts/cs26-2025/attendance/speakers/"


@pytest.fixture
def team(personas, cs26):
    personas["intervenant2"] = UserFactory(
        username="intervenant2", first_name="Fatou", last_name="Ndiaye"
    )
    grant(personas["intervenant2"], cs26, "speaker")
    personas["slots"] = list(Slot.objects.filter(cohort=cs26).order_by("start"))
    return personas


def open_page(client, people):
    client.force_login(people["coordination"])
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def field(slot) -> str:
    return f"slot-{slot.pk}"


def assigned() -> set[tuple[int, str]]:
    return set(SlotSpeaker.objects.values_list("slot_id", "speaker__username"))


def test_every_half_day_offers_each_speaker_of_the_cohort(client, team):
    html = open_page(client, team)
    assert len(re.findall(r'<tr data-slot="\d+">', html)) == 26
    first = team["slots"][0]
    for speaker in (team["intervenant"], team["intervenant2"]):
        assert (
            f'id="{field(first)}-{speaker.pk}" name="{field(first)}" value="{speaker.pk}"' in html
        )
    assert "Ndiaye" in html
    # Each group of boxes is named for screen readers.
    assert "Intervenant·es du lundi 20 janvier 2025, après-midi" in html
    # Nobody else is offered: not the coordination, not a participant.
    assert f'value="{team["auditeur"].pk}"' not in html
    assert f'value="{team["coordination"].pk}"' not in html


def test_saving_assigns_and_unassigns(client, team):
    first, second = team["slots"][:2]
    open_page(client, team)
    response = client.post(
        PAGE,
        {
            field(first): [str(team["intervenant"].pk), str(team["intervenant2"].pk)],
            field(second): [str(team["intervenant2"].pk)],
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == PAGE
    assert assigned() == {
        (first.pk, "intervenant"),
        (first.pk, "intervenant2"),
        (second.pk, "intervenant2"),
    }
    assert "Intervenant·es enregistré·es pour 2 demi-journées." in response.content.decode()
    html = response.content.decode()
    assert f'value="{team["intervenant2"].pk}" checked' in html
    # Unticking removes; the other half-days keep theirs.
    client.post(PAGE, {field(first): [str(team["intervenant"].pk)], field(second): []})
    assert assigned() == {(first.pk, "intervenant")}


def test_saving_without_change_writes_nothing(client, team):
    open_page(client, team)
    response = client.post(PAGE, {}, follow=True)
    assert "Aucun changement : rien n'a été enregistré." in unescape(response.content.decode())
    assert not SlotSpeaker.objects.exists()


def test_someone_who_is_not_a_speaker_is_refused_and_nothing_is_saved(client, team):
    first, second = team["slots"][:2]
    open_page(client, team)
    response = client.post(
        PAGE,
        {
            field(first): [str(team["intervenant"].pk)],
            field(second): [str(team["auditeur"].pk)],
        },
    )
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "Rien n'a été enregistré" in html
    assert (
        f'id="{field(second)}-error">Choisissez parmi les intervenant·es de la promotion.' in html
    )
    assert f'aria-describedby="{field(second)}-error"' in html
    # What was ticked is shown again.
    assert f'value="{team["intervenant"].pk}" checked' in html
    assert not SlotSpeaker.objects.exists()


def test_query_count_is_fixed(client, team, django_assert_num_queries):
    SlotSpeaker.objects.create(slot=team["slots"][0], speaker=team["intervenant"])
    open_page(client, team)
    # session, user, roles, cohort; slots; assignments; speakers.
    with django_assert_num_queries(7):
        client.get(PAGE)


def test_the_speaker_home_links_each_half_day_to_its_sign_in_pages(client, team, monkeypatch):
    # Module 2's afternoon is running; module 1 and module 2's morning are past.
    monkeypatch.setattr(
        clock, "now", lambda: datetime(2025, 1, 21, 15, 0, tzinfo=ZoneInfo("Europe/Paris"))
    )
    client.force_login(team["intervenant"])
    html = client.get("/cohorts/cs26-2025/speaker/").content.decode()
    past, running, later = team["slots"][0], team["slots"][2], team["slots"][3]
    assert f'href="/slots/{running.pk}/projection/"' in html
    assert f'href="/slots/{running.pk}/roll-call/"' in html
    assert f'href="/slots/{running.pk}/countersign/"' in html
    assert f'href="/slots/{later.pk}/projection/"' in html
    assert f'href="/slots/{later.pk}/countersign/"' not in html  # not started yet
    assert f'href="/slots/{past.pk}/projection/"' not in html  # sign-in is over
    assert f'href="/slots/{past.pk}/countersign/"' in html
    # Each link names its half-day for screen readers.
    assert 'Faire l\'appel<span class="visually-hidden"> — mardi 21 janvier 2025, après-midi' in (
        unescape(html)
    )
