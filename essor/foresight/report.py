"""The PDF report of a foresight study (typst, `foresight_report.typ`), for the note's
appendix: title, tool, date, the inputs (matrices as tables with their labels), the
results tables and the charts as SVG images.

Reading only: a study without a stored result is computed for the report (the engine is
pure), nothing is written. Every text reaches typst as a string in the JSON data, never
as markup (see essor/documents/render.py).
"""

from django.utils.translation import gettext as _

from essor.core import clock
from essor.core.formats import french_date
from essor.core.numbers import DASH, french_number, french_percent
from essor.coursework.selectors import participant_name
from essor.documents.render import render_pdf

from . import charts, engine
from .charts import sector_label
from .models import Study, Tool

# Beyond this many columns a matrix is not printed (unreadable on A4): the CSV/XLSX
# export holds it.
MAX_PRINTED_COLUMNS = 30


def _table(title: str, headers: list[str], rows: list[list], note: str = "") -> dict:
    return {
        "title": title,
        "headers": [str(h) for h in headers],
        "rows": [[DASH if c is None else str(c) for c in row] for row in rows],
        "note": note,
    }


def _matrix(title: str, matrix, rows: list[str], columns: list[str], fmt=str) -> dict:
    """A labelled matrix: columns numbered (1, 2, …) when the labels are the rows' own,
    labels in the header otherwise; too wide → a note instead of the cells."""
    matrix = matrix or []
    if len(columns) > MAX_PRINTED_COLUMNS:
        return _table(
            title,
            [],
            [],
            _(
                "Matrice de %(rows)s × %(columns)s : trop large pour être imprimée, voir "
                "l'export CSV ou XLSX de l'étude."
            )
            % {"rows": len(rows), "columns": len(columns)},
        )
    same = rows == columns
    headers = [""] + ([str(n) for n in range(1, len(columns) + 1)] if same else columns)
    body = []
    for index, row in enumerate(matrix):
        label = rows[index] if index < len(rows) else str(index + 1)
        if same:
            label = f"{index + 1}. {label}"
        body.append([label, *(DASH if c is None else fmt(c) for c in row)])
    return _table(title, headers, body)


def _f(places: int):
    return lambda value: french_number(value, places)


def _labels(values) -> list[str]:
    return [str(v).strip() for v in values or []]


# --- inputs --------------------------------------------------------------------------------


def _micmac_inputs(data: dict) -> list[dict]:
    labels = _labels(data.get("labels"))
    return [
        _matrix(
            _("Matrice des influences directes (ligne sur colonne)"),
            data.get("matrix"),
            labels,
            labels,
        ),
        _table(
            _("Paramètre"),
            [_("Paramètre"), _("Valeur")],
            [[_("Valeur des influences potentielles « P »"), data.get("potential_value", 3)]],
        ),
    ]


def _mactor_inputs(data: dict) -> list[dict]:
    actors, objectives = _labels(data.get("actors")), _labels(data.get("objectives"))
    return [
        _matrix(
            _("Influences directes entre acteurs (MID, 0 à 4)"), data.get("mid"), actors, actors
        ),
        _matrix(
            _("Positions des acteurs sur les objectifs (2MAO, −4 à +4)"),
            data.get("mao"),
            actors,
            objectives,
        ),
    ]


def _morphol_inputs(data: dict) -> list[dict]:
    rows = []
    for component in data.get("components") or []:
        hypotheses = []
        for hyp in component.get("hypotheses") or []:
            if isinstance(hyp, dict):
                p, name = hyp.get("p"), str(hyp.get("name", ""))
                hypotheses.append(name if p is None else f"{name} ({french_percent(p)})")
            else:
                hypotheses.append(str(hyp))
        rows.append([component.get("name", ""), " ; ".join(hypotheses)])
    tables = [_table(_("Composantes et hypothèses"), [_("Composante"), _("Hypothèses")], rows)]
    for key, title in (
        ("exclusions", _("Exclusions (hypothèses incompatibles)")),
        ("preferences", _("Préférences (si A alors B)")),
    ):
        pairs = data.get(key) or []
        if pairs:
            tables.append(_table(title, ["A", "B"], [list(p)[:2] for p in pairs]))
    return tables


def _smic_inputs(data: dict) -> list[dict]:
    hypotheses = _labels(data.get("hypotheses"))
    tables = []
    experts = data.get("experts") or []
    for number, expert in enumerate(experts, start=1):
        prefix = _("Expert %(n)s — ") % {"n": number} if len(experts) > 1 else ""
        simple = [
            [h, french_number(p, 2)]
            for h, p in zip(hypotheses, expert.get("p") or [], strict=False)
        ]
        tables.append(
            _table(prefix + _("Probabilités simples P(i)"), [_("Hypothèse"), "P(i)"], simple)
        )
        tables.append(
            _matrix(
                prefix + _("P(i | j) : ligne i, colonne j"),
                expert.get("p_given"),
                hypotheses,
                hypotheses,
                _f(2),
            )
        )
        tables.append(
            _matrix(
                prefix + _("P(i | non j) : ligne i, colonne j"),
                expert.get("p_given_not"),
                hypotheses,
                hypotheses,
                _f(2),
            )
        )
    return tables


