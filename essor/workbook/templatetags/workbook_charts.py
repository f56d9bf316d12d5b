"""`{% workbook_chart outputs "timeline" %}` and the French figure filters of the outputs.

The tag renders `workbook/_chart.html`: the SVG inline in a <figure>, its caption and the
data table (in a <details>, opened for print by the stylesheet); for empty data, a short
sentence instead of an empty picture.
"""

from django import template
from django.utils.translation import gettext as _

from essor.core import numbers
from essor.workbook import charts

register = template.Library()


@register.inclusion_tag("workbook/_chart.html")
def workbook_chart(outputs, name: str):
    return {"chart": charts.chart(outputs, name), "name": name}


# The French figure filters (essor.core.numbers), under the names the templates use.
register.filter("fr_money", numbers.french_money)
register.filter("fr_number", numbers.french_number)
register.filter("fr_percent", numbers.french_percent)
register.filter("fr_plain", numbers.french_plain)


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
