"""The workbook's exports: the workbook PDF (typst, with the five charts as SVG images)
and the key figures that pre-fill the note outline (the coursework skeleton: one
skeleton, not two).

Each export records a `Computation` (what it computed, with which parameter values).
User text travels to typst as JSON strings (never markup) and into the SVG escaped.
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from essor.cohorts.models import Enrolment
from essor.core import clock
from essor.core.formats import french_date
from essor.core.numbers import (
    DASH,
    french_money,
    french_number,
    french_percent,
    french_plain,
)
from essor.coursework.selectors import participant_name
from essor.documents.render import render_pdf

from . import charts
from .forms import SECTION_FORMS, initial_from, kinds_of
from .models import SectionEntry, SectionStatus, Workbook
from .outputs import WorkbookOutputs, record_computation, workbook_outputs
from .sections import SPECS

# Records by model, as `outputs.records` holds them.
RECORD_ATTRIBUTES = {
    "TimelineEvent": "events",
    "Interview": "interviews",
    "LabourLine": "labour",
    "Actor": "actors",
    "Relation": "relations",
    "VolunteerEntry": "volunteer_entries",
    "InKindContribution": "in_kind",
    "ResourceLine": "resource_lines",
    "Partner": "partners",
    "SwotItem": "swot_items",
    "KeyVariable": "variables",
    "EmissionLine": "emissions",
    "CareLine": "care_lines",
}
# The section whose outputs show each chart.
CHART_SECTIONS = {"timeline": "B", "sociogram": "C", "resources": "D", "swot": "E", "radar": "G"}


def _cell(record, name: str) -> str:
    value = getattr(record, name)
    display = getattr(record, f"get_{name}_display", None)
    if display is not None and value not in (None, ""):
        return str(display())
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, date):
        return french_date(value)
    if isinstance(value, Decimal):
        return french_number(value, 2) if value != value.to_integral() else french_number(value)
    return str(value)


def _header(model, column: str) -> str:
    """The column's French header (foreign keys without a verbose name get one here)."""
    overrides = {
        ("Relation", "source"): _("De"),
        ("Relation", "target"): _("Vers"),
        ("KeyVariable", "swot_item"): _("Élément de la synthèse"),
    }
    found = overrides.get((model.__name__, column))
    return found or str(model._meta.get_field(column).verbose_name).capitalize()


def _records(code: str, outputs: WorkbookOutputs) -> list[dict]:
    tables = []
    for kind in kinds_of(code):
        rows = getattr(outputs.records, RECORD_ATTRIBUTES[kind.model.__name__])
        tables.append(
            {
                "title": str(kind.title),
                "headers": [_header(kind.model, column) for column in kind.columns],
                "rows": [[_cell(row, column) for column in kind.columns] for row in rows],
            }
        )
    return tables


def _fields(code: str, data: dict) -> list[dict]:
    form_class = SECTION_FORMS[code]
    form = form_class(initial=initial_from(form_class, data))
    groups = []
    for legend, rows in form.display_groups():
        shown = [[str(label), str(text)] for label, text in rows if str(text).strip()]
        if shown:
            groups.append({"legend": str(legend or ""), "rows": shown})
    return groups


