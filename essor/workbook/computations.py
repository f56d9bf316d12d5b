"""The workbook's computations: pure functions, no ORM, Decimal arithmetic.

Each function takes plain values (the section's JSON data, already parsed) and sequences
of records — model instances or any object with the same attributes — plus the
reference parameter values it needs, and returns a frozen dataclass.

Rules: money is rounded to the cent (ROUND_HALF_UP) only at the end; ratios are Decimal
between 0 and 1 rounded to 4 places; when an input is missing or a denominator is 0 the
result is None (never a crash, never a fake 0).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from essor.core.numbers import french_money, french_number, french_plain

CENT = Decimal("0.01")
RATIO = Decimal("0.0001")
ZERO = Decimal("0")

METHODS = ("smic", "smic_charge", "smic_gradue", "remplacement")
LEVELS = ("execution", "encadrement", "expertise")
DEFAULT_METHOD = "smic_charge"


# --- helpers -------------------------------------------------------------------------------


def dec(value) -> Decimal | None:
    """A Decimal from an int, a string ("1234.50", "1 234,50") or a Decimal; None if empty."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    text = text.replace(",", ".")
    if not text:
        return None
    try:
        result = Decimal(text)
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator rounded to 4 places; None if either is missing or den is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATIO, rounding=ROUND_HALF_UP)


def round_to(value: Decimal | None, places: str) -> Decimal | None:
    return None if value is None else value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return round_to(sum(values, ZERO) / len(values), "0.01")


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _int(value) -> int | None:
    number = dec(value)
    if number is None:
        return None
    return int(number)


# --- A. identity and ESS status ------------------------------------------------------------

ESS_CONDITIONS = (
    ("ess_aim", "Un but poursuivi autre que le seul partage des bénéfices"),
    ("ess_governance", "Une gouvernance démocratique"),
    ("ess_reinvested", "Des bénéfices majoritairement consacrés au maintien de l'activité"),
    ("ess_reserves", "Des réserves obligatoires impartageables"),
)

UTILITY_AIMS = (
    ("vulnerable", "Soutien à des personnes en situation de fragilité"),
    ("social_ties", "Lien social et cohésion territoriale"),
    ("citizenship", "Éducation à la citoyenneté"),
    ("sustainable", "Développement durable, transition, culture, solidarité internationale"),
)

ICA_PRINCIPLES = (
    ("ica_1", "Adhésion volontaire et ouverte à tous"),
    ("ica_2", "Pouvoir démocratique exercé par les membres"),
    ("ica_3", "Participation économique des membres"),
    ("ica_4", "Autonomie et indépendance"),
    ("ica_5", "Éducation, formation et information"),
    ("ica_6", "Coopération entre les coopératives"),
    ("ica_7", "Engagement envers la communauté"),
)


@dataclass(frozen=True)
class Condition:
    key: str
    label: str
    met: bool | None
    evidence: str = ""


@dataclass(frozen=True)
class Check:
    """A threshold test: `value` compared with `threshold` (both None-able); `met` None if
    unknown."""

    key: str
    label: str
    met: bool | None
    value: Decimal | None
    threshold: Decimal | None
    unit: str = ""


@dataclass(frozen=True)
class Score:
    key: str
    label: str
    score: int | None
    evidence: str = ""


@dataclass(frozen=True)
class IdentityResult:
    conditions: tuple[Condition, ...]
    ess_law_ok: bool | None  # True: all four met; False: one is not; None: unanswered
    utility_aims: tuple[str, ...]
    utility_labels: tuple[str, ...]
    social_utility_ok: bool
    annual_smic: Decimal | None
    utility_ratio: Decimal | None
    mean_top5: Decimal | None
    esus_checks: tuple[Check, ...]
    esus_ok: bool | None
    cooperative: bool
    ica_scores: tuple[Score, ...]
    ica_mean: Decimal | None


def _tri(value) -> bool | None:
    return value if isinstance(value, bool) else None


