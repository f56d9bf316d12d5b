"""The foresight toolbox's pictures: server-side SVG, no JavaScript, no library.

Each chart is an `essor.core.svg.Chart` (title, SVG with role="img", <title> and <desc>, a data
table holding the same figures, `empty`). The pictures read in black and white: shapes,
dashes and labels carry the meaning. Every user text goes through `escape()` (via
`svg_text` and the <title>s) before it enters the SVG.

The charts read an engine result (the dict of `essor.foresight.engine`, as stored in
`Study.result`) and, where the result does not carry the labels in input order (MACTOR
actors, SMIC hypotheses), the study's input `data`.
"""

import math

from django.utils.html import escape
from django.utils.translation import gettext as _

from essor.core.numbers import DASH, french_number, french_percent
from essor.core.svg import Chart, coord, empty_chart, svg_document, svg_text, truncate

__all__ = ["CHARTS", "Chart", "all_charts", "chart"]

INK = "#00467f"
CONTRA = "#b00020"


def _arrow_defs(ident: str, colour: str = "#000") -> str:
    return (
        f'<defs><marker id="{ident}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" '
        f'fill="{colour}"/></marker></defs>'
    )


# --- labels ---------------------------------------------------------------------------------

MICMAC_SECTOR_LABELS = {
    "influent": "Influentes",
    "relais": "Relais",
    "dependant": "Dépendantes",
    "autonome": "Autonomes",
}
MACTOR_SECTOR_LABELS = {
    "dominant": "Dominants",
    "relais": "Relais",
    "domine": "Dominés",
    "autonome": "Autonomes",
}


def sector_label(sector: str) -> str:
    """French name of a MICMAC or MACTOR sector (singular)."""
    return {
        "influent": _("influente"),
        "relais": _("relais"),
        "dependant": _("dépendante"),
        "autonome": _("autonome"),
        "dominant": _("dominant"),
        "domine": _("dominé"),
    }.get(sector, sector)


def _quadrant_names(kind: str) -> tuple[str, str, str, str]:
    """(high I low D, high I high D, low I high D, low I low D)."""
    if kind == "mactor":
        return (
            _("Acteurs dominants"),
            _("Acteurs relais"),
            _("Acteurs dominés"),
            _("Acteurs autonomes"),
        )
    return (
        _("Variables influentes"),
        _("Variables relais"),
        _("Variables dépendantes"),
        _("Variables autonomes"),
    )


# --- planes ---------------------------------------------------------------------------------

W, H = 760, 580
LEFT, RIGHT, TOP, BOTTOM = 80, 40, 30, 70


def _scale(values: list[float], threshold: float) -> float:
    top = max([*values, 2 * threshold, 0.0])
    return top * 1.08 if top > 0 else 1.0


