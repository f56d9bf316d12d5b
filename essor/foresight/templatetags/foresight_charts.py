"""`{% foresight_chart result "micmac_direct" %}` (add the study's input for the labels the
result does not keep in order: `{% foresight_chart result "mactor_plane" study.data %}`)
and the French figure filters of the results partials.

The tag renders `workbook/_chart.html`, shared with the workbook's charts: the SVG inline
in a <figure>, its caption and the data table (in a <details>, shown for print by the
stylesheet); for empty data, a short sentence instead of an empty picture.
"""

from django import template

from essor.foresight import charts

register = template.Library()


@register.inclusion_tag("workbook/_chart.html")
def foresight_chart(result, name: str, data=None):
    return {"chart": charts.chart(result, name, data), "name": name, "kind": "foresight"}


@register.filter
def fr_number(value, places: int = 0) -> str:
    """« 1 234 », « 0,42 » with `|fr_number:2`; « — » when unknown."""
    return charts.fr_number(value, places)


@register.filter
def fr_percent(value, places: int = 1) -> str:
    """A share 0.123 as « 12,3 % »; « — » when unknown."""
    return charts.fr_percent(value, places)


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
