"""The statements shared with the cohort for the module 1 presentations."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from essor.cohorts.permissions import get_cohort_for

from .. import selectors


@login_required
@require_safe
def shared_statements(request, slug):
    cohort = get_cohort_for(request.user, slug, "coursework.read_shared_statements")
    return render(
        request,
        "coursework/statements_shared.html",
        {"cohort": cohort, "items": selectors.shared_statements(cohort)},
    )
