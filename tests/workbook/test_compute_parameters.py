"""Reference parameters: the value in force for a year, the history of edits."""

from decimal import Decimal as D

import pytest

from essor.core.errors import DomainError
from essor.workbook.models import ParameterChange, ReferenceParameter
from essor.workbook.parameters import parameter_set, update_parameter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2025, D("11.88")),  # the 2025 row
        (2026, D("12.02")),  # the 2026 row
        (2027, D("12.02")),  # no 2027 row: the greatest year ≤ 2027 is 2026
    ],
)
def test_year_selection(year, expected):
    assert parameter_set(year).get("smic_hourly") == expected


def test_year_before_any_row_is_a_french_error():
    with pytest.raises(DomainError) as error:
        parameter_set(2024).get("smic_hourly")
    assert error.value.code == "missing_parameter"
    assert "SMIC horaire brut" in error.value.message and "2024" in error.value.message
    assert parameter_set(2024).maybe("smic_hourly") is None


def test_used_lists_what_was_read():
    params = parameter_set(2027)
    params.get("smic_hourly")
    params.get("charge_coefficient")
    assert params.used == [
        {
            "key": "charge_coefficient",
            "year": 2025,
            "value": "1.42",
            "unit": "×",
            "label": "Coefficient de charges",
            "source": ReferenceParameter.objects.get(key="charge_coefficient").source,
        },
        {
            "key": "smic_hourly",
            "year": 2026,
            "value": "12.02",
            "unit": "€/h",
            "label": "SMIC horaire brut",
            "source": ReferenceParameter.objects.get(key="smic_hourly", year=2026).source,
        },
    ]


def test_update_keeps_history(personas):
    parameter = ReferenceParameter.objects.get(key="charge_coefficient", year=2025)
    old_source = parameter.source
    update_parameter(
        parameter=parameter,
        value="1,45",
        source="Note de la coordination",
        by=personas["coordination"],
    )
    parameter.refresh_from_db()
    assert parameter.value == D("1.45") and parameter.source == "Note de la coordination"
    change = ParameterChange.objects.get(parameter=parameter)
    assert (change.old_value, change.new_value) == (D("1.42"), D("1.45"))
    assert (change.old_source, change.by) == (old_source, personas["coordination"])
    assert parameter_set(2025).get("charge_coefficient") == D("1.45")


@pytest.mark.parametrize(
    ("value", "source", "code"),
    [("abc", "x", "invalid_value"), ("-1", "x", "invalid_value"), ("1.5", " ", "missing_source")],
)
def test_update_refuses_bad_input(personas, value, source, code):
    parameter = ReferenceParameter.objects.get(key="charge_coefficient", year=2025)
    with pytest.raises(DomainError) as error:
        update_parameter(
            parameter=parameter, value=value, source=source, by=personas["coordination"]
        )
    assert error.value.code == code
    assert not ParameterChange.objects.exists()
    parameter.refresh_from_db()
    assert parameter.value == D("1.42")
