"""A participant's own attendance page: their half-days, hours, and what is missing for the
certificate, said in plain French. Nobody else's.

CS26 2025: module 1 on 20 January 2025 14 h – 17 h; module 2 on 21 January (9 h – 12 h 30,
14 h 30 – 18 h); module 3's morning runs on 22 January at 10 h, when the clock is frozen.
"""

import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.utils.html import strip_tags

from essor.attendance.models import Signature
from essor.attendance.records import apply_status
from essor.core import clock
from essor.programmes.models import Slot

PARIS = ZoneInfo("Europe/Paris")
PAGE = "/cohorts/cs26-2025/my/attendance/"
NOW = datetime(2025, 1, 22, 10, 0, tzinfo=PARIS)


@pytest.fixture
def history(personas, cs26, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    slots = list(Slot.objects.filter(cohort=cs26).order_by("start"))
    by = personas["coordination"]
    e1, e2 = personas["enrolment"], personas["enrolment2"]
    Signature.objects.create(
        slot=slots[0],
        enrolment=e1,
        signed_at=datetime(2025, 1, 20, 13, 52, tzinfo=PARIS),
        method="drawn",
    )
    apply_status(slot=slots[0], enrolment=e1, status="present", by=personas["auditeur"])
    apply_status(slot=slots[1], enrolment=e1, status="late", minutes_late=15, by=by)
    apply_status(slot=slots[2], enrolment=e1, status="present", by=by)
    apply_status(slot=slots[0], enrolment=e2, status="excused", reason="Malade", by=by)
    apply_status(slot=slots[1], enrolment=e2, status="absent", by=by)
    personas["slots"] = slots
    return personas


def words(html: str) -> str:
    """The text as read: a block, a cell or a line break ends with a space."""
    html = re.sub(r"<(br|/?(p|li|dt|dd|th|td|tr|h\d|div|caption))\b[^>]*>", " ", html)
    return " ".join(unescape(strip_tags(html)).split())


def text_of(response) -> str:
    return words(response.content.decode())


def page_of(client, user):
    client.force_login(user)
    response = client.get(PAGE)
    assert response.status_code == 200
    return response


def test_hours_and_half_days_at_a_glance(client, history):
    page = text_of(page_of(client, history["auditeur"]))
    # 3 h + (3 h 30 − 15 min) + 3 h 30 = 9 h 45.
    assert "Heures suivies 9 h 45 sur 90 h prévues" in page
    assert "Demi-journées suivies 3 sur 26" in page
    assert "Demi-journées manquées 0" in page
    assert "Demi-journées à venir 23" in page
    assert "Aucune demi-journée manquée pour l'instant" in page


def test_each_half_day_with_its_status_and_signing_time(client, history):
    response = page_of(client, history["auditeur"])
    html = response.content.decode()
    rows = re.findall(r'<tr data-slot="\d+">(.*?)</tr>', html, re.S)
    assert len(rows) == 26
    first = words(rows[0])
    assert first.startswith("Lundi 20 janvier 2025, après-midi 14 h – 17 h")
    assert "Module 1 : Présentation de la formation" in first
    assert "Présent·e" in first and "signé à 13 h 52" in first
    second = words(rows[1])
    assert "En retard (15 min)" in second and "signé" not in second
    assert 'data-status="running"' in rows[3] and "En cours, pas encore émargé" in rows[3]
    assert 'data-status="future"' in rows[4]


def test_what_is_missing_for_the_certificate_in_plain_french(client, history):
    page = text_of(page_of(client, history["auditeur2"]))
    assert "Demi-journées manquées 3" in page
    assert (
        "Absence justifiée le 20 janvier 2025 après-midi — Module 1 : Présentation de la "
        "formation. Elle bloque le certificat, sauf dérogation accordée par le jury."
    ) in page
    assert (
        "Absent·e le 21 janvier 2025 matin — Module 2 : Économie sociale et solidaire, "
        "capitalisme et démocratie."
    ) in page
    assert "Non émargé le 21 janvier 2025 après-midi — Module 2 :" in page
    assert "Heures suivies 0 h sur 90 h prévues" in page


def test_it_links_to_announcing_an_absence_and_to_the_certificat(client, history):
    html = page_of(client, history["auditeur"]).content.decode()
    assert 'href="/cohorts/cs26-2025/absences/new/"' in html
    assert 'href="/cohorts/cs26-2025/my/certificat-realisation.pdf"' in html


def test_a_participant_sees_only_their_own_attendance(client, history):
    response = page_of(client, history["auditeur"])
    page = text_of(response)
    assert history["auditeur2"].last_name not in page
    assert "Absent·e le" not in page and "Absence justifiée le" not in page


def test_a_participant_without_enrolment_is_told_so(client, history, cs26):
    from tests.factories import UserFactory, grant

    newcomer = UserFactory()
    grant(newcomer, cs26, "participant")
    page = text_of(page_of(client, newcomer))
    assert "Votre inscription dans cette promotion n'est pas encore enregistrée" in page


def test_query_count_is_fixed(client, history, django_assert_num_queries):
    client.force_login(history["auditeur"])
    client.get(PAGE)
    # session, user, roles, cohort, enrolment; slots, records, signatures; hours: slot
    # durations and records.
    with django_assert_num_queries(10):
        client.get(PAGE)


def test_the_participant_home_shows_attendance_towards_the_certificate(client, history):
    client.force_login(history["auditeur"])
    page = text_of(client.get("/cohorts/cs26-2025/me/"))
    assert (
        "Présence à chaque demi-journée (26 au programme) 9 h 45 suivies sur 90 h prévues — "
        "aucune demi-journée manquée Voir mes présences"
    ) in page
    # The note's progress is still to come.
    assert page.count("À venir :") == 1
    client.force_login(history["auditeur2"])
    response = client.get("/cohorts/cs26-2025/me/")
    assert "0 h suivies sur 90 h prévues — 3 demi-journées manquées : certificat compromis" in (
        text_of(response)
    )
    assert f'href="{PAGE}"' in response.content.decode()
