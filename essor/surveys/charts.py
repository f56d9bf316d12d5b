"""One horizontal bar chart per question (server-side SVG, see essor/workbook/charts.py):
role="img", <title>, <desc>, and a data table with the same figures."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from essor.workbook.charts import FONT, SVG_NS, Chart, fr_number

from .models import QuestionKind
from .results import QuestionResult


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _short(text: str, length: int = 34) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _percent(value) -> str:
    return "—" if value is None else f"{fr_number(value, 1)}\u00a0%"


def distribution_chart(result: QuestionResult, ident: str) -> Chart:
    """The distribution of one question's answers; `ident` makes the SVG ids unique."""
    title = result.question.text
    headers = [_("Réponse"), _("Nombre"), _("Part")]
    rows = [[label, str(count), _percent(percent)] for label, count, percent in result.distribution]
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
            f'<text x="{left - 10}" y="{_num(y + bar_h * 0.7)}" font-size="13" '
            f'text-anchor="end" fill="#000">{escape(_short(label))}</text>'
        )
        if count:
            body.append(
                f'<rect class="bar" x="{left}" y="{y}" width="{_num(length)}" height="{bar_h}" '
                'fill="#00467f" stroke="#000" stroke-width="1"/>'
            )
        body.append(
            f'<text x="{_num(left + length + 8)}" y="{_num(y + bar_h * 0.7)}" font-size="13" '
            f'fill="#000">{escape(f"{count} ({_percent(percent)})")}</text>'
        )
    height = 20 + len(result.distribution) * (bar_h + gap)
    if result.kind == QuestionKind.SCALE:
        desc = _("%(count)s réponses, moyenne %(mean)s sur 5. ") % {
            "count": result.count,
            "mean": fr_number(result.mean, 2),
        }
    else:
        desc = _("%(count)s réponses. ") % {"count": result.count}
    desc += " ; ".join(f"{label} : {count}" for label, count, _p in result.distribution)
    chart_id = f"survey-chart-{ident}"
    svg = mark_safe(  # noqa: S308 — every text above went through escape()
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'class="survey-chart__svg" font-family="{FONT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )
    return Chart(title, svg, headers, rows, False)
