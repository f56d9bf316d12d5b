"""A participant's own attendance: their half-days, hours, and what is missing for the
certificate. Only their own: the page takes no participant id."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from essor.attendance import selectors
from essor.cohorts.models import Enrolment
from essor.cohorts.permissions import get_cohort_for
from essor.core import clock


@login_required
@require_safe
def my_attendance(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.take_part")
    enrolment = (
        Enrolment.objects.filter(cohort=cohort, user=request.user)
        .select_related("organisation", "tutor")
        .first()
    )
    mine = selectors.my_attendance(cohort, enrolment, clock.now())
    return render(request, "attendance/participant.html", {"cohort": cohort, "mine": mine})
