"""One horizontal bar chart per question, drawn with the workbook's SVG helpers
(essor/workbook/charts.py): role="img", <title>, <desc>, and a data table with the same
figures."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from essor.core.numbers import french_number, french_rate
from essor.core.svg import Chart, coord, svg_document, svg_text, truncate

from .models import QuestionKind
from .results import QuestionResult


def distribution_chart(result: QuestionResult, ident: str) -> Chart:
    """The distribution of one question's answers; `ident` makes the SVG ids unique."""
    title = result.question.text
    headers = [_("Réponse"), _("Nombre"), _("Part")]
    rows = [
        [label, str(count), french_rate(percent)] for label, count, percent in result.distribution
    ]
    if not result.distribution or not result.count:
        return Chart(
            title, SafeString(""), headers, rows, True, _("Aucune réponse à cette question.")
        )
    width, left, bar_max, bar_h, gap = 720, 260, 340, 24, 10
    most = max(count for _l, count, _p in result.distribution) or 1
    body = []
    for index, (label, count, percent) in enumerate(result.distribution):
        y = 10 + index * (bar_h + gap)
        length = max(count / most * bar_max, 1 if count else 0)
        body.append(
            svg_text(left - 10, y + bar_h * 0.7, truncate(label, 34), size=13, anchor="end")
        )
        if count:
            body.append(
                f'<rect class="bar" x="{left}" y="{y}" width="{coord(length)}" height="{bar_h}" '
                'fill="#00467f" stroke="#000" stroke-width="1"/>'
            )
        body.append(
            svg_text(
                left + length + 8, y + bar_h * 0.7, f"{count} ({french_rate(percent)})", size=13
            )
        )
    height = 20 + len(result.distribution) * (bar_h + gap)
    if result.kind == QuestionKind.SCALE:
        desc = _("%(count)s réponses, moyenne %(mean)s sur 5. ") % {
            "count": result.count,
            "mean": french_number(result.mean, 2),
        }
    else:
        desc = _("%(count)s réponses. ") % {"count": result.count}
    desc += " ; ".join(f"{label} : {count}" for label, count, _p in result.distribution)
    svg = svg_document(f"survey-{ident}", width, height, title, desc, body)
    return Chart(title, svg, headers, rows, False)
