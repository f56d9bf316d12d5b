"""`{% foresight_chart result "micmac_direct" %}` (add the study's input for the labels the
result does not keep in order: `{% foresight_chart result "mactor_plane" study.data %}`)
and the French figure filters of the results partials.

The tag renders `workbook/_chart.html`, shared with the workbook's charts: the SVG inline
in a <figure>, its caption and the data table (in a <details>, shown for print by the
stylesheet); for empty data, a short sentence instead of an empty picture.
"""

from django import template

from essor.core import numbers
from essor.foresight import charts

register = template.Library()


@register.inclusion_tag("workbook/_chart.html")
def foresight_chart(result, name: str, data=None):
    return {"chart": charts.chart(result, name, data), "name": name, "kind": "foresight"}


# The French figure filters (essor.core.numbers), under the names the workbook uses.
register.filter("fr_number", numbers.french_number)
register.filter("fr_percent", numbers.french_percent)


@register.filter
def sector_label(value) -> str:
    """The French name of a MICMAC or MACTOR sector."""
    return charts.sector_label(value)


@register.filter
def at(sequence, index):
    """`row|at:i`: the i-th item of a list, the value of a key of a dict; None if absent."""
    try:
        return sequence[index]
    except (IndexError, KeyError, TypeError):
        return None


@register.filter
def labelled_rows(matrix, labels):
    """[(label, row), …] for a matrix shown with its row labels."""
    labels = list(labels or [])
    return [
        (labels[i] if i < len(labels) else str(i + 1), row) for i, row in enumerate(matrix or [])
    ]
