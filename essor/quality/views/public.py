"""The programme's public results page (Qualiopi indicators 2 and 3): no login."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from essor.core.numbers import french_number, french_rate
from essor.programmes.selectors import get_programme

from ..results import CohortResults, programme_results


def _cells(label: str, row: CohortResults) -> list[str]:
    satisfaction = row.satisfaction
    if satisfaction.shown:
        satisfied = _("%(mean)s sur 5 (%(share)s de satisfait·es, %(answers)s réponses)") % {
            "mean": french_number(satisfaction.mean, 1),
            "share": french_rate(satisfaction.percent_satisfied),
            "answers": satisfaction.answers,
        }
    else:
        satisfied = _("moins de 5 réponses")
    return [
        label,
        str(row.participants),
        satisfied,
        french_rate(row.completion_rate),
        french_rate(row.dropout_rate),
        french_rate(row.certification_rate),
    ]


@require_safe
def public_results(request, code):
    programme = get_programme(code)
    results = programme_results(programme)
    context = {
        "programme": programme,
        "results": results,
        "rows": [_cells(row.cohort.title, row) for row in results.cohorts],
        "total": _cells(_("Ensemble des promotions terminées"), results.total),
    }
    return render(request, "quality/public_results.html", context)
