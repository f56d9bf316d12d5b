"""`{% workbook_chart outputs "timeline" %}` and the French figure filters of the outputs.

The tag renders `workbook/_chart.html`: the SVG inline in a <figure>, its caption and the
data table (in a <details>, opened for print by the stylesheet); for empty data, a short
sentence instead of an empty picture.
"""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from essor.workbook import charts

register = template.Library()


@register.inclusion_tag("workbook/_chart.html")
def workbook_chart(outputs, name: str):
    return {"chart": charts.chart(outputs, name), "name": name}


@register.filter
def fr_money(value, places: int = 2) -> str:
    """« 1 234,50 € »; « — » when unknown."""
    return charts.fr_money(value, places)


@register.filter
def fr_number(value, places: int = 0) -> str:
    """« 1 234 », « 0,42 » with `|fr_number:2`; « — » when unknown."""
    return charts.fr_number(value, places)


@register.filter
def fr_percent(value, places: int = 1) -> str:
    """A share 0.123 as « 12,3 % »; « — » when unknown."""
    return charts.fr_percent(value, places)


@register.filter
def fr_plain(value) -> str:
    """A parameter value without trailing zeros: 11.880000 → « 11,88 »; « — » if unknown."""
    if value is None or value == "":
        return charts.DASH
    number = Decimal(str(value)).normalize()
    return charts.fr_number(number, max(0, -number.as_tuple().exponent))


@register.filter
def yes_no(value) -> str:
    """True → « oui », False → « non », None → « — » (not answered)."""
    if value is None:
        return charts.DASH
    return _("oui") if value else _("non")


@register.filter
def parameter(used: list[dict], key: str) -> dict | None:
    """The row of `outputs.parameters` for `key` ({key, year, value, unit, label, source})."""
    return next((row for row in used or () if row.get("key") == key), None)
