"""The grid's cells, written in Python: a 30 × 26 grid is 780 cells, and the same markup
through the template language (a `{% url %}` and a dozen look-ups per cell) took most
of the page's time."""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Any record id: the URL is reversed once per row and the id swapped in.
_PLACEHOLDER = 987654321


@register.filter
def grid_cells(cells) -> SafeString:
    """`<td>` of each cell: symbol for the eye, words for screen readers, and a link to
    the record's history when there is a record (same markup as before, in one pass)."""
    record_url = reverse("attendance:record", kwargs={"record_id": _PLACEHOLDER})
    head, tail = record_url.split(str(_PLACEHOLDER))
    parts = []
    spans = {}  # most cells share a status: their words are translated once
    for cell in cells:
        code = escape(cell.code)
        key = (cell.code, cell.minutes)
        if key not in spans:
            spans[key] = (
                f'<span aria-hidden="true">{escape(cell.symbol)}</span>'
                f'<span class="visually-hidden">{escape(cell.label)}</span>'
            )
        inner = spans[key]
        if cell.record_id:
            inner = f'<a href="{head}{int(cell.record_id)}{tail}" class="att-link">{inner}</a>'
        parts.append(f'<td class="att att--{code}" data-status="{code}">{inner}</td>')
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped or an int)
