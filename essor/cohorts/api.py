"""A published cohort over JSON: its modules and dated slots, in the cohort's zone."""

from ninja import Router, Schema
from ninja.decorators import decorate_view
from pydantic import Field

from essor.core.pagecache import cached_page
from essor.programmes import selectors
from essor.programmes.api import Hours, ModuleOut, calendar_modules, hours_number

router = Router(tags=["promotions"])


class CohortOut(Schema):
    slug: str
    programme: str = Field(description="Code du programme (CS26).")
    title: str
    timezone: str = Field(description="Fuseau des créneaux (Europe/Paris).")
    place: str
    total_hours: Hours
    modules: list[ModuleOut]


@router.get("/cohorts/{slug}", response=CohortOut, url_name="cohort-detail")
@decorate_view(cached_page)
def get_cohort(request, slug: str):
    """Une promotion publiée : ses modules et leurs créneaux (3 requêtes)."""
    cohort = selectors.get_public_cohort(slug)
    calendar = selectors.cohort_calendar(cohort)
    return {
        "slug": cohort.slug,
        "programme": cohort.programme.code,
        "title": cohort.title,
        "timezone": cohort.timezone,
        "place": cohort.place,
        "total_hours": hours_number(calendar.duration),
        "modules": calendar_modules(calendar),
    }
