"""The CS26 2025 programme, loaded from its data file, is the programme text: 14 modules,
90 h (12 days of 7 h, 2 half-days of 3 h), 26 slots, every date and time as printed.

The expectations are written from the programme text (seed/programme-cs26-2025.md), not
from the TOML file, so that the data file is checked against its source.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from essor.programmes.loader import parse_programme_file
from essor.programmes.models import Module, Slot
from essor.programmes.timeutils import hours_of

PARIS = ZoneInfo("Europe/Paris")

# number: (title, kind, format, [(date, start, end), …]) — « Module 4 … 24 février 2025 -
# 10h-12h30 14h-18h30 » becomes (4, …, [("2025-02-24", "10:00", "12:30"), (…, "14:00", "18:30")]).
PROGRAMME_TEXT = {
    1: (
        "Présentation de la formation",
        "opening",
        "half_day",
        [("2025-01-20", "14:00", "17:00")],
    ),
    2: (
        "Économie sociale et solidaire, capitalisme et démocratie",
        "course",
        "day",
        [("2025-01-21", "09:00", "12:30"), ("2025-01-21", "14:30", "18:00")],
    ),
    3: (
        "Unité et diversité des composantes : associations, coopératives, mutuelles",
        "course",
        "day",
        [("2025-01-22", "08:30", "12:30"), ("2025-01-22", "13:30", "16:30")],
    ),
    4: (
        "Analyse institutionnelle dans l'économie sociale et solidaire",
        "course",
        "day",
        [("2025-02-24", "10:00", "12:30"), ("2025-02-24", "14:00", "18:30")],
    ),
    5: (
        "Analyse organisationnelle dans l'économie sociale et solidaire",
        "course",
        "day",
        [("2025-02-25", "09:00", "12:30"), ("2025-02-25", "14:00", "17:30")],
    ),
    6: (
        "Analyse économique dans l'économie sociale et solidaire",
        "course",
        "day",
        [("2025-02-26", "08:30", "12:30"), ("2025-02-26", "13:30", "16:30")],
    ),
    7: (
        "Synthèse de l'analyse d'une structure de l'ESS",
        "course",
        "day",
        [("2025-03-17", "10:00", "12:30"), ("2025-03-17", "14:00", "18:30")],
    ),
    8: (
        "Prospective et scénarios du changement",
        "course",
        "day",
        [("2025-03-18", "09:00", "12:30"), ("2025-03-18", "14:00", "17:30")],
    ),
    9: (
        "Première journée de tutorat",
        "tutoring",
        "day",
        [("2025-03-19", "08:30", "12:30"), ("2025-03-19", "13:30", "16:30")],
    ),
    10: (
        "Gouvernance dans l'ESS",
        "course",
        "day",
        [("2025-04-14", "10:00", "12:30"), ("2025-04-14", "14:00", "18:30")],
    ),
    11: (
        "Deuxième journée de tutorat",
        "tutoring",
        "day",
        [("2025-04-15", "08:30", "12:30"), ("2025-04-15", "13:30", "16:30")],
    ),
    12: (
        "Gestion dans l'ESS",
        "course",
        "day",
        [("2025-05-19", "10:00", "12:30"), ("2025-05-19", "14:00", "18:30")],
    ),
    13: (
        "Troisième journée de tutorat",
        "tutoring",
        "day",
        [("2025-05-20", "09:00", "12:30"), ("2025-05-20", "14:00", "17:30")],
    ),
    14: (
        "Bilan de la formation",
        "closing",
        "half_day",
        [("2025-05-21", "09:00", "12:00")],
    ),
}

# The first words of each description in the text (module 9 has none).
DESCRIPTION_STARTS = {
    1: "Ce séminaire comprend, la présentation du dispositif de formation",
    2: "L'économie sociale et solidaire est-elle une autre économie ?",
    3: "Historiquement l'économie sociale s'est caractérisée par ses statuts",
    4: "L'objet du travail est d'identifier la dimension institutionnelle",
    5: "La division socioprofessionnelle du travail affecte une place",
    6: "Les recherches participatives effectuées dans le cadre des travaux",
    7: "Les études de cas choisies fournissent une synthèse",
    8: "Après avoir établi les différentes composantes du diagnostic",
    10: "A partir des contraintes et potentialités repérées dans le diagnostic",
    11: "Le point est fait sur l'avancée des notes personnelles",
    12: "Il s'agit de définir les outils de gestion",
    13: "Les notes sont présentées oralement",
    14: "Le bilan est effectué avec les partenaires",
}


def _local(slot: Slot) -> tuple[str, str, str]:
    start, end = slot.start.astimezone(PARIS), slot.end.astimezone(PARIS)
    assert start.date() == end.date()
    return (start.date().isoformat(), f"{start:%H:%M}", f"{end:%H:%M}")


def test_the_file_adds_up_to_the_programme_text(cs26_toml):
    summary = parse_programme_file(cs26_toml).summary

    assert summary.total_hours == Decimal(90)
    assert summary.module_count == 14
    assert summary.slot_count == 26
    assert (summary.day_count, summary.day_hours) == (12, Decimal(7))
    assert (summary.half_day_count, summary.half_day_hours) == (2, Decimal(3))


def test_the_file_has_no_weekend_or_holiday(cs26_toml):
    assert parse_programme_file(cs26_toml).warnings == ()


@pytest.mark.django_db
def test_every_module_is_as_in_the_text(cs26):
    modules = Module.objects.filter(programme=cs26.programme).order_by("number")

    assert [(m.number, m.title, m.kind, m.format) for m in modules] == [
        (number, title, kind, fmt) for number, (title, kind, fmt, _) in PROGRAMME_TEXT.items()
    ]


@pytest.mark.django_db
def test_every_slot_has_the_date_and_times_of_the_text(cs26):
    slots = Slot.objects.filter(cohort=cs26).select_related("module").order_by("start")

    assert [(s.module.number, s.position, *_local(s)) for s in slots] == [
        (number, position, *slot)
        for number, (_, _, _, module_slots) in PROGRAMME_TEXT.items()
        for position, slot in enumerate(module_slots, start=1)
    ]


@pytest.mark.django_db
def test_the_hours_are_computed_from_the_slots(cs26):
    slots = list(Slot.objects.filter(cohort=cs26).select_related("module"))
    by_module: dict[int, timedelta] = {}
    for slot in slots:
        by_module[slot.module.number] = by_module.get(slot.module.number, timedelta()) + (
            slot.end - slot.start
        )

    assert len(slots) == 26
    assert hours_of(sum(by_module.values(), timedelta())) == Decimal(90)
    assert sorted(hours_of(d) for d in by_module.values()) == [Decimal(3)] * 2 + [Decimal(7)] * 12
    assert {n for n, d in by_module.items() if hours_of(d) == 3} == {1, 14}


@pytest.mark.django_db
def test_slots_are_stored_at_the_right_instant_on_both_sides_of_summer_time(cs26):
    def start_of(number: int) -> datetime:
        return Slot.objects.get(cohort=cs26, module__number=number, position=1).start

    # Winter: UTC+1. Summer time starts on 30 March 2025: UTC+2.
    assert start_of(7) == datetime(2025, 3, 17, 9, 0, tzinfo=ZoneInfo("UTC"))
    assert start_of(10) == datetime(2025, 4, 14, 8, 0, tzinfo=ZoneInfo("UTC"))
    assert start_of(1).astimezone(PARIS).timetz() == time(14, 0, tzinfo=PARIS)


@pytest.mark.django_db
def test_descriptions_are_the_texts_and_only_module_9_has_none(cs26):
    descriptions = dict(
        Module.objects.filter(programme=cs26.programme).values_list("number", "description")
    )

    assert descriptions[9] == ""
    for number, start in DESCRIPTION_STARTS.items():
        assert descriptions[number].startswith(start), number
    assert "XXe siècle" in descriptions[2]
    assert descriptions[2].count("\n\n") == 1  # two paragraphs, as in the text


@pytest.mark.django_db
def test_the_2025_edition_is_the_cohort_cs26_2025(cs26):
    assert cs26.slug == "cs26-2025"
    assert cs26.title == "CS26 2025"
    assert cs26.timezone == "Europe/Paris"
    assert cs26.programme.code == "CS26"
    first = Slot.objects.filter(cohort=cs26).earliest("start")
    last = Slot.objects.filter(cohort=cs26).latest("start")
    assert first.start.astimezone(PARIS).date() == date(2025, 1, 20)
    assert last.start.astimezone(PARIS).date() == date(2025, 5, 21)


@pytest.mark.django_db
def test_the_programme_carries_the_text(cs26):
    programme = cs26.programme

    assert programme.title == "Innovations sociales – Économie sociale et solidaire"
    assert programme.certificate_name == "Certificat de spécialisation (CS26)"
    assert programme.institution == "Cnam"
    assert (programme.level, programme.level_label) == (7, "Niveau 7 (Bac + 5 et plus)")
    assert programme.declared_hours == 90
    assert (programme.day_hours, programme.half_day_hours) == (Decimal(7), Decimal(3))
    assert len(programme.audiences) == 3
    assert programme.audiences[0].startswith("Elle constitue une offre spécifiquement pensée")
    assert len(programme.objectives) == 3
    assert len(programme.certificate_aims) == 3
    assert len(programme.follow_up) == 4
    assert programme.teaching_approach.startswith("Les modules sont composés de journées")
    assert len(programme.source_sha256) == 64


@pytest.mark.django_db
def test_the_certificate_rule_and_the_master_route(cs26):
    programme = cs26.programme

    assert programme.certification["requirements"] == ["attendance_all_slots", "note_accepted"]
    assert "participation à l'intégralité des modules" in programme.certification["text"]
    assert programme.master["title"] == "Intervention et développement social"
    assert programme.master["institution"] == "Cnam"
    assert programme.master["tracks"] == [
        "Recherche en travail social",
        "Économie sociale et solidaire",
        "Éducation populaire",
    ]


@pytest.mark.django_db
def test_the_personal_work_points_at_the_right_modules(cs26):
    work = cs26.programme.personal_work

    assert work["tutoring"]["modules"] == [9, 11, 13]
    assert work["tutoring"]["oral_presentation_module"] == 13
    assert work["statement_of_intent"]["presented_at_module"] == 1
    assert (work["statement_of_intent"]["pages_min"], work["statement_of_intent"]["pages_max"]) == (
        1,
        2,
    )
    assert work["note"]["pages"] == 20
    tutoring = Module.objects.filter(programme=cs26.programme, kind="tutoring")
    assert sorted(tutoring.values_list("number", flat=True)) == [9, 11, 13]
