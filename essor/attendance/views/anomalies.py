"""The anomaly report of a cohort, for the coordination."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from essor.cohorts.permissions import get_cohort_for

from ..anomalies import anomaly_report


@login_required
@require_safe
def anomalies(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    sections = anomaly_report(cohort)
    return render(
        request,
        "attendance/anomalies.html",
        {
            "cohort": cohort,
            "sections": sections,
            "total": sum(len(section.anomalies) for section in sections),
        },
    )
