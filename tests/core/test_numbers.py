"""Numbers written the French way: one set of rules for pages, PDFs, charts and exports."""

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import number_format

from essor.core.numbers import (
    french_money,
    french_number,
    french_percent,
    french_plain,
    french_rate,
)

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("1234"), 0, f"1{NNBSP}234"),
        (Decimal("1234567.005"), 2, f"1{NNBSP}234{NNBSP}567,01"),  # half up, not to even
        (Decimal("0.425"), 2, "0,43"),
        (Decimal("-1234.5"), 1, f"-1{NNBSP}234,5"),
        (Decimal("-0.004"), 2, "0,00"),  # no « -0,00 »
        (999, 0, "999"),
        (0.1, 2, "0,10"),  # a float read as it prints
        (None, 2, "—"),
        ("", 0, "—"),
    ],
)
def test_french_number(value, places, expected):
    assert french_number(value, places) == expected


def test_units_are_held_to_their_figure_by_a_no_break_space():
    assert french_money(Decimal("1234.5")) == f"1{NNBSP}234,50{NBSP}€"
    assert french_money(Decimal("-1234567.005")) == f"-1{NNBSP}234{NNBSP}567,01{NBSP}€"
    assert french_percent(Decimal("0.1234")) == f"12,3{NBSP}%"
    assert french_percent(0.5, 0) == f"50{NBSP}%"
    assert french_rate(Decimal("41.66")) == f"41,7{NBSP}%"
    assert [french_money(None), french_percent(""), french_rate(None)] == ["—", "—", "—"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("11.880000"), "11,88"),
        (Decimal("1607.000000"), f"1{NNBSP}607"),
        (Decimal("1820.04"), f"1{NNBSP}820,04"),
        (Decimal("0.052000"), "0,052"),
        (Decimal("1.6E+3"), f"1{NNBSP}600"),
        (None, "—"),
    ],
)
def test_french_plain_keeps_the_decimals_the_value_has(value, expected):
    assert french_plain(value) == expected


def test_django_groups_french_thousands_as_essor_does():
    with translation.override("fr"):
        assert number_format(9250, force_grouping=True) == french_number(9250)
    with translation.override("en"):
        assert number_format(9250, force_grouping=True) == "9,250"