def _plane(
    name: str,
    title: str,
    labels: list[str],
    xs: list[float],
    ys: list[float],
    x_threshold: float,
    y_threshold: float,
    sectors: list[str],
    *,
    kind: str,
    share: bool,
    desc: str,
) -> Chart:
    what = _("Acteur") if kind == "mactor" else _("Variable")
    headers = [what, _("Influence"), _("Dépendance"), _("Secteur")]
    if not labels:
        return empty_chart(title, headers, _("Aucune donnée : calculez l'étude."))
    x_max, y_max = _scale(xs, x_threshold), _scale(ys, y_threshold)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(value: float) -> float:
        return LEFT + value / x_max * plot_w

    def py(value: float) -> float:
        return TOP + plot_h - value / y_max * plot_h

    def figure(value: float) -> str:
        return (
            french_percent(value, 1)
            if share
            else french_number(value, 0 if value == int(value) else 2)
        )

    body = [
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        'stroke="#000" stroke-width="1"/>'
    ]
    tx, ty = px(x_threshold), py(y_threshold)
    body.append(
        f'<line class="threshold threshold--x" x1="{coord(tx)}" y1="{TOP}" x2="{coord(tx)}" '
        f'y2="{TOP + plot_h}" stroke="#555" stroke-width="1.2" stroke-dasharray="6 4"/>'
    )
    body.append(
        f'<line class="threshold threshold--y" x1="{LEFT}" y1="{coord(ty)}" x2="{LEFT + plot_w}" '
        f'y2="{coord(ty)}" stroke="#555" stroke-width="1.2" stroke-dasharray="6 4"/>'
    )
    # The four sectors, named in their corners.
    high_low, high_high, low_high, low_low = _quadrant_names(kind)
    corner = ' class="sector-label" font-style="italic" fill-opacity="0.75"'
    body.append(svg_text(LEFT + 8, TOP + 18, high_low, size=13, extra=corner))
    body.append(
        svg_text(LEFT + plot_w - 8, TOP + 18, high_high, size=13, anchor="end", extra=corner)
    )
    body.append(
        svg_text(LEFT + plot_w - 8, TOP + plot_h - 8, low_high, size=13, anchor="end", extra=corner)
    )
    body.append(svg_text(LEFT + 8, TOP + plot_h - 8, low_low, size=13, extra=corner))
    # Axes: names and the ticks 0, threshold (mean), maximum.
    body.append(
        svg_text(
            LEFT + plot_w / 2,
            H - 22,
            _("Dépendance"),
            size=13,
            anchor="middle",
            extra=' font-weight="bold"',
        )
    )
    body.append(
        f'<text x="18" y="{coord(TOP + plot_h / 2)}" font-size="13" text-anchor="middle" '
        f'fill="#000" font-weight="bold" transform="rotate(-90 18 {coord(TOP + plot_h / 2)})">'
        f"{escape(_('Influence'))}</text>"
    )
    for value in (0.0, x_threshold):
        body.append(svg_text(px(value), TOP + plot_h + 16, figure(value), size=11, anchor="middle"))
    for value in (0.0, y_threshold):
        body.append(svg_text(LEFT - 6, py(value) + 4, figure(value), size=11, anchor="end"))
    body.append(
        svg_text(LEFT + plot_w, H - 40, _("Tirets : seuils à la moyenne"), size=11, anchor="end")
    )
    rows = []
    placed: list[tuple[float, float, str]] = []
    for label, x, y, sector in zip(labels, xs, ys, sectors, strict=True):
        cx, cy = px(x), py(y)
        body.append(
            f'<circle class="point" cx="{coord(cx)}" cy="{coord(cy)}" r="5" fill="{INK}" '
            f'stroke="#000" stroke-width="0.8"><title>'
            + escape(f"{label} : {_('influence')} {figure(y)}, {_('dépendance')} {figure(x)}")
            + "</title></circle>"
        )
        anchor, dx = ("end", -8) if cx > LEFT + plot_w - 120 else ("start", 8)
        dy = _free_offset(placed, cx + dx, cy, anchor)
        body.append(
            svg_text(
                cx + dx,
                cy + dy,
                truncate(label, 24),
                size=11,
                anchor=anchor,
                extra=' class="point-label"',
            )
        )
        rows.append([label, figure(y), figure(x), sector_label(sector)])
    return Chart(
        title, svg_document(name, W, H, title, desc, body, family="foresight"), headers, rows, False
    )


LABEL_OFFSETS = (-6, 14, -18, 26, -30, 38, -42, 50)


def _free_offset(placed: list, x: float, y: float, anchor: str) -> float:
    """A vertical offset for a point's label that does not overlap the labels already
    placed (greedy, a few tries: beyond them the data table is the reference)."""
    for dy in LABEL_OFFSETS:
        clash = any(
            abs(y + dy - py) < 12 and abs(x - px) < 110 and (anchor == pa or abs(x - px) < 55)
            for px, py, pa in placed
        )
        if not clash:
            break
    else:
        dy = LABEL_OFFSETS[0]
    placed.append((x, y + dy, anchor))
    return dy


def _micmac_labels(result: dict) -> list[str]:
    # The "map" list keeps the input order (a JSON object's keys may not, once stored).
    return [point["label"] for point in result.get("map", [])]


def _micmac_plane(result: dict, name: str, block_key: str, indirect: bool, title: str) -> Chart:
    block = result if block_key == "" else result.get(block_key)
    if not block:
        return empty_chart(
            title,
            [_("Variable"), _("Influence"), _("Dépendance"), _("Secteur")],
            _("Pas de matrice potentielle : aucune case « P » dans la matrice."),
        )
    labels = _micmac_labels(block)
    part = block["indirect" if indirect else "direct"]
    sectors = part.get("sectors") or block.get("sectors") or {}
    threshold = part.get("threshold")
    if threshold is None:
        threshold = 1 / len(labels) if indirect else sum(part["influence"]) / len(labels)
    desc = _(
        "%(count)s variables placées selon leur dépendance (abscisse) et leur influence "
        "(ordonnée) ; seuils à la moyenne (%(threshold)s)."
    ) % {
        "count": len(labels),
        "threshold": french_percent(threshold) if indirect else french_number(threshold, 2),
    }
    if indirect:
        desc += " " + _("Puissance k = %(k)s%(conv)s.") % {
            "k": part.get("k"),
            "conv": "" if part.get("converged") else _(" (classements non stabilisés)"),
        }
    return _plane(
        name,
        title,
        labels,
        [float(v) for v in part["dependence"]],
        [float(v) for v in part["influence"]],
        threshold,
        threshold,
        [sectors.get(label, "") for label in labels],
        kind="micmac",
        share=indirect,
        desc=desc,
    )


