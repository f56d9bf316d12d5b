"""The participant's timeline of their own personal work, with what to do next."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from essor.cohorts.permissions import get_cohort_for
from essor.core import clock

from .. import overview_selectors, selectors


@login_required
@require_safe
def timeline(request, slug):
    # Own-only by construction: the enrolment is the requester's, never one from the URL.
    cohort = get_cohort_for(request.user, slug, "cohorts.take_part")
    enrolment = selectors.get_own_enrolment(request.user, cohort)
    enrolment.cohort = cohort  # already read with its programme: no second query
    now = clock.now()
    return render(
        request,
        "coursework/timeline.html",
        {
            "cohort": cohort,
            "enrolment": enrolment,
            "timeline": overview_selectors.timeline(enrolment, now),
            "now": now,
        },
    )
