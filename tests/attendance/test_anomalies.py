"""The anomaly report on crafted evidence: each kind of anomaly is found, named with its
half-day, the people and the evidence; a clean cohort yields none; the page's query count
does not grow with the data.

CS26 2025: module 1 is Monday 20 January 2025, 14 h – 17 h; module 2 starts Tuesday
21 January, 9 h – 12 h 30. The sign-in window opens 15 minutes before the start.
"""

from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from essor.attendance import anomalies
from essor.attendance.models import Signature, SignInPolicy, SlotSpeaker
from essor.programmes.models import Slot
from tests.factories import UserFactory, enrol, grant

PARIS = ZoneInfo("Europe/Paris")
PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/129 Mobile"
_hashes = count(1)


def at(day: int, hour: int, minute: int = 0, month: int = 1) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=PARIS)


def sign(slot, enrolment, when, *, image=None, ip=None, agent=None, method="drawn"):
    n = next(_hashes)
    return Signature.objects.create(
        slot=slot,
        enrolment=enrolment,
        signed_at=when,
        method=method,
        image_sha256=image or f"{n:064x}",
        ip_hash=ip or f"ip{n}",
        user_agent=agent or f"navigateur {n}",
    )


def name(enrolment) -> str:
    return f"{enrolment.user.first_name} {enrolment.user.last_name}"


@pytest.fixture
def cohort(cs26):
    return cs26


@pytest.fixture
def slots(cohort):
    return list(Slot.objects.filter(cohort=cohort).select_related("module"))


@pytest.fixture
def people(personas, cohort):
    """Five participants of cs26-2025 (auditeur, auditeur2 and three more)."""
    extra = [enrol(UserFactory(), cohort) for _ in range(3)]
    return [personas["enrolment"], personas["enrolment2"], *extra]


@pytest.fixture
def clean(cohort, slots, people, personas):
    """A cohort whose evidence is as it should be: everyone signs modules 1 and 2 inside
    the window, each from their own phone with their own drawing; one speaker per
    half-day, none on two at once."""
    for n, enrolment in enumerate(people):
        sign(slots[0], enrolment, at(20, 13, 50 + n))
        sign(slots[1], enrolment, at(21, 9, 1 + n))
    SlotSpeaker.objects.create(slot=slots[0], speaker=personas["intervenant"])
    SlotSpeaker.objects.create(slot=slots[1], speaker=personas["intervenant"])
    SlotSpeaker.objects.create(slot=slots[2], speaker=personas["intervenant"])


def kinds(cohort) -> list[str]:
    return [a.kind for a in anomalies.all_anomalies(cohort)]


