"""The coordinator's attendance grid (participants × half-days) and its spreadsheets.

The page polls its own table (`?fragment=1`) every 20 seconds so that signatures appear as
they arrive; the fragment is the same table, rendered by the same template.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from essor.attendance import exports, selectors
from essor.cohorts.permissions import get_cohort_for
from essor.core import clock, spreadsheets
from essor.core.pagecache import cached_page


@cached_page
@login_required
@require_safe
def grid(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    grid = selectors.attendance_grid(cohort, request.GET, clock.now())
    query = urlencode(grid.filters.as_query())
    context = {"cohort": cohort, "grid": grid, "query": query}
    if request.GET.get("fragment"):
        return render(request, "attendance/grid_table.html", context)
    return render(request, "attendance/grid.html", context)


def _export(request, slug, fmt: str):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    grid = selectors.attendance_grid(cohort, request.GET, clock.now())
    return spreadsheets.download(
        exports.grid_table(grid),
        fmt,
        file_name=f"{cohort.slug}-presences",
        title=_("Présences"),
        # Name, first name and organisation stay in view while scrolling the half-days.
        fixed_columns=exports.FIXED_COLUMNS,
        max_width=40,
    )


@login_required
@require_safe
def grid_csv(request, slug):
    return _export(request, slug, "csv")


@login_required
@require_safe
def grid_xlsx(request, slug):
    return _export(request, slug, "xlsx")