def _outputs(code: str, outputs: WorkbookOutputs) -> list[list[str]]:
    """The section's computed figures as (label, value) rows."""
    v, r, g = outputs.volunteering, outputs.resources, outputs.governance
    f, o = outputs.footprint, outputs.organisation
    rows: list[list[str]] = []
    if code == "A":
        i = outputs.identity
        for condition in i.conditions:
            rows.append([condition.label, _yes_no(condition.met)])
        verdicts = {True: _("respecté"), False: _("non respecté"), None: _("à compléter")}
        for check in i.esus_checks:
            if check.unit == "ratio":
                value = french_percent(check.value)
                threshold = "≥ " + french_percent(check.threshold)
            else:
                value = french_money(check.value)
                threshold = "≤ " + french_money(check.threshold)
            rows.append(
                [
                    check.label,
                    _("%(value)s ; seuil %(threshold)s ; %(verdict)s")
                    % {"value": value, "threshold": threshold, "verdict": verdicts[check.met]},
                ]
            )
        if i.cooperative:
            rows.append(
                [_("Moyenne des principes coopératifs (0 à 3)"), french_number(i.ica_mean, 2)]
            )
    elif code == "B":
        for phase in outputs.history.phases:
            rows.append(
                [
                    _("Phase %(logic)s") % {"logic": phase.label},
                    f"{french_date(phase.start)} – {french_date(phase.end)} ({phase.count})",
                ]
            )
    elif code == "C":
        for actor in o.actors:
            rows.append(
                [
                    actor.name,
                    _("pouvoir %(p)s, degré %(d)s") % {"p": actor.power, "d": actor.degree},
                ]
            )
        rows.append([_("Densité conflictuelle"), french_percent(o.conflict_density)])
        for line in o.hours_by_holder:
            rows.append(
                [
                    str(line.label).capitalize(),
                    f"{french_number(line.hours)} h ({french_percent(line.share)})",
                ]
            )
    elif code == "D":
        rows.append(
            [
                _("Heures de bénévolat %(year)s") % {"year": outputs.year},
                f"{french_number(v.hours, 2)} h — {french_number(v.fte, 2)} ETP",
            ]
        )
        for method in v.methods:
            label = method.label + (
                " (" + _("retenue") + ")" if method.method == v.retained_method else ""
            )
            rows.append([label, f"{french_money(method.value)} — {method.basis}"])
        for entry in v.entries:
            side = _("débit") if entry.debit is not None else _("crédit")
            rows.append(
                [
                    f"{entry.account} {entry.label}",
                    f"{side} {french_money(entry.debit or entry.credit)}",
                ]
            )
        rows.append([_("Ressources monétaires"), french_money(r.total)])
        rows.append([_("Indice de concentration (HHI)"), french_number(r.hhi, 4)])
        if r.largest_funder:
            rows.append(
                [
                    _("Premier financeur"),
                    f"{r.largest_funder} ({french_percent(r.largest_funder_share)})",
                ]
            )
        rows.append([_("Budget élargi"), french_money(r.extended_budget)])
        rows.append(
            [
                _("Partenaires (coûts évités)"),
                f"{outputs.alliances.partner_count} "
                f"({french_money(outputs.alliances.costs_avoided)})",
            ]
        )
    elif code == "E":
        for issue in outputs.synthesis.key_issues:
            rows.append([_("Enjeu clé"), issue])
    elif code == "F":
        for variable in outputs.records.variables:
            rows.append([_("Variable clé"), variable.name])
    elif code == "G":
        rows += [
            [_("Participation à l'AG"), french_percent(g.ag_participation)],
            [_("Renouvellement du conseil"), french_percent(g.board_renewal)],
            [_("Écart de parité (points)"), french_number(g.gender_gap_points, 1)],
            [_("Écart de rémunération"), french_number(g.pay_ratio, 2)],
            [_("Moyenne des huit thèmes"), french_number(g.themes_mean, 2)],
        ]
    elif code == "H":
        for line in f.lines:
            rows.append(
                [
                    line.label,
                    f"{french_number(line.quantity, 2)} × {french_plain(line.factor)} = "
                    f"{french_number(line.kg, 2)} kg CO2e",
                ]
            )
        rows.append([_("Émissions totales"), f"{french_number(f.total_kg, 2)} kg CO2e"])
        rows.append([_("Par ETP"), f"{french_number(f.per_fte_kg, 2)} kg CO2e"])
        rows.append(
            [
                _("Pour 1 000 € de budget élargi"),
                f"{french_number(f.per_1000_eur_kg, 2)} kg CO2e",
            ]
        )
        rows.append([_("Entretien non financé (CARE)"), french_money(outputs.care.unmet_total)])
    return rows


def _yes_no(value) -> str:
    return DASH if value is None else (_("oui") if value else _("non"))


