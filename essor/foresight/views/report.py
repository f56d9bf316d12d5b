"""The PDF report of a study, for the note's appendix: whoever may read the study
(essor/foresight/access.py; anyone else: 404, like a study that does not exist)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from ..access import get_study_for
from ..report import study_pdf


@login_required
@require_safe
def report(request, study_id):
    study = get_study_for(request.user, study_id)
    response = HttpResponse(study_pdf(study), content_type="application/pdf")
    name = slugify(study.title)[:60] or "etude"
    response["Content-Disposition"] = f'attachment; filename="prospective-{study.tool}-{name}.pdf"'
    return response
