"""The programme loader: every rule of the file format is checked, every problem is listed
in French (file, module, rule), and a bad file writes nothing. A good file is loaded
idempotently and reloads update slots in place (attendance will point at them).
"""

import copy
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time
from decimal import Decimal
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from essor.cohorts.models import Cohort
from essor.core.errors import DomainError
from essor.core.formats import french_date, french_time, french_weekday_date
from essor.programmes.loader import parse_programme_file
from essor.programmes.models import Module, Programme, Slot
from essor.programmes.services import load_programme

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PARIS = ZoneInfo("Europe/Paris")


# --- building programme files -------------------------------------------------------------


class Raw(str):
    """TOML text written as is (to put a wrong type where the writer would quote)."""


def toml_dumps(data: dict) -> str:
    """A tiny TOML writer, enough for programme files (no new dependency for tests)."""
    lines: list[str] = []
    _emit_table(lines, (), data)
    return "\n".join(lines) + "\n"


def _emit_table(lines: list[str], path: tuple[str, ...], table: dict) -> None:
    nested = []
    for key, value in table.items():
        if isinstance(value, dict) or _is_array_of_tables(value):
            nested.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in nested:
        name = ".".join(_key(k) for k in (*path, key))
        items = [value] if isinstance(value, dict) else value
        for item in items:
            lines.append("")
            lines.append(f"[{name}]" if isinstance(value, dict) else f"[[{name}]]")
            _emit_table(lines, (*path, key), item)


def _is_array_of_tables(value: object) -> bool:
    # Tables holding lists or tables ([[modules]]) get their own section; flat ones (the
    # slots) are written inline.
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) for v in value)
        and any(isinstance(x, list | dict) for v in value for x in v.values())
    )


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() else json.dumps(key)


def _value(value: object) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def slot(day: str, start: str, end: str) -> dict:
    return {
        "date": date.fromisoformat(day),
        "start": time.fromisoformat(start),
        "end": time.fromisoformat(end),
    }


def minimal_programme() -> dict:
    """A valid programme: an opening half-day (3 h) and a course day (7 h), 10 h declared."""
    return {
        "programme": {
            "code": "ESSAI",
            "title": "Programme d'essai",
            "certificate_name": "Certificat d'essai",
            "institution": "Cnam",
            "level": 7,
            "level_label": "Niveau 7",
            "summary": "Un programme pour les tests.",
            "declared_hours": 10,
            "audiences": ["Responsables d'associations"],
        },
        "edition": {"slug": "essai-2025", "title": "Essai 2025", "timezone": "Europe/Paris"},
        "modules": [
            {
                "number": 1,
                "title": "Ouverture",
                "kind": "opening",
                "format": "half_day",
                "slots": [slot("2025-01-20", "14:00", "17:00")],
            },
            {
                "number": 2,
                "title": "Un cours",
                "kind": "course",
                "format": "day",
                "description": "Une journée de cours.",
                "slots": [
                    slot("2025-01-21", "09:00", "12:30"),
                    slot("2025-01-21", "14:00", "17:30"),
                ],
            },
        ],
    }


def write_programme(tmp_path: Path, data: dict, name: str = "programme.toml") -> Path:
    path = tmp_path / name
    path.write_text(toml_dumps(data), encoding="utf-8")
    return path


def edited_cs26(tmp_path: Path, cs26_toml: Path, old: str, new: str, name: str = "cs26.toml"):
    """A copy of the CS26 file with one exact piece of text replaced."""
    text = cs26_toml.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in the CS26 file"
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def problems_of(path: Path) -> DomainError:
    with pytest.raises(DomainError) as caught:
        parse_programme_file(path)
    assert caught.value.code == "invalid_programme_file"
    assert path.name in caught.value.message
    return caught.value


def database_snapshot() -> dict:
    return {
        "programmes": list(Programme.objects.order_by("pk").values()),
        "modules": list(Module.objects.order_by("pk").values()),
        "cohorts": list(Cohort.objects.order_by("pk").values()),
        "slots": list(Slot.objects.order_by("pk").values()),
    }


def load(path: Path):
    document = parse_programme_file(path)
    return load_programme(document=document, source_sha256=document.source_sha256)


# --- each rule, its message, and nothing written ------------------------------------------


def _set(*keys_and_value):
    """A mutation setting data[k1][k2]…[kn] = value (list indexes allowed)."""
    *keys, value = keys_and_value

    def mutate(data):
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return mutate


def _delete(*keys):
    def mutate(data):
        target = data
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]

    return mutate


def _module_2_slots(*slots):
    return _set("modules", 1, "slots", list(slots))


