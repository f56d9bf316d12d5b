"""The cohort calendar feed (/cohorts/<slug>/calendar.ics), public for published cohorts."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from essor.programmes import ics, selectors


@require_safe
def cohort_calendar_ics(request, slug):
    cohort = selectors.get_public_cohort(slug)
    calendar = selectors.cohort_calendar(cohort)
    programme_url = request.build_absolute_uri(
        reverse("programmes:detail", args=[cohort.programme.code])
    )
    response = HttpResponse(
        ics.calendar_ics(calendar, programme_url=programme_url),
        content_type="text/calendar; charset=utf-8",
    )
    # inline: a browser hands the file to the calendar application instead of saving it.
    response["Content-Disposition"] = f'inline; filename="{cohort.slug}.ics"'
    return response
