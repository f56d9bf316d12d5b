"""The workbook's pictures: server-side SVG, no JavaScript, no library.

Each chart is an `essor.core.svg.Chart`: the SVG and a data table holding the same
figures. The pictures stay readable in black and white: shapes, dash patterns, hatches
and labels carry the meaning, colour only helps.

Every text that comes from the user goes through `escape()` before it enters the SVG, so
a name like `<script>` or `&` stays text. The `draw_*` functions take plain values (easy
to test); the `*_chart(outputs)` functions read a `WorkbookOutputs`.
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essor.core.formats import french_date
from essor.core.numbers import DASH, french_money, french_percent
from essor.core.svg import Chart, coord, empty_chart, svg_document, svg_text, truncate

from .models import FoundingLogic, Pole, Quadrant

# --- timeline -------------------------------------------------------------------------------

# Shape and colour per founding logic: the shape alone tells them apart in print.
LOGIC_STYLE = {
    FoundingLogic.DOMESTIC: ("circle", "#1b6ca8"),
    FoundingLogic.AID: ("square", "#b5651d"),
    FoundingLogic.MUTUAL_AID: ("triangle", "#2e7d32"),
    FoundingLogic.MOVEMENT: ("diamond", "#8e24aa"),
    FoundingLogic.MULTILATERAL: ("star", "#c62828"),
    "": ("cross", "#424242"),
}
# Phase bands: a hatch per logic (same order), light enough for the labels above.
HATCHES = {
    FoundingLogic.DOMESTIC: "M0 6 L6 0",
    FoundingLogic.AID: "M0 0 L6 6",
    FoundingLogic.MUTUAL_AID: "M3 0 L3 6",
    FoundingLogic.MOVEMENT: "M0 3 L6 3",
    FoundingLogic.MULTILATERAL: "M0 6 L6 0 M0 0 L6 6",
    "": "M0 0 L0 0",
}


@dataclass(frozen=True)
class TimelinePoint:
    date: date
    label: str
    logic: str = ""
    kind: str = ""


@dataclass(frozen=True)
class TimelinePhase:
    start: date
    end: date
    logic: str
    label: str


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    common = f'fill="{colour}" stroke="#000" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{coord(x)}" cy="{coord(y)}" r="6" {common}/>'
    if shape == "square":
        return f'<rect x="{coord(x - 5.5)}" y="{coord(y - 5.5)}" width="11" height="11" {common}/>'
    if shape == "triangle":
        points = (
            f"{coord(x)},{coord(y - 7)} {coord(x - 7)},{coord(y + 6)} {coord(x + 7)},{coord(y + 6)}"
        )
        return f'<polygon points="{points}" {common}/>'
    if shape == "diamond":
        points = " ".join(
            f"{coord(px)},{coord(py)}"
            for px, py in ((x, y - 7), (x + 7, y), (x, y + 7), (x - 7, y))
        )
        return f'<polygon points="{points}" {common}/>'
    if shape == "star":
        points = []
        for i in range(10):
            radius = 8 if i % 2 == 0 else 3.5
            angle = -math.pi / 2 + i * math.pi / 5
            points.append(
                f"{coord(x + radius * math.cos(angle))},{coord(y + radius * math.sin(angle))}"
            )
        return f'<polygon points="{" ".join(points)}" {common}/>'
    return (
        f'<path d="M{coord(x - 5)} {coord(y - 5)} L{coord(x + 5)} {coord(y + 5)} '
        f'M{coord(x - 5)} {coord(y + 5)} L{coord(x + 5)} {coord(y - 5)}" stroke="{colour}" '
        'stroke-width="2.5"/>'
    )


def _logic_label(logic: str) -> str:
    try:
        return str(FoundingLogic(logic).label)
    except ValueError:
        return _("non précisée")


def draw_timeline(events: list[TimelinePoint], phases: list[TimelinePhase] = ()) -> Chart:
    title = _("Frise chronologique de l'histoire de la structure")
    headers = [_("Date"), _("Événement"), _("Logique fondatrice"), _("Phase")]
    if not events:
        return empty_chart(
            title, headers, _("Aucun événement saisi : ajoutez les dates clés de l'histoire.")
        )
    events = sorted(events, key=lambda e: e.date)
    width, left, right = 900, 60, 60
    axis_y, label_chars = 200, 24
    first, last = events[0].date, events[-1].date
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        if first == last:
            return width / 2
        return left + (day - first).days / span * (width - left - right)

    def phase_of(day: date) -> str:
        for phase in phases:
            if phase.start <= day <= phase.end:
                return phase.label
        return DASH

    body = ["<defs>"]
    for logic, path in HATCHES.items():
        colour = LOGIC_STYLE[logic][1]
        body.append(
            f'<pattern id="tl-hatch-{logic or "none"}" width="6" height="6" '
            f'patternUnits="userSpaceOnUse"><path d="{path}" stroke="{colour}" '
            'stroke-width="1"/></pattern>'
        )
    body.append("</defs>")
    # Phases: hatched bands behind the axis, each named in its band.
    for phase in phases:
        x1, x2 = x_of(phase.start), x_of(phase.end)
        if x2 - x1 < 14:
            x1, x2 = x1 - 7, x2 + 7
        body.append(
            f'<rect x="{coord(x1)}" y="{axis_y - 20}" width="{coord(x2 - x1)}" height="40" '
            f'fill="url(#tl-hatch-{phase.logic or "none"})" stroke="#555" stroke-width="0.5" '
            'fill-opacity="0.6"/>'
        )
        body.append(
            svg_text(
                (x1 + x2) / 2,
                axis_y + 34,
                truncate(phase.label, 30),
                size=11,
                anchor="middle",
                extra=' font-style="italic"',
            )
        )
    body.append(
        f'<line x1="{left - 20}" y1="{axis_y}" x2="{width - right + 20}" y2="{axis_y}" '
        'stroke="#000" stroke-width="2"/>'
    )
    # Labels alternate above and below the axis, on four levels, so neighbours don't
    # overlap; the full text is in the table.
    offsets = (-60, 80, -110, 130)
    rows = []
    for index, event in enumerate(events):
        x = x_of(event.date)
        shape, colour = LOGIC_STYLE.get(event.logic, LOGIC_STYLE[""])
        label_y = axis_y + offsets[index % 4]
        end_y = label_y + (4 if label_y < axis_y else -14)
        body.append(
            f'<line x1="{coord(x)}" y1="{axis_y}" x2="{coord(x)}" y2="{end_y}" stroke="#777" '
            'stroke-width="0.75"/>'
        )
        body.append(_marker(shape, x, axis_y, colour))
        anchor = "middle"
        if x < left + 60:
            anchor = "start"
        elif x > width - right - 60:
            anchor = "end"
        body.append(
            svg_text(
                x,
                label_y,
                str(event.date.year),
                size=11,
                anchor=anchor,
                extra=' font-weight="bold"',
            )
        )
        body.append(
            svg_text(x, label_y + 13, truncate(event.label, label_chars), size=11, anchor=anchor)
        )
        rows.append(
            [french_date(event.date), event.label, _logic_label(event.logic), phase_of(event.date)]
        )
    # Legend: one marker per logic present.
    used = list(
        dict.fromkeys(event.logic if event.logic in LOGIC_STYLE else "" for event in events)
    )
    legend_y = 372
    x = left
    for logic in used:
        shape, colour = LOGIC_STYLE[logic]
        body.append(_marker(shape, x, legend_y - 4, colour))
        label = _logic_label(logic)
        body.append(svg_text(x + 12, legend_y, label, size=11))
        x += 30 + 7 * len(label)
    desc = _(
        "%(count)s événements de %(first)s à %(last)s, marqués par leur logique fondatrice."
    ) % {
        "count": len(events),
        "first": first.year,
        "last": last.year,
    }
    return Chart(
        title, svg_document("timeline", width, 390, title, desc, body), headers, rows, False
    )


# --- sociogram ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SocioActor:
    key: int
    name: str
    power: int


@dataclass(frozen=True)
class SocioRelation:
    source: int
    target: int
    kind: str  # alliance / negotiation / opposition
    intensity: int


RELATION_STYLE = {
    "alliance": ("#1b5e20", ""),
    "negotiation": ("#37474f", ' stroke-dasharray="9 5"'),
    "opposition": ("#b00020", ' stroke-dasharray="2 4" stroke-linecap="round"'),
}


def relation_label(kind: str) -> str:
    return {
        "alliance": _("alliance"),
        "negotiation": _("négociation"),
        "opposition": _("opposition"),
    }.get(kind, kind)


def draw_sociogram(actors: list[SocioActor], relations: list[SocioRelation]) -> Chart:
    title = _("Sociogramme des acteurs et de leurs relations")
    headers = [_("Acteur"), _("Score de pouvoir (0–12)"), _("Relations (nature, intensité)")]
    if not actors:
        return empty_chart(
            title, headers, _("Aucun acteur saisi : ajoutez les acteurs et leurs relations.")
        )
    width, height = 760, 600
    cx, cy, radius = width / 2, 270, 200
    positions = {}
    for index, actor in enumerate(actors):
        angle = -math.pi / 2 + 2 * math.pi * index / len(actors)
        positions[actor.key] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle), angle)
    names = {actor.key: actor.name for actor in actors}
    body = []
    for relation in relations:
        if relation.source not in positions or relation.target not in positions:
            continue
        x1, y1, _a = positions[relation.source]
        x2, y2, _b = positions[relation.target]
        colour, dash = RELATION_STYLE.get(relation.kind, ("#000", ""))
        stroke = 1 + 1.5 * max(1, min(3, relation.intensity))
        body.append(
            f'<line class="relation relation--{escape(relation.kind)}" x1="{coord(x1)}" '
            f'y1="{coord(y1)}" x2="{coord(x2)}" y2="{coord(y2)}" stroke="{colour}" '
            f'stroke-width="{coord(stroke)}"{dash}><title>'
            + escape(
                f"{names[relation.source]} → {names[relation.target]} : "
                f"{relation_label(relation.kind)} ({relation.intensity})"
            )
            + "</title></line>"
        )
    rows = []
    for actor in actors:
        x, y, angle = positions[actor.key]
        node = 8 + 2.5 * max(0, min(12, actor.power))
        body.append(
            f'<circle class="actor" cx="{coord(x)}" cy="{coord(y)}" r="{coord(node)}" '
            f'fill="#e3edf7" stroke="#00467f" stroke-width="2"><title>'
            + escape(f"{actor.name} : {actor.power}")
            + "</title></circle>"
        )
        lx = x + (node + 8) * math.cos(angle)
        ly = y + (node + 8) * math.sin(angle) + 4
        anchor = (
            "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        )
        body.append(svg_text(lx, ly, truncate(actor.name, 26), size=12, anchor=anchor))
        body.append(
            svg_text(
                x, y + 4, str(actor.power), size=11, anchor="middle", extra=' font-weight="bold"'
            )
        )
        own = [
            f"{relation_label(r.kind)} avec {names.get(r.target, '?')} ({r.intensity})"
            for r in relations
            if r.source == actor.key
        ]
        rows.append([actor.name, str(actor.power), " ; ".join(own) or DASH])
    # Legend.
    legend_y = height - 40
    x = 40
    for kind in ("alliance", "negotiation", "opposition"):
        colour, dash = RELATION_STYLE[kind]
        body.append(
            f'<line x1="{x}" y1="{legend_y}" x2="{x + 40}" y2="{legend_y}" stroke="{colour}" '
            f'stroke-width="3"{dash}/>'
        )
        body.append(svg_text(x + 48, legend_y + 4, relation_label(kind), size=12))
        x += 170
    body.append(
        svg_text(
            40,
            legend_y + 24,
            _("Taille du cercle : score de pouvoir ; épaisseur du trait : intensité (1 à 3)."),
            size=11,
        )
    )
    desc = _("%(actors)s acteurs et %(relations)s relations.") % {
        "actors": len(actors),
        "relations": len(relations),
    }
    return Chart(
        title, svg_document("sociogram", width, height, title, desc, body), headers, rows, False
    )


# --- resource mix ---------------------------------------------------------------------------

POLE_FILLS = {
    Pole.MARKET: '<rect width="6" height="6" fill="#00467f"/>',
    Pole.REDISTRIBUTION: (
        '<rect width="6" height="6" fill="#fff"/>'
        '<path d="M0 6 L6 0" stroke="#b5651d" stroke-width="1.5"/>'
    ),
    Pole.RECIPROCITY: (
        '<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.4" fill="#2e7d32"/>'
    ),
}


@dataclass(frozen=True)
class PoleBar:
    pole: str
    label: str
    amount: Decimal
    share: Decimal | None


def draw_resource_mix(bars: list[PoleBar], note: str = "") -> Chart:
    """One horizontal bar per pole; `note` (e.g. what the réciprocité includes) under it."""
    title = _("Ressources par pôle de l'économie plurielle")
    headers = [_("Pôle"), _("Montant"), _("Part")]
    total = sum((bar.amount for bar in bars), Decimal(0))
    if not bars or total <= 0:
        return empty_chart(
            title, headers, _("Aucune ressource saisie : ajoutez les lignes de ressources.")
        )
    width, left, bar_max = 760, 150, 380
    body = ["<defs>"]
    for pole, content in POLE_FILLS.items():
        body.append(
            f'<pattern id="mix-{pole}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f"{content}</pattern>"
        )
    body.append("</defs>")
    rows = []
    for index, bar in enumerate(bars):
        y = 20 + index * 50
        share = bar.share if bar.share is not None else (bar.amount / total)
        length = max(float(share) * bar_max, 1)
        body.append(svg_text(left - 10, y + 22, bar.label, size=13, anchor="end"))
        body.append(
            f'<rect class="bar" x="{left}" y="{y}" width="{coord(length)}" height="32" '
            f'fill="url(#mix-{bar.pole})" stroke="#000" stroke-width="1"/>'
        )
        figure = f"{french_percent(share)} — {french_money(bar.amount, 0)}"
        body.append(svg_text(left + length + 8, y + 22, figure, size=13))
        rows.append([bar.label, french_money(bar.amount), french_percent(share)])
    height = 30 + len(bars) * 50
    if note:
        body.append(svg_text(left, height + 4, note, size=11))
        rows.append([note, "", ""])
        height += 24
    desc = _(
        "Total : %(total)s, réparti entre les pôles marchand, redistribution et réciprocité."
    ) % {"total": french_money(total)}
    return Chart(
        title, svg_document("resources", width, height, title, desc, body), headers, rows, False
    )


# --- radar ----------------------------------------------------------------------------------


def draw_radar(themes: list[tuple[str, int | None]]) -> Chart:
    title = _("Radar des huit thèmes du guide des bonnes pratiques")
    headers = [_("Thème"), _("Note (0 à 3)")]
    if not themes or all(score is None for _label, score in themes):
        return empty_chart(title, headers, _("Aucun thème noté : notez les huit thèmes de 0 à 3."))
    width, height = 720, 520
    cx, cy, radius = width / 2, height / 2, 170
    count = len(themes)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return cx + radius * value / 3 * math.cos(angle), cy + radius * value / 3 * math.sin(angle)

    body = []
    for ring in (1, 2, 3):
        points = " ".join(
            f"{coord(x)},{coord(y)}" for x, y in (point(i, ring) for i in range(count))
        )
        body.append(f'<polygon points="{points}" fill="none" stroke="#999" stroke-width="0.75"/>')
        rx, ry = point(0, ring)
        body.append(svg_text(rx + 4, ry + 4, str(ring), size=10))
    rows = []
    for index, (label, score) in enumerate(themes):
        x, y = point(index, 3)
        body.append(
            f'<line class="axis" x1="{coord(cx)}" y1="{coord(cy)}" x2="{coord(x)}" y2="{coord(y)}" '
            'stroke="#555" stroke-width="1"/>'
        )
        lx, ly = point(index, 3.35)
        cos = (lx - cx) / radius
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        body.append(svg_text(lx, ly + 4, truncate(label, 34), size=12, anchor=anchor))
        rows.append([label, DASH if score is None else str(score)])
    values = [point(i, score or 0) for i, (_label, score) in enumerate(themes)]
    body.append(
        '<polygon class="scores" points="'
        + " ".join(f"{coord(x)},{coord(y)}" for x, y in values)
        + '" fill="#00467f" fill-opacity="0.25" stroke="#00467f" stroke-width="2.5"/>'
    )
    for (x, y), (_label, score) in zip(values, themes, strict=True):
        if score is not None:
            body.append(f'<circle cx="{coord(x)}" cy="{coord(y)}" r="4" fill="#00467f"/>')
    desc = "; ".join(f"{label} : {DASH if s is None else s}/3" for label, s in themes)
    return Chart(
        title, svg_document("radar", width, height, title, desc, body), headers, rows, False
    )


# --- SWOT -----------------------------------------------------------------------------------

QUADRANTS = (
    (Quadrant.STRENGTH, gettext_lazy("Forces")),
    (Quadrant.WEAKNESS, gettext_lazy("Faiblesses")),
    (Quadrant.OPPORTUNITY, gettext_lazy("Opportunités")),
    (Quadrant.THREAT, gettext_lazy("Menaces")),
)
STAR = "★"


def draw_swot(items: list[tuple[str, str, bool]]) -> Chart:
    """items: (quadrant, text, key issue)."""
    title = _("Tableau forces, faiblesses, opportunités, menaces")
    headers = [_("Catégorie"), _("Élément"), _("Enjeu clé")]
    if not items:
        return empty_chart(
            title, headers, _("Aucun élément saisi : classez les constats de B à D.")
        )
    by_quadrant = {code: [item for item in items if item[0] == code] for code, _l in QUADRANTS}
    lines = max(len(found) for found in by_quadrant.values())
    cell_w, line_h = 380, 18
    cell_h = max(120, 50 + lines * line_h)
    width, height = 2 * cell_w + 20, 2 * cell_h + 50
    body = []
    rows = []
    for index, (code, label) in enumerate(QUADRANTS):
        x = 10 + (index % 2) * cell_w
        y = 10 + (index // 2) * (cell_h + 10)
        fill = "#f2f7fb" if code in (Quadrant.STRENGTH, Quadrant.OPPORTUNITY) else "#fbf3ee"
        body.append(
            f'<rect class="quadrant" x="{x}" y="{y}" width="{cell_w - 10}" height="{cell_h}" '
            f'fill="{fill}" stroke="#000" stroke-width="1.5"/>'
        )
        body.append(svg_text(x + 12, y + 24, str(label), size=15, extra=' font-weight="bold"'))
        for number, (_q, text, key) in enumerate(by_quadrant[code]):
            prefix = f"{STAR} " if key else "• "
            body.append(
                svg_text(
                    x + 14,
                    y + 48 + number * line_h,
                    prefix + truncate(text, 48),
                    size=12,
                    extra=' font-weight="bold"' if key else "",
                )
            )
            rows.append([str(label), text, STAR + " " + _("oui") if key else _("non")])
    body.append(svg_text(10, height - 8, _("★ : enjeu clé retenu pour la problématique."), size=11))
    desc = ", ".join(f"{label!s} : {len(by_quadrant[code])}" for code, label in QUADRANTS)
    return Chart(
        title, svg_document("swot", width, height, title, desc, body), headers, rows, False
    )


# --- from the workbook's outputs ------------------------------------------------------------


def timeline_chart(outputs) -> Chart:
    events = [
        TimelinePoint(event.date, event.event, event.logic or "", event.kind)
        for event in outputs.records.events
    ]
    phases = [
        TimelinePhase(
            phase.start, phase.end, phase.logic, _("Phase %(logic)s") % {"logic": phase.label}
        )
        for phase in outputs.history.phases
    ]
    return draw_timeline(events, phases)


def sociogram_chart(outputs) -> Chart:
    actors = [SocioActor(a.actor_id, a.name, a.power) for a in outputs.organisation.actors]
    relations = [
        SocioRelation(r.source_id, r.target_id, r.kind, r.intensity)
        for r in outputs.records.relations
    ]
    return draw_sociogram(actors, relations)


def resource_mix_chart(outputs) -> Chart:
    resources = outputs.resources
    bars = []
    for share in resources.pole_shares:
        label = str(share.label).capitalize()
        if share.key == Pole.RECIPROCITY and resources.contributions_in_kind:
            label = _("%(pole)s*") % {"pole": label}
        bars.append(PoleBar(share.key, label, share.amount or Decimal(0), share.share))
    note = ""
    if resources.contributions_in_kind:
        note = _("* dont contributions volontaires en nature : %(value)s") % {
            "value": french_money(resources.contributions_in_kind)
        }
    return draw_resource_mix(bars, note)


def radar_chart(outputs) -> Chart:
    return draw_radar([(str(theme.label), theme.score) for theme in outputs.governance.themes])


def swot_chart(outputs) -> Chart:
    return draw_swot(
        [(item.quadrant, item.text, item.key_issue) for item in outputs.records.swot_items]
    )


CHARTS = {
    "timeline": timeline_chart,
    "sociogram": sociogram_chart,
    "resources": resource_mix_chart,
    "radar": radar_chart,
    "swot": swot_chart,
}


def chart(outputs, name: str) -> Chart:
    """The chart `name` (timeline, sociogram, resources, radar, swot) of the outputs."""
    return CHARTS[name](outputs)


def all_charts(outputs) -> dict[str, Chart]:
    return {name: build(outputs) for name, build in CHARTS.items()}
