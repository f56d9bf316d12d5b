"""The coordinator's overview of a cohort's personal work (page and XLSX), and the tutor's
« what changed since I last looked »."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from essor.cohorts.models import Role
from essor.cohorts.permissions import get_cohort_for, get_enrolment_for, has_role
from essor.core import clock, spreadsheets
from essor.core.errors import DomainError

from .. import overview_selectors, overview_services


@login_required
@require_safe
def overview(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    board = overview_selectors.overview(cohort, request.GET, clock.now())
    query = urlencode(board.filters.as_query())
    return render(
        request,
        "coursework/overview.html",
        {"cohort": cohort, "board": board, "query": query},
    )


@login_required
@require_safe
def overview_xlsx(request, slug):
    """The rows the page shows with the same filters, for the coordinators' spreadsheets."""
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    board = overview_selectors.overview(cohort, request.GET, clock.now())
    return spreadsheets.download(
        overview_selectors.overview_table(board),
        "xlsx",
        file_name=f"{cohort.slug}-travail-personnel",
        title=_("Travail personnel"),
    )


def _sees_all(user, cohort) -> bool:
    return has_role(user, cohort, Role.COORDINATOR)


@login_required
@require_safe
def tutor_changes(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.tutor")
    changes = overview_selectors.tutor_changes(
        cohort, request.user, sees_all=_sees_all(request.user, cohort)
    )
    return render(request, "coursework/tutor_changes.html", {"cohort": cohort, "changes": changes})


@login_required
@require_POST
def tutor_changes_seen(request, slug, enrolment_id):
    """« Marquer comme vu »: what changed before now is no longer shown as new."""
    cohort = get_cohort_for(request.user, slug, "cohorts.tutor")
    enrolment = get_enrolment_for(request.user, enrolment_id)
    if enrolment.cohort_id != cohort.pk:
        raise Http404(_("Inscription introuvable."))
    try:
        overview_services.mark_seen(user=request.user, enrolment=enrolment)
    except DomainError:
        # The participant themself: not someone who follows this work.
        raise Http404(_("Inscription introuvable.")) from None
    last_name, first_name = overview_selectors.person_name(enrolment)
    messages.success(
        request,
        _("Travail de %(name)s marqué comme vu.") % {"name": f"{first_name} {last_name}".strip()},
    )
    url = reverse("coursework:tutor-changes", kwargs={"slug": cohort.slug})
    return redirect(f"{url}#participant-{enrolment.pk}")
