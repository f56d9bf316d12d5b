"""The public programme API: /api/programmes, /api/programmes/<code>, /api/cohorts/<slug>.

Values are checked against the programme text: 14 modules, 26 slots, 90 h, times with the
offset of Paris on each side of the change to summer time (30 March 2025).
"""

import json
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from ninja.errors import ValidationError

from essor.api.api import french_validation_errors, invalid_input
from essor.cohorts.models import Cohort
from essor.programmes.models import Module, Programme, Slot

KINDS = {1: "opening", 9: "tutoring", 11: "tutoring", 13: "tutoring", 14: "closing"}
HALF_DAY_MODULES = {1, 14}


def kind_of(number: int) -> str:
    return KINDS.get(number, "course")


def make_programme(code: str, slug: str, modules: int) -> Cohort:
    """A small programme and cohort: `modules` one-slot modules on consecutive days."""
    programme = Programme.objects.create(
        code=code,
        title=f"Programme {code}",
        certificate_name=f"Certificat {code}",
        institution="Cnam",
        level=6,
        level_label="Niveau 6",
        summary="Essai.",
        declared_hours=3 * modules,
        day_hours=7,
        half_day_hours=3,
    )
    cohort = Cohort.objects.create(programme=programme, slug=slug, title=f"{code} 2030")
    paris = ZoneInfo("Europe/Paris")
    for number in range(1, modules + 1):
        module = Module.objects.create(
            programme=programme, number=number, title=f"M{number}", kind="course", format="day"
        )
        day = date(2030, 1, number)
        Slot.objects.create(
            cohort=cohort,
            module=module,
            position=1,
            start=datetime.combine(day, time(9), tzinfo=paris),
            end=datetime.combine(day, time(12), tzinfo=paris),
        )
    return cohort


# The schema


