"""Everything a workbook computes, read in a fixed number of queries.

`workbook_outputs(workbook)` loads the sections' data, every record and the parameter
table once (one query per table, whatever the number of records), runs the pure
computations of `computations.py` and returns them together with the records (for the
pages and the charts) and the list of parameters actually used.
"""

from dataclasses import asdict, dataclass, is_dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from essor.core import clock
from essor.core.errors import DomainError
from essor.core.numbers import french_money, french_number, french_percent

from . import computations as c
from .models import (
    Actor,
    CareLine,
    Computation,
    EmissionLine,
    InKindContribution,
    Interview,
    KeyVariable,
    LabourLine,
    Partner,
    Relation,
    ResourceLine,
    SectionEntry,
    SwotItem,
    TimelineEvent,
    VolunteerEntry,
    Workbook,
)
from .parameters import ParameterSet, parameter_set


@dataclass(frozen=True)
class Records:
    events: list
    interviews: list
    labour: list
    actors: list
    relations: list
    volunteer_entries: list
    in_kind: list
    resource_lines: list
    partners: list
    swot_items: list
    variables: list
    emissions: list
    care_lines: list


@dataclass
class WorkbookOutputs:
    year: int
    data: dict  # {section code: the section's JSON data}
    identity: c.IdentityResult
    history: c.HistoryResult
    organisation: c.OrganisationResult
    volunteering: c.VolunteeringResult
    resources: c.ResourcesResult
    alliances: c.AlliancesResult
    synthesis: c.SynthesisResult
    governance: c.GovernanceResult
    footprint: c.FootprintResult
    care: c.CareResult
    records: Records
    parameters: list[dict]
    warnings: list[str]  # French messages (a parameter missing for the year…)

    def key_figures(self) -> list[tuple[str, str]]:
        """(French label, value written the French way): the figures for the note outline."""
        return key_figures(self)

    def summary(self) -> dict:
        """The results as JSON-serialisable data (Decimals as strings, dates ISO)."""
        return {
            "year": self.year,
            "identity": _jsonable(self.identity),
            "history": _jsonable(self.history),
            "organisation": _jsonable(self.organisation),
            "volunteering": _jsonable(self.volunteering),
            "resources": _jsonable(self.resources),
            "alliances": _jsonable(self.alliances),
            "synthesis": _jsonable(self.synthesis),
            "governance": _jsonable(self.governance),
            "footprint": _jsonable(self.footprint),
            "care": _jsonable(self.care),
            "key_figures": [list(pair) for pair in self.key_figures()],
            "warnings": list(self.warnings),
        }


def _jsonable(value):
    if is_dataclass(value):
        return _jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _default_year(workbook: Workbook, data: dict) -> int:
    year = c.dec(data.get("D", {}).get("year"))
    if year is not None and 1900 <= year <= 2200:
        return int(year)
    from essor.cohorts.models import Enrolment
    from essor.programmes.models import Slot

    first = (
        Slot.objects.filter(
            cohort_id__in=Enrolment.objects.filter(pk=workbook.enrolment_id).values("cohort_id")
        )
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )
    return first.year if first is not None else clock.now().year


def _family(workbook: Workbook, data_a: dict) -> str:
    family = data_a.get("family") or ""
    if family or workbook.organisation_id is None:
        return family
    from essor.cohorts.models import Organisation

    return (
        Organisation.objects.filter(pk=workbook.organisation_id)
        .values_list("family", flat=True)
        .first()
        or ""
    )


def load_records(workbook: Workbook) -> Records:
    def rows(model):
        return list(model.objects.filter(workbook=workbook))

    actors = rows(Actor)
    relations = rows(Relation)
    by_pk = {actor.pk: actor for actor in actors}
    for relation in relations:  # `relation.source.name` without a query per relation
        if relation.source_id in by_pk and relation.target_id in by_pk:
            relation.source = by_pk[relation.source_id]
            relation.target = by_pk[relation.target_id]
    return Records(
        events=rows(TimelineEvent),
        interviews=rows(Interview),
        labour=rows(LabourLine),
        actors=actors,
        relations=relations,
        volunteer_entries=rows(VolunteerEntry),
        in_kind=rows(InKindContribution),
        resource_lines=rows(ResourceLine),
        partners=rows(Partner),
        swot_items=rows(SwotItem),
        variables=rows(KeyVariable),
        emissions=rows(EmissionLine),
        care_lines=rows(CareLine),
    )


def workbook_outputs(workbook: Workbook, *, year: int | None = None) -> WorkbookOutputs:
    data = {
        entry.section: dict(entry.data or {})
        for entry in SectionEntry.objects.filter(workbook=workbook)
    }
    year = int(year) if year is not None else _default_year(workbook, data)
    params = parameter_set(year)
    records = load_records(workbook)
    return compute_outputs(workbook=workbook, data=data, records=records, params=params, year=year)