def micmac_direct(result: dict, data: dict | None = None) -> Chart:
    return _micmac_plane(
        result, "micmac_direct", "", False, _("MICMAC — plan influence–dépendance direct")
    )


def micmac_indirect(result: dict, data: dict | None = None) -> Chart:
    return _micmac_plane(
        result, "micmac_indirect", "", True, _("MICMAC — plan influence–dépendance indirect")
    )


def micmac_potential(result: dict, data: dict | None = None) -> Chart:
    return _micmac_plane(
        result,
        "micmac_potential",
        "potential",
        False,
        _("MICMAC — plan influence–dépendance direct potentiel"),
    )


def micmac_potential_indirect(result: dict, data: dict | None = None) -> Chart:
    return _micmac_plane(
        result,
        "micmac_potential_indirect",
        "potential",
        True,
        _("MICMAC — plan influence–dépendance indirect potentiel"),
    )


def micmac_displacement(result: dict, data: dict | None = None) -> Chart:
    title = _("MICMAC — déplacement des variables du classement direct à l'indirect")
    headers = [
        _("Variable"),
        _("Influence directe"),
        _("Dépendance directe"),
        _("Influence indirecte"),
        _("Dépendance indirecte"),
        _("Déplacement (rangs d'influence)"),
        _("Déplacement (rangs de dépendance)"),
    ]
    points = result.get("map") or []
    if not points:
        return empty_chart(title, headers, _("Aucune donnée : calculez l'étude."))
    n = len(points)
    xs = [p[s]["x"] for p in points for s in ("direct", "indirect")]
    ys = [p[s]["y"] for p in points for s in ("direct", "indirect")]
    x_max, y_max = _scale(xs, 1 / n), _scale(ys, 1 / n)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(value: float) -> float:
        return LEFT + value / x_max * plot_w

    def py(value: float) -> float:
        return TOP + plot_h - value / y_max * plot_h

    body = [
        _arrow_defs("foresight-arrow"),
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        'stroke="#000" stroke-width="1"/>',
        f'<line class="threshold threshold--x" x1="{coord(px(1 / n))}" y1="{TOP}" '
        f'x2="{coord(px(1 / n))}" y2="{TOP + plot_h}" stroke="#555" stroke-dasharray="6 4"/>',
        f'<line class="threshold threshold--y" x1="{LEFT}" y1="{coord(py(1 / n))}" '
        f'x2="{LEFT + plot_w}" y2="{coord(py(1 / n))}" stroke="#555" stroke-dasharray="6 4"/>',
        svg_text(
            LEFT + plot_w / 2,
            H - 22,
            _("Dépendance (part du total)"),
            size=13,
            anchor="middle",
            extra=' font-weight="bold"',
        ),
        f'<text x="18" y="{coord(TOP + plot_h / 2)}" font-size="13" text-anchor="middle" '
        f'fill="#000" font-weight="bold" transform="rotate(-90 18 {coord(TOP + plot_h / 2)})">'
        f"{escape(_('Influence (part du total)'))}</text>",
        svg_text(px(1 / n), TOP + plot_h + 16, french_percent(1 / n), size=11, anchor="middle"),
        svg_text(LEFT - 6, py(1 / n) + 4, french_percent(1 / n), size=11, anchor="end"),
        svg_text(
            LEFT + plot_w,
            H - 40,
            _("Rond creux : direct ; flèche vers l'indirect"),
            size=11,
            anchor="end",
        ),
    ]
    displacement = result.get("displacement") or {}
    placed: list[tuple[float, float, str]] = []
    rows = []
    for point in points:
        label = point["label"]
        x1, y1 = px(point["direct"]["x"]), py(point["direct"]["y"])
        x2, y2 = px(point["indirect"]["x"]), py(point["indirect"]["y"])
        body.append(
            f'<circle class="origin" cx="{coord(x1)}" cy="{coord(y1)}" r="4" fill="#fff" '
            'stroke="#000" stroke-width="1"/>'
        )
        moved = math.hypot(x2 - x1, y2 - y1) > 0.5
        body.append(
            f'<line class="arrow" x1="{coord(x1)}" y1="{coord(y1)}" x2="{coord(x2)}" '
            f'y2="{coord(y2)}" stroke="{INK}" stroke-width="1.5"'
            + (' marker-end="url(#foresight-arrow)"' if moved else "")
            + "><title>"
            + escape(label)
            + "</title></line>"
        )
        body.append(
            svg_text(
                x2 + 6,
                y2 + _free_offset(placed, x2 + 6, y2, "start"),
                truncate(label, 24),
                size=11,
                extra=' class="point-label"',
            )
        )
        move = displacement.get(label, {})
        rows.append(
            [
                label,
                french_percent(point["direct"]["y"]),
                french_percent(point["direct"]["x"]),
                french_percent(point["indirect"]["y"]),
                french_percent(point["indirect"]["x"]),
                _signed(move.get("influence")),
                _signed(move.get("dependence")),
            ]
        )
    desc = _(
        "%(count)s flèches, de la position directe à la position indirecte de chaque "
        "variable (parts du total)."
    ) % {"count": n}
    return Chart(
        title,
        svg_document("micmac_displacement", W, H, title, desc, body, family="foresight"),
        headers,
        rows,
        False,
    )