def _all_met(values: Iterable[bool | None]) -> bool | None:
    values = list(values)
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def identity(
    data: Mapping,
    *,
    smic_hourly: Decimal | None,
    smic_annual_hours: Decimal | None,
    utility_threshold: Decimal | None,
    top5_multiple: Decimal | None,
    highest_multiple: Decimal | None,
    family: str = "",
) -> IdentityResult:
    conditions = tuple(
        Condition(key, _(label), _tri(data.get(key)), _text(data.get(f"{key}_evidence")))
        for key, label in ESS_CONDITIONS
    )
    aims = tuple(a for a, _label in UTILITY_AIMS if a in (data.get("utility_aims") or []))
    labels = dict(UTILITY_AIMS)
    social_utility_ok = any(a in aims for a in ("vulnerable", "social_ties", "citizenship"))

    raw_annual = None  # unrounded, so the caps are rounded once, at the end
    if smic_hourly is not None and smic_annual_hours is not None:
        raw_annual = smic_hourly * smic_annual_hours
    annual_smic = money(raw_annual)

    utility_ratio = ratio(dec(data.get("utility_charges")), dec(data.get("operating_charges")))
    tops = [dec(data.get(f"top_pay_{i}")) for i in range(1, 6)]
    mean_top5 = money(sum(tops, ZERO) / 5) if all(t is not None for t in tops) else None
    highest = dec(data.get("highest_pay"))

    def compare(value, threshold, *, at_least: bool) -> bool | None:
        if value is None or threshold is None:
            return None
        return value >= threshold if at_least else value <= threshold

    top5_cap = highest_cap = None
    if raw_annual is not None and top5_multiple is not None:
        top5_cap = money(top5_multiple * raw_annual)
    if raw_annual is not None and highest_multiple is not None:
        highest_cap = money(highest_multiple * raw_annual)
    threshold = round_to(utility_threshold, "0.0001")
    checks = (
        Check(
            "utility_ratio",
            _("Charges liées à l'utilité sociale / charges d'exploitation"),
            compare(utility_ratio, threshold, at_least=True),
            utility_ratio,
            threshold,
            "ratio",
        ),
        Check(
            "mean_top5",
            _("Moyenne des cinq plus hautes rémunérations"),
            compare(mean_top5, top5_cap, at_least=False),
            mean_top5,
            top5_cap,
            "€",
        ),
        Check(
            "highest",
            _("Plus haute rémunération"),
            compare(highest, highest_cap, at_least=False),
            money(highest),
            highest_cap,
            "€",
        ),
    )
    cooperative = family == "cooperative"
    ica_scores: tuple[Score, ...] = ()
    ica_mean = None
    if cooperative:
        ica_scores = tuple(
            Score(key, _(label), _int(data.get(key))) for key, label in ICA_PRINCIPLES
        )
        known = [Decimal(s.score) for s in ica_scores if s.score is not None]
        ica_mean = _mean(known)
    return IdentityResult(
        conditions=conditions,
        ess_law_ok=_all_met(c.met for c in conditions),
        utility_aims=aims,
        utility_labels=tuple(_(labels[a]) for a in aims),
        social_utility_ok=social_utility_ok,
        annual_smic=annual_smic,
        utility_ratio=utility_ratio,
        mean_top5=mean_top5,
        esus_checks=checks,
        esus_ok=_all_met(c.met for c in checks),
        cooperative=cooperative,
        ica_scores=ica_scores,
        ica_mean=ica_mean,
    )


# --- B. history -----------------------------------------------------------------------------

LOGIC_LABELS = {
    "domestique": "domestique",
    "aide": "aide",
    "entraide": "entraide",
    "mouvement": "mouvement",
    "multilaterale": "multilatérale",
    "": "indéterminée",
}


@dataclass(frozen=True)
class Phase:
    logic: str  # "" when undetermined
    label: str
    start: date
    end: date
    count: int


@dataclass(frozen=True)
class HistoryResult:
    phases: tuple[Phase, ...]
    event_count: int
    start: date | None
    end: date | None