RULES = {
    "missing programme field": (
        _delete("programme", "title"),
        "Programme : le champ obligatoire « title » est absent.",
    ),
    "wrong type": (
        _set("programme", "level", "sept"),
        "Programme : le champ « level » doit être un nombre entier (trouvé : le texte « sept »).",
    ),
    "missing module field": (
        _delete("modules", 1, "title"),
        "Module 2 : le champ obligatoire « title » est absent.",
    ),
    "missing edition": (
        _delete("edition"),
        "Fichier : la section obligatoire [edition] est absente.",
    ),
    "unknown key": (
        _set("modules", 1, "desciption", "faute de frappe"),
        "Module 2 : clé inconnue « desciption » (faute de frappe ?).",
    ),
    "unknown kind": (
        _set("modules", 1, "kind", "atelier"),
        "Module 2 : le champ « kind » vaut « atelier » : nature de module inconnue "
        "(valeurs admises : opening, course, tutoring, closing).",
    ),
    "unknown format": (
        _set("modules", 1, "format", "soirée"),
        "Module 2 : le champ « format » vaut « soirée » : format de module inconnu "
        "(valeurs admises : day, half_day).",
    ),
    "duplicate module number": (
        _set("modules", 1, "number", 1),
        "Module 1 : ce numéro est utilisé par plusieurs modules (entrées [[modules]] n° 1, "
        "n° 2) ; chaque module doit avoir son propre numéro.",
    ),
    "missing date": (
        _delete("modules", 1, "slots", 0, "date"),
        "Module 2, créneau n° 1 : le champ obligatoire « date » est absent.",
    ),
    "missing start": (
        _delete("modules", 1, "slots", 1, "start"),
        "Module 2, créneau n° 2 : le champ obligatoire « start » est absent.",
    ),
    "missing end": (
        _delete("modules", 0, "slots", 0, "end"),
        "Module 1, créneau n° 1 : le champ obligatoire « end » est absent.",
    ),
    "date written as text": (
        _set("modules", 1, "slots", 0, "date", "21/01/2025"),
        "Module 2, créneau n° 1 : le champ « date » doit être une date sans guillemets "
        "(par ex. 2025-01-20) (trouvé : le texte « 21/01/2025 »).",
    ),
    "slot ending before its start": (
        _module_2_slots(slot("2025-01-21", "09:00", "12:30"), slot("2025-01-21", "14:00", "12:30")),
        "Module 2 : le créneau du 21 janvier 2025 (14:00–12:30) se termine avant de commencer.",
    ),
    "slot ending at its start": (
        _module_2_slots(slot("2025-01-21", "09:00", "12:30"), slot("2025-01-21", "14:00", "14:00")),
        "Module 2 : le créneau du 21 janvier 2025 (14:00–14:00) se termine à l'heure où il "
        "commence (durée nulle).",
    ),
    "overlapping slots in a module": (
        _module_2_slots(slot("2025-01-21", "09:00", "12:30"), slot("2025-01-21", "12:00", "15:30")),
        "Module 2 : les créneaux 09:00–12:30 et 12:00–15:30 du 21 janvier 2025 se chevauchent.",
    ),
    "two modules at the same time": (
        _set("modules", 0, "slots", [slot("2025-01-21", "14:00", "17:00")]),
        "Module 1 et module 2 : deux modules à la même heure le 21 janvier 2025 (créneau "
        "14:00–17:00 du module 1, créneau 14:00–17:30 du module 2).",
    ),
    "day not adding up to 7 h": (
        _module_2_slots(slot("2025-01-21", "09:00", "12:30"), slot("2025-01-21", "14:00", "17:00")),
        "Module 2 : le 21 janvier 2025, les créneaux totalisent 6 h 30 au lieu des 7 h d'une "
        "journée (format « day »).",
    ),
    "half-day not adding up to 3 h": (
        _set("modules", 0, "slots", [slot("2025-01-20", "14:00", "16:00")]),
        "Module 1 : le 20 janvier 2025, les créneaux totalisent 2 h au lieu des 3 h d'une "
        "demi-journée (format « half_day »).",
    ),
    "day length from the rules": (
        _set("programme", "rules", {"day_hours": 7.5}),
        "Module 2 : le 21 janvier 2025, les créneaux totalisent 7 h au lieu des 7 h 30 d'une "
        "journée (format « day »).",
    ),
    "declared hours not the sum of slots": (
        _set("programme", "declared_hours", 11),
        "Programme : le volume horaire déclaré (declared_hours = 11) diffère de la somme des "
        "créneaux : 10 h.",
    ),
    "unknown timezone": (
        _set("edition", "timezone", "Europe/Lutece"),
        "Édition : le fuseau horaire « Europe/Lutece » est inconnu (nom IANA attendu, par ex. "
        "Europe/Paris).",
    ),
    "cohort slug not a slug": (
        _set("edition", "slug", "essai 2025"),
        "Édition : l'identifiant de promotion « essai 2025 » n'est pas un slug (lettres sans "
        "accent, chiffres, tirets, sans espace, au plus 64 caractères, par ex. cs26-2025).",
    ),
    "slot across the change of clock": (
        _set("modules", 0, "slots", [slot("2025-03-30", "01:00", "04:00")]),
        "Module 1 : le créneau du 30 mars 2025 (01:00–04:00) tombe sur un changement d'heure : "
        "choisissez des heures hors de la nuit du changement.",
    ),
    "personal work citing a missing module": (
        _set("programme", "personal_work", {"tutoring": {"modules": [2, 9]}}),
        "Programme : « personal_work.tutoring.modules » cite le module 9, qui n'existe pas dans "
        "le fichier.",
    ),
    "TOML date in a free-form table": (
        _set("programme", "personal_work", {"note": {"due": date(2025, 5, 1)}}),
        "Programme : le champ « personal_work.note.due » contient la date 2025-05-01 : dans "
        "cette partie libre, écrivez-la comme un texte entre guillemets.",
    ),
    "module without slots": (
        _set("modules", 0, "slots", []),
        "Module 1 : aucun créneau : la liste « slots » est vide.",
    ),
}


