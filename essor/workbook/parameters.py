"""Reference parameters: the value of a key for a year, and the coordination's edits.

`parameter_set(year)` reads the table once; `.get(key)` takes the row with the greatest
year ≤ the requested year (the 2026 SMIC stays in force in 2027 until a 2027 row exists)
and remembers it in `.used`, so a computation can record which values it relied on.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from essor.core import clock
from essor.core.errors import DomainError

from .models import ParameterChange, ReferenceParameter

# Labels for keys absent from the table (the error message must name the parameter).
KNOWN_LABELS = {
    "smic_hourly": "SMIC horaire brut",
    "charge_coefficient": "Coefficient de charges",
    "legal_annual_hours": "Durée annuelle légale du travail (ETP)",
    "smic_annual_hours": "Heures annuelles du SMIC mensuel",
}


class ParameterSet:
    """The parameters in force for `year`, from rows loaded once."""

    def __init__(self, year: int, rows: list[ReferenceParameter]):
        self.year = year
        self._rows: dict[str, list[ReferenceParameter]] = {}
        for row in rows:
            self._rows.setdefault(row.key, []).append(row)
        for versions in self._rows.values():
            versions.sort(key=lambda r: r.year, reverse=True)
        self._used: dict[str, ReferenceParameter] = {}

    def row(self, key: str) -> ReferenceParameter | None:
        for row in self._rows.get(key, ()):
            if row.year <= self.year:
                return row
        return None

    def get(self, key: str) -> Decimal:
        row = self.row(key)
        if row is None:
            versions = self._rows.get(key)
            label = versions[0].label if versions else _(KNOWN_LABELS.get(key, key))
            raise DomainError(
                "missing_parameter",
                _("Paramètre « %(label)s » (%(key)s) non défini pour l'année %(year)s.")
                % {"label": label, "key": key, "year": self.year},
            )
        self._used[key] = row
        return row.value

    def maybe(self, key: str) -> Decimal | None:
        """`get`, or None when the parameter is not defined for the year."""
        try:
            return self.get(key)
        except DomainError:
            return None

    def keys(self, prefix: str = "") -> list[str]:
        return sorted(k for k in self._rows if k.startswith(prefix))

    @property
    def used(self) -> list[dict]:
        return [
            {
                "key": row.key,
                "year": row.year,
                "value": _plain(row.value),
                "unit": row.unit,
                "label": row.label,
                "source": row.source,
            }
            for row in sorted(self._used.values(), key=lambda r: r.key)
        ]


def _plain(value: Decimal) -> str:
    """« 11.88 » rather than « 11.880000 » (the column keeps 6 places)."""
    text = format(value.normalize(), "f")
    return text


def parameter_set(year: int) -> ParameterSet:
    return ParameterSet(int(year), list(ReferenceParameter.objects.all()))


@transaction.atomic
def update_parameter(
    *, parameter: ReferenceParameter, value, source: str, by
) -> ReferenceParameter:
    """Change a parameter's value and source, keeping the previous ones in the history."""
    try:
        new_value = Decimal(str(value).replace(",", ".").strip())
    except ArithmeticError:
        new_value = None
    if new_value is None or not new_value.is_finite():
        raise DomainError("invalid_value", _("Valeur numérique attendue."))
    if new_value >= 10**10:
        raise DomainError("invalid_value", _("Valeur trop grande."))
    if new_value < 0:
        raise DomainError("invalid_value", _("La valeur ne peut pas être négative."))
    source = (source or "").strip()
    if not source:
        raise DomainError("missing_source", _("Indiquez la source de la nouvelle valeur."))
    locked = ReferenceParameter.objects.select_for_update().get(pk=parameter.pk)
    ParameterChange.objects.create(
        parameter=locked,
        old_value=locked.value,
        new_value=new_value,
        old_source=locked.source,
        new_source=source,
        by=by,
        at=clock.now(),
    )
    locked.value = new_value
    locked.source = source
    locked.updated_by = by
    locked.save(update_fields=["value", "source", "updated_by", "updated_at"])
    parameter.value, parameter.source, parameter.updated_by = new_value, source, by
    return locked