def compute_outputs(
    *, workbook: Workbook, data: dict, records: Records, params: ParameterSet, year: int
) -> WorkbookOutputs:
    warnings: list[str] = []

    def param(key: str) -> Decimal | None:
        try:
            return params.get(key)
        except DomainError as error:
            if error.message not in warnings:
                warnings.append(error.message)
            return None

    a, d, g = data.get("A", {}), data.get("D", {}), data.get("G", {})
    smic = param("smic_hourly")
    identity = c.identity(
        a,
        smic_hourly=smic,
        smic_annual_hours=param("smic_annual_hours"),
        utility_threshold=param("esus_utility_ratio"),
        top5_multiple=param("esus_mean_top5_multiple"),
        highest_multiple=param("esus_highest_multiple"),
        family=_family(workbook, a),
    )
    coefficient = c.dec(d.get("charge_coefficient"))
    entered: list[dict] = []  # values typed in the workbook instead of the table's
    if coefficient is None or coefficient <= 0:
        coefficient = param("charge_coefficient")
    else:
        entered.append(
            {
                "key": "charge_coefficient",
                "year": year,
                "value": format(coefficient.normalize(), "f"),
                "unit": "×",
                "label": _("Coefficient de charges"),
                "source": _("Saisi dans le cahier (section D)"),
            }
        )
    volunteering = c.volunteering(
        records.volunteer_entries,
        year=year,
        smic_hourly=smic,
        charge_coefficient=coefficient,
        legal_annual_hours=param("legal_annual_hours"),
        grades={level: param(f"grade_{level}") for level in c.LEVELS},
        in_kind=records.in_kind,
        retained_method=d.get("retained_method") or c.DEFAULT_METHOD,
    )
    total_charges = c.dec(d.get("total_charges"))
    resources = c.resources(
        records.resource_lines,
        contributions_in_kind=volunteering.contributions_in_kind,
        total_charges=total_charges,
    )
    sources = {line.source for line in records.emissions}
    if volunteering.km:
        sources.add("car_km")
    factors = {}
    for source in sorted(sources):
        factors[source] = param(f"ef_{source}")
    footprint = c.footprint(
        records.emissions,
        factors=factors,
        volunteer_km=volunteering.km,
        employees_fte=c.dec(a.get("employees_fte")),
        extended_budget=resources.extended_budget,
    )
    return WorkbookOutputs(
        year=year,
        data=data,
        identity=identity,
        history=c.history(records.events),
        organisation=c.organisation(records.actors, records.relations, records.labour),
        volunteering=volunteering,
        resources=resources,
        alliances=c.alliances(records.partners),
        synthesis=c.synthesis(records.swot_items),
        governance=c.governance(g),
        footprint=footprint,
        care=c.care(records.care_lines),
        records=records,
        parameters=params.used + entered,
        warnings=warnings,
    )


def key_figures(outputs: WorkbookOutputs) -> list[tuple[str, str]]:
    v, r, g, f = outputs.volunteering, outputs.resources, outputs.governance, outputs.footprint
    figures: list[tuple[str, str]] = []
    figures.append(
        (
            _("Conditions de la loi ESS de 2014"),
            {True: _("remplies"), False: _("non remplies"), None: _("à compléter")}[
                outputs.identity.ess_law_ok
            ],
        )
    )
    figures.append((_("Phases de l'histoire"), str(len(outputs.history.phases))))
    figures.append(
        (_("Densité conflictuelle"), french_percent(outputs.organisation.conflict_density))
    )
    figures.append(
        (
            _("Heures de bénévolat %(year)s") % {"year": outputs.year},
            f"{french_number(v.hours, 2)} h ({french_number(v.fte, 2)} ETP)",
        )
    )
    figures.append(
        (
            _("Valorisation du bénévolat"),
            _("%(value)s — %(hours)s h, méthode « %(method)s »")
            % {
                "value": french_money(v.retained_value),
                "hours": french_number(v.hours, 2),
                "method": v.retained_label,
            },
        )
    )
    figures.append(
        (_("Contributions en nature (biens et services)"), french_money(v.in_kind_total))
    )
    figures.append((_("Ressources monétaires"), french_money(r.total)))
    for share in r.pole_shares:
        figures.append(
            (
                _("Pôle %(pole)s (avec contributions en nature)") % {"pole": share.label},
                french_percent(share.share),
            )
        )
    figures.append(
        (
            _("Indice de concentration (HHI)"),
            french_number(r.hhi, 4),
        )
    )
    figures.append(
        (
            _("Premier financeur"),
            f"{r.largest_funder} ({french_percent(r.largest_funder_share)})"
            if r.largest_funder
            else "—",
        )
    )
    figures.append((_("Budget élargi"), french_money(r.extended_budget)))
    figures.append(
        (_("Coûts évités par les partenariats"), french_money(outputs.alliances.costs_avoided))
    )
    figures.append((_("Participation à l'AG"), french_percent(g.ag_participation)))
    figures.append((_("Renouvellement du conseil"), french_percent(g.board_renewal)))
    figures.append(
        (
            _("Écart de parité (conseil − membres)"),
            "—" if g.gender_gap_points is None else f"{french_number(g.gender_gap_points, 1)} pts",
        )
    )
    figures.append(
        (
            _("Écart de rémunération"),
            "—" if g.pay_ratio is None else f"1 à {french_number(g.pay_ratio, 1)}",
        )
    )
    figures.append(
        (
            _("Émissions estimées"),
            "—" if f.total_t is None else f"{french_number(f.total_t, 1)} t CO2e",
        )
    )
    figures.append((_("Entretien non financé (CARE)"), french_money(outputs.care.unmet_total)))
    return figures


@transaction.atomic
def record_computation(
    *, workbook: Workbook, kind: str, outputs: WorkbookOutputs, by
) -> Computation:
    """Keep what an export computed and with which parameter values."""
    return Computation.objects.create(
        workbook=workbook,
        kind=kind,
        parameters=list(outputs.parameters),
        results=outputs.summary(),
        created_at=clock.now(),
        created_by=by,
    )
