"""Scans of a half-day's signed paper sheet: the list, the upload, the download (the
teaching team of the cohort only)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from essor.attendance import scans
from essor.attendance.labels import half_day_choice, zone_of
from essor.attendance.permissions import get_slot_for
from essor.core.errors import DomainError
from essor.core.storage import private_storage


class ScanForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Feuille signée numérisée (PDF, PNG ou JPEG)"),
        error_messages={
            "required": gettext_lazy("Choisissez un fichier à téléverser."),
            "empty": gettext_lazy("Le fichier est vide."),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def slot_scans(request, slot_id):
    slot = get_slot_for(request.user, slot_id, "cohorts.teach")
    form = ScanForm()
    status = 200
    if request.method == "POST":
        form = ScanForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                scan = scans.attach_paper_scan(
                    slot=slot, upload=form.cleaned_data["file"], by=request.user
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                messages.success(
                    request, _("Feuille « %(name)s » jointe.") % {"name": scan.file_name}
                )
                return redirect("attendance:scans", slot_id=slot.pk)
        status = 400
    context = {
        "slot": slot,
        "cohort": slot.cohort,
        "label": half_day_choice(slot, zone_of(slot)),
        "scans": list(scans.slot_scans(slot)),
        "form": form,
        "max_bytes": scans.MAX_SCAN_BYTES,
    }
    return render(request, "attendance/scans.html", context, status=status)


@login_required
@require_safe
def scan_file(request, slot_id, scan_id):
    slot = get_slot_for(request.user, slot_id, "cohorts.teach")
    scan = scans.get_scan(slot, scan_id)
    if not private_storage.exists(scan.file.name):
        raise Http404(_("Fichier introuvable."))
    kind = scans.scan_kind(scan)
    response = FileResponse(
        private_storage.open(scan.file.name, "rb"),
        as_attachment=True,
        filename=scan.file_name,
        content_type=scans.CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    # The browser must not guess another type than the one checked at upload.
    response["X-Content-Type-Options"] = "nosniff"
    return response
