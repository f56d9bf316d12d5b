"""The reference-parameter page: who edits, French validation, new years, history."""

from decimal import Decimal

import pytest

from essor.core.errors import DomainError
from essor.workbook.models import ParameterChange, ReferenceParameter
from essor.workbook.parameter_services import add_parameter_year
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/workbook/parametres/"


@pytest.fixture
def smic():
    return ReferenceParameter.objects.get(key="smic_hourly", year=2025)


def test_the_table_is_grouped_with_french_values(personas, client, smic):
    client.force_login(personas["coordination"])
    page = client.get(URL).content.decode()
    assert "SMIC et temps de travail" in page and "Facteurs d&#x27;émission" in page
    assert f'id="parametre-{smic.pk}"' in page
    assert "11,88" in page and "12,02" in page and "1\u202f607" in page
    assert "Décret n° 2024-951" in page


def test_the_coordination_edits_a_value_with_history(personas, client, smic):
    client.force_login(personas["coordination"])
    response = client.post(
        URL,
        {"action": "update", "parameter": smic.pk, "edit-value": "11,90", "edit-source": "Test"},
    )
    assert response.status_code == 302
    smic.refresh_from_db()
    assert (smic.value, smic.source) == (Decimal("11.90"), "Test")
    change = ParameterChange.objects.get(parameter=smic)
    assert (change.old_value, change.new_value, change.by) == (
        Decimal("11.88"),
        Decimal("11.90"),
        personas["coordination"],
    )
    page = client.get(URL).content.decode()
    assert "Historique des modifications" in page and "11,9" in page


@pytest.mark.parametrize(
    ("value", "source", "message"),
    [
        ("0", "Décret", "La valeur doit être strictement positive."),
        ("-2", "Décret", "La valeur doit être strictement positive."),
        ("onze", "Décret", "Indiquez un nombre (par exemple 11,88)."),
        ("11,90", "", "Indiquez la source de cette valeur."),
    ],
)
def test_bad_input_is_refused_in_french(personas, client, smic, value, source, message):
    client.force_login(personas["coordination"])
    response = client.post(
        URL,
        {"action": "update", "parameter": smic.pk, "edit-value": value, "edit-source": source},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'value="{value}"' in page or value == ""  # what was typed comes back
    smic.refresh_from_db()
    assert smic.value == Decimal("11.88")
    assert not ParameterChange.objects.exists()


def test_adding_a_new_year(personas, client):
    client.force_login(personas["coordination"])
    data = {
        "action": "add_year",
        "year-key": "smic_hourly",
        "year-year": "2027",
        "year-value": "12,30",
        "year-source": "Décret à venir",
    }
    assert client.post(URL, data).status_code == 302
    row = ReferenceParameter.objects.get(key="smic_hourly", year=2027)
    assert (row.value, row.unit, row.label) == (Decimal("12.30"), "€/h", "SMIC horaire brut")
    assert ParameterChange.objects.get(parameter=row).old_value is None
    # The same year again is refused, with a French message.
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "a déjà une valeur pour 2027" in response.content.decode()


@pytest.mark.parametrize(
    ("year", "message"),
    [("1999", "entre 2000 et 2100"), ("2101", "entre 2000 et 2100"), ("", "Indiquez l")],
)
def test_a_new_year_outside_the_range_is_refused(personas, client, year, message):
    client.force_login(personas["coordination"])
    response = client.post(
        URL,
        {
            "action": "add_year",
            "year-key": "ef_gas",
            "year-year": year,
            "year-value": "0,2",
            "year-source": "ADEME",
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ReferenceParameter.objects.filter(key="ef_gas").count() == 1


def test_the_service_refuses_an_unknown_key(personas):
    with pytest.raises(DomainError) as error:
        add_parameter_year(
            key="nope", year=2026, value=Decimal(1), source="x", by=personas["coordination"]
        )
    assert error.value.code == "unknown_parameter"


def test_a_superuser_edits_everyone_else_gets_a_404(personas, client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.get(URL).status_code == 200
    for who in ("tuteur", "intervenant", "auditeur", "partenaire"):
        client.force_login(personas[who])
        assert client.get(URL).status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302


def test_the_query_count_does_not_grow(personas, client, django_assert_num_queries, smic):
    def check():
        client.force_login(personas["coordination"])
        # session, user, coordinator somewhere?, parameters, changes.
        with django_assert_num_queries(5):
            assert client.get(URL).status_code == 200

    check()
    for n in range(10):
        add_parameter_year(
            key="ef_gas",
            year=2030 + n,
            value=Decimal("0.2"),
            source="x",
            by=personas["coordination"],
        )
    check()


def test_the_edit_form_is_prefilled_the_french_way(personas, client, smic):
    client.force_login(personas["coordination"])
    page = client.get(f"{URL}?modifier={smic.pk}").content.decode()
    assert "Modifier « SMIC horaire brut » (2025)" in page
    assert 'value="11,88"' in page
    assert client.get(f"{URL}?modifier=999999").status_code == 404