def only(cohort, kind: str) -> anomalies.Anomaly:
    found = [a for a in anomalies.all_anomalies(cohort) if a.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_a_clean_cohort_has_no_anomaly(cohort, clean):
    assert anomalies.all_anomalies(cohort) == []


def test_a_cohort_without_evidence_has_no_anomaly(cohort):
    assert anomalies.all_anomalies(cohort) == []


def test_the_same_image_for_two_people_is_found(cohort, clean, slots, people):
    copied = "ab" * 32
    sign(slots[2], people[0], slots[2].start, image=copied)
    sign(slots[2], people[1], slots[2].start + timedelta(minutes=1), image=copied)
    anomaly = only(cohort, "identical_image")
    assert anomaly.title == "Même image de signature pour 2 personnes"
    assert anomaly.half_days == ("Module 2 — 21 janvier 2025 après-midi",)
    assert anomaly.people == (name(people[0]), name(people[1]))
    assert anomaly.evidence[0] == "Empreinte de l'image : abababababab…"
    assert f"{name(people[1])} — Module 2 — 21 janvier 2025 après-midi, signée à 14 h 31" in (
        anomaly.evidence
    )


def test_one_image_replayed_on_two_half_days_is_found(cohort, slots, people):
    replayed = "cd" * 32
    sign(slots[0], people[0], at(20, 13, 55), image=replayed)
    sign(slots[1], people[0], at(21, 9, 2), image=replayed)
    sign(slots[2], people[0], slots[2].start)  # a fresh drawing: not part of it
    anomaly = only(cohort, "repeated_image")
    assert anomaly.title == "Image de signature réutilisée sur 2 demi-journées"
    assert anomaly.half_days == (
        "Module 1 — 20 janvier 2025 après-midi",
        "Module 2 — 21 janvier 2025 matin",
    )
    assert anomaly.people == (name(people[0]),)
    assert "cdcdcdcdcdcd…" in anomaly.evidence[0]
    assert kinds(cohort) == ["repeated_image"]  # not also reported as shared by people


def test_signatures_outside_the_window_are_found(cohort, slots, people):
    sign(slots[0], people[0], at(20, 13, 44))  # one minute before the window opens
    sign(slots[0], people[1], at(20, 13, 45))  # the window's first minute: fine
    sign(slots[0], people[2], at(20, 17, 0))  # the end itself: fine
    sign(slots[0], people[3], at(20, 17, 1))  # after the end
    sign(slots[0], people[4], at(20, 12, 0), method="paper")  # transcribed: not judged
    anomaly = only(cohort, "outside_window")
    assert anomaly.title == "2 signatures hors de la plage d'émargement"
    assert anomaly.half_days == ("Module 1 — 20 janvier 2025 après-midi",)
    assert anomaly.people == (name(people[0]), name(people[3]))
    assert anomaly.evidence == (
        "émargement ouvert de 13 h 45 à 17 h",
        f"{name(people[0])} : signée à 13 h 44",
        f"{name(people[3])} : signée à 17 h 01",
    )


def test_the_window_follows_the_cohorts_policy(cohort, slots, people):
    SignInPolicy.objects.create(cohort=cohort, opens_minutes_before=30)
    sign(slots[0], people[0], at(20, 13, 35))
    assert kinds(cohort) == []


def test_a_signature_on_a_public_holiday_is_found(cohort, slots, people):
    easter_monday = Slot.objects.create(
        cohort=cohort,
        module=slots[0].module,
        position=9,
        start=at(21, 14, month=4),
        end=at(21, 17, month=4),
    )
    sign(easter_monday, people[0], at(21, 14, 5, month=4))
    anomaly = only(cohort, "holiday")
    assert anomaly.title == "Signatures un jour férié : Lundi de Pâques, 21 avril 2025"
    assert anomaly.half_days == ("Module 1 — 21 avril 2025 après-midi",)
    assert anomaly.evidence == (f"{name(people[0])} : signée à 14 h 05",)


def test_a_signature_on_a_weekend_is_found(cohort, slots, people):
    saturday = Slot.objects.create(
        cohort=cohort, module=slots[0].module, position=9, start=at(25, 9), end=at(25, 12)
    )
    sign(saturday, people[0], at(25, 9, 3))
    sign(saturday, people[1], at(25, 9, 4))
    anomaly = only(cohort, "weekend")
    assert anomaly.title == "Signatures un samedi : 25 janvier 2025"
    assert anomaly.people == (name(people[0]), name(people[1]))


def test_a_speaker_on_two_overlapping_half_days_across_cohorts_is_found(
    cohort, slots, personas, other_cohort
):
    speaker = personas["intervenant"]
    elsewhere = Slot.objects.create(
        cohort=other_cohort,
        module=slots[0].module,
        position=1,
        start=at(20, 16),
        end=at(20, 18),
    )
    back_to_back = Slot.objects.create(
        cohort=other_cohort,
        module=slots[1].module,
        position=1,
        start=slots[1].end,
        end=slots[1].end + timedelta(hours=2),
    )
    grant(speaker, other_cohort, "speaker")
    for slot in (slots[0], elsewhere, slots[1], back_to_back):
        SlotSpeaker.objects.create(slot=slot, speaker=speaker)
    SlotSpeaker.objects.create(slot=slots[0], speaker=UserFactory())  # co-teaching is fine
    anomaly = only(cohort, "speaker_overlap")
    assert anomaly.title == f"{speaker} intervient sur deux demi-journées en même temps"
    assert anomaly.half_days == (
        "Module 1 — 20 janvier 2025 après-midi (CS26 2025)",
        "Module 1 — 20 janvier 2025 après-midi (CS26 autre)",
    )
    assert anomaly.evidence[1] == (
        "Module 1 — 20 janvier 2025 après-midi (CS26 autre) : 20 janvier 2025, 16 h – 18 h"
    )
    # Seen from the other cohort too; a third cohort without that speaker sees nothing.
    assert [a.kind for a in anomalies.all_anomalies(other_cohort)] == ["speaker_overlap"]


def test_more_signatures_than_enrolled_participants_is_found(cohort, slots, people):
    for n, enrolment in enumerate(people):
        sign(slots[0], enrolment, at(20, 13, 50 + n))
    for enrolment in people[3:]:
        enrolment.status = "withdrawn"
        enrolment.save(update_fields=["status"])
    anomaly = only(cohort, "too_many_signatures")
    assert anomaly.half_days == ("Module 1 — 20 janvier 2025 après-midi",)
    assert anomaly.evidence == ("5 signatures pour 3 inscrit·es",)


def test_one_phone_passed_around_is_found(cohort, slots, people):
    for n, enrolment in enumerate(people[:3]):
        sign(
            slots[0], enrolment, at(20, 13, 58) + timedelta(minutes=2 * n), ip="salle", agent=PHONE
        )
    anomaly = only(cohort, "shared_device")
    assert anomaly.title == "3 personnes ont signé depuis le même appareil"
    assert anomaly.half_days == ("Module 1 — 20 janvier 2025 après-midi",)
    assert anomaly.people == tuple(name(e) for e in people[:3])
    assert anomaly.evidence[0].startswith("Même adresse IP et même navigateur (Mozilla/5.0")
    assert "en moins de 5 minutes" in anomaly.evidence[0]
    assert anomaly.evidence[1:] == (
        f"{name(people[0])} : signée à 13 h 58",
        f"{name(people[1])} : signée à 14 h",
        f"{name(people[2])} : signée à 14 h 02",
    )


@pytest.mark.parametrize(
    "case",
    ["two_people", "spread_over_six_minutes", "same_network_other_browsers", "two_half_days"],
)
def test_a_shared_network_or_a_slow_pace_is_not_a_shared_device(cohort, slots, people, case):
    if case == "two_people":
        sign(slots[0], people[0], at(20, 14, 0), ip="salle", agent=PHONE)
        sign(slots[0], people[1], at(20, 14, 1), ip="salle", agent=PHONE)
    elif case == "spread_over_six_minutes":
        for n, enrolment in enumerate(people[:3]):
            sign(slots[0], enrolment, at(20, 14, 3 * n), ip="salle", agent=PHONE)
    elif case == "same_network_other_browsers":
        for n, enrolment in enumerate(people):
            sign(slots[0], enrolment, at(20, 14, n), ip="salle", agent=f"{PHONE} {n}")
    else:
        for n, enrolment in enumerate(people[:2]):
            sign(slots[0], enrolment, at(20, 14, n), ip="salle", agent=PHONE)
        sign(slots[1], people[2], slots[1].start, ip="salle", agent=PHONE)
    assert kinds(cohort) == []


def test_the_report_page_lists_every_section(client, cohort, slots, people, personas):
    copied = "ef" * 32
    sign(slots[0], people[0], at(20, 13, 50), image=copied)
    sign(slots[0], people[1], at(20, 13, 51), image=copied)
    sign(slots[0], people[2], at(20, 17, 30))
    client.force_login(personas["coordination"])
    page = client.get("/cohorts/cs26-2025/attendance/anomalies/").content.decode()
    assert "2 anomalies à vérifier." in page
    assert "Même image de signature pour 2 personnes" in page
    assert "1 signature hors de la plage d&#x27;émargement" in page
    assert name(people[2]) in page
    assert "Module 1 — 20 janvier 2025 après-midi" in page
    assert page.count("Aucune anomalie de ce type.") == 5
    for persona in ("intervenant", "tuteur", "auditeur", "partenaire"):
        client.force_login(personas[persona])
        assert client.get("/cohorts/cs26-2025/attendance/anomalies/").status_code == 404


def test_the_report_query_count_does_not_grow(
    client, cohort, slots, people, personas, other_cohort, django_assert_num_queries
):
    def check():
        client.force_login(personas["coordination"])
        # session, user, cohort, the user's roles; slots, signatures (with people), the
        # sign-in policy, the enrolled count, the speakers' half-days (all cohorts).
        with django_assert_num_queries(9):
            assert client.get("/cohorts/cs26-2025/attendance/anomalies/").status_code == 200

    check()
    copied = "12" * 32
    for n, enrolment in enumerate(people):
        sign(slots[0], enrolment, at(20, 13, 58) + timedelta(seconds=20 * n), ip="x", agent=PHONE)
        sign(slots[1], enrolment, at(21, 8, 0), image=copied)
    elsewhere = Slot.objects.create(
        cohort=other_cohort, module=slots[0].module, position=1, start=at(20, 15), end=at(20, 16)
    )
    for slot in (slots[0], elsewhere):
        SlotSpeaker.objects.create(slot=slot, speaker=personas["intervenant"])
    assert len(set(kinds(cohort))) >= 4
    check()
