"""An enrolment as the coordination sees it: the person, their organisation, the status
and its history, and the form that changes the status (with a required reason)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from essor.cohorts import admission_selectors as selectors
from essor.cohorts.convocation import CONVOCABLE, participant_email, participant_name
from essor.cohorts.forms import EnrolmentStatusForm
from essor.cohorts.models import EnrolmentStatus
from essor.cohorts.permissions import get_cohort_for
from essor.cohorts.services import change_enrolment_status
from essor.core.errors import DomainError


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_detail(request, slug, pk):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    enrolment = selectors.get_cohort_enrolment(cohort, pk)
    data = request.POST if request.method == "POST" else None
    form = EnrolmentStatusForm(data, current=enrolment.status)
    if request.method == "POST" and form.is_valid():
        try:
            change_enrolment_status(
                enrolment=enrolment,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                reason=form.cleaned_data["reason"].strip(),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Statut de l'inscription changé : %(status)s.")
                % {"status": EnrolmentStatus(form.cleaned_data["to_status"]).label},
            )
            return redirect("cohorts:enrolment", slug=cohort.slug, pk=enrolment.pk)
    return render(
        request,
        "cohorts/enrolment_detail.html",
        {
            "cohort": cohort,
            "enrolment": enrolment,
            "name": participant_name(enrolment),
            "email": participant_email(enrolment),
            "events": selectors.enrolment_history(enrolment),
            "form": form,
            "convocable": enrolment.status in CONVOCABLE,
        },
    )
