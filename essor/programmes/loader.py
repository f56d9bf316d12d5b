"""Reading and checking a programme file (TOML): pure parsing, no database access.

`parse_programme_file` returns a `ProgrammeDocument` or raises one `DomainError` listing
every problem found, so that whoever edits the file fixes it in one pass instead of one
error per run. Hours are always computed from the slots; the declared total is only
checked against them. The format is documented in README.md (« Programme file format »).
"""

import datetime as dt
import hashlib
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from essor.core.errors import DomainError
from essor.core.formats import french_date, french_weekday_date

from .models import ModuleFormat, ModuleKind
from .timeutils import format_hours, hours_of

DEFAULT_DAY_HOURS = Decimal(7)
DEFAULT_HALF_DAY_HOURS = Decimal(3)
DEFAULT_TIMEZONE = "Europe/Paris"
# Same alphabet as Django's validate_slug: these end up in URLs (/cohorts/<slug>/).
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
PROGRAMME_CODE_MAX = 32
COHORT_SLUG_MAX = 64


# --- the document -------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotSpec:
    """A slot as written in the file: a local date and wall-clock times in the edition's zone."""

    date: dt.date
    start: dt.time
    end: dt.time

    @property
    def duration(self) -> dt.timedelta:
        return dt.datetime.combine(self.date, self.end) - dt.datetime.combine(self.date, self.start)

    @property
    def times(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class ModuleSpec:
    number: int
    title: str
    kind: str
    format: str
    description: str
    speakers: tuple[str, ...]
    # Chronological: a slot's position in the module is its rank here (1, 2, …).
    slots: tuple[SlotSpec, ...]

    @property
    def duration(self) -> dt.timedelta:
        return sum((s.duration for s in self.slots), dt.timedelta())

    @property
    def dates(self) -> list[dt.date]:
        return sorted({s.date for s in self.slots})


@dataclass(frozen=True)
class EditionSpec:
    slug: str
    title: str
    timezone: str
    place: str


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    title: str
    certificate_name: str
    institution: str
    level: int
    level_label: str
    summary: str
    declared_hours: int
    audiences: tuple[str, ...]
    objectives: tuple[str, ...]
    certificate_aims: tuple[str, ...]
    follow_up: tuple[str, ...]
    teaching_approach: str
    personal_work: dict
    certification: dict
    master: dict
    partners: tuple[dict, ...]
    accessibility_contact: dict
    day_hours: Decimal
    half_day_hours: Decimal

    def model_fields(self) -> dict:
        """The values of the Programme model's columns (JSON fields as plain lists/dicts)."""
        return {
            "title": self.title,
            "certificate_name": self.certificate_name,
            "institution": self.institution,
            "level": self.level,
            "level_label": self.level_label,
            "summary": self.summary,
            "declared_hours": self.declared_hours,
            "audiences": list(self.audiences),
            "objectives": list(self.objectives),
            "certificate_aims": list(self.certificate_aims),
            "follow_up": list(self.follow_up),
            "teaching_approach": self.teaching_approach,
            "personal_work": self.personal_work,
            "certification": self.certification,
            "master": self.master,
            "partners": list(self.partners),
            "accessibility_contact": self.accessibility_contact,
            "day_hours": self.day_hours,
            "half_day_hours": self.half_day_hours,
        }


@dataclass(frozen=True)
class ProgrammeSummary:
    """What the slots add up to (never typed in the file)."""

    total_hours: Decimal
    module_count: int
    slot_count: int
    day_module_count: int
    half_day_module_count: int
    # Dates taught by day modules (« 12 journées de 7 h ») and by half-day modules.
    day_count: int
    half_day_count: int
    day_hours: Decimal
    half_day_hours: Decimal


@dataclass(frozen=True)
class ProgrammeDocument:
    source: str
    source_sha256: str
    programme: ProgrammeSpec
    edition: EditionSpec
    modules: tuple[ModuleSpec, ...]
    warnings: tuple[str, ...]
    summary: ProgrammeSummary


# --- entry points -------------------------------------------------------------------------


def parse_programme_file(path: Path) -> ProgrammeDocument:
    """Read, parse and check a programme file; raise DomainError listing every problem."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DomainError(
            "programme_file_not_found", f"Le fichier de programme {path} est introuvable."
        ) from None
    except OSError as exc:
        raise DomainError(
            "programme_file_unreadable",
            f"Le fichier de programme {path} ne peut pas être lu ({exc.strerror}).",
        ) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _invalid(
            str(path),
            [f"Fichier : encodage invalide à l'octet {exc.start} (le fichier doit être en UTF-8)."],
        ) from None
    return parse_programme_text(
        text, source=str(path), source_sha256=hashlib.sha256(raw).hexdigest()
    )


def parse_programme_text(text: str, *, source: str, source_sha256: str = "") -> ProgrammeDocument:
    """Parse and check programme TOML text; `source` names the file in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _invalid(source, [_syntax_error_detail(exc)]) from None
    checker = _Checker()
    document = checker.read(data, source=source, source_sha256=source_sha256)
    if checker.errors:
        raise _invalid(source, checker.errors)
    assert document is not None
    return document


def _invalid(source: str, details: list[str]) -> DomainError:
    count = len(details)
    problems = "1 problème" if count == 1 else f"{count} problèmes"
    return DomainError(
        "invalid_programme_file",
        f"Le fichier de programme {source} n'est pas valide ({problems}) ; rien n'a été "
        "enregistré.",
        details=details,
    )


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def _syntax_error_detail(exc: tomllib.TOMLDecodeError) -> str:
    # tomllib puts the position at the end of its (English) message until Python 3.14.
    message = str(exc)
    at_end = _TOML_AT_END.search(message)
    if at_end:
        return f"Fichier : syntaxe TOML invalide à la fin du fichier : {message[: at_end.start()]}."
    match = _TOML_POSITION.search(message)
    if not match:
        return f"Fichier : syntaxe TOML invalide : {message}."
    line, column = match.groups()
    reason = message[: match.start()]
    return f"Fichier : syntaxe TOML invalide à la ligne {line}, colonne {column} : {reason}."


# --- reading typed fields -----------------------------------------------------------------


def _found(value: object) -> str:
    """How a wrong value is described to the person editing the file."""
    if isinstance(value, bool):
        return f"le booléen {str(value).lower()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"le texte « {shown} »"
    if isinstance(value, int):
        return f"l'entier {value}"
    if isinstance(value, float):
        return f"le nombre {value}"
    if isinstance(value, dt.datetime):
        return f"la date et heure {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"la date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"l'heure {value.isoformat()}"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "une table"
    return type(value).__name__


class _Table:
    """One TOML table being read; remembers the keys read so that unknown ones (typos) are
    reported instead of silently ignored."""

    def __init__(self, data: dict, *, where: str, prefix: str, errors: list[str]):
        self.data = data
        self.where = where
        self.prefix = prefix
        self.errors = errors
        self.read_keys: set[str] = set()

    def error(self, message: str) -> None:
        self.errors.append(f"{self.where} : {message}")

    def name(self, key: str) -> str:
        return f"« {self.prefix}{key} »"

    def value(self, key: str, *, required: bool) -> object | None:
        self.read_keys.add(key)
        if key not in self.data:
            if required:
                self.error(f"le champ obligatoire {self.name(key)} est absent.")
            return None
        return self.data[key]

    def wrong_type(self, key: str, expected: str, value: object) -> None:
        self.error(f"le champ {self.name(key)} doit être {expected} (trouvé : {_found(value)}).")

    def text(self, key: str, *, required: bool = True, non_empty: bool = True) -> str | None:
        value = self.value(key, required=required)
        if value is None:
            return None if required else ""
        if not isinstance(value, str):
            self.wrong_type(key, "un texte entre guillemets", value)
            return None
        value = value.strip()
        if required and non_empty and not value:
            self.error(f"le champ {self.name(key)} est vide.")
            return None
        return value

    def integer(self, key: str, *, minimum: int = 0) -> int | None:
        value = self.value(key, required=True)
        if value is None:
            return None
        # bool is an int in Python, but `level = true` is a mistake.
        if not isinstance(value, int) or isinstance(value, bool):
            self.wrong_type(key, "un nombre entier", value)
            return None
        if value < minimum:
            self.error(
                f"le champ {self.name(key)} doit valoir au moins {minimum} (trouvé : {value})."
            )
            return None
        return value

    def hours(self, key: str, *, default: Decimal) -> Decimal | None:
        value = self.value(key, required=False)
        if value is None:
            return default
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.wrong_type(key, "un nombre d'heures (par ex. 7 ou 3.5)", value)
            return None
        hours = Decimal(str(value))
        if not 0 < hours <= 24 or (hours * 60) % 1:
            self.error(
                f"le champ {self.name(key)} doit être une durée positive d'au plus 24 h, "
                f"en minutes entières (trouvé : {value})."
            )
            return None
        return hours

    def strings(self, key: str) -> tuple[str, ...] | None:
        value = self.value(key, required=False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.wrong_type(key, "une liste de textes", value)
            return None
        return tuple(v.strip() for v in value)

    def free_table(self, key: str) -> dict | None:
        """A table shown as written (personal work, certification…): JSON-safe values only."""
        value = self.value(key, required=False)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.wrong_type(key, "une table", value)
            return None
        return value if self._json_safe(value, f"{self.prefix}{key}") else None

    def free_tables(self, key: str) -> tuple[dict, ...] | None:
        value = self.value(key, required=False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.wrong_type(key, "une liste de tables ([[…]])", value)
            return None
        if not self._json_safe(value, f"{self.prefix}{key}"):
            return None
        return tuple(value)

    def _json_safe(self, value: object, name: str) -> bool:
        # These tables are stored in JSON columns, which cannot hold TOML dates and times.
        if isinstance(value, dict):
            return all([self._json_safe(v, f"{name}.{k}") for k, v in value.items()])
        if isinstance(value, list):
            return all([self._json_safe(v, name) for v in value])
        if isinstance(value, dt.date | dt.time):
            self.error(
                f"le champ « {name} » contient {_found(value)} : dans cette partie libre, "
                "écrivez-la comme un texte entre guillemets."
            )
            return False
        return True

    def subtable(
        self, key: str, *, where: str | None = None, required: bool = False
    ) -> "_Table | None":
        """A nested table; given its own `where`, its keys are named from it (« level »)."""
        value = self.value(key, required=required)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.wrong_type(key, "une table", value)
            return None
        prefix = "" if where else f"{self.prefix}{key}."
        return _Table(value, where=where or self.where, prefix=prefix, errors=self.errors)

    def reject_unknown_keys(self) -> None:
        for key in self.data:
            if key not in self.read_keys:
                self.error(f"clé inconnue {self.name(key)} (faute de frappe ?).")


# --- the checks ---------------------------------------------------------------------------


@dataclass
class _SlotEntry:
    """A slot whose three fields were read; `ok` is False when it cannot be used for sums."""

    module_index: int
    module_label: str
    module_number: int | None
    slot: SlotSpec
    ok: bool = True


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        # True as soon as one slot lacks a field or is inverted: totals would then be wrong
        # for a reason already reported, so the total is not checked.
        self.incomplete_slots = False

    def read(self, data: dict, *, source: str, source_sha256: str) -> ProgrammeDocument | None:
        top = _Table(data, where="Fichier", prefix="", errors=self.errors)
        for key, section in (("programme", "[programme]"), ("edition", "[edition]")):
            if key not in data:
                top.error(f"la section obligatoire {section} est absente.")
        if "modules" not in data:
            top.error("aucun module : ajoutez au moins une section [[modules]].")
        programme_table = top.subtable("programme", where="Programme")
        edition_table = top.subtable("edition", where="Édition")
        modules_raw = top.value("modules", required=False)
        top.reject_unknown_keys()

        # Field by field, so that one bad field does not hide the checks of the others.
        values = self._read_programme(programme_table) if programme_table else {}
        edition = self._read_edition(edition_table) if edition_table else None
        rules = (
            values.get("day_hours", DEFAULT_DAY_HOURS),
            values.get("half_day_hours", DEFAULT_HALF_DAY_HOURS),
        )
        modules = self._read_modules(modules_raw, rules=rules)
        zone = _zone(edition.timezone) if edition else None

        self._check_duplicate_numbers(modules)
        self._check_modules_at_same_time(modules)
        if zone is not None:
            self._check_clock_changes(modules, zone)
        if values.get("declared_hours") is not None:
            self._check_declared_hours(values["declared_hours"], modules)
        if programme_table is not None:
            self._check_module_references(programme_table, modules)
        self._warn_non_working_days(modules)
        programme = ProgrammeSpec(**values) if values and None not in values.values() else None

        if self.errors or programme is None or edition is None:
            return None
        specs = tuple(sorted((m.spec for m in modules), key=lambda m: m.number))
        return ProgrammeDocument(
            source=source,
            source_sha256=source_sha256,
            programme=programme,
            edition=edition,
            modules=specs,
            warnings=tuple(self.warnings),
            summary=_summarise(specs, programme),
        )

    # programme and edition

    def _read_programme(self, table: _Table) -> dict:
        """The programme's fields, None where a field is missing or wrong (already reported)."""
        code = table.text("code")
        if code is not None and (not SLUG_RE.match(code) or len(code) > PROGRAMME_CODE_MAX):
            table.error(
                f"le code « {code} » n'est pas un identifiant valide (lettres, chiffres, tirets, "
                f"au plus {PROGRAMME_CODE_MAX} caractères, par ex. CS26)."
            )
            code = None
        values = {
            "code": code,
            "title": table.text("title"),
            "certificate_name": table.text("certificate_name"),
            "institution": table.text("institution"),
            "level": table.integer("level", minimum=1),
            "level_label": table.text("level_label"),
            "summary": table.text("summary"),
            "declared_hours": table.integer("declared_hours", minimum=1),
            "audiences": table.strings("audiences"),
            "objectives": table.strings("objectives"),
            "certificate_aims": table.strings("certificate_aims"),
            "follow_up": table.strings("follow_up"),
            "teaching_approach": table.text("teaching_approach", required=False),
            "personal_work": table.free_table("personal_work"),
            "certification": table.free_table("certification"),
            "master": table.free_table("master"),
            "partners": table.free_tables("partners"),
            "accessibility_contact": table.free_table("accessibility_contact"),
        }
        self._check_free_lists(table, values)
        rules = table.subtable("rules")
        if rules is None:
            values["day_hours"], values["half_day_hours"] = (
                DEFAULT_DAY_HOURS,
                DEFAULT_HALF_DAY_HOURS,
            )
        else:
            values["day_hours"] = rules.hours("day_hours", default=DEFAULT_DAY_HOURS)
            values["half_day_hours"] = rules.hours("half_day_hours", default=DEFAULT_HALF_DAY_HOURS)
            rules.reject_unknown_keys()
        table.reject_unknown_keys()
        return values

    def _check_free_lists(self, table: _Table, values: dict) -> None:
        """The few lists inside the free tables that pages and the certificate rely on."""
        expectations = [
            ("certification", "requirements"),
            ("master", "tracks"),
        ]
        for section, key in expectations:
            value = (values.get(section) or {}).get(key)
            if value is not None and (
                not isinstance(value, list) or not all(isinstance(v, str) for v in value)
            ):
                table.error(
                    f"le champ « {section}.{key} » doit être une liste de textes "
                    f"(trouvé : {_found(value)})."
                )
                values[section] = None
        for rank, partner in enumerate(values.get("partners") or (), start=1):
            if not isinstance(partner.get("name"), str) or not partner["name"].strip():
                table.error(
                    f"le partenaire n° {rank} ([[programme.partners]]) n'a pas de nom (name)."
                )
                values["partners"] = None

    def _read_edition(self, table: _Table) -> EditionSpec | None:
        slug = table.text("slug")
        if slug is not None and (not SLUG_RE.match(slug) or len(slug) > COHORT_SLUG_MAX):
            table.error(
                f"l'identifiant de promotion « {slug} » n'est pas un slug (lettres sans accent, "
                f"chiffres, tirets, sans espace, au plus {COHORT_SLUG_MAX} caractères, "
                "par ex. cs26-2025)."
            )
            slug = None
        title = table.text("title")
        timezone = table.text("timezone", required=False) or DEFAULT_TIMEZONE
        if _zone(timezone) is None:
            table.error(
                f"le fuseau horaire « {timezone} » est inconnu (nom IANA attendu, par ex. "
                "Europe/Paris)."
            )
            timezone = None
        place = table.text("place", required=False)
        table.reject_unknown_keys()
        if None in (slug, title, timezone, place):
            return None
        return EditionSpec(slug=slug, title=title, timezone=timezone, place=place)

    # modules

    def _read_modules(self, raw: object, *, rules: tuple[Decimal, Decimal]) -> list["_Module"]:
        if raw is None:
            return []
        if not isinstance(raw, list) or not all(isinstance(m, dict) for m in raw):
            self.errors.append(
                f"Fichier : « modules » doit être une liste de tables [[modules]] "
                f"(trouvé : {_found(raw)})."
            )
            return []
        if not raw:
            self.errors.append("Fichier : aucun module : ajoutez au moins une section [[modules]].")
        return [_Module(index, entry, self, rules) for index, entry in enumerate(raw, start=1)]

    def _check_duplicate_numbers(self, modules: list["_Module"]) -> None:
        by_number: dict[int, list[int]] = defaultdict(list)
        for module in modules:
            if module.number is not None:
                by_number[module.number].append(module.index)
        for number, indexes in sorted(by_number.items()):
            if len(indexes) > 1:
                entries = ", ".join(f"n° {i}" for i in indexes)
                self.errors.append(
                    f"Module {number} : ce numéro est utilisé par plusieurs modules "
                    f"(entrées [[modules]] {entries}) ; chaque module doit avoir son propre numéro."
                )

    def _check_modules_at_same_time(self, modules: list["_Module"]) -> None:
        by_date: dict[dt.date, list[_SlotEntry]] = defaultdict(list)
        for module in modules:
            for entry in module.usable_slots:
                by_date[entry.slot.date].append(entry)
        for day in sorted(by_date):
            entries = sorted(by_date[day], key=lambda e: (e.slot.start, e.slot.end))
            for i, first in enumerate(entries):
                for second in entries[i + 1 :]:
                    if second.slot.start >= first.slot.end:
                        break
                    if first.module_index != second.module_index:
                        self._report_modules_overlap(day, first, second)

    def _report_modules_overlap(self, day: dt.date, first: _SlotEntry, second: _SlotEntry) -> None:
        a, b = sorted((first, second), key=lambda e: (e.module_number or 0, e.module_index))
        self.errors.append(
            f"{a.module_label} et {b.module_label.lower()} : deux modules à la même heure le "
            f"{french_date(day)} (créneau {a.slot.times} du {a.module_label.lower()}, "
            f"créneau {b.slot.times} du {b.module_label.lower()})."
        )

    def _check_clock_changes(self, modules: list["_Module"], zone: ZoneInfo) -> None:
        # Across a change of clock, a slot's wall-clock length (what the file says) is not
        # its real length (what attendance and the calendar count).
        for module in modules:
            for entry in module.usable_slots:
                if _crosses_clock_change(entry.slot, zone):
                    self.errors.append(
                        f"{entry.module_label} : le créneau du {french_date(entry.slot.date)} "
                        f"({entry.slot.times}) tombe sur un changement d'heure : choisissez des "
                        "heures hors de la nuit du changement."
                    )

    def _check_declared_hours(self, declared_hours: int, modules: list["_Module"]) -> None:
        if self.incomplete_slots or not modules:
            return
        total = sum((m.duration for m in modules), dt.timedelta())
        if hours_of(total) != Decimal(declared_hours):
            self.errors.append(
                f"Programme : le volume horaire déclaré (declared_hours = {declared_hours}) "
                f"diffère de la somme des créneaux : {format_hours(total)}."
            )

    def _check_module_references(self, table: _Table, modules: list["_Module"]) -> None:
        """Personal work points at modules by number (tutoring days, presentations)."""
        work = table.data.get("personal_work")
        if not isinstance(work, dict):
            return
        numbers = {m.number for m in modules}
        references = [
            ("statement_of_intent", "presented_at_module"),
            ("tutoring", "modules"),
            ("tutoring", "oral_presentation_module"),
        ]
        for section, key in references:
            value = work.get(section, {}).get(key) if isinstance(work.get(section), dict) else None
            if value is None:
                continue
            cited = value if isinstance(value, list) else [value]
            for number in cited:
                if isinstance(number, bool) or not isinstance(number, int):
                    self.errors.append(
                        f"Programme : « personal_work.{section}.{key} » doit citer des numéros "
                        f"de module (trouvé : {_found(number)})."
                    )
                elif number not in numbers:
                    self.errors.append(
                        f"Programme : « personal_work.{section}.{key} » cite le module {number}, "
                        "qui n'existe pas dans le fichier."
                    )

    def _warn_non_working_days(self, modules: list["_Module"]) -> None:
        years = {e.slot.date.year for m in modules for e in m.usable_slots}
        french_holidays = holidays.France(years=years, language="fr") if years else {}
        for module in modules:
            for day in sorted({e.slot.date for e in module.usable_slots}):
                name = french_holidays.get(day)
                if name:
                    self.warnings.append(
                        f"{module.label} : le {french_date(day)} est un jour férié ({name})."
                    )
                if day.weekday() >= 5:
                    self.warnings.append(
                        f"{module.label} : le {french_weekday_date(day)} tombe un week-end."
                    )


class _Module:
    """One [[modules]] entry being read and checked on its own."""

    def __init__(self, index: int, data: dict, checker: _Checker, rules: tuple[Decimal, Decimal]):
        self.index = index
        self.checker = checker
        self.label = f"Entrée [[modules]] n° {index}"
        table = _Table(data, where=self.label, prefix="", errors=checker.errors)
        self.number = table.integer("number", minimum=1)
        if self.number is not None:
            self.label = table.where = f"Module {self.number}"
        self.title = table.text("title")
        self.kind = self._choice(table, "kind", ModuleKind.values, "nature de module inconnue")
        self.format = self._choice(table, "format", ModuleFormat.values, "format de module inconnu")
        self.description = table.text("description", required=False)
        self.speakers = table.strings("speakers")
        # Dates (or the whole module, for a slot without a date) whose sums would be wrong
        # only because a slot is incomplete, which is already reported.
        self.unsummable_dates: set[dt.date] = set()
        self.slot_without_date = False
        self.slots = self._read_slots(table)
        table.reject_unknown_keys()
        self.usable_slots = self._check_slot_times()
        if self.format is not None:
            self._check_format_durations(rules)

    @property
    def duration(self) -> dt.timedelta:
        return sum((e.slot.duration for e in self.slots), dt.timedelta())

    @property
    def spec(self) -> ModuleSpec:
        return ModuleSpec(
            number=self.number,
            title=self.title,
            kind=self.kind,
            format=self.format,
            description=self.description,
            speakers=self.speakers,
            slots=tuple(sorted((e.slot for e in self.slots), key=lambda s: (s.date, s.start))),
        )

    def error(self, message: str) -> None:
        self.checker.errors.append(f"{self.label} : {message}")

    @staticmethod
    def _choice(table: _Table, key: str, allowed: list[str], what: str) -> str | None:
        value = table.text(key)
        if value is not None and value not in allowed:
            table.error(
                f"le champ « {key} » vaut « {value} » : {what} (valeurs admises : "
                f"{', '.join(allowed)})."
            )
            return None
        return value

    def _read_slots(self, table: _Table) -> list[_SlotEntry]:
        raw = table.value("slots", required=True)
        if raw is None:
            self.checker.incomplete_slots = True
            return []
        if not isinstance(raw, list) or not all(isinstance(s, dict) for s in raw):
            table.wrong_type("slots", "une liste de créneaux { date, start, end }", raw)
            self.checker.incomplete_slots = True
            return []
        if not raw:
            self.error("aucun créneau : la liste « slots » est vide.")
        entries = []
        for rank, slot_data in enumerate(raw, start=1):
            slot = self._read_slot(rank, slot_data)
            if slot is None:
                self.checker.incomplete_slots = True
            else:
                entries.append(_SlotEntry(self.index, self.label, self.number, slot))
        return entries

    def _read_slot(self, rank: int, data: dict) -> SlotSpec | None:
        table = _Table(
            data, where=f"{self.label}, créneau n° {rank}", prefix="", errors=self.checker.errors
        )
        day = table.value("date", required=True)
        if day is not None and (not isinstance(day, dt.date) or isinstance(day, dt.datetime)):
            table.wrong_type("date", "une date sans guillemets (par ex. 2025-01-20)", day)
            day = None
        start = self._read_time(table, "start")
        end = self._read_time(table, "end")
        table.reject_unknown_keys()
        if day is None:
            self.slot_without_date = True
        elif start is None or end is None:
            self.unsummable_dates.add(day)
        if day is None or start is None or end is None:
            return None
        return SlotSpec(date=day, start=start, end=end)

    @staticmethod
    def _read_time(table: _Table, key: str) -> dt.time | None:
        value = table.value(key, required=True)
        if value is None:
            return None
        if not isinstance(value, dt.time):
            table.wrong_type(key, "une heure sans guillemets (par ex. 14:00:00)", value)
            return None
        if value.second or value.microsecond:
            table.error(f"l'heure {table.name(key)} doit tomber sur une minute entière.")
            return None
        return value

    def _check_slot_times(self) -> list[_SlotEntry]:
        """Inverted and overlapping slots; returns the slots that can be added up."""
        for entry in self.slots:
            slot = entry.slot
            if slot.end < slot.start:
                self.error(
                    f"le créneau du {french_date(slot.date)} ({slot.times}) se termine avant de "
                    "commencer."
                )
            elif slot.end == slot.start:
                self.error(
                    f"le créneau du {french_date(slot.date)} ({slot.times}) se termine à l'heure "
                    "où il commence (durée nulle)."
                )
            entry.ok = slot.end > slot.start
        if not all(e.ok for e in self.slots):
            self.checker.incomplete_slots = True
        usable = sorted((e for e in self.slots if e.ok), key=lambda e: (e.slot.date, e.slot.start))
        for i, first in enumerate(usable):
            for second in usable[i + 1 :]:
                if second.slot.date != first.slot.date or second.slot.start >= first.slot.end:
                    break
                self.error(
                    f"les créneaux {first.slot.times} et {second.slot.times} du "
                    f"{french_date(first.slot.date)} se chevauchent."
                )
                first.ok = second.ok = False
        return usable

    def _check_format_durations(self, rules: tuple[Decimal, Decimal]) -> None:
        day_hours, half_day_hours = rules
        if self.format == ModuleFormat.DAY:
            expected, unit = day_hours, "d'une journée"
        else:
            expected, unit = half_day_hours, "d'une demi-journée"
        if expected is None or self.slot_without_date:
            return
        by_date: dict[dt.date, list[_SlotEntry]] = defaultdict(list)
        for entry in self.slots:
            by_date[entry.slot.date].append(entry)
        for day in sorted(by_date):
            entries = by_date[day]
            # A date with an inverted or overlapping slot is already reported.
            if day in self.unsummable_dates or not all(e.ok for e in entries):
                continue
            total = sum((e.slot.duration for e in entries), dt.timedelta())
            if hours_of(total) != expected:
                self.error(
                    f"le {french_date(day)}, les créneaux totalisent {format_hours(total)} au "
                    f"lieu des {format_hours(expected)} {unit} (format « {self.format} »)."
                )


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _crosses_clock_change(slot: SlotSpec, zone: ZoneInfo) -> bool:
    offsets = set()
    for at in (slot.start, slot.end):
        wall = dt.datetime.combine(slot.date, at)
        # A time that does not exist (spring) or exists twice (autumn) has two offsets.
        offsets.add(wall.replace(tzinfo=zone, fold=0).utcoffset())
        offsets.add(wall.replace(tzinfo=zone, fold=1).utcoffset())
    return len(offsets) > 1


def _summarise(modules: tuple[ModuleSpec, ...], programme: ProgrammeSpec) -> ProgrammeSummary:
    day_modules = [m for m in modules if m.format == ModuleFormat.DAY]
    half_day_modules = [m for m in modules if m.format == ModuleFormat.HALF_DAY]
    return ProgrammeSummary(
        total_hours=hours_of(sum((m.duration for m in modules), dt.timedelta())),
        module_count=len(modules),
        slot_count=sum(len(m.slots) for m in modules),
        day_module_count=len(day_modules),
        half_day_module_count=len(half_day_modules),
        day_count=sum(len(m.dates) for m in day_modules),
        half_day_count=sum(len(m.dates) for m in half_day_modules),
        day_hours=programme.day_hours,
        half_day_hours=programme.half_day_hours,
    )
