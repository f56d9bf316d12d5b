"""CSV/XLSX import and export of a study's input (formats: essor/foresight/grids.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from essor.core.errors import DomainError

from .. import grids, services
from ..access import get_study_for, get_study_for_edit
from ..forms import ImportForm
from .studies import study_context

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_POST
def import_file(request, study_id):
    study = get_study_for_edit(request.user, study_id)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.import_file(study=study, content=form.cleaned_data["file"].read())
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("Fichier importé ; l'étude est recalculée."))
            return redirect("foresight:study", study_id=study.pk)
    study.refresh_from_db()
    context = study_context(request, study)
    context["import_form"] = form
    return render(request, "foresight/study.html", context, status=400)


@login_required
@require_GET
def export(request, study_id, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404
    study = get_study_for(request.user, study_id)
    if fmt == "csv":
        content = grids.export_csv(study.tool, study.data)
    else:
        content = grids.export_xlsx(study.tool, study.data)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = slugify(study.title) or study.tool
    response["Content-Disposition"] = f'attachment; filename="{study.tool}-{name}.{fmt}"'
    return response
