"""The results partials foresight/results/_<tool>.html: the tables of each tool (with the
figures of the engine) and the charts, from `study` and `result` in the context."""

from types import SimpleNamespace

from django.template.loader import render_to_string

from essor.foresight import engine

MICMAC = {"labels": ["A", "B", "C"], "matrix": [[0, 3, 1], [2, 0, "P"], [1, 1, 0]]}
MACTOR = {
    "actors": ["État", "Association", "Mécène"],
    "objectives": ["Tiers-lieu", "Salarié"],
    "mid": [[0, 3, 2], [1, 0, 1], [2, 2, 0]],
    "mao": [[2, -1], [4, 3], [-1, 0]],
}
MORPHOL = {
    "components": [
        {
            "name": "Financement",
            "hypotheses": [{"name": "Public", "p": 0.6}, {"name": "Privé", "p": 0.4}],
        },
        {
            "name": "Gouvernance",
            "hypotheses": [{"name": "Collégiale", "p": 0.5}, {"name": "Verticale", "p": 0.5}],
        },
    ],
    "exclusions": [["Privé", "Collégiale"]],
}
SMIC3 = {
    "hypotheses": ["H1", "H2", "H3"],
    "experts": [
        {
            "p": [0.5, 0.5, 0.5],
            "p_given": [[0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]],
            "p_given_not": [[0, 0.5, 0.5], [0.5, 0, 0.5], [0.5, 0.5, 0]],
        }
    ],
}


def render(tool: str, data: dict, result: dict) -> str:
    study = SimpleNamespace(tool=tool, data=data, title="Étude")
    return render_to_string(f"foresight/results/_{tool}.html", {"study": study, "result": result})


def test_micmac_partial_tables_and_charts():
    result = engine.micmac(**MICMAC)
    html = render("micmac", MICMAC, result)
    assert f"k = {result['indirect']['k']}" in html
    assert "Stabilité des classements à chaque puissance" in html
    assert html.count('<th scope="row">') >= 3 + 3 + len(result["indirect"]["stability"])
    assert "relais" in html and "dépendante" in html and "autonome" in html
    assert "Variables régulatrices" in html
    # direct, indirect, displacement, then the two potential planes (a P cell exists)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 5
    assert "Matrice potentielle (« P » = 3)" in html


def test_mactor_partial_tables_and_charts():
    result = engine.mactor(**MACTOR)
    html = render("mactor", MACTOR, result)
    for caption in (
        "Rapports de force des acteurs",
        "(MIDI)",
        "(2CAA)",
        "(2DAA)",
        "(3CAA)",
        "Mobilisation par objectif",
    ):
        assert caption in html
    # r* of the first actor with two decimals, French comma.
    assert f"{result['r_star'][0]:.2f}".replace(".", ",") in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 4


def test_morphol_partial_lists_the_scenarios_by_component():
    result = engine.morphol(**MORPHOL)
    html = render("morphol", MORPHOL, result)
    assert '<th scope="col">Financement</th>' in html and '<th scope="col">Gouvernance</th>' in html
    assert "37,50\u00a0%" in html and "25,00\u00a0%" in html
    assert "<svg" not in html


def test_smic_partial_shows_the_tie_rule_note():
    result = engine.smic(**SMIC3)
    html = render("smic", SMIC3, result)
    assert "Règle de départage" in html and "entropie maximale" in html
    assert "Probabilités corrigées des hypothèses" in html
    assert "P*(i | non j)" in html
    assert html.count('<rect class="bar"') == 8


def test_partials_escape_the_labels():
    data = {"labels": ["<script>x</script>", "B & C"], "matrix": [[0, 1], [2, 0]]}
    html = render("micmac", data, engine.micmac(**data))
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "B &amp; C" in html


def test_the_template_tag_renders_a_figure_with_its_data_table():
    from django.template import Context, Template

    result = engine.micmac(**MICMAC)
    html = Template(
        '{% load foresight_charts %}{% foresight_chart result "micmac_direct" %}'
    ).render(Context({"result": result}))
    assert html.count("<figure") == 1 and "<figcaption" in html
    assert 'role="img"' in html
    assert "Données du graphique" in html and '<th scope="row">A</th>' in html
    # Empty data: a sentence instead of a picture.
    html = Template(
        '{% load foresight_charts %}{% foresight_chart result "micmac_potential" %}'
    ).render(Context({"result": engine.micmac(["A", "B"], [[0, 1], [1, 0]])}))
    assert "<svg" not in html and "aucune case « P »" in html
