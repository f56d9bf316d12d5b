"""The foresight charts: one point per variable, one arrow per variable, the threshold
lines and sector names, escaped labels, the data table equal to the figures."""

import re

import pytest

from essor.core.numbers import french_number, french_percent
from essor.foresight import charts, engine

LABELS = ["Financement", "Bénévolat", "<script>alert(1)</script> & co"]
MATRIX = [[0, 3, 1], [2, 0, "P"], [1, 1, 0]]
MACTOR = {
    "actors": ["État", "Association", "Mécène <b>"],
    "objectives": ["Tiers-lieu", "Salarié"],
    "mid": [[0, 3, 2], [1, 0, 1], [2, 2, 0]],
    "mao": [[2, -1], [4, 3], [-1, 0]],
}


@pytest.fixture
def micmac():
    return engine.micmac(LABELS, MATRIX)


def count(svg, pattern: str) -> int:
    return len(re.findall(pattern, str(svg)))


@pytest.mark.parametrize(
    "name", ["micmac_direct", "micmac_indirect", "micmac_potential", "micmac_potential_indirect"]
)
def test_planes_have_a_point_per_variable_thresholds_and_sectors(micmac, name):
    chart = charts.chart(micmac, name)
    assert not chart.empty
    svg = str(chart.svg)
    assert count(svg, r'<circle class="point"') == 3
    assert count(svg, r'class="threshold threshold--') == 2
    for sector in (
        "Variables influentes",
        "Variables relais",
        "Variables dépendantes",
        "Variables autonomes",
    ):
        assert sector in svg
    assert 'role="img"' in svg and "<title " in svg and "<desc " in svg
    assert len(chart.rows) == 3


def test_labels_are_escaped(micmac):
    for name in charts.CHARTS:
        data = MACTOR if name.startswith("mactor") else None
        result = engine.mactor(**MACTOR) if name.startswith("mactor") else micmac
        svg = str(charts.chart(result, name, data).svg)
        assert "<script>" not in svg and "<b>" not in svg
    svg = str(charts.chart(micmac, "micmac_direct").svg)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg


def test_direct_plane_table_equals_the_figures(micmac):
    chart = charts.chart(micmac, "micmac_direct")
    assert chart.headers == ["Variable", "Influence", "Dépendance", "Secteur"]
    # I = (4, 2, 2), D = (3, 4, 1): mean 8/3 → relais, dépendante, autonome.
    assert chart.rows == [
        ["Financement", "4", "3", "relais"],
        ["Bénévolat", "2", "4", "dépendante"],
        [LABELS[2], "2", "1", "autonome"],
    ]


def test_indirect_plane_table_holds_the_shares(micmac):
    chart = charts.chart(micmac, "micmac_indirect")
    shares = micmac["indirect"]["influence"]
    assert [row[1] for row in chart.rows] == [french_percent(v) for v in shares]
    assert "Puissance k = " in str(chart.svg)


def test_potential_planes_are_empty_without_p_cells():
    result = engine.micmac(LABELS, [[0, 3, 1], [2, 0, 0], [1, 1, 0]])
    chart = charts.chart(result, "micmac_potential")
    assert chart.empty and "« P »" in chart.empty_text
    assert "micmac_potential" not in charts.all_charts("micmac", result)


def test_displacement_map_draws_one_arrow_per_variable(micmac):
    chart = charts.chart(micmac, "micmac_displacement")
    svg = str(chart.svg)
    assert count(svg, r'<line class="arrow"') == 3
    assert count(svg, r'<circle class="origin"') == 3
    assert count(svg, r'class="threshold threshold--') == 2
    first = micmac["map"][0]
    assert chart.rows[0][:5] == [
        "Financement",
        french_percent(first["direct"]["y"]),
        french_percent(first["direct"]["x"]),
        french_percent(first["indirect"]["y"]),
        french_percent(first["indirect"]["x"]),
    ]


def test_mactor_plane_places_the_actors():
    result = engine.mactor(**MACTOR)
    chart = charts.chart(result, "mactor_plane", MACTOR)
    svg = str(chart.svg)
    assert count(svg, r'<circle class="point"') == 3
    assert "Acteurs dominants" in svg and "Acteurs dominés" in svg
    assert [row[:3] for row in chart.rows] == [
        [actor, str(i), str(d)]
        for actor, i, d in zip(
            MACTOR["actors"], result["influence"], result["dependence"], strict=True
        )
    ]


@pytest.mark.parametrize(
    ("name", "key"), [("mactor_convergence", "caa2"), ("mactor_divergence", "daa2")]
)
def test_graphs_draw_the_strongest_links(name, key):
    result = engine.mactor(**MACTOR)
    chart = charts.chart(result, name, MACTOR)
    values = [result[key][i][j] for i in range(3) for j in range(i + 1, 3) if result[key][i][j] > 0]
    mean = sum(values) / len(values)
    assert count(chart.svg, r'<line class="link"') == sum(v >= mean for v in values)
    assert count(chart.svg, r'<circle class="actor"') == 3
    assert len(chart.rows) == len(values)
    assert {row[3] for row in chart.rows} <= {"oui", "non"}


def test_mobilisation_histogram_has_for_and_against_bars():
    result = engine.mactor(**MACTOR)
    chart = charts.chart(result, "mactor_mobilisation", MACTOR)
    assert count(chart.svg, r'class="bar bar--for"') == 2
    assert count(chart.svg, r'class="bar bar--against"') == 2
    assert chart.rows == [
        [
            o["name"],
            french_number(o["for"], 2),
            french_number(o["against"], 2),
            french_number(o["mobilisation"], 2),
        ]
        for o in result["objectives"]
    ]


def test_smic_bars_are_sorted_and_name_the_hypotheses():
    data = {
        "hypotheses": ["H1", "H2"],
        "experts": [
            {
                "p": [0.6, 0.5],
                "p_given": [[0, 0.7], [0.35 / 0.6, 0]],
                "p_given_not": [[0, 0.5], [0.375, 0]],
            }
        ],
    }
    result = engine.smic(**data)
    chart = charts.chart(result, "smic_scenarios", data)
    assert count(chart.svg, r'<rect class="bar"') == 4
    # π = 0,35 (11), 0,25 (10), 0,15 (01), 0,25 (00): sorted, ties in binary order.
    assert [row[0] for row in chart.rows] == ["11", "10", "00", "01"]
    assert chart.rows[0] == ["11", "H1, H2", "35,0\u00a0%"]
    assert chart.rows[2][1] == "aucune"


def test_empty_results_give_empty_charts():
    for name in charts.CHARTS:
        chart = charts.chart({}, name)
        assert chart.empty and chart.empty_text


def test_smic_ties_stay_in_binary_order():
    # Independent hypotheses at 1/2: every scenario 1/8 (up to float noise).
    data = {
        "hypotheses": ["H1", "H2", "H3"],
        "experts": [
            {
                "p": [0.5, 0.5, 0.5],
                "p_given": [[0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]],
                "p_given_not": [[0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]],
            }
        ],
    }
    chart = charts.chart(engine.smic(**data), "smic_scenarios", data)
    assert [row[0] for row in chart.rows] == [
        "111",
        "110",
        "101",
        "100",
        "011",
        "010",
        "001",
        "000",
    ]
    assert {row[2] for row in chart.rows} == {"12,5\u00a0%"}
