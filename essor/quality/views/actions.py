"""Improvement actions of a cohort (coordination): the list (decided here, carried from
earlier cohorts), a new action, an action's follow-up, carrying the open ones on."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from essor.cohorts.permissions import get_cohort_for
from essor.core.errors import DomainError

from .. import services
from ..bilan import cohort_actions, get_cohort_action, next_cohort
from ..forms import ActionForm, ActionUpdateForm

FIELD_OF = {
    "title_required": "title",
    "due_required": "due_on",
    "owner_not_staff": "owner",
    "source_unknown": "source",
    "outcome_required": "outcome",
    "done_on_required": "done_on",
    "date_in_future": "done_on",
    "status_unknown": "status",
}


def _list(request, cohort, *, form=None, status=200):
    context = {
        "cohort": cohort,
        "listing": cohort_actions(cohort),
        "next_cohort": next_cohort(cohort),
        "form": form or ActionForm(cohort=cohort),
    }
    return render(request, "quality/actions.html", context, status=status)


@login_required
@require_safe
def actions(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    return _list(request, cohort)


@login_required
@require_POST
def action_new(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    form = ActionForm(request.POST, cohort=cohort)
    if form.is_valid():
        try:
            services.create_action(cohort=cohort, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(FIELD_OF.get(exc.code), exc.message)
        else:
            messages.success(request, _("Action d'amélioration enregistrée."))
            return redirect("quality:actions", slug=cohort.slug)
    return _list(request, cohort, form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def action(request, slug, pk):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    item = get_cohort_action(cohort, pk)
    initial = {"status": item.status, "outcome": item.outcome, "done_on": item.done_on}
    form = ActionUpdateForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_action(action=item, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(FIELD_OF.get(exc.code), exc.message)
            else:
                messages.success(request, _("Action mise à jour."))
                return redirect("quality:actions", slug=cohort.slug)
        status = 400
        item.refresh_from_db()
    context = {"cohort": cohort, "action": item, "form": form}
    return render(request, "quality/actions_detail.html", context, status=status)


@login_required
@require_POST
def actions_carry(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    count = services.carry_open_actions(cohort=cohort)
    if next_cohort(cohort) is None:
        messages.error(request, _("Aucune promotion suivante : aucune action reportée."))
    else:
        messages.success(
            request,
            _("Actions reportées sur la promotion suivante : %(count)s.") % {"count": count},
        )
    return redirect("quality:actions", slug=cohort.slug)