def bad_file(tmp_path: Path, rule: str) -> tuple[Path, str]:
    mutate, expected = RULES[rule]
    data = copy.deepcopy(minimal_programme())
    mutate(data)
    return write_programme(tmp_path, data, name="mauvais.toml"), expected


def test_the_minimal_programme_is_valid(tmp_path):
    document = parse_programme_file(write_programme(tmp_path, minimal_programme()))

    assert document.summary.total_hours == Decimal(10)
    assert (document.summary.day_count, document.summary.half_day_count) == (1, 1)
    assert document.summary.slot_count == 3
    assert document.warnings == ()


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_is_reported_in_french_with_the_module(tmp_path, rule):
    path, expected = bad_file(tmp_path, rule)

    error = problems_of(path)

    assert expected in error.details, "\n".join(error.details)


@pytest.mark.django_db
@pytest.mark.parametrize("rule", RULES)
def test_a_bad_file_writes_nothing_and_keeps_the_loaded_version(tmp_path, rule):
    call_command("load_programme", str(write_programme(tmp_path, minimal_programme())), verbosity=0)
    before = database_snapshot()
    path, expected = bad_file(tmp_path, rule)

    with pytest.raises(CommandError) as caught:
        call_command("load_programme", str(path), verbosity=0)

    assert str(path) in str(caught.value)
    assert expected in str(caught.value)
    assert database_snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rule", ["slot ending before its start", "declared hours not the sum of slots"]
)
def test_a_bad_file_writes_nothing_in_an_empty_database(tmp_path, rule):
    path, _ = bad_file(tmp_path, rule)

    with pytest.raises(CommandError):
        call_command("load_programme", str(path), verbosity=0)

    assert database_snapshot() == {"programmes": [], "modules": [], "cohorts": [], "slots": []}


def test_every_problem_is_listed_not_just_the_first(tmp_path):
    data = minimal_programme()
    data["modules"][0]["kind"] = "atelier"
    data["modules"][1]["slots"][1]["end"] = time(12, 30)
    data["edition"]["timezone"] = "Mars/Olympus"

    error = problems_of(write_programme(tmp_path, data))

    assert len(error.details) == 3, error.details
    assert error.message == (
        f"Le fichier de programme {tmp_path / 'programme.toml'} n'est pas valide (3 problèmes) ; "
        "rien n'a été enregistré."
    )


def test_a_toml_syntax_error_gives_line_and_column(tmp_path):
    path = tmp_path / "syntaxe.toml"
    path.write_text('[programme]\ncode = "CS26"\ntitle = Innovations sociales\n', encoding="utf-8")

    error = problems_of(path)

    assert error.details == [
        "Fichier : syntaxe TOML invalide à la ligne 3, colonne 9 : Invalid value."
    ]


