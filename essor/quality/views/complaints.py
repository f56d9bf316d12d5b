"""The complaints and difficulties log of a cohort (coordination only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from essor.cohorts.permissions import get_cohort_for
from essor.core.errors import DomainError

from .. import services
from ..bilan import cohort_complaints, get_cohort_complaint
from ..exports import complaints_csv as complaints_csv_text
from ..forms import ComplaintAnswerForm, ComplaintForm
from ..models import ImprovementAction

STATES = {"open": _("ouvertes"), "closed": _("closes")}

FIELD_OF = {
    "received_required": "received_on",
    "subject_required": "subject",
    "description_required": "description",
    "response_required": "response",
    "responded_on_required": "responded_on",
    "responded_before_received": "responded_on",
    "closed_before_received": "closed_on",
    "action_unknown": "action",
}


def _list(request, cohort, *, form=None, status=200):
    state = request.GET.get("etat", "")
    state = state if state in STATES else ""
    context = {
        "cohort": cohort,
        "complaints": cohort_complaints(cohort, state),
        "state": state,
        "form": form or ComplaintForm(),
    }
    return render(request, "quality/complaints.html", context, status=status)


@login_required
@require_safe
def complaints(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    return _list(request, cohort)


@login_required
@require_POST
def complaint_new(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    form = ComplaintForm(request.POST)
    if form.is_valid():
        try:
            services.record_complaint(cohort=cohort, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            field = "received_on" if exc.code == "date_in_future" else FIELD_OF.get(exc.code)
            form.add_error(field, exc.message)
        else:
            messages.success(request, _("Réclamation enregistrée."))
            return redirect("quality:complaints", slug=cohort.slug)
    return _list(request, cohort, form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def complaint(request, slug, pk):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    item = get_cohort_complaint(cohort, pk)
    actions = ImprovementAction.objects.filter(Q(origin_cohort=cohort) | Q(carried_to=cohort))
    linked = item.actions.first()
    initial = {
        "response": item.response,
        "responded_on": item.responded_on,
        "closed_on": item.closed_on,
        "action": linked.pk if linked else None,
    }
    form = ComplaintAnswerForm(request.POST or None, initial=initial, actions=actions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_complaint(complaint=item, **form.cleaned_data)
            except DomainError as exc:
                field = FIELD_OF.get(exc.code)
                if exc.code == "date_in_future":
                    field = None
                form.add_error(field, exc.message)
            else:
                messages.success(request, _("Réclamation mise à jour."))
                return redirect("quality:complaints", slug=cohort.slug)
        status = 400
        item.refresh_from_db()
    context = {"cohort": cohort, "complaint": item, "form": form}
    return render(request, "quality/complaint_detail.html", context, status=status)


@login_required
@require_safe
def complaints_csv(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    response = HttpResponse(complaints_csv_text(cohort), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reclamations-{cohort.slug}.csv"'
    return response
