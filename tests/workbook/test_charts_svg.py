"""The workbook's SVG pictures on plain inputs: the elements are there (one circle per
actor, one line per relation, eight radar axes, a labelled bar per pole), user text stays
text, empty data gives a sentence, and the data table holds the picture's figures."""

from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

from essor.workbook import charts
from essor.workbook.charts import PoleBar, SocioActor, SocioRelation, TimelinePhase, TimelinePoint

SVG = "{http://www.w3.org/2000/svg}"
EVIL = "<script>alert(1)</script> & Cie"


def parse(chart) -> ElementTree.Element:
    root = ElementTree.fromstring(str(chart.svg))  # well-formed XML, or this raises
    assert root.get("role") == "img"
    assert root.get("viewBox")
    assert root.find(f"{SVG}title").text == chart.title
    assert root.find(f"{SVG}desc").text
    return root


def texts(root) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_sociogram_has_one_circle_per_actor_and_one_line_per_relation():
    actors = [SocioActor(1, "Bureau", 9), SocioActor(2, EVIL, 4), SocioActor(3, "Mairie", 0)]
    relations = [
        SocioRelation(1, 2, "alliance", 3),
        SocioRelation(2, 3, "negotiation", 1),
        SocioRelation(1, 3, "opposition", 2),
    ]
    chart = charts.draw_sociogram(actors, relations)
    root = parse(chart)
    assert len([c for c in root.iter(f"{SVG}circle") if c.get("class") == "actor"]) == 3
    lines = [line for line in root.iter(f"{SVG}line") if "relation" in (line.get("class") or "")]
    assert len(lines) == 3
    by_kind = {line.get("class").split("--")[1]: line for line in lines}
    assert by_kind["alliance"].get("stroke-dasharray") is None
    assert by_kind["negotiation"].get("stroke-dasharray")
    assert (
        by_kind["opposition"].get("stroke-dasharray")
        and by_kind["opposition"].get("stroke") == "#b00020"
    )
    # Width by intensity: 3 is wider than 1.
    assert float(by_kind["alliance"].get("stroke-width")) > float(
        by_kind["negotiation"].get("stroke-width")
    )
    # Node size by power score.
    radii = {
        c.find(f"{SVG}title").text: float(c.get("r"))
        for c in root.iter(f"{SVG}circle")
        if c.get("class") == "actor"
    }
    assert radii["Bureau : 9"] > radii["Mairie : 0"]
    # The name is text, escaped in the source and readable in the tree.
    assert "<script>" not in str(chart.svg)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie" in str(chart.svg)
    assert any(t.startswith("<script>alert(1)") for t in texts(root))
    # Legend: the three kinds.
    assert {"alliance", "négociation", "opposition"} <= set(texts(root))
    # Table: one row per actor, the power score as in the picture, the relations listed.
    assert chart.rows[0] == [
        "Bureau",
        "9",
        "alliance avec " + EVIL + " (3) ; opposition avec Mairie (2)",
    ]
    assert [row[1] for row in chart.rows] == ["9", "4", "0"]
    assert chart.rows[2][2] == "—"


def test_radar_has_eight_axes_with_their_labels():
    themes = [(f"Thème {i}", i % 4) for i in range(7)] + [(EVIL, None)]
    chart = charts.draw_radar(themes)
    root = parse(chart)
    assert len([line for line in root.iter(f"{SVG}line") if line.get("class") == "axis"]) == 8
    labels = texts(root)
    for i in range(7):
        assert f"Thème {i}" in labels
    assert "<script>" not in str(chart.svg)
    assert chart.rows == [[f"Thème {i}", str(i % 4)] for i in range(7)] + [[EVIL, "—"]]
    assert len(root.find(f"{SVG}polygon[@class='scores']").get("points").split()) == 8


def test_resource_mix_bars_carry_percent_and_euros():
    bars = [
        PoleBar("marchand", "Marchand", Decimal("30000"), Decimal("0.6")),
        PoleBar("redistribution", "Redistribution", Decimal("15000"), Decimal("0.3")),
        PoleBar("reciprocite", "Réciprocité", Decimal("5000"), Decimal("0.1")),
    ]
    chart = charts.draw_resource_mix(bars)
    root = parse(chart)
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(rects) == 3
    assert float(rects[0].get("width")) == 2 * float(rects[1].get("width"))
    labels = texts(root)
    assert "60,0\u00a0% — 30\u202f000\u00a0€" in labels
    assert "10,0\u00a0% — 5\u202f000\u00a0€" in labels
    assert chart.rows == [
        ["Marchand", "30\u202f000,00\u00a0€", "60,0\u00a0%"],
        ["Redistribution", "15\u202f000,00\u00a0€", "30,0\u00a0%"],
        ["Réciprocité", "5\u202f000,00\u00a0€", "10,0\u00a0%"],
    ]


def test_timeline_alternates_labels_and_keeps_full_text_in_the_table():
    long_name = "Création de l'association par les habitants du quartier des Tilleuls"
    events = [
        TimelinePoint(date(1998, 3, 1), long_name, "entraide", "founding"),
        TimelinePoint(date(2005, 1, 1), EVIL, "aide", "first_hire"),
        TimelinePoint(date(2012, 6, 1), "Crise", "", "crisis"),
    ]
    phases = [TimelinePhase(date(1998, 3, 1), date(2004, 12, 31), "entraide", "Phase entraide")]
    chart = charts.draw_timeline(events, phases)
    root = parse(chart)
    labels = texts(root)
    assert long_name not in labels
    assert any(label.endswith("…") for label in labels)
    assert "Phase entraide" in labels
    years = [t for t in root.iter(f"{SVG}text") if (t.text or "") in {"1998", "2005", "2012"}]
    ys = [float(t.get("y")) for t in years]
    assert ys[0] < 200 < ys[1]  # above, then below the axis
    assert "<script>" not in str(chart.svg)
    assert chart.rows[0] == ["1er mars 1998", long_name, "entraide", "Phase entraide"]
    assert chart.rows[1][1] == EVIL
    assert chart.rows[2][2:] == ["non précisée", "—"]


def test_swot_lists_items_per_quadrant_and_marks_key_issues():
    items = [
        ("strength", "Bénévoles fidèles", True),
        ("weakness", EVIL, False),
        ("threat", "Baisse des subventions", True),
    ]
    chart = charts.draw_swot(items)
    root = parse(chart)
    assert len([r for r in root.iter(f"{SVG}rect") if r.get("class") == "quadrant"]) == 4
    labels = texts(root)
    assert {"Forces", "Faiblesses", "Opportunités", "Menaces"} <= set(labels)
    assert "★ Bénévoles fidèles" in labels
    assert "<script>" not in str(chart.svg)
    assert chart.rows == [
        ["Forces", "Bénévoles fidèles", "★ oui"],
        ["Faiblesses", EVIL, "non"],
        ["Menaces", "Baisse des subventions", "★ oui"],
    ]


def test_empty_data_gives_a_sentence_not_a_picture():
    for chart in (
        charts.draw_timeline([]),
        charts.draw_sociogram([], []),
        charts.draw_resource_mix([]),
        charts.draw_radar([("A", None)] * 8),
        charts.draw_swot([]),
    ):
        assert chart.empty
        assert str(chart.svg) == ""
        assert chart.rows == []
        assert chart.empty_text.startswith("Aucun")
