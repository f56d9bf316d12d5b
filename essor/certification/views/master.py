"""The route to the Master: the holder's page and the coordinator's export."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from essor.cohorts.permissions import get_cohort_for
from essor.core import spreadsheets
from essor.core.errors import DomainError
from essor.coursework.selectors import get_own_enrolment

from .. import master
from ..models import MasterTrack


class InterestForm(forms.Form):
    interested = forms.TypedChoiceField(
        label=gettext_lazy("Souhaitez-vous poursuivre vers le Master ?"),
        choices=[("yes", gettext_lazy("Oui")), ("no", gettext_lazy("Non"))],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
    )
    track = forms.ChoiceField(
        label=gettext_lazy("Parcours souhaité"),
        choices=[("", gettext_lazy("— Je ne sais pas encore —")), *MasterTrack.choices],
        required=False,
    )
    comment = forms.CharField(
        label=gettext_lazy("Commentaire (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


@login_required
@require_http_methods(["GET", "POST"])
def master_page(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.take_part")
    enrolment = get_own_enrolment(request.user, cohort)
    certificate = master.valid_certificate(enrolment)
    interest = master.interest_of(enrolment)
    status = 200
    if request.method == "POST":
        form = InterestForm(request.POST)
        if form.is_valid():
            try:
                master.record_interest(enrolment=enrolment, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Votre réponse est enregistrée."))
                return redirect("certification:master", slug=cohort.slug)
        status = 403 if certificate is None else 400
    else:
        initial = {}
        if interest:
            initial = {
                "interested": "yes" if interest.interested else "no",
                "track": interest.track,
                "comment": interest.comment,
            }
        form = InterestForm(initial=initial)
    context = {
        "cohort": cohort,
        "programme_master": cohort.programme.master or {},
        "certificate": certificate,
        "interest": interest,
        "form": form,
    }
    return render(request, "certification/master.html", context, status=status)


@login_required
@require_GET
def master_export(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    return spreadsheets.download(
        master.interest_table(master.interest_rows(cohort)),
        "xlsx",
        file_name=f"master-{cohort.slug}",
        title=_("Master"),
    )
