"""The public pages: the list of programmes and a programme as a prospective participant
needs it. Reads go through selectors with a fixed number of queries (3 and 4)."""

from operator import attrgetter

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essor.core.pagecache import cached_page
from essor.programmes import selectors

# What each certification requirement code of the data file means for a participant.
REQUIREMENT_LABELS = {
    "attendance_all_slots": _(
        "Être présent·e à l'intégralité des modules : chaque demi-journée est émargée."
    ),
    "note_accepted": _("Produire la note personnelle et la voir acceptée."),
}


@cached_page
def home(request):
    overviews = selectors.programme_overviews(timezone.localdate())
    return render(request, "programmes/home.html", {"overviews": overviews})


@cached_page
def programme_detail(request, code):
    programme = selectors.get_programme(code)
    cohorts = selectors.public_cohorts(programme)
    cohort = selectors.pick_public_cohort(cohorts, request.GET.get("cohort"), timezone.localdate())
    context = {
        "programme": programme,
        "cohorts": cohorts,
        "cohort": cohort,
        "display_timezone": cohort.timezone if cohort else settings.TIME_ZONE,
        "requirements": [
            REQUIREMENT_LABELS.get(requirement, requirement)
            for requirement in programme.certification.get("requirements", [])
        ],
    }
    if cohort is not None:
        calendar = selectors.cohort_calendar(cohort)
        ics_url = request.build_absolute_uri(
            reverse("programmes:cohort-calendar", kwargs={"slug": cohort.slug})
        )
        slots = calendar.slots
        context.update(
            calendar=calendar,
            module_items=calendar.modules,
            # The template shows these instants in the cohort's zone.
            first_slot=min(slots, key=attrgetter("start"), default=None),
            last_slot=max(slots, key=attrgetter("end"), default=None),
            breakdown=selectors.day_breakdown(calendar),
            schedule=selectors.personal_work_schedule(programme, calendar),
            ics_url=ics_url,
            # Calendar apps subscribe (and refresh) through webcal://; the https link
            # is for a one-off download.
            webcal_url="webcal://" + ics_url.split("://", 1)[1],
        )
    else:
        # No dated edition yet: the modules are still worth reading, without dates.
        context["module_items"] = [
            selectors.ModuleWithSlots(module=m) for m in selectors.programme_modules(programme)
        ]
    return render(request, "programmes/programme_detail.html", context)