def test_the_example_of_the_brief_on_the_cs26_file(tmp_path, cs26_toml):
    path = edited_cs26(
        tmp_path,
        cs26_toml,
        "{ date = 2025-02-24, start = 14:00:00, end = 18:30:00 }",
        "{ date = 2025-02-24, start = 14:00:00, end = 12:30:00 }",
    )

    error = problems_of(path)

    # The broken slot is reported once; the day's sum and the total it spoils are not
    # reported on top of it.
    assert error.details == [
        "Module 4 : le créneau du 24 février 2025 (14:00–12:30) se termine avant de commencer."
    ]


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(toml_dumps(minimal_programme()).encode("latin-1"))

    error = problems_of(path)

    assert "le fichier doit être en UTF-8" in error.details[0]


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DomainError) as caught:
        parse_programme_file(tmp_path / "absent.toml")

    assert caught.value.code == "programme_file_not_found"
    assert (
        caught.value.message
        == f"Le fichier de programme {tmp_path / 'absent.toml'} est introuvable."
    )


# --- warnings -----------------------------------------------------------------------------


def test_a_public_holiday_or_a_weekend_is_a_warning_not_an_error(tmp_path):
    data = minimal_programme()
    data["modules"][0]["slots"] = [slot("2025-07-14", "14:00", "17:00")]
    data["modules"][1]["slots"] = [
        slot("2025-07-12", "09:00", "12:30"),
        slot("2025-07-12", "14:00", "17:30"),
    ]

    document = parse_programme_file(write_programme(tmp_path, data))

    assert document.warnings == (
        "Module 1 : le 14 juillet 2025 est un jour férié (Fête nationale).",
        "Module 2 : le samedi 12 juillet 2025 tombe un week-end.",
    )


@pytest.mark.django_db
def test_the_command_loads_despite_warnings_and_prints_them_on_stderr(tmp_path):
    data = minimal_programme()
    data["modules"][0]["slots"] = [slot("2025-05-01", "14:00", "17:00")]
    stdout, stderr = StringIO(), StringIO()

    call_command(
        "load_programme", str(write_programme(tmp_path, data)), stdout=stdout, stderr=stderr
    )

    assert "Module 1 : le 1er mai 2025 est un jour férié (Fête du Travail)." in stderr.getvalue()
    assert Slot.objects.filter(cohort__slug="essai-2025").count() == 3


# --- loading, reloading, updating in place ------------------------------------------------


@pytest.mark.django_db
def test_the_command_prints_a_french_summary(cs26_toml):
    stdout = StringIO()

    call_command("load_programme", str(cs26_toml), stdout=stdout)

    assert stdout.getvalue().strip() == (
        "CS26 chargé : 14 modules, 26 demi-journées, 90 h (12 journées de 7 h, 2 demi-journées "
        "de 3 h) ; promotion cs26-2025 créée."
    )


@pytest.mark.django_db
def test_loading_twice_changes_nothing(cs26_toml):
    first = load(cs26_toml)
    before = database_snapshot()
    stdout = StringIO()

    call_command("load_programme", str(cs26_toml), stdout=stdout)
    second = load(cs26_toml)

    assert database_snapshot() == before
    assert not second.changed
    assert (second.programme.pk, second.cohort.pk) == (first.programme.pk, first.cohort.pk)
    assert second.slots.unchanged == 26
    assert "CS26 inchangé" in stdout.getvalue()
    assert "promotion cs26-2025 inchangée" in stdout.getvalue()


@pytest.mark.django_db
def test_changing_a_time_updates_the_same_slot(tmp_path, cs26_toml):
    load(cs26_toml)
    afternoon = Slot.objects.get(cohort__slug="cs26-2025", module__number=4, position=2)
    others = set(Slot.objects.exclude(pk=afternoon.pk).values_list("pk", "start", "end"))
    path = edited_cs26(
        tmp_path,
        cs26_toml,
        "{ date = 2025-02-24, start = 14:00:00, end = 18:30:00 }",
        "{ date = 2025-02-24, start = 13:30:00, end = 18:00:00 }",
    )

    result = load(path)

    moved = Slot.objects.get(pk=afternoon.pk)
    assert moved.start == datetime(2025, 2, 24, 13, 30, tzinfo=PARIS)
    assert moved.end == datetime(2025, 2, 24, 18, 0, tzinfo=PARIS)
    assert set(Slot.objects.exclude(pk=afternoon.pk).values_list("pk", "start", "end")) == others
    assert (result.slots.updated, result.slots.created, result.slots.deleted) == (1, 0, 0)


@pytest.mark.django_db
def test_slots_are_aware_datetimes_in_the_edition_timezone(tmp_path):
    data = minimal_programme()
    data["edition"]["timezone"] = "America/Martinique"
    data["modules"][0]["slots"] = [slot("2025-07-15", "14:00", "17:00")]
    load(write_programme(tmp_path, data))

    opening = Slot.objects.get(module__number=1)

    assert opening.start == datetime(2025, 7, 15, 18, 0, tzinfo=UTC)
    assert Cohort.objects.get(slug="essai-2025").timezone == "America/Martinique"


