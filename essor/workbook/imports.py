"""Import of volunteer hours from a CSV file (section D1): all rows or none.

Columns (header line required, French or English names, any order): date, durée,
distance, catégorie, description. Separator « ; » or « , » (detected on the header);
UTF-8 (with or without BOM) or Windows-1252; dates JJ/MM/AAAA or AAAA-MM-JJ; durations
« 2,5 », « 2.5 » or « 2:30 »; categories exécution / encadrement / expertise (accents
and case ignored, English codes accepted). One bad row and nothing is imported: the
error lists every problem with its line number.
"""

import csv
import io
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from essor.core.errors import DomainError

from .models import VolunteerEntry, Workbook

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
MAX_HOURS = Decimal("10000")
MAX_KM = Decimal("100000")
MAX_ERRORS_SHOWN = 50

COLUMNS = {
    "date": "date",
    "duree": "duration",
    "duration": "duration",
    "heures": "duration",
    "hours": "duration",
    "distance": "distance",
    "km": "distance",
    "categorie": "category",
    "category": "category",
    "niveau": "category",
    "level": "category",
    "description": "description",
    "activite": "description",
    "activity": "description",
}
REQUIRED = ("date", "duration", "category")
COLUMN_LABELS = {"date": "date", "duration": "durée", "category": "catégorie"}

LEVELS = {
    "execution": "execution",
    "encadrement": "encadrement",
    "supervision": "encadrement",
    "expertise": "expertise",
}


def _plain(text: str) -> str:
    """Lower case, no accents, no surrounding spaces: « Catégorie » → « categorie »."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _parse_date(text: str) -> date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _parse_decimal(text: str) -> Decimal | None:
    cleaned = text.strip().replace("\xa0", "").replace("\u202f", "").replace(" ", "")
    cleaned = cleaned.replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _parse_duration(text: str) -> Decimal | None:
    """Hours from « 2,5 », « 2.5 » or « 2:30 » (hours:minutes)."""
    text = text.strip()
    if ":" in text:
        hours, _sep, minutes = text.partition(":")
        if not (hours.strip().isdigit() and minutes.strip().isdigit()):
            return None
        if int(minutes) >= 60 or len(minutes.strip()) != 2:
            return None
        value = Decimal(int(hours)) + Decimal(int(minutes)) / 60
    else:
        value = _parse_decimal(text)
        if value is None:
            return None
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def parse_volunteer_csv(data: bytes) -> list[dict]:
    """The rows as dicts ready for VolunteerEntry, or DomainError("csv_invalid")."""
    if not data:
        raise DomainError("csv_invalid", _("Le fichier est vide."))
    if len(data) > MAX_BYTES:
        raise DomainError("csv_invalid", _("Le fichier dépasse 1 Mo."))
    text = _decode(data)
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    if not header_line:
        raise DomainError("csv_invalid", _("Le fichier est vide."))
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = list(reader)
    # The header: the first non-empty row.
    start = next((i for i, row in enumerate(rows) if any(cell.strip() for cell in row)), None)
    if start is None:
        raise DomainError("csv_invalid", _("Le fichier est vide."))
    header = [COLUMNS.get(_plain(cell)) for cell in rows[start]]
    missing = [COLUMN_LABELS[name] for name in REQUIRED if name not in header]
    if missing:
        raise DomainError(
            "csv_invalid",
            _(
                "Ligne d'en-tête attendue : date;durée;distance;catégorie;description "
                "(colonnes manquantes : %(missing)s)."
            )
            % {"missing": ", ".join(missing)},
        )
    position = {name: header.index(name) for name in set(header) if name}
    body = [
        (start + offset + 2, row)
        for offset, row in enumerate(rows[start + 1 :])
        if any(cell.strip() for cell in row)
    ]
    if not body:
        raise DomainError("csv_invalid", _("Le fichier ne contient aucune ligne d'heures."))
    if len(body) > MAX_ROWS:
        raise DomainError("csv_invalid", _("Le fichier dépasse %(max)s lignes.") % {"max": "5 000"})

    def cell(row, name) -> str:
        index = position.get(name)
        if index is None or index >= len(row):
            return ""
        return row[index].strip()

    errors: list[str] = []
    parsed: list[dict] = []
    for number, row in body:
        line = _("Ligne %(n)s") % {"n": number}
        raw_date, raw_duration = cell(row, "date"), cell(row, "duration")
        raw_distance, raw_category = cell(row, "distance"), cell(row, "category")
        description = cell(row, "description")
        row_errors = []
        when = _parse_date(raw_date)
        if when is None:
            row_errors.append(
                _("%(line)s : date « %(value)s » illisible (JJ/MM/AAAA ou AAAA-MM-JJ).")
                % {"line": line, "value": raw_date}
            )
        hours = _parse_duration(raw_duration)
        if hours is None:
            row_errors.append(
                _("%(line)s : durée « %(value)s » illisible.")
                % {"line": line, "value": raw_duration}
            )
        elif hours <= 0 or hours > MAX_HOURS:
            row_errors.append(
                _("%(line)s : durée « %(value)s » hors limites (plus de 0 et au plus 10 000 h).")
                % {"line": line, "value": raw_duration}
            )
        km = Decimal("0")
        if raw_distance:
            km = _parse_decimal(raw_distance)
            if km is None:
                row_errors.append(
                    _("%(line)s : distance « %(value)s » illisible.")
                    % {"line": line, "value": raw_distance}
                )
            elif km < 0 or km >= MAX_KM:
                row_errors.append(
                    _("%(line)s : distance « %(value)s » hors limites.")
                    % {"line": line, "value": raw_distance}
                )
        level = LEVELS.get(_plain(raw_category))
        if level is None:
            row_errors.append(
                _(
                    "%(line)s : catégorie « %(value)s » inconnue "
                    "(exécution, encadrement ou expertise)."
                )
                % {"line": line, "value": raw_category}
            )
        if len(description) > 300:
            row_errors.append(
                _("%(line)s : description trop longue (300 caractères au plus).") % {"line": line}
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        parsed.append(
            {
                "date": when,
                "hours": hours,
                "km": km.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                "level": level,
                "activity": description or _("Heures importées"),
            }
        )
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(_("… et %(n)s autres erreurs.") % {"n": len(errors) - MAX_ERRORS_SHOWN})
        raise DomainError(
            "csv_invalid",
            _("Le fichier contient des erreurs : rien n'a été importé."),
            details=shown,
        )
    return parsed


@transaction.atomic
def import_volunteer_csv(*, workbook: Workbook, data: bytes, by) -> int:
    """Add every row of the file to the workbook's volunteer hours; nothing on error."""
    rows = parse_volunteer_csv(data)
    VolunteerEntry.objects.bulk_create(VolunteerEntry(workbook=workbook, **row) for row in rows)
    return len(rows)
