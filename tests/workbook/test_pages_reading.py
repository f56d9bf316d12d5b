"""Reading a participant's workbook: tutor and coordination read, nobody else; reading
never opens a workbook."""

import pytest
from django.urls import reverse

from essor.workbook.access import ensure_workbook
from essor.workbook.models import SwotItem, Workbook
from essor.workbook.services import save_section

pytestmark = pytest.mark.django_db


def test_tutor_reads_without_forms(client, personas):
    workbook = ensure_workbook(personas["enrolment"])
    workbook.enrolment = personas["enrolment"]
    save_section(
        workbook=workbook,
        code="A",
        by=personas["auditeur"],
        data={
            "name": "Les Amis",
            "family": "cooperative",
            "ess_aim": True,
            "utility_aims": ["vulnerable"],
            "creation_date": "2001-05-04",
            "employees_fte": "3.5",
        },
    )
    SwotItem.objects.create(workbook=workbook, quadrant="threat", text="Baisse des dons")
    client.force_login(personas["tuteur"])
    enrolment_id = personas["enrolment"].pk
    home = client.get(reverse("workbook:read", args=[enrolment_id]))
    assert home.status_code == 200
    assert "en cours" in home.content.decode()
    page = client.get(reverse("workbook:read-section", args=[enrolment_id, "A"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Les Amis" in html and "coopérative" in html and "Oui" in html
    assert "Soutien à des personnes en situation de fragilité" in html
    assert "4 mai 2001" in html and "3,5" in html
    assert 'name="name"' not in html and "workbook:autosave" not in html
    assert "/autosave" not in html
    page = client.get(reverse("workbook:read-section", args=[enrolment_id, "E"]))
    html = page.content.decode()
    assert "Baisse des dons" in html and "Supprimer" not in html


def test_coordination_reads_and_others_get_404(client, personas):
    ensure_workbook(personas["enrolment"])
    enrolment_id = personas["enrolment"].pk
    for who, expected in (
        ("coordination", 200),
        ("tuteur2", 404),
        ("auditeur2", 404),
        ("autre_auditeur", 404),
        ("intervenant", 404),
    ):
        client.force_login(personas[who])
        url = reverse("workbook:read-section", args=[enrolment_id, "B"])
        assert client.get(url).status_code == expected, who


def test_reading_never_opens_a_workbook(client, personas):
    client.force_login(personas["tuteur"])
    enrolment_id = personas["enrolment"].pk
    for url in (
        reverse("workbook:read", args=[enrolment_id]),
        reverse("workbook:read-section", args=[enrolment_id, "C"]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "pas encore ouvert" in response.content.decode()
    assert not Workbook.objects.exists()