def history(events: Iterable) -> HistoryResult:
    """Phases = runs of consecutive events (by date) sharing the same founding logic; an
    event without a logic joins the running phase, or opens an « indéterminée » one (which
    ends at the next event that has a logic)."""
    ordered = sorted(events, key=lambda e: (e.date, getattr(e, "pk", 0) or 0))
    runs: list[list] = []  # [logic, start, end, count]
    for event in ordered:
        logic = event.logic or ""
        if runs and (not logic or runs[-1][0] == logic):
            run = runs[-1]
            run[2] = event.date
            run[3] += 1
        else:
            runs.append([logic, event.date, event.date, 1])
    phases = tuple(
        Phase(logic, _(LOGIC_LABELS.get(logic, logic)), start, end, count)
        for logic, start, end, count in runs
    )
    return HistoryResult(
        phases=phases,
        event_count=len(ordered),
        start=ordered[0].date if ordered else None,
        end=ordered[-1].date if ordered else None,
    )


# --- C. organisation ------------------------------------------------------------------------

HOLDER_LABELS = {
    "benevole": "bénévole",
    "salarie": "salarié·e",
    "service_civique": "volontaire en service civique",
    "mis_a_disposition": "mis à disposition",
}


@dataclass(frozen=True)
class ActorScore:
    actor_id: int | None
    name: str
    power: int  # sum of the four zones, 0–12
    degree: int  # relations the actor is part of (either end)


@dataclass(frozen=True)
class HolderHours:
    holder: str
    label: str
    hours: Decimal
    share: Decimal | None


@dataclass(frozen=True)
class OrganisationResult:
    actors: tuple[ActorScore, ...]
    relation_count: int
    oppositions: int
    alliances: int
    conflict_density: Decimal | None
    hours_by_holder: tuple[HolderHours, ...]
    total_hours: Decimal


def organisation(actors: Iterable, relations: Iterable, labour: Iterable) -> OrganisationResult:
    relations = list(relations)
    degree: dict = {}
    for relation in relations:
        for end in (relation.source_id, relation.target_id):
            degree[end] = degree.get(end, 0) + 1
    scores = tuple(
        ActorScore(
            actor_id=actor.pk,
            name=actor.name,
            power=sum(
                int(getattr(actor, zone) or 0)
                for zone in (
                    "zone_expertise",
                    "zone_environment",
                    "zone_communication",
                    "zone_rules",
                )
            ),
            degree=degree.get(actor.pk, 0),
        )
        for actor in actors
    )
    oppositions = sum(1 for r in relations if r.kind == "opposition")
    alliances = sum(1 for r in relations if r.kind == "alliance")
    hours: dict[str, Decimal] = {}
    for line in labour:
        hours[line.holder] = hours.get(line.holder, ZERO) + (dec(line.hours_per_year) or ZERO)
    total = sum(hours.values(), ZERO)
    by_holder = tuple(
        HolderHours(h, _(HOLDER_LABELS.get(h, h)), hours[h], ratio(hours[h], total))
        for h in HOLDER_LABELS
        if h in hours
    )
    return OrganisationResult(
        actors=scores,
        relation_count=len(relations),
        oppositions=oppositions,
        alliances=alliances,
        conflict_density=ratio(Decimal(oppositions), Decimal(len(relations))),
        hours_by_holder=by_holder,
        total_hours=total,
    )


# --- D1. volunteering and contributions in kind --------------------------------------------

METHOD_LABELS = {
    "smic": "SMIC brut horaire",
    "smic_charge": "SMIC chargé",
    "smic_gradue": "SMIC gradué",
    "remplacement": "Coût de remplacement",
}

LEVEL_LABELS = {"execution": "exécution", "encadrement": "encadrement", "expertise": "expertise"}

# kind → (debit account, credit account, label)
IN_KIND_ACCOUNTS = {
    "secours": ("860", "870", "Secours en nature"),
    "biens": ("861", "871", "Mise à disposition gratuite de biens"),
    "prestations": ("862", "871", "Prestations en nature"),
}

ACCOUNT_LABELS = {
    "860": "Secours en nature",
    "861": "Mise à disposition gratuite de biens",
    "862": "Prestations",
    "864": "Personnel bénévole",
    "870": "Dons en nature",
    "871": "Prestations en nature",
    "875": "Bénévolat",
}


@dataclass(frozen=True)
class VolunteerInput:
    """One line of volunteer hours, for callers without a model instance (the API)."""

    hours: Decimal
    level: str
    replacement_rate: Decimal | None = None
    km: Decimal = ZERO


