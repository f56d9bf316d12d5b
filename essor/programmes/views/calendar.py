from django.http import HttpResponse


def cohort_calendar_ics(request, slug):  # placeholder, replaced by the ICS export
    return HttpResponse("", content_type="text/calendar")