def _signed(value) -> str:
    if value is None:
        return DASH
    return f"+{value}" if value > 0 else str(value)


# --- MACTOR ---------------------------------------------------------------------------------


def _actors(result: dict, data: dict | None) -> list[str]:
    actors = (data or {}).get("actors") or []
    count = len(result.get("influence") or [])
    if len(actors) == count:
        return [str(a).strip() for a in actors]
    return [_("Acteur %(n)s") % {"n": i + 1} for i in range(count)]


def mactor_plane(result: dict, data: dict | None = None) -> Chart:
    title = _("MACTOR — plan des influences et dépendances des acteurs")
    actors = _actors(result, data)
    thresholds = result.get("thresholds") or {}
    influence = [float(v) for v in result.get("influence") or []]
    dependence = [float(v) for v in result.get("dependence") or []]
    m = len(actors) or 1
    mean_i = thresholds.get("influence", sum(influence) / m)
    mean_d = thresholds.get("dependence", sum(dependence) / m)
    sectors = result.get("sectors") or {}
    desc = _(
        "%(count)s acteurs placés selon leur dépendance (abscisse) et leur influence "
        "(ordonnée) dans MIDI ; seuils aux moyennes."
    ) % {"count": len(actors)}
    return _plane(
        "mactor_plane",
        title,
        actors,
        dependence,
        influence,
        mean_d,
        mean_i,
        [sectors.get(a, "") for a in actors],
        kind="mactor",
        share=False,
        desc=desc,
    )


def _graph(
    result: dict, data: dict | None, key: str, name: str, title: str, colour: str, dash: str
) -> Chart:
    actors = _actors(result, data)
    matrix = result.get(key) or []
    headers = [_("Acteur"), _("Acteur"), _("Valeur"), _("Lien tracé")]
    pairs = [
        (i, j, float(matrix[i][j]))
        for i in range(len(actors))
        for j in range(i + 1, len(actors))
        if float(matrix[i][j]) > 0
    ]
    if not pairs:
        return empty_chart(title, headers, _("Aucun lien entre les acteurs."))
    # The strongest links: at or above the mean of the non-zero values.
    threshold = sum(v for _i, _j, v in pairs) / len(pairs)
    strongest = max(v for _i, _j, v in pairs)
    width, height = 760, 600
    cx, cy, radius = width / 2, 285, 210
    positions = []
    for index in range(len(actors)):
        angle = -math.pi / 2 + 2 * math.pi * index / len(actors)
        positions.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle), angle))
    body = []
    rows = []
    drawn = 0
    for i, j, value in sorted(pairs, key=lambda p: -p[2]):
        shown = value >= threshold - 1e-9
        rows.append(
            [actors[i], actors[j], french_number(value, 2), _("oui") if shown else _("non")]
        )
        if not shown:
            continue
        drawn += 1
        x1, y1, _a = positions[i]
        x2, y2, _b = positions[j]
        stroke = 1 + 7 * value / strongest
        body.append(
            f'<line class="link" x1="{coord(x1)}" y1="{coord(y1)}" '
            f'x2="{coord(x2)}" y2="{coord(y2)}" '
            f'stroke="{colour}" stroke-width="{coord(stroke)}" stroke-opacity="0.8"{dash}><title>'
            + escape(f"{actors[i]} – {actors[j]} : {french_number(value, 2)}")
            + "</title></line>"
        )
    for index, actor in enumerate(actors):
        x, y, angle = positions[index]
        body.append(
            f'<circle class="actor" cx="{coord(x)}" cy="{coord(y)}" r="9" fill="#e3edf7" '
            f'stroke="{INK}" stroke-width="2"><title>{escape(actor)}</title></circle>'
        )
        cos = math.cos(angle)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        body.append(
            svg_text(
                x + 18 * cos,
                y + 18 * math.sin(angle) + 4,
                truncate(actor, 26),
                size=12,
                anchor=anchor,
            )
        )
    legend = _(
        "Liens tracés : valeur ≥ %(threshold)s (moyenne des liens non nuls) ; "
        "épaisseur proportionnelle à la valeur."
    ) % {"threshold": french_number(threshold, 2)}
    body.append(svg_text(30, height - 20, legend, size=11))
    desc = _("%(actors)s acteurs sur un cercle ; %(drawn)s liens les plus forts sur %(pairs)s.") % {
        "actors": len(actors),
        "drawn": drawn,
        "pairs": len(pairs),
    }
    return Chart(
        title,
        svg_document(name, width, height, title, desc, body, family="foresight"),
        headers,
        rows,
        False,
    )