@dataclass(frozen=True)
class MethodValue:
    method: str
    label: str
    value: Decimal | None  # None: not computable (e.g. a replacement rate is missing)
    basis: str  # « 120 h × 11,88 €/h × 1,42 »-like description of the rate


@dataclass(frozen=True)
class InKindTotal:
    kind: str
    label: str
    value: Decimal


@dataclass(frozen=True)
class AccountingEntry:
    account: str
    label: str
    debit: Decimal | None = None
    credit: Decimal | None = None


@dataclass(frozen=True)
class VolunteeringResult:
    year: int | None
    hours: Decimal
    hours_by_level: tuple[tuple[str, Decimal], ...]
    fte: Decimal | None
    legal_annual_hours: Decimal | None
    smic_hourly: Decimal | None
    charge_coefficient: Decimal | None
    methods: tuple[MethodValue, ...]
    retained_method: str
    retained_label: str
    retained_value: Decimal | None
    in_kind: tuple[InKindTotal, ...]
    in_kind_total: Decimal
    contributions_in_kind: Decimal | None  # retained volunteer value + goods in kind
    entries: tuple[AccountingEntry, ...]
    balanced: bool
    km: Decimal
    paragraph: str
    entry_count: int = 0
    missing: tuple[str, ...] = field(default_factory=tuple)  # French messages


