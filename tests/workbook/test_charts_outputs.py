"""The charts drawn from a workbook's outputs, the `workbook_chart` tag and the section
partials (A–H) with their French figures.

Worked example (tests/workbook/charts_data.py, year 2025 parameters of the seed table):
- volunteering: 100 h × 11,88 €/h = 1 188,00 € (SMIC); × 1,42 = 1 686,96 € (SMIC chargé,
  retained); FTE 100 / 1 607 = 0,06;
- resources: 30 000 € (redistribution) + 10 000 € (marchand) + 1 686,96 € in kind
  (réciprocité) = 41 686,96 €: shares 0,7197, 0,2399, 0,0405 (4 places, computations)
  shown as 72,0 %, 24,0 %, 4,1 %; HHI 0,75² + 0,25² = 0,6250;
- extended budget 60 000 + 1 686,96 = 61 686,96 €; emissions 10 000 kWh × 0,052 = 520 kg,
  per FTE (2) 260 kg, per 1 000 € 520 / 61,68696 = 8,43 kg;
- AG participation (18 + 6) / 40 = 60,0 %; conflict density 1 / 1 = 100,0 %;
- power: Bureau 3 + 2 + 1 = 6, the mayor's office 3.
"""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string

from essor.workbook import charts
from essor.workbook.outputs import workbook_outputs

from .charts_data import EVIL, filled_workbook

pytestmark = pytest.mark.django_db
NB, NNB = "\u00a0", "\u202f"  # before a unit, between thousands


@pytest.fixture
def outputs(personas):
    return workbook_outputs(filled_workbook(personas["enrolment"]))


def flat(html: str) -> str:
    return " ".join(html.replace(NB, " ").replace("\u202f", " ").split())


def test_each_chart_reads_the_outputs(outputs):
    timeline = charts.timeline_chart(outputs)
    assert [row[1] for row in timeline.rows] == ["Fondation", EVIL]
    assert "Phase entraide" in str(timeline.svg)
    sociogram = charts.sociogram_chart(outputs)
    assert sociogram.rows[0][:2] == ["Bureau", "6"]
    assert sociogram.rows[1][:2] == [EVIL, "3"]
    resources = charts.resource_mix_chart(outputs)
    assert resources.rows[:3] == [
        ["Marchand", f"10{NNB}000,00{NB}€", f"24,0{NB}%"],
        ["Redistribution", f"30{NNB}000,00{NB}€", f"72,0{NB}%"],
        ["Réciprocité*", f"1{NNB}686,96{NB}€", f"4,1{NB}%"],
    ]
    assert "contributions volontaires en nature" in resources.rows[3][0]
    radar = charts.radar_chart(outputs)
    assert len(radar.rows) == 8
    assert radar.rows[0][1] == "3" and radar.rows[3][1] == "—"
    swot = charts.swot_chart(outputs)
    assert swot.rows == [["Forces", "Bénévoles fidèles", "★ oui"], ["Menaces", EVIL, "★ oui"]]
    for chart in charts.all_charts(outputs).values():
        assert not chart.empty
        assert "<script>" not in str(chart.svg)


def test_the_tag_renders_figure_caption_and_data_table(outputs):
    html = Template('{% load workbook_charts %}{% workbook_chart outputs "sociogram" %}').render(
        Context({"outputs": outputs})
    )
    assert html.count("<figure") == 1
    assert "<figcaption" in html and "<svg" in html
    assert "<summary>Données du graphique</summary>" in html
    assert html.count("<table") == 2  # in the <details>, and a copy shown only in print
    assert 'class="workbook-chart__print"' in html
    assert '<th scope="col">Acteur</th>' in html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie" in html


def test_an_empty_workbook_shows_sentences_not_pictures(personas):
    from essor.workbook.access import ensure_workbook

    outputs = workbook_outputs(ensure_workbook(personas["enrolment2"]))
    for name in charts.CHARTS:
        html = Template("{% load workbook_charts %}{% workbook_chart outputs name %}").render(
            Context({"outputs": outputs, "name": name})
        )
        assert "<svg" not in html
        assert "workbook-chart__empty" in html
    for code in "ABCDEFGH":
        render_to_string(f"workbook/outputs/_{code}.html", {"outputs": outputs})


def test_the_partials_show_the_french_figures(outputs):
    def part(code):
        html = render_to_string(f"workbook/outputs/_{code}.html", {"outputs": outputs})
        assert "<script>" not in html
        return flat(html)

    a = part("A")
    assert "Une gouvernance démocratique" in a
    assert "renseignez les cinq plus hautes rémunérations" in a
    assert "Lien social et cohésion territoriale" in a
    assert "SMIC annuel de référence : 21 622,08 €" in a  # 11,88 × 1 820,04
    assert "<svg" in part("B")
    c = part("C")
    assert "100,0 %" in c and "oppositions : 1 ; relations : 1" in c
    d = part("D")
    assert "1 188,00 €" in d and "1 686,96 €" in d
    assert "100,00 h × 11,88 €/h × 1,42" in d  # hours and rate beside the euros
    assert "soit 0,06 ETP sur la base de 1 607 h par an" in d
    assert "SMIC horaire brut" in d and "2025" in d
    assert "864" in d and "875" in d
    assert "readonly" in d  # the copyable paragraph
    assert "0,6250" in d and "Ville — 30 000,00 € (75,0 %)" in d
    assert "61 686,96 €" in d
    assert "★ Bénévoles fidèles" in part("E")
    f = part("F")
    assert "Engagement bénévole" in f and "boîte à outils de prospective" in f
    g = part("G")
    assert "60,0 %" in g and g.count('class="axis"') == 8
    h = part("H")
    assert "Électricité (France)" in h and "0,052 kg CO2e/kWh" in h
    assert "520,00" in h and "260,00 kg CO2e" in h and "8,43 kg CO2e" in h
    assert "ADEME" in h
