"""Personal spaces: « Mon espace », and one home per role in a cohort.

Views are thin: the cohort is fetched with the permission (404 when not allowed), the data
comes from `essor.cohorts.selectors`, writes go through `essor.cohorts.services`.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from essor.cohorts import exports, selectors
from essor.cohorts.models import Role
from essor.cohorts.permissions import get_cohort_for, has_role
from essor.cohorts.services import assign_tutor
from essor.core import clock, spreadsheets
from essor.core.errors import DomainError
from essor.core.pagecache import cached_page

User = get_user_model()


@login_required
@require_safe
def my_home(request):
    spaces = selectors.my_spaces(request.user)
    links = [link for space in spaces for link in space.links]
    # One role in one cohort: nothing to choose, go straight to the page.
    if len(links) == 1:
        return redirect(links[0].url)
    return render(request, "cohorts/home_mine.html", {"spaces": spaces})


@cached_page
@login_required
@require_safe
def participant_home(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.take_part")
    home = selectors.participant_home(cohort, request.user, clock.now())
    return render(request, "cohorts/home_participant.html", {"cohort": cohort, "home": home})


@cached_page
@login_required
@require_safe
def dashboard(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    board = selectors.dashboard(cohort, request.GET, clock.now())
    query = urlencode(board.filters.as_query())
    return render(
        request,
        "cohorts/dashboard_coordinator.html",
        {"cohort": cohort, "board": board, "query": query},
    )


@login_required
@require_POST
def assign_tutor_view(request, slug, enrolment_id):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    enrolment = selectors.get_cohort_enrolment(cohort, enrolment_id)
    error = success = ""
    raw = request.POST.get("tutor", "").strip()
    tutor = User.objects.filter(pk=raw).first() if raw.isdigit() else None
    if raw and tutor is None:
        error = _("Choisissez un·e tuteur·rice dans la liste.")
    else:
        try:
            enrolment = assign_tutor(enrolment=enrolment, tutor=tutor, by=request.user)
        except DomainError as exc:
            error = exc.message
        else:
            success = (
                _("Tuteur·rice de %(name)s : %(tutor)s.")
                if tutor
                else _("%(name)s n'a plus de tuteur·rice.")
            ) % {"name": selectors.display_name(enrolment), "tutor": tutor}
    if request.htmx:
        # The cell is swapped in place; its message is read out by its live region.
        return render(
            request,
            "cohorts/dashboard_tutor_cell.html",
            {
                "cohort": cohort,
                "enrolment": enrolment,
                "name": selectors.display_name(enrolment),
                "tutors": selectors.cohort_tutors(cohort),
                "error": error,
                "success": success,
                "query": request.POST.get("query", ""),
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, success)
    url = reverse("cohorts:dashboard", kwargs={"slug": cohort.slug})
    # Back to the same filtered list; only known filter values survive the round trip.
    tutor_ids = [t.pk for t in selectors.cohort_tutors(cohort)]
    filters = selectors.DashboardFilters.from_query(
        QueryDict(request.POST.get("query", "")).dict(), tutor_ids
    )
    if filters.active:
        url += "?" + urlencode(filters.as_query())
    return redirect(url)


def _export(request, slug, fmt: str):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    board = selectors.dashboard(cohort, request.GET, clock.now())
    table = exports.participants_table(board.rows, cohort.timezone)
    return spreadsheets.download(
        table, fmt, file_name=f"{cohort.slug}-auditeurs", title=_("Auditeurs")
    )


@login_required
@require_safe
def export_csv(request, slug):
    return _export(request, slug, "csv")


@login_required
@require_safe
def export_xlsx(request, slug):
    return _export(request, slug, "xlsx")


@cached_page
@login_required
@require_safe
def speaker_home(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.teach")
    view = selectors.speaker_home(cohort, clock.now())
    return render(request, "cohorts/home_speaker.html", {"cohort": cohort, "view": view})


@cached_page
@login_required
@require_safe
def tutor_home(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.tutor")
    sees_all = has_role(request.user, cohort, Role.COORDINATOR)
    view = selectors.tutor_home(cohort, request.user, clock.now(), sees_all=sees_all)
    return render(request, "cohorts/home_tutor.html", {"cohort": cohort, "view": view})


@cached_page
@login_required
@require_safe
def partner(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.view_aggregates")
    figures = selectors.partner_figures(cohort)
    return render(
        request,
        "cohorts/dashboard_partner.html",
        {"cohort": cohort, "figures": figures, "small_cell": selectors.SMALL_CELL},
    )