INPUTS = {
    Tool.MICMAC: _micmac_inputs,
    Tool.MACTOR: _mactor_inputs,
    Tool.MORPHOL: _morphol_inputs,
    Tool.SMIC: _smic_inputs,
}


# --- results -------------------------------------------------------------------------------


def _micmac_results(result: dict, data: dict) -> tuple[list[dict], list[str]]:
    labels = [point["label"] for point in result.get("map", [])]
    direct, indirect = result["direct"], result["indirect"]
    displacement = result.get("displacement") or {}
    rows = [
        [
            label,
            french_number(direct["influence"][i]),
            french_number(direct["dependence"][i]),
            sector_label(result["sectors"].get(label, "")),
            french_percent(indirect["influence"][i]),
            french_percent(indirect["dependence"][i]),
            sector_label(indirect["sectors"].get(label, "")),
            str(displacement.get(label, {}).get("influence", DASH)),
            str(displacement.get(label, {}).get("dependence", DASH)),
        ]
        for i, label in enumerate(labels)
    ]
    headers = [
        _("Variable"),
        _("I directe"),
        _("D directe"),
        _("Secteur direct"),
        _("I indirecte"),
        _("D indirecte"),
        _("Secteur indirect"),
        _("Dépl. I"),
        _("Dépl. D"),
    ]
    stability = [
        [s["k"], f"{french_number(s['influence'])} %", f"{french_number(s['dependence'])} %"]
        for s in indirect.get("stability", [])
    ]
    tables = [
        _table(_("Influence, dépendance et secteurs des variables"), headers, rows),
        _table(
            _("Stabilité des classements à chaque puissance"),
            [
                _("Puissance k"),
                _("Rangs d'influence inchangés"),
                _("Rangs de dépendance inchangés"),
            ],
            stability,
        ),
    ]
    state = (
        _("classements stabilisés")
        if indirect.get("converged")
        else _("classements non stabilisés à la puissance 30")
    )
    notes = [
        _("Classement indirect : puissance k = %(k)s ; %(state)s.")
        % {"k": indirect.get("k"), "state": state},
        _("Variables régulatrices : %(list)s.")
        % {"list": ", ".join(result.get("regulating") or []) or _("aucune")},
    ]
    if indirect.get("note"):
        notes.append(indirect["note"])
    potential = result.get("potential")
    if potential:
        rows = [
            [
                label,
                french_number(potential["direct"]["influence"][i]),
                french_number(potential["direct"]["dependence"][i]),
                sector_label(potential["sectors"].get(label, "")),
                sector_label(potential["indirect"]["sectors"].get(label, "")),
            ]
            for i, label in enumerate(labels)
        ]
        tables.append(
            _table(
                _("Matrice potentielle (« P » = %(value)s) : secteurs")
                % {"value": potential.get("potential_value", 3)},
                [
                    _("Variable"),
                    _("I directe"),
                    _("D directe"),
                    _("Secteur direct"),
                    _("Secteur indirect"),
                ],
                rows,
            )
        )
    return tables, notes


def _mactor_results(result: dict, data: dict) -> tuple[list[dict], list[str]]:
    actors = _labels(data.get("actors"))
    objectives = _labels(data.get("objectives"))
    sectors = result.get("sectors") or {}
    rows = [
        [
            actor,
            french_number(result["influence"][i]),
            french_number(result["dependence"][i]),
            french_number(result["feedback"][i]),
            french_number(result["r"][i], 3),
            french_number(result["r_star"][i], 2),
            french_number(result["implication"][i]),
            french_number(result["mobilisation"][i], 2),
            sector_label(sectors.get(actor, "")),
        ]
        for i, actor in enumerate(actors)
    ]
    headers = [
        _("Acteur"),
        "I",
        "D",
        _("Rétroaction"),
        "r",
        "r*",
        _("Implication"),
        _("Mobilisation"),
        _("Position"),
    ]
    mobilisation = [
        [
            o["name"],
            french_number(o["for"], 2),
            french_number(o["against"], 2),
            french_number(o["mobilisation"], 2),
        ]
        for o in result["objectives"]
    ]
    tables = [
        _table(_("Rapports de force des acteurs"), headers, rows),
        _matrix(_("Influences directes et indirectes (MIDI)"), result["midi"], actors, actors),
        _matrix(_("Positions pondérées (3MAO)"), result["mao3"], actors, objectives, _f(2)),
        _matrix(_("Convergences (2CAA)"), result["caa2"], actors, actors, _f(1)),
        _matrix(_("Divergences (2DAA)"), result["daa2"], actors, actors, _f(1)),
        _table(
            _("Mobilisation par objectif (3MAO)"),
            [_("Objectif"), _("Pour"), _("Contre"), _("Mobilisation")],
            mobilisation,
        ),
    ]
    return tables, []


