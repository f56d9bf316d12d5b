"""The workbook's JSON endpoints."""

from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from essor.api.auth import session_or_token
from essor.core.errors import DomainError

from . import computations as _c
from .parameters import parameter_set

router = Router(tags=["cahier de diagnostic"])


# --- POST /api/workbook/volunteer-valuation -------------------------------------------------
# The valuation of volunteer hours; the field names are a published contract.

MAX_VALUATION_ENTRIES = 10_000


class ValuationEntryIn(Schema):
    hours: Decimal = Field(description="Heures de bénévolat (≥ 0).")
    level: str = Field(description="Niveau : « execution », « encadrement » ou « expertise ».")
    replacement_rate: Decimal | None = Field(
        None,
        description="Coût horaire brut de l'emploi équivalent (€), pour le coût de remplacement.",
    )


class ValuationIn(Schema):
    year: int = Field(
        description="Année de valorisation (SMIC de l'année ou de la plus récente antérieure)."
    )
    entries: list[ValuationEntryIn] = Field(description="Lignes d'heures (1 à 10 000).")
    charge_coefficient: Decimal | None = Field(
        None, description="Coefficient de charges ; celui de la table des paramètres si absent."
    )
    methods: list[str] | None = Field(
        None,
        description="Méthodes à calculer parmi smic, smic_charge, smic_gradue, remplacement "
        "(toutes par défaut ; remplacement seulement si chaque ligne a un coût de remplacement).",
    )
    retained_method: str | None = Field(
        None, description="Méthode retenue pour les écritures de classe 8 (smic_charge par défaut)."
    )


class MethodOut(Schema):
    method: str
    value: float = Field(description="Valeur en euros, arrondie au centime.")


class EntryOut(Schema):
    account: str = Field(description="Compte : 864 (personnel bénévole) ou 875 (bénévolat).")
    debit: float | None = None
    credit: float | None = None


class ParameterOut(Schema):
    key: str
    year: int
    value: str
    unit: str
    label: str
    source: str


class ValuationOut(Schema):
    hours: float
    fte: float = Field(description="Équivalent temps plein : heures / 1 607.")
    smic_hourly: float
    charge_coefficient: float
    methods: list[MethodOut]
    retained_method: str
    entries: list[EntryOut]
    parameters: list[ParameterOut] = Field(description="Paramètres de référence utilisés.")
    paragraph: str = Field(description="Projet de paragraphe pour l'annexe des comptes.")


class ValuationError(Schema):
    detail: str
    code: str


class _Invalid(Exception):
    def __init__(self, code: str, message: str):
        self.code, self.message = code, message


def _validate_valuation(payload: ValuationIn) -> tuple[list[str], str]:
    if not payload.entries:
        raise _Invalid("empty_entries", _("Indiquez au moins une ligne d'heures."))
    if len(payload.entries) > MAX_VALUATION_ENTRIES:
        raise _Invalid(
            "too_many_entries",
            _("Trop de lignes : %(max)s au plus.") % {"max": "10 000"},
        )
    for number, entry in enumerate(payload.entries, start=1):
        if not entry.hours.is_finite() or entry.hours < 0:
            raise _Invalid(
                "invalid_hours",
                _("Ligne %(n)s : le nombre d'heures doit être positif ou nul.") % {"n": number},
            )
        if entry.level not in _c.LEVELS:
            raise _Invalid(
                "unknown_level",
                _(
                    "Ligne %(n)s : niveau « %(level)s » inconnu "
                    "(execution, encadrement ou expertise)."
                )
                % {"n": number, "level": entry.level},
            )
        rate = entry.replacement_rate
        if rate is not None and (not rate.is_finite() or rate < 0):
            raise _Invalid(
                "invalid_rate",
                _("Ligne %(n)s : le coût de remplacement doit être positif.") % {"n": number},
            )
    coefficient = payload.charge_coefficient
    if coefficient is not None and (not coefficient.is_finite() or coefficient <= 0):
        raise _Invalid("invalid_coefficient", _("Le coefficient de charges doit être positif."))
    all_rates = all(e.replacement_rate is not None for e in payload.entries)
    if payload.methods is not None:
        unknown = [m for m in payload.methods if m not in _c.METHODS]
        if unknown or not payload.methods:
            raise _Invalid(
                "unknown_method",
                _(
                    "Méthode inconnue : choisissez parmi smic, smic_charge, "
                    "smic_gradue, remplacement."
                ),
            )
        methods = [m for m in _c.METHODS if m in payload.methods]
    else:
        methods = [m for m in _c.METHODS if m != "remplacement" or all_rates]
    retained = payload.retained_method or (
        _c.DEFAULT_METHOD if _c.DEFAULT_METHOD in methods else methods[0]
    )
    if retained not in _c.METHODS:
        raise _Invalid("unknown_method", _("Méthode retenue inconnue."))
    if "remplacement" in (*methods, retained) and not all_rates:
        raise _Invalid(
            "missing_replacement_rate",
            _("Le coût de remplacement demande un coût horaire pour chaque ligne."),
        )
    if retained not in methods:
        methods.append(retained)
    return methods, retained


@router.post(
    "/volunteer-valuation",
    response={200: ValuationOut, 422: ValuationError},
    auth=session_or_token,
    url_name="volunteer-valuation",
    exclude_none=True,
    summary="Valoriser des heures de bénévolat",
    description=(
        "Calcule la valeur des heures de bénévolat selon chaque méthode (SMIC brut, SMIC "
        "chargé, SMIC gradué, coût de remplacement si chaque ligne a un coût horaire), "
        "l'équivalent temps plein (heures / 1 607), les écritures de classe 8 (864 au débit, "
        "875 au crédit) pour la méthode retenue et un projet de paragraphe pour l'annexe. "
        "Le SMIC et le coefficient de charges viennent de la table des paramètres de "
        "référence (valeur de l'année demandée ou de la plus récente antérieure). Montants "
        "en euros arrondis au centime. Réponse 422 avec un message en français si les "
        "données sont invalides."
    ),
)
def volunteer_valuation(request, payload: ValuationIn):
    try:
        methods, retained = _validate_valuation(payload)
        params = parameter_set(payload.year)
        smic = params.get("smic_hourly")
        coefficient = payload.charge_coefficient or params.get("charge_coefficient")
        result = _c.volunteering(
            [_c.VolunteerInput(e.hours, e.level, e.replacement_rate) for e in payload.entries],
            year=payload.year,
            smic_hourly=smic,
            charge_coefficient=coefficient,
            legal_annual_hours=params.get("legal_annual_hours"),
            grades=(
                {lv: params.get(f"grade_{lv}") for lv in _c.LEVELS}
                if "smic_gradue" in methods
                else {}
            ),
            retained_method=retained,
            methods=methods,
        )
    except _Invalid as error:
        return Status(422, {"detail": error.message, "code": error.code})
    except DomainError as error:
        return Status(422, {"detail": error.message, "code": error.code})
    return {
        "hours": result.hours,
        "fte": result.fte,
        "smic_hourly": smic,
        "charge_coefficient": coefficient,
        "methods": [{"method": m.method, "value": m.value} for m in result.methods],
        "retained_method": result.retained_method,
        "entries": [
            {"account": e.account, "debit": e.debit, "credit": e.credit} for e in result.entries
        ],
        "parameters": params.used,
        "paragraph": result.paragraph,
    }
