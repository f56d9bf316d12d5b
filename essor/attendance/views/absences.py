"""Absences announced in advance: the participant's form and list, the coordination's list.

A notice changes no attendance record: the staff decide at the roll call whether the
absence is excused (the pages say so)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from essor.cohorts.permissions import get_cohort_for
from essor.core import clock
from essor.core.errors import DomainError

from .. import absence_selectors as selectors
from ..forms import AbsenceNoticeForm
from ..rollcall import announce_absence

# Which field a refusal of the service belongs to.
ERROR_FIELDS = {
    "slots_required": "slots",
    "slot_started": "slots",
    "wrong_cohort": "slots",
    "reason_required": "reason",
}


@login_required
@require_http_methods(["GET", "POST"])
def absence_new(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.take_part")
    enrolment = selectors.own_enrolment(request.user, cohort)
    form = AbsenceNoticeForm(request.POST or None, cohort=cohort)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                announce_absence(
                    enrolment=enrolment,
                    slots=list(form.cleaned_data["slots"]),
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except DomainError as exc:
                message = exc.message
                if exc.details:
                    message += " " + " ; ".join(exc.details) + "."
                form.add_error(ERROR_FIELDS.get(exc.code), message)
            else:
                messages.success(
                    request,
                    _(
                        "Absence annoncée : la coordination pédagogique et votre "
                        "tuteur·rice ont été prévenu·es."
                    ),
                )
                return redirect("attendance:absence-new", slug=cohort.slug)
        status = 400
    chosen = {str(pk) for pk in form["slots"].value() or []} if form.is_bound else set()
    return render(
        request,
        "attendance/absence_new.html",
        {
            "cohort": cohort,
            "form": form,
            "upcoming": selectors.upcoming_slots(cohort, clock.now()),
            "chosen": chosen,
            "notices": selectors.notices_of(enrolment),
        },
        status=status,
    )


@login_required
@require_safe
def absences(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    return render(
        request,
        "attendance/absences.html",
        {"cohort": cohort, "notices": selectors.cohort_notices(cohort)},
    )
