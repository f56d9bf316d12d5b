"""The programme's public results page (Qualiopi indicators 2 and 3): no login."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from essor.programmes.models import Programme
from essor.workbook.charts import fr_number

from ..bilan_pdf import rate
from ..results import CohortResults, programme_results


def _cells(label: str, row: CohortResults) -> list[str]:
    satisfaction = row.satisfaction
    if satisfaction.shown:
        satisfied = _("%(mean)s sur 5 (%(share)s de satisfait·es, %(answers)s réponses)") % {
            "mean": fr_number(satisfaction.mean, 1),
            "share": rate(satisfaction.percent_satisfied),
            "answers": satisfaction.answers,
        }
    else:
        satisfied = _("moins de 5 réponses")
    return [
        label,
        str(row.participants),
        satisfied,
        rate(row.completion_rate),
        rate(row.dropout_rate),
        rate(row.certification_rate),
    ]


@require_safe
def public_results(request, code):
    programme = get_object_or_404(Programme, code=code)
    results = programme_results(programme)
    context = {
        "programme": programme,
        "results": results,
        "rows": [_cells(row.cohort.title, row) for row in results.cohorts],
        "total": _cells(_("Ensemble des promotions terminées"), results.total),
    }
    return render(request, "quality/public_results.html", context)