@pytest.mark.django_db
def test_surplus_slots_and_modules_are_removed(tmp_path):
    load(write_programme(tmp_path, minimal_programme(), name="v1.toml"))
    opening = Slot.objects.get(module__number=1, position=1)
    module_1 = Module.objects.get(number=1)
    data = minimal_programme()
    data["programme"]["declared_hours"] = 3
    data["modules"] = data["modules"][:1]
    data["modules"][0]["slots"] = [
        slot("2025-01-20", "14:00", "15:30"),
        slot("2025-01-20", "15:30", "17:00"),
    ]

    result = load(write_programme(tmp_path, data, name="v2.toml"))

    assert list(Module.objects.values_list("pk", flat=True)) == [module_1.pk]
    assert list(Slot.objects.order_by("position").values_list("pk", "position")) == [
        (opening.pk, 1),
        (Slot.objects.get(position=2).pk, 2),
    ]
    assert (result.modules.deleted, result.slots.deleted, result.slots.created) == (1, 2, 1)

    data["modules"][0]["slots"] = [slot("2025-01-20", "14:00", "17:00")]
    load(write_programme(tmp_path, data, name="v3.toml"))

    assert list(Slot.objects.values_list("pk", flat=True)) == [opening.pk]


@pytest.mark.django_db
def test_a_module_still_dated_in_another_cohort_is_not_removed(tmp_path):
    load(write_programme(tmp_path, minimal_programme(), name="v1.toml"))
    programme = Programme.objects.get(code="ESSAI")
    other = Cohort.objects.create(programme=programme, slug="essai-autre", title="Autre")
    Slot.objects.create(
        cohort=other,
        module=Module.objects.get(number=2),
        position=1,
        start=datetime(2025, 9, 1, 9, 0, tzinfo=PARIS),
        end=datetime(2025, 9, 1, 12, 30, tzinfo=PARIS),
    )
    before = database_snapshot()
    data = minimal_programme()
    data["programme"]["declared_hours"] = 3
    data["programme"]["title"] = "Nouveau titre"
    data["modules"] = data["modules"][:1]

    with pytest.raises(DomainError) as caught:
        load(write_programme(tmp_path, data, name="v2.toml"))

    assert caught.value.code == "module_in_use"
    assert caught.value.details == [
        "Module 2 : retiré du fichier, mais la promotion essai-autre a encore des demi-journées "
        "dans ce module ; gardez le module ou retirez d'abord ces demi-journées."
    ]
    assert database_snapshot() == before


@pytest.mark.django_db
def test_an_edition_slug_taken_by_another_programme_is_refused(tmp_path):
    load(write_programme(tmp_path, minimal_programme(), name="v1.toml"))
    before = database_snapshot()
    data = minimal_programme()
    data["programme"]["code"] = "AUTRE"

    with pytest.raises(CommandError) as caught:
        call_command("load_programme", str(write_programme(tmp_path, data, name="v2.toml")))

    assert "La promotion essai-2025 appartient déjà au programme ESSAI" in str(caught.value)
    assert database_snapshot() == before


# --- the command ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match=r"absent\.toml est introuvable"):
        call_command("load_programme", str(tmp_path / "absent.toml"))


def test_manage_py_exits_non_zero_on_a_bad_file(tmp_path):
    path, expected = bad_file(tmp_path, "slot ending before its start")
    env = {
        **os.environ,
        "DEBUG": "1",
        # Never the developer's database or secret key: a bad file must not touch them,
        # and this run must not create them either.
        "ESSOR_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'essor.sqlite3'}",
    }

    run = subprocess.run(
        [sys.executable, "manage.py", "load_programme", str(path)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert run.returncode != 0
    assert "mauvais.toml" in run.stderr
    assert expected in run.stderr  # module 2, slot ending before its start


# --- French dates in messages ---------------------------------------------------------------


def test_dates_and_times_are_written_in_french_whatever_the_locale():
    assert french_date(date(2025, 2, 24)) == "24 février 2025"
    assert french_date(date(2025, 5, 1)) == "1er mai 2025"
    assert french_date(date(2025, 8, 15)) == "15 août 2025"
    assert french_weekday_date(date(2025, 2, 24)) == "lundi 24 février 2025"
    assert french_weekday_date(date(2025, 7, 13)) == "dimanche 13 juillet 2025"
    assert french_time(time(9, 0)) == "9 h"
    assert french_time(time(14, 30)) == "14 h 30"
