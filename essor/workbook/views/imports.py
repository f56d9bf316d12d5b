"""Import of volunteer hours from a CSV file (section D): the participant's own workbook."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from essor.core.errors import DomainError

from ..access import own_workbook
from ..imports import MAX_BYTES, import_volunteer_csv


class VolunteerCsvForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV"),
        help_text=gettext_lazy(
            "Colonnes : date;durée;distance;catégorie;description (ligne d'en-tête "
            "obligatoire), 1 Mo et 5 000 lignes au plus."
        ),
        error_messages={
            "required": gettext_lazy("Choisissez un fichier CSV."),
            "empty": gettext_lazy("Le fichier est vide."),
            "invalid": gettext_lazy("Choisissez un fichier CSV."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 1 Mo."))
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_import(request, slug):
    workbook = own_workbook(request.user, slug)
    cohort = workbook.enrolment.cohort
    details: list[str] = []
    if request.method == "POST":
        form = VolunteerCsvForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                count = import_volunteer_csv(
                    workbook=workbook, data=form.cleaned_data["file"].read(), by=request.user
                )
            except DomainError as error:
                form.add_error("file", error.message)
                details = error.details
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s ligne d'heures importée.",
                        "%(count)s lignes d'heures importées.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect(reverse("workbook:section", kwargs={"slug": slug, "code": "D"}))
        status = 400
    else:
        form = VolunteerCsvForm()
        status = 200
    return render(
        request,
        "workbook/volunteer_import.html",
        {
            "cohort": cohort,
            "workbook": workbook,
            "form": form,
            "details": details,
            "section_url": reverse("workbook:section", kwargs={"slug": slug, "code": "D"}),
        },
        status=status,
    )