def test_openapi_lists_the_public_programme_paths(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/programmes", "/api/programmes/{code}", "/api/cohorts/{slug}"} <= set(paths)
    schemas = response.json()["components"]["schemas"]
    assert schemas["CohortOut"]["properties"]["total_hours"]["type"] == "number"
    assert set(schemas["ModuleOut"]["properties"]) >= {"number", "title", "kind", "slots"}


def test_the_interactive_docs_are_served(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"/api/openapi.json" in response.content


def test_the_docs_load_nothing_from_a_cdn(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
    assert b"cdn." not in response.content


# GET /api/programmes


def test_the_list_gives_each_programme_with_its_computed_hours_and_cohorts(client, cs26):
    response = client.get("/api/programmes")
    assert response.status_code == 200
    assert response.json() == [
        {
            "code": "CS26",
            "title": "Innovations sociales – Économie sociale et solidaire",
            "level": 7,
            "total_hours": 90,
            "cohorts": ["cs26-2025"],
        }
    ]
    # A JSON number written 90 (not "90" nor 90.0): clients compare it as it is.
    assert type(response.json()[0]["total_hours"]) is int


def test_the_list_leaves_out_unpublished_cohorts(client, cs26):
    Cohort.objects.filter(pk=cs26.pk).update(is_public=False)
    [programme] = client.get("/api/programmes").json()
    assert programme["cohorts"] == []
    assert programme["total_hours"] is None


def test_the_list_takes_a_fixed_number_of_queries(client, cs26, django_assert_num_queries):
    make_programme("P2", "p2-2030", modules=3)
    make_programme("P3", "p3-2030", modules=5)
    # 1. programmes, 2. their public cohorts (with first slot), 3. slots of featured cohorts
    with django_assert_num_queries(3):
        response = client.get("/api/programmes")
    assert [p["total_hours"] for p in response.json()] == [90, 9, 15]


# GET /api/programmes/<code>


def test_a_programme_gives_its_modules_with_the_slots_of_its_dated_cohort(client, cs26):
    response = client.get("/api/programmes/CS26")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "CS26"
    assert body["level"] == 7
    assert body["level_label"] == "Niveau 7 (Bac + 5 et plus)"
    assert body["total_hours"] == 90
    assert body["cohort"] == "cs26-2025"
    assert body["cohorts"] == ["cs26-2025"]
    assert [m["number"] for m in body["modules"]] == list(range(1, 15))
    assert sum(len(m["slots"]) for m in body["modules"]) == 26
    assert body["modules"][7]["slots"][0]["start"] == "2025-03-18T09:00:00+01:00"


def test_a_programme_gives_the_next_cohort_to_start_else_the_latest(client, cs26, monkeypatch):
    later = Cohort.objects.create(programme=cs26.programme, slug="cs26-2030", title="CS26 2030")
    Slot.objects.create(
        cohort=later,
        module=Module.objects.get(programme=cs26.programme, number=1),
        position=1,
        start=datetime(2030, 1, 21, 13, tzinfo=UTC),
        end=datetime(2030, 1, 21, 16, tzinfo=UTC),
    )
    monkeypatch.setattr("essor.core.clock.now", lambda: datetime(2024, 12, 1, tzinfo=UTC))
    body = client.get("/api/programmes/CS26").json()
    assert (body["cohort"], body["total_hours"]) == ("cs26-2025", 90)
    assert body["cohorts"] == ["cs26-2025", "cs26-2030"]

    monkeypatch.setattr("essor.core.clock.now", lambda: datetime(2026, 6, 1, tzinfo=UTC))
    body = client.get("/api/programmes/CS26").json()
    assert (body["cohort"], body["total_hours"]) == ("cs26-2030", 3)
    assert body["modules"][0]["slots"][0]["start"] == "2030-01-21T14:00:00+01:00"
    assert all(m["slots"] == [] for m in body["modules"][1:])


def test_the_programme_code_is_case_insensitive(client, cs26):
    assert client.get("/api/programmes/cs26").json()["code"] == "CS26"


def test_a_programme_without_a_published_cohort_still_lists_its_modules(client, cs26):
    Cohort.objects.filter(pk=cs26.pk).update(is_public=False)
    body = client.get("/api/programmes/CS26").json()
    assert body["cohort"] is None
    assert body["total_hours"] is None
    assert len(body["modules"]) == 14
    assert all(m["slots"] == [] for m in body["modules"])


def test_an_unknown_programme_answers_404_in_french(client, db):
    response = client.get("/api/programmes/XX99")
    assert response.status_code == 404
    assert response.json() == {"detail": "Programme introuvable."}


def test_a_programme_takes_a_fixed_number_of_queries(client, cs26, django_assert_num_queries):
    # 1. programme, 2. its public cohorts, 3. modules, 4. the featured cohort's slots
    with django_assert_num_queries(4):
        client.get("/api/programmes/CS26")


# GET /api/cohorts/<slug>


@pytest.fixture
def cohort_body(client, cs26):
    response = client.get("/api/cohorts/cs26-2025")
    assert response.status_code == 200
    return response.json()


def test_a_cohort_gives_its_programme_title_and_computed_hours(cohort_body):
    assert cohort_body["slug"] == "cs26-2025"
    assert cohort_body["programme"] == "CS26"
    assert cohort_body["title"] == "CS26 2025"
    assert cohort_body["timezone"] == "Europe/Paris"
    assert cohort_body["total_hours"] == 90


def test_a_cohort_has_14_modules_of_the_right_kind_and_26_slots(cohort_body):
    modules = cohort_body["modules"]
    assert [m["number"] for m in modules] == list(range(1, 15))
    assert {m["number"]: m["kind"] for m in modules} == {n: kind_of(n) for n in range(1, 15)}
    assert sum(len(m["slots"]) for m in modules) == 26
    for m in modules:
        if m["number"] in HALF_DAY_MODULES:
            assert (m["format"], m["hours"], len(m["slots"])) == ("half_day", 3, 1)
        else:
            assert (m["format"], m["hours"], len(m["slots"])) == ("day", 7, 2)


def test_the_slot_ids_are_the_database_ids(cohort_body, cs26):
    ids = [s["id"] for m in cohort_body["modules"] for s in m["slots"]]
    assert sorted(ids) == sorted(Slot.objects.filter(cohort=cs26).values_list("id", flat=True))


def test_times_carry_the_paris_offset_of_their_day(cohort_body):
    slots = {m["number"]: m["slots"] for m in cohort_body["modules"]}
    # Winter (UTC+1) …
    assert slots[1][0] == {
        "id": slots[1][0]["id"],
        "start": "2025-01-20T14:00:00+01:00",
        "end": "2025-01-20T17:00:00+01:00",
    }
    assert slots[8][0]["start"] == "2025-03-18T09:00:00+01:00"
    assert slots[8][1]["end"] == "2025-03-18T17:30:00+01:00"
    # … and summer (UTC+2) after 30 March 2025.
    assert slots[10][0]["start"] == "2025-04-14T10:00:00+02:00"
    assert slots[14][0]["end"] == "2025-05-21T12:00:00+02:00"
    offsets = {s["start"][-6:] for m in cohort_body["modules"] for s in m["slots"]}
    assert offsets == {"+01:00", "+02:00"}


def test_every_time_is_the_same_instant_as_stored(cohort_body, cs26):
    stored = {s.id: (s.start, s.end) for s in Slot.objects.filter(cohort=cs26)}
    for m in cohort_body["modules"]:
        for s in m["slots"]:
            start, end = (datetime.fromisoformat(s[k]) for k in ("start", "end"))
            assert (start.astimezone(UTC), end.astimezone(UTC)) == stored[s["id"]]


def test_an_unknown_cohort_answers_404_in_french(client, db):
    response = client.get("/api/cohorts/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "Promotion introuvable."}


def test_an_unpublished_cohort_answers_like_an_unknown_one(client, cs26):
    Cohort.objects.filter(pk=cs26.pk).update(is_public=False)
    response = client.get("/api/cohorts/cs26-2025")
    assert response.status_code == 404
    assert response.json() == {"detail": "Promotion introuvable."}


@pytest.mark.usefixtures("page_cache_off")
def test_a_cohort_takes_3_queries_whatever_its_size(client, cs26, django_assert_num_queries):
    make_programme("P2", "p2-2030", modules=2)
    # 1. cohort with its programme, 2. modules, 3. the cohort's slots
    for slug, modules in (("cs26-2025", 14), ("p2-2030", 2)):
        with django_assert_num_queries(3):
            response = client.get(f"/api/cohorts/{slug}")
        assert len(response.json()["modules"]) == modules


# Invalid input


def test_validation_errors_are_explained_in_french(rf):
    exc = ValidationError(
        [
            {"type": "missing", "loc": ("body", "payload", "code"), "msg": "Field required"},
            {"type": "int_parsing", "loc": ("query", "limit"), "msg": "Input should be…"},
            {"type": "something_new", "loc": ("path", "id"), "msg": "…"},
        ]
    )
    response = invalid_input(rf.get("/api/x"), exc)
    assert response.status_code == 422
    assert response.headers["Content-Type"].startswith("application/json")
    assert french_validation_errors(exc.errors) == [
        {"field": "code", "message": "Champ obligatoire."},
        {"field": "limit", "message": "Nombre entier attendu."},
        {"field": "id", "message": "Valeur invalide."},
    ]
    assert json.loads(response.content)["detail"] == "Données invalides."