def volunteering(
    entries: Iterable,
    *,
    year: int | None,
    smic_hourly: Decimal | None,
    charge_coefficient: Decimal | None,
    legal_annual_hours: Decimal | None,
    grades: Mapping[str, Decimal | None],
    in_kind: Iterable = (),
    retained_method: str | None = None,
    methods: Sequence[str] | None = None,
) -> VolunteeringResult:
    """Value of the volunteer hours under each method, FTE, class-8 entries, paragraph.

    `entries`: objects with hours, level, replacement_rate (None-able) and km (optional).
    `grades`: {level: multiplier}. `methods`: the methods to show (all by default).
    """
    entries = list(entries)
    retained = retained_method if retained_method in METHODS else DEFAULT_METHOD
    wanted = tuple(m for m in METHODS if methods is None or m in methods)
    if retained not in wanted:
        wanted = tuple(m for m in METHODS if m in wanted or m == retained)
    hours = sum((dec(e.hours) or ZERO for e in entries), ZERO)
    by_level: dict[str, Decimal] = {}
    for e in entries:
        by_level[e.level] = by_level.get(e.level, ZERO) + (dec(e.hours) or ZERO)
    km = sum((dec(getattr(e, "km", None)) or ZERO for e in entries), ZERO)
    fte = round_to(hours / legal_annual_hours, "0.01") if legal_annual_hours else None
    missing: list[str] = []

    def value_of(method: str) -> tuple[Decimal | None, str]:
        if method == "remplacement":
            rates = [dec(e.replacement_rate) for e in entries]
            if not entries or any(r is None for r in rates) or charge_coefficient is None:
                return None, _("coût horaire de remplacement saisi pour chaque ligne requis")
            raw = sum(
                ((dec(e.hours) or ZERO) * r for e, r in zip(entries, rates, strict=True)), ZERO
            )
            return money(raw * charge_coefficient), _(
                "Σ heures × coût de remplacement × %(coef)s"
            ) % {"coef": french_plain(charge_coefficient)}
        if smic_hourly is None:
            return None, _("SMIC horaire de l'année manquant")
        if method == "smic":
            return money(
                hours * smic_hourly
            ), f"{french_number(hours, 2)} h × {french_plain(smic_hourly)} €/h"
        if method == "smic_charge":
            if charge_coefficient is None:
                return None, _("coefficient de charges manquant")
            return money(hours * smic_hourly * charge_coefficient), (
                f"{french_number(hours, 2)} h × {french_plain(smic_hourly)} €/h × "
                f"{french_plain(charge_coefficient)}"
            )
        # smic_gradue
        raw = ZERO
        for level, level_hours in by_level.items():
            grade = grades.get(level)
            if grade is None:
                return None, _("coefficient du niveau « %(level)s » manquant") % {"level": level}
            raw += level_hours * smic_hourly * grade
        grade_text = ", ".join(
            f"{_(LEVEL_LABELS[lv])} × {french_plain(grades.get(lv))}"
            for lv in LEVELS
            if grades.get(lv) is not None
        )
        return money(
            raw
        ), f"{french_number(hours, 2)} h × {french_plain(smic_hourly)} €/h ({grade_text})"

    method_values = []
    for method in wanted:
        value, basis = value_of(method)
        method_values.append(MethodValue(method, _(METHOD_LABELS[method]), value, basis))
    retained_value = next(m.value for m in method_values if m.method == retained)
    if retained_value is None:
        missing.append(
            _("Valorisation « %(method)s » impossible : %(why)s.")
            % {
                "method": _(METHOD_LABELS[retained]),
                "why": next(m.basis for m in method_values if m.method == retained),
            }
        )

    goods: dict[str, Decimal] = {}
    for item in in_kind:
        amount = (dec(item.quantity) or ZERO) * (dec(item.unit_value) or ZERO)
        goods[item.kind] = goods.get(item.kind, ZERO) + amount
    in_kind_totals = tuple(
        InKindTotal(kind, _(IN_KIND_ACCOUNTS[kind][2]), money(goods[kind]))
        for kind in IN_KIND_ACCOUNTS
        if kind in goods
    )
    in_kind_total = sum((t.value for t in in_kind_totals), ZERO)

    journal: list[AccountingEntry] = []
    if retained_value is not None and retained_value > 0:
        journal.append(AccountingEntry("864", _(ACCOUNT_LABELS["864"]), debit=retained_value))
        journal.append(AccountingEntry("875", _(ACCOUNT_LABELS["875"]), credit=retained_value))
    credits: dict[str, Decimal] = {}
    for total in in_kind_totals:
        debit_account, credit_account, _label = IN_KIND_ACCOUNTS[total.kind]
        journal.append(
            AccountingEntry(debit_account, _(ACCOUNT_LABELS[debit_account]), debit=total.value)
        )
        credits[credit_account] = credits.get(credit_account, ZERO) + total.value
    for account, amount in credits.items():
        journal.append(AccountingEntry(account, _(ACCOUNT_LABELS[account]), credit=amount))
    debits = sum((e.debit or ZERO for e in journal), ZERO)
    credit_sum = sum((e.credit or ZERO for e in journal), ZERO)

    contributions = None if retained_value is None else retained_value + in_kind_total
    paragraph = _paragraph(
        year=year,
        hours=hours,
        fte=fte,
        legal_annual_hours=legal_annual_hours,
        method=retained,
        basis=next(m.basis for m in method_values if m.method == retained),
        value=retained_value,
        in_kind_totals=in_kind_totals,
    )
    return VolunteeringResult(
        year=year,
        hours=hours,
        hours_by_level=tuple((lv, by_level[lv]) for lv in LEVELS if lv in by_level),
        fte=fte,
        legal_annual_hours=legal_annual_hours,
        smic_hourly=smic_hourly,
        charge_coefficient=charge_coefficient,
        methods=tuple(method_values),
        retained_method=retained,
        retained_label=_(METHOD_LABELS[retained]),
        retained_value=retained_value,
        in_kind=in_kind_totals,
        in_kind_total=in_kind_total,
        contributions_in_kind=contributions,
        entries=tuple(journal),
        balanced=debits == credit_sum,
        km=km,
        paragraph=paragraph,
        entry_count=len(entries),
        missing=tuple(missing),
    )


def _paragraph(
    *, year, hours, fte, legal_annual_hours, method, basis, value, in_kind_totals
) -> str:
    """The draft paragraph for the notes to the accounts (annexe)."""
    if value is None:
        return ""
    year_text = str(year) if year else ""
    text = _(
        "Au cours de l'exercice %(year)s, les bénévoles ont consacré %(hours)s heures à "
        "la structure, soit %(fte)s équivalent temps plein (base de %(legal)s heures "
        "annuelles). Ce temps est valorisé selon la méthode « %(method)s » (%(basis)s, "
        "taux de l'année %(year)s), pour un montant de %(value)s, inscrit en "
        "contributions volontaires en nature (compte 864 « personnel bénévole » au débit, "
        "compte 875 « bénévolat » au crédit)."
    ) % {
        "year": year_text,
        "hours": french_plain(hours),
        "fte": french_number(fte, 2),
        "legal": french_plain(legal_annual_hours),
        "method": _(METHOD_LABELS[method]),
        "basis": basis,
        "value": french_money(value),
    }
    if in_kind_totals:
        goods = "; ".join(f"{t.label.lower()} : {french_money(t.value)}" for t in in_kind_totals)
        text += " " + _("Les contributions en nature reçues sont évaluées ainsi : %(goods)s.") % {
            "goods": goods
        }
    text += " " + _(
        "Ces contributions figurent en classe 8, sans incidence sur le résultat de l'exercice."
    )
    return text