def _morphol_results(result: dict, data: dict) -> tuple[list[dict], list[str]]:
    components = [str(c.get("name", "")) for c in data.get("components") or []]
    notes = [
        _("Taille de l'espace : %(space)s ; scénarios possibles : %(feasible)s.")
        % {"space": french_number(result["space"]), "feasible": french_number(result["feasible"])}
    ]
    if not result.get("enumerated", True):
        notes.append(_("Plus d'un million de combinaisons : scénarios comptés, non listés."))
    rows = [
        [n, *s["hypotheses"], french_percent(s["p"], 2)]
        for n, s in enumerate(result.get("scenarios") or [], start=1)
    ]
    headers = [_("Rang"), *components, _("Probabilité")]
    return [_table(_("Scénarios les plus probables"), headers, rows)], notes


def _smic_results(result: dict, data: dict) -> tuple[list[dict], list[str]]:
    hypotheses = _labels(data.get("hypotheses"))
    tables = [
        _table(
            _("Probabilités des scénarios (1 = l'hypothèse se réalise)"),
            [_("Scénario"), _("Probabilité")],
            [[s["code"], french_percent(s["p"], 2)] for s in result["scenarios"]],
        ),
        _table(
            _("Probabilités corrigées P*(i)"),
            [_("Hypothèse"), "P*(i)"],
            [[h, french_number(p, 3)] for h, p in zip(hypotheses, result["p"], strict=False)],
        ),
        _matrix(_("P*(i | j) corrigées"), result["p_given"], hypotheses, hypotheses, _f(3)),
        _matrix(_("P*(i | non j) corrigées"), result["p_given_not"], hypotheses, hypotheses, _f(3)),
    ]
    notes = [
        _("Objectif (écart quadratique) : %(value)s.")
        % {"value": french_number(result["objective"], 6)}
    ]
    if result.get("note"):
        notes.append(result["note"])
    return tables, notes


RESULTS = {
    Tool.MICMAC: _micmac_results,
    Tool.MACTOR: _mactor_results,
    Tool.MORPHOL: _morphol_results,
    Tool.SMIC: _smic_results,
}


def compute(tool: str, data: dict) -> dict:
    """The engine's result for a study's input (ForesightInputError if invalid)."""
    if tool == Tool.MICMAC:
        return engine.micmac(data.get("labels"), data.get("matrix"), data.get("potential_value", 3))
    if tool == Tool.MACTOR:
        return engine.mactor(
            data.get("actors"), data.get("objectives"), data.get("mid"), data.get("mao")
        )
    if tool == Tool.MORPHOL:
        return engine.morphol(
            data.get("components"),
            data.get("exclusions") or [],
            data.get("preferences") or [],
            data.get("top", 20),
        )
    return engine.smic(data.get("hypotheses"), data.get("experts"))


def _result_of(study: Study) -> tuple[dict | None, str]:
    """The stored result, or one computed now (not stored); (None, why) if impossible."""
    if study.result:
        return study.result, ""
    try:
        return compute(study.tool, study.data or {}), ""
    except engine.ForesightInputError as error:
        return None, _("Étude non calculée : %(message)s") % {"message": error.message}


def report_data(study: Study) -> tuple[dict, dict[str, bytes]]:
    """(data for foresight_report.typ, {file name: SVG bytes})."""
    data = study.data or {}
    result, why = _result_of(study)
    tables: list[dict] = []
    notes: list[str] = [why] if why else []
    drawn: list[dict] = []
    files: dict[str, bytes] = {}
    if result is not None:
        tables, notes = RESULTS[study.tool](result, data)
        for name, chart in charts.all_charts(study.tool, result, data).items():
            entry, chart_files = chart.pdf_entry(f"chart-{name.replace('_', '-')}.svg")
            files.update(chart_files)
            drawn.append(entry)
    if study.enrolment_id is not None:
        owner = participant_name(study.enrolment)
    else:
        owner = _("Exercice de la promotion")
    payload = {
        "title": study.title,
        "tool": str(Tool(study.tool).label),
        "owner": owner,
        "cohort": study.cohort.title,
        "date": french_date(clock.now().date()),
        "computed": french_date(study.computed_at.date()) if study.computed_at else "",
        "inputs": INPUTS[study.tool](data),
        "results": tables,
        "notes": notes,
        "charts": drawn,
        "labels": {
            "report": _("Rapport d'étude prospective"),
            "tool": _("Outil"),
            "owner": _("Auteur"),
            "cohort": _("Promotion"),
            "date": _("Édité le"),
            "computed": _("Calculé le"),
            "inputs": _("Données saisies"),
            "results": _("Résultats"),
            "charts": _("Graphiques"),
            "data": _("Données du graphique"),
        },
    }
    return payload, files


def study_pdf(study: Study) -> bytes:
    data, files = report_data(study)
    return render_pdf("foresight_report", data, files=files)
