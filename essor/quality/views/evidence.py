"""The quality evidence of a cohort (coordination): what the zip holds per Qualiopi
indicator, and the zip itself, built synchronously (one cohort takes a few seconds)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from essor.cohorts.permissions import get_cohort_for
from essor.core import clock
from essor.quality.evidence import build_evidence_zip, evidence_plan, zip_filename


@login_required
@require_safe
def evidence(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    folders = evidence_plan(cohort)
    return render(
        request,
        "quality/evidence.html",
        {
            "cohort": cohort,
            "folders": folders,
            "file_count": sum(len(f.files) for f in folders) + 1,
        },
    )


@login_required
@require_safe
def evidence_zip(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    now = clock.now()
    response = HttpResponse(build_evidence_zip(cohort, now=now), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{zip_filename(cohort, now)}"'
    return response