# --- D2. resources --------------------------------------------------------------------------

POLE_LABELS = {
    "marchand": "marchand",
    "redistribution": "redistribution",
    "reciprocite": "réciprocité",
}
ORIGIN_LABELS = {"public": "publique", "private": "privée"}


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    amount: Decimal
    share: Decimal | None


@dataclass(frozen=True)
class ResourcesResult:
    total: Decimal  # monetary resources
    by_pole: tuple[Share, ...]  # monetary, share of `total`
    by_origin: tuple[Share, ...]
    contributions_in_kind: Decimal | None
    total_with_in_kind: Decimal
    pole_shares: tuple[Share, ...]  # share of total + in kind (in kind in réciprocité)
    hhi: Decimal | None
    largest_funder: str
    largest_funder_amount: Decimal | None
    largest_funder_share: Decimal | None
    funders: tuple[Share, ...]
    total_charges: Decimal | None
    extended_budget: Decimal | None


def _funder_key(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def resources(
    lines: Iterable,
    *,
    contributions_in_kind: Decimal | None,
    total_charges: Decimal | None,
) -> ResourcesResult:
    lines = list(lines)
    amounts = [(line, dec(line.amount) or ZERO) for line in lines]
    total = sum((a for _l, a in amounts), ZERO)
    pole: dict[str, Decimal] = {}
    origin: dict[str, Decimal] = {}
    funders: dict[str, list] = {}
    for line, amount in amounts:
        pole[line.pole] = pole.get(line.pole, ZERO) + amount
        origin[line.origin] = origin.get(line.origin, ZERO) + amount
        key = _funder_key(line.funder)
        if key not in funders:
            funders[key] = [" ".join(line.funder.split()), ZERO]
        funders[key][1] += amount
    by_pole = tuple(
        Share(p, _(label), money(pole.get(p, ZERO)), ratio(pole.get(p, ZERO), total))
        for p, label in POLE_LABELS.items()
    )
    by_origin = tuple(
        Share(o, _(label), money(origin.get(o, ZERO)), ratio(origin.get(o, ZERO), total))
        for o, label in ORIGIN_LABELS.items()
    )
    in_kind = contributions_in_kind or ZERO
    extended_total = total + in_kind
    pole_shares = tuple(
        Share(
            p,
            _(label),
            money(pole.get(p, ZERO) + (in_kind if p == "reciprocite" else ZERO)),
            ratio(pole.get(p, ZERO) + (in_kind if p == "reciprocite" else ZERO), extended_total),
        )
        for p, label in POLE_LABELS.items()
    )
    funder_shares = sorted(
        (
            Share(k, name, money(amount), ratio(amount, total))
            for k, (name, amount) in funders.items()
        ),
        key=lambda s: (-s.amount, s.label),
    )
    hhi = None
    if total > 0:
        hhi = round_to(
            sum(((amount / total) ** 2 for _n, amount in funders.values()), ZERO), "0.0001"
        )
    largest = funder_shares[0] if funder_shares and total > 0 else None
    return ResourcesResult(
        total=money(total),
        by_pole=by_pole,
        by_origin=by_origin,
        contributions_in_kind=money(contributions_in_kind),
        total_with_in_kind=money(extended_total),
        pole_shares=pole_shares,
        hhi=hhi,
        largest_funder=largest.label if largest else "",
        largest_funder_amount=largest.amount if largest else None,
        largest_funder_share=largest.share if largest else None,
        funders=tuple(funder_shares),
        total_charges=money(total_charges),
        extended_budget=(money(total_charges + in_kind) if total_charges is not None else None),
    )


# --- D3. alliances --------------------------------------------------------------------------

PARTNER_KIND_LABELS = {
    "association": "association ou structure de l'ESS",
    "public": "collectivité ou service public",
    "entreprise": "entreprise",
    "fondation": "fondation",
    "reseau": "réseau ou fédération",
    "autre": "autre",
}
PARTNER_FORM_LABELS = {
    "convention": "convention",
    "projet_commun": "projet commun",
    "mutualisation": "mutualisation",
}


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class AlliancesResult:
    partner_count: int
    by_kind: tuple[Count, ...]
    by_form: tuple[Count, ...]
    costs_avoided: Decimal


def alliances(partners: Iterable) -> AlliancesResult:
    partners = list(partners)

    def counts(attr, labels):
        found: dict[str, int] = {}
        for p in partners:
            found[getattr(p, attr)] = found.get(getattr(p, attr), 0) + 1
        return tuple(Count(k, _(labels.get(k, k)), found[k]) for k in labels if k in found)

    return AlliancesResult(
        partner_count=len(partners),
        by_kind=counts("kind", PARTNER_KIND_LABELS),
        by_form=counts("form", PARTNER_FORM_LABELS),
        costs_avoided=money(sum((dec(p.costs_avoided) or ZERO for p in partners), ZERO)),
    )


# --- E. synthesis ---------------------------------------------------------------------------

QUADRANT_LABELS = {
    "strength": "Forces",
    "weakness": "Faiblesses",
    "opportunity": "Opportunités",
    "threat": "Menaces",
}


@dataclass(frozen=True)
class Quadrant:
    quadrant: str
    label: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class SynthesisResult:
    quadrants: tuple[Quadrant, ...]
    key_issues: tuple[str, ...]
    key_issue_count: int
    key_issues_warning: str  # "" when 3 to 5 key issues are chosen


def synthesis(items: Iterable) -> SynthesisResult:
    items = list(items)
    quadrants = tuple(
        Quadrant(q, _(label), tuple(i.text for i in items if i.quadrant == q))
        for q, label in QUADRANT_LABELS.items()
    )
    key_issues = tuple(i.text for i in items if i.key_issue)
    count = len(key_issues)
    warning = ""
    if count < 3:
        warning = _("Choisissez au moins 3 enjeux clés (%(n)s choisi·s).") % {"n": count}
    elif count > 5:
        warning = _("Choisissez au plus 5 enjeux clés (%(n)s choisis).") % {"n": count}
    return SynthesisResult(quadrants, key_issues, count, warning)


# --- G. governance --------------------------------------------------------------------------

THEMES = (
    ("democratic", "Gouvernance démocratique"),
    ("strategy", "Concertation dans l'élaboration de la stratégie"),
    ("territory", "Ancrage territorial"),
    ("pay", "Politique salariale et exemplarité sociale"),
    ("users", "Lien avec les usagers et besoins non couverts"),
    ("diversity", "Diversité et égalité"),
    ("environment", "Environnement"),
    ("ethics", "Éthique et déontologie"),
)


@dataclass(frozen=True)
class GovernanceResult:
    ag_participation: Decimal | None
    board_renewal: Decimal | None
    women_on_board: Decimal | None
    women_among_members: Decimal | None
    gender_gap_points: Decimal | None  # percentage points, 2 decimals
    pay_ratio: Decimal | None  # 2 decimals
    themes: tuple[Score, ...]
    themes_mean: Decimal | None


def governance(data: Mapping) -> GovernanceResult:
    def number(key):
        return dec(data.get(key))

    present, represented = number("present"), number("represented")
    attending = present + represented if present is not None and represented is not None else None
    board_women, seats = number("board_women"), number("board_seats")
    members_women, voters = number("members_women"), number("voting_members")
    women_board = ratio(board_women, seats)
    women_members = ratio(members_women, voters)
    gap = None
    if women_board is not None and women_members is not None:  # from the unrounded shares
        gap = round_to((board_women / seats - members_women / voters) * 100, "0.01")
    themes = tuple(
        Score(key, _(label), _int(data.get(f"theme_{key}")), _text(data.get(f"evidence_{key}")))
        for key, label in THEMES
    )
    known = [Decimal(t.score) for t in themes if t.score is not None]
    pay_ratio = None
    highest, lowest = number("highest_pay_ft"), number("lowest_pay_ft")
    if highest is not None and lowest:
        pay_ratio = round_to(highest / lowest, "0.01")
    return GovernanceResult(
        ag_participation=ratio(attending, number("voting_members")),
        board_renewal=ratio(number("board_renewed"), number("board_seats")),
        women_on_board=women_board,
        women_among_members=women_members,
        gender_gap_points=gap,
        pay_ratio=pay_ratio,
        themes=themes,
        themes_mean=_mean(known),
    )


# --- H. footprint and CARE-lite ------------------------------------------------------------

CATEGORY_LABELS = {"energy": "énergie", "travel": "déplacements", "fuel": "carburant"}
KG = Decimal("0.01")


@dataclass(frozen=True)
class EmissionInput:
    category: str
    source: str
    quantity: Decimal
    label: str = ""


@dataclass(frozen=True)
class Emission:
    category: str
    source: str
    label: str
    quantity: Decimal
    factor: Decimal | None
    kg: Decimal | None  # None when the factor is missing


@dataclass(frozen=True)
class FootprintResult:
    lines: tuple[Emission, ...]
    by_category: tuple[Share, ...]  # amount in kg, share of the total
    total_kg: Decimal | None
    total_t: Decimal | None
    per_fte_kg: Decimal | None
    per_1000_eur_kg: Decimal | None
    missing_factors: tuple[str, ...]


def footprint(
    lines: Iterable,
    *,
    factors: Mapping[str, Decimal | None],
    volunteer_km: Decimal | None = None,
    employees_fte: Decimal | None = None,
    extended_budget: Decimal | None = None,
) -> FootprintResult:
    """kg CO2e = quantity × factor (`factors` by source: {"electricity": 0.052, …});
    the volunteers' km of D1 are added as a car line."""
    lines = list(lines)
    if volunteer_km:
        lines.append(EmissionInput("travel", "car_km", volunteer_km, _("km des bénévoles (D1)")))
    emissions = []
    missing = []
    for line in lines:
        factor = factors.get(line.source)
        quantity = dec(line.quantity) or ZERO
        kg = round_to(quantity * factor, "0.01") if factor is not None else None
        if factor is None and line.source not in missing:
            missing.append(line.source)
        emissions.append(
            Emission(line.category, line.source, line.label or line.source, quantity, factor, kg)
        )
    known = [e for e in emissions if e.kg is not None]
    total = sum((e.kg for e in known), ZERO) if known else None
    by_cat: dict[str, Decimal] = {}
    for e in known:
        by_cat[e.category] = by_cat.get(e.category, ZERO) + e.kg
    by_category = tuple(
        Share(c, _(label), by_cat[c], ratio(by_cat[c], total))
        for c, label in CATEGORY_LABELS.items()
        if c in by_cat
    )
    per_fte = (
        round_to(total / employees_fte, "0.01") if total is not None and employees_fte else None
    )
    per_1000 = (
        round_to(total / (extended_budget / 1000), "0.01")
        if total is not None and extended_budget
        else None
    )
    return FootprintResult(
        lines=tuple(emissions),
        by_category=by_category,
        total_kg=total,
        total_t=round_to(total / 1000, "0.001") if total is not None else None,
        per_fte_kg=per_fte,
        per_1000_eur_kg=per_1000,
        missing_factors=tuple(missing),
    )


CAPITAL_LABELS = {"human": "humain", "natural": "naturel"}


@dataclass(frozen=True)
class CareResult:
    line_count: int
    unmet_total: Decimal
    by_capital: tuple[Share, ...]  # amount = unmet maintenance; share of the unmet total


def care(lines: Iterable) -> CareResult:
    lines = list(lines)
    unmet: dict[str, Decimal] = {}
    for line in lines:
        gap = (dec(line.cost) or ZERO) - (dec(line.funded) or ZERO)
        unmet[line.capital] = unmet.get(line.capital, ZERO) + gap
    total = sum(unmet.values(), ZERO)
    return CareResult(
        line_count=len(lines),
        unmet_total=money(total),
        by_capital=tuple(
            Share(c, _(label), money(unmet[c]), ratio(unmet[c], total))
            for c, label in CAPITAL_LABELS.items()
            if c in unmet
        ),
    )