def workbook_pdf_data(workbook: Workbook, outputs: WorkbookOutputs) -> tuple[dict, dict]:
    """(data for workbook.typ, {file name: SVG bytes})."""
    enrolment: Enrolment = workbook.enrolment
    statuses = dict(SectionEntry.objects.filter(workbook=workbook).values_list("section", "status"))
    drawn = charts.all_charts(outputs)
    files = {}
    chart_of: dict[str, list[dict]] = {}
    for name, chart in drawn.items():
        entry, chart_files = chart.pdf_entry(f"chart-{name}.svg")
        files.update(chart_files)
        chart_of.setdefault(CHART_SECTIONS[name], []).append(entry)
    organisation = outputs.data.get("A", {}).get("name") or (
        workbook.organisation.name if workbook.organisation_id else ""
    )
    sections = []
    for spec in SPECS:
        sections.append(
            {
                "code": spec.code,
                "title": str(spec.title),
                "status": str(SectionStatus(statuses.get(spec.code, SectionStatus.TODO)).label),
                "fields": _fields(spec.code, outputs.data.get(spec.code, {})),
                "records": _records(spec.code, outputs),
                "outputs": _outputs(spec.code, outputs),
                "charts": chart_of.get(spec.code, []),
            }
        )
    data = {
        "title": _("Cahier de diagnostic"),
        "participant": participant_name(enrolment),
        "organisation": organisation or "",
        "cohort": enrolment.cohort.title,
        "date": french_date(clock.now().date()),
        "year": str(outputs.year),
        "sections": sections,
        "parameters": [
            [
                row["label"],
                f"{french_plain(row['value'])} {row['unit']}".strip(),
                str(row["year"]),
                row["source"],
            ]
            for row in outputs.parameters
        ],
        "warnings": list(outputs.warnings),
        "labels": {
            "participant": _("Auditeur·rice"),
            "organisation": _("Structure"),
            "cohort": _("Promotion"),
            "date": _("Édité le"),
            "year": _("Année des paramètres"),
            "status": _("État"),
            "fields": _("Saisie"),
            "outputs": _("Résultats calculés"),
            "data": _("Données du graphique"),
            "empty_section": _("Rien de saisi pour l'instant."),
            "parameters": _("Paramètres de référence utilisés"),
            "output_headers": [_("Indicateur"), _("Valeur")],
            "parameter_headers": [_("Paramètre"), _("Valeur"), _("Année"), _("Source")],
        },
    }
    return data, files


def workbook_pdf(workbook: Workbook, *, by) -> bytes:
    """The workbook as a PDF; records a Computation « workbook_pdf »."""
    outputs = workbook_outputs(workbook)
    data, files = workbook_pdf_data(workbook, outputs)
    pdf = render_pdf("workbook", data, files=files)
    record_computation(workbook=workbook, kind="workbook_pdf", outputs=outputs, by=by)
    return pdf


# --- note outline ---------------------------------------------------------------------------

# Which skeleton section (coursework.skeleton.sections() "key") shows which figures.
GOVERNANCE_FROM = "Participation à l'AG"


def note_figures(enrolment: Enrolment, *, by=None) -> dict[str, list[list[str]]]:
    """The key figures of the participant's workbook grouped by skeleton section key
    ({"structure": [[label, value]], "diagnostic": …}); {} without a workbook. With `by`,
    records a Computation « note_outline »."""
    workbook = Workbook.objects.filter(enrolment=enrolment).first()
    if workbook is None:
        return {}
    workbook.enrolment = enrolment
    outputs = workbook_outputs(workbook)
    grouped: dict[str, list[list[str]]] = {}
    figures = outputs.key_figures()
    section = "diagnostic"
    for index, (label, value) in enumerate(figures):
        if index == 0:
            section = "structure"
        elif label == _(GOVERNANCE_FROM):
            section = "governance"
        elif section == "structure":
            section = "diagnostic"
        grouped.setdefault(section, []).append([str(label), str(value)])
    issues = [[_("Enjeu clé"), issue] for issue in outputs.synthesis.key_issues]
    counts = [[str(q.label), str(len(q.items))] for q in outputs.synthesis.quadrants if q.items]
    if counts or issues:
        grouped["synthesis"] = counts + issues
    variables = [[_("Variable clé"), v.name] for v in outputs.records.variables]
    if variables:
        grouped["foresight"] = variables
    if by is not None:
        record_computation(workbook=workbook, kind="note_outline", outputs=outputs, by=by)
    return grouped
