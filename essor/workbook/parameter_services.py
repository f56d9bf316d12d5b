"""The reference-parameter table as the coordination sees and edits it: who may edit,
the table grouped by kind with each row's last change, and adding a new year for a key.
Editing an existing row goes through `parameters.update_parameter` (history kept)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.cohorts.models import Role
from essor.cohorts.permissions import cohorts_where
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.numbers import french_plain

from .models import ParameterChange, ReferenceParameter

# Kinds, by key prefix, in the order the page shows them.
KINDS = (
    ("smic_", gettext_lazy("SMIC et temps de travail")),
    ("charge_", gettext_lazy("SMIC et temps de travail")),
    ("legal_", gettext_lazy("SMIC et temps de travail")),
    ("grade_", gettext_lazy("SMIC gradué (valorisation du bénévolat)")),
    ("esus_", gettext_lazy("Agrément ESUS")),
    ("ef_", gettext_lazy("Facteurs d'émission")),
)
OTHER = gettext_lazy("Autres paramètres")
YEAR_MIN, YEAR_MAX = 2000, 2100


def kind_of(key: str) -> str:
    for prefix, label in KINDS:
        if key.startswith(prefix):
            return str(label)
    return str(OTHER)


def may_edit_parameters(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or cohorts_where(user, Role.COORDINATOR).exists()


def require_editor(user) -> None:
    if not may_edit_parameters(user):
        raise Http404(_("Page introuvable."))


def get_parameter(parameter_id: int) -> ReferenceParameter:
    parameter = ReferenceParameter.objects.filter(pk=parameter_id).first()
    if parameter is None:
        raise Http404(_("Paramètre introuvable."))
    return parameter


@dataclass(frozen=True)
class ParameterRow:
    parameter: ReferenceParameter
    last_change: ParameterChange | None

    @property
    def value(self) -> str:
        return french_plain(self.parameter.value)


@dataclass(frozen=True)
class ParameterGroup:
    label: str
    rows: list[ParameterRow]


@dataclass(frozen=True)
class ParameterTable:
    groups: list[ParameterGroup]
    history: list[ParameterChange]
    keys: list[tuple[str, str]]  # (key, label) for adding a year


HISTORY_SHOWN = 50


def parameter_table() -> ParameterTable:
    """Two queries, whatever the size of the table."""
    parameters = list(ReferenceParameter.objects.select_related("updated_by"))
    changes = list(ParameterChange.objects.select_related("by", "parameter"))
    last: dict[int, ParameterChange] = {}
    for change in changes:  # newest first
        change.old_display = french_plain(change.old_value) if change.old_value is not None else ""
        change.new_display = french_plain(change.new_value)
        last.setdefault(change.parameter_id, change)
    order = {str(label): i for i, (_prefix, label) in enumerate(KINDS)}
    grouped: dict[str, list[ParameterRow]] = {}
    for parameter in parameters:
        grouped.setdefault(kind_of(parameter.key), []).append(
            ParameterRow(parameter, last.get(parameter.pk))
        )
    groups = [
        ParameterGroup(label, rows)
        for label, rows in sorted(grouped.items(), key=lambda item: order.get(item[0], 99))
    ]
    keys = sorted({(p.key, p.label) for p in parameters})
    return ParameterTable(groups=groups, history=changes[:HISTORY_SHOWN], keys=keys)


@transaction.atomic
def add_parameter_year(
    *, key: str, year: int, value: Decimal, source: str, by
) -> ReferenceParameter:
    """The value of an existing key for a new year; unit and label from the key's rows."""
    model = ReferenceParameter.objects.filter(key=key).order_by("-year").first()
    if model is None:
        raise DomainError("unknown_parameter", _("Ce paramètre n'existe pas."))
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise DomainError(
            "bad_year",
            _("L'année doit être comprise entre %(min)s et %(max)s.")
            % {"min": YEAR_MIN, "max": YEAR_MAX},
        )
    if value is None or value <= 0:
        raise DomainError("bad_value", _("La valeur doit être strictement positive."))
    source = (source or "").strip()
    if not source:
        raise DomainError("source_required", _("Indiquez la source de cette valeur."))
    if ReferenceParameter.objects.filter(key=key, year=year).exists():
        raise DomainError(
            "year_exists",
            _("« %(label)s » a déjà une valeur pour %(year)s : modifiez-la dans le tableau.")
            % {"label": model.label, "year": year},
        )
    try:
        with transaction.atomic():
            parameter = ReferenceParameter.objects.create(
                key=key,
                year=year,
                value=value,
                unit=model.unit,
                label=model.label,
                source=source,
                updated_by=by,
            )
    except IntegrityError as error:
        raise DomainError(
            "year_exists",
            _("« %(label)s » a déjà une valeur pour %(year)s : modifiez-la dans le tableau.")
            % {"label": model.label, "year": year},
        ) from error
    ParameterChange.objects.create(
        parameter=parameter,
        old_value=None,
        new_value=value,
        old_source="",
        new_source=source,
        by=by,
        at=clock.now(),
    )
    return parameter