def mactor_convergence(result: dict, data: dict | None = None) -> Chart:
    return _graph(
        result,
        data,
        "caa2",
        "mactor_convergence",
        _("MACTOR — graphe des convergences entre acteurs (2CAA)"),
        "#1b5e20",
        "",
    )


def mactor_divergence(result: dict, data: dict | None = None) -> Chart:
    return _graph(
        result,
        data,
        "daa2",
        "mactor_divergence",
        _("MACTOR — graphe des divergences entre acteurs (2DAA)"),
        CONTRA,
        ' stroke-dasharray="8 4"',
    )


def mactor_mobilisation(result: dict, data: dict | None = None) -> Chart:
    title = _("MACTOR — mobilisation des acteurs sur les objectifs (3MAO)")
    headers = [_("Objectif"), _("Pour"), _("Contre"), _("Mobilisation")]
    objectives = result.get("objectives") or []
    if not objectives:
        return empty_chart(title, headers, _("Aucun objectif."))
    top = max([max(o["for"], -o["against"]) for o in objectives] + [0.0]) or 1.0
    band = 46
    width, left, half = 760, 230, 230
    zero = left + half
    height = 60 + band * len(objectives)
    body = [
        '<defs><pattern id="foresight-against" width="6" height="6" '
        'patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff"/>'
        f'<path d="M0 6 L6 0" stroke="{CONTRA}" stroke-width="1.5"/></pattern></defs>',
        svg_text(zero - 8, 18, _("← contre"), size=12, anchor="end", extra=' font-weight="bold"'),
        svg_text(zero + 8, 18, _("pour →"), size=12, extra=' font-weight="bold"'),
    ]
    rows = []
    for index, objective in enumerate(objectives):
        y = 30 + index * band
        pro, con = float(objective["for"]), float(objective["against"])
        pro_w, con_w = pro / top * (half - 60), -con / top * (half - 60)
        body.append(
            svg_text(left - 10, y + 20, truncate(objective["name"], 30), size=12, anchor="end")
        )
        body.append(
            f'<rect class="bar bar--for" x="{coord(zero)}" y="{y + 4}" width="{coord(pro_w)}" '
            f'height="24" fill="{INK}" stroke="#000" stroke-width="0.8"/>'
        )
        body.append(
            f'<rect class="bar bar--against" x="{coord(zero - con_w)}" y="{y + 4}" '
            f'width="{coord(con_w)}" height="24" fill="url(#foresight-against)" stroke="#000" '
            'stroke-width="0.8"/>'
        )
        body.append(svg_text(zero + pro_w + 6, y + 21, french_number(pro, 1), size=11))
        body.append(
            svg_text(zero - con_w - 6, y + 21, french_number(con, 1), size=11, anchor="end")
        )
        rows.append(
            [
                objective["name"],
                french_number(pro, 2),
                french_number(con, 2),
                french_number(float(objective["mobilisation"]), 2),
            ]
        )
    body.append(
        f'<line x1="{zero}" y1="26" x2="{zero}" y2="{height - 24}" stroke="#000" '
        'stroke-width="1.5"/>'
    )
    body.append(
        svg_text(30, height - 6, _("Plein : pour ; hachuré : contre (sommes des 3MAO)."), size=11)
    )
    desc = _(
        "Pour chacun des %(count)s objectifs, la somme des positions pondérées "
        "favorables et défavorables."
    ) % {"count": len(objectives)}
    return Chart(
        title,
        svg_document("mactor_mobilisation", width, height, title, desc, body, family="foresight"),
        headers,
        rows,
        False,
    )


