"""The section pages show the computed outputs and charts of a filled workbook, for the
participant and for the tutor reading it."""

import pytest

from .charts_data import filled_workbook

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("A", "Vérifications ESUS"),
        ("B", "Frise chronologique de l&#x27;histoire de la structure"),
        ("C", "Sociogramme des acteurs et de leurs relations"),
        ("D", "Ressources par pôle de l&#x27;économie plurielle"),
        ("E", "Tableau forces, faiblesses, opportunités, menaces"),
        ("F", "Engagement bénévole"),
        ("G", "Radar des huit thèmes du guide des bonnes pratiques"),
        ("H", "Électricité (France)"),
    ],
)
def test_each_section_page_shows_its_outputs(personas, client, code, expected):
    enrolment = personas["enrolment"]
    filled_workbook(enrolment)
    client.force_login(personas["auditeur"])
    own = client.get(f"/cohorts/cs26-2025/workbook/{code}/")
    assert own.status_code == 200
    assert expected in own.content.decode()
    assert "<script>alert(1)" not in own.content.decode()
    client.force_login(personas["tuteur"])
    read = client.get(f"/workbook/{enrolment.pk}/{code}/")
    assert read.status_code == 200
    assert expected in read.content.decode()