# --- SMIC -----------------------------------------------------------------------------------


def _occurring(code: str, hypotheses: list[str]) -> str:
    if len(hypotheses) != len(code):
        return DASH
    names = [h for h, bit in zip(hypotheses, code, strict=True) if bit == "1"]
    return ", ".join(names) or _("aucune")


def smic_scenarios(result: dict, data: dict | None = None) -> Chart:
    title = _("SMIC — probabilités des scénarios")
    headers = [_("Scénario"), _("Hypothèses réalisées"), _("Probabilité")]
    scenarios = result.get("scenarios") or []
    if not scenarios:
        return empty_chart(title, headers, _("Aucun scénario : calculez l'étude."))
    hypotheses = [str(h).strip() for h in (data or {}).get("hypotheses") or []]
    # Highest first; ties (to 1e-9, against float noise) stay in binary order.
    ordered = sorted(scenarios, key=lambda s: -round(s["p"], 9))
    top = max(s["p"] for s in ordered) or 1.0
    band = 26
    width, left, bar_max = 760, 90, 560
    height = 30 + band * len(ordered)
    body = []
    rows = []
    for index, scenario in enumerate(ordered):
        y = 14 + index * band
        length = scenario["p"] / top * bar_max
        body.append(
            svg_text(
                left - 10,
                y + 15,
                scenario["code"],
                size=12,
                anchor="end",
                extra=' font-family="monospace"',
            )
        )
        body.append(
            f'<rect class="bar" x="{left}" y="{y}" width="{coord(max(length, 0.5))}" '
            f'height="{band - 8}" fill="{INK}" stroke="#000" stroke-width="0.6"><title>'
            + escape(f"{scenario['code']} : {_occurring(scenario['code'], hypotheses)}")
            + "</title></rect>"
        )
        body.append(svg_text(left + length + 6, y + 14, french_percent(scenario["p"]), size=11))
        rows.append(
            [
                scenario["code"],
                _occurring(scenario["code"], hypotheses),
                french_percent(scenario["p"]),
            ]
        )
    desc = _(
        "%(count)s scénarios classés par probabilité décroissante ; dans le code, 1 = "
        "l'hypothèse se réalise (hypothèse 1 en tête)."
    ) % {"count": len(ordered)}
    return Chart(
        title,
        svg_document("smic_scenarios", width, height, title, desc, body, family="foresight"),
        headers,
        rows,
        False,
    )


CHARTS = {
    "micmac_direct": micmac_direct,
    "micmac_indirect": micmac_indirect,
    "micmac_potential": micmac_potential,
    "micmac_potential_indirect": micmac_potential_indirect,
    "micmac_displacement": micmac_displacement,
    "mactor_plane": mactor_plane,
    "mactor_convergence": mactor_convergence,
    "mactor_divergence": mactor_divergence,
    "mactor_mobilisation": mactor_mobilisation,
    "smic_scenarios": smic_scenarios,
}
TOOL_CHARTS = {
    "micmac": [
        "micmac_direct",
        "micmac_indirect",
        "micmac_displacement",
        "micmac_potential",
        "micmac_potential_indirect",
    ],
    "mactor": ["mactor_plane", "mactor_convergence", "mactor_divergence", "mactor_mobilisation"],
    "morphol": [],
    "smic": ["smic_scenarios"],
}


def chart(result: dict, name: str, data: dict | None = None) -> Chart:
    """The chart `name` (a key of CHARTS) of an engine result; `data` = the tool's input."""
    return CHARTS[name](result or {}, data)


def all_charts(tool: str, result: dict, data: dict | None = None) -> dict[str, Chart]:
    """The charts of a tool; MICMAC's potential planes only when the result has one."""
    names = TOOL_CHARTS.get(tool, [])
    if tool == "micmac" and not (result or {}).get("potential"):
        names = [n for n in names if not n.startswith("micmac_potential")]
    return {name: chart(result, name, data) for name in names}
