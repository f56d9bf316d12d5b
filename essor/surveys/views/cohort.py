"""A cohort's surveys for the coordination: planning, dates, counts, and the actions
(open now, remind, close). How many answered is shown, never who."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from essor.cohorts.permissions import get_cohort_for
from essor.core import clock
from essor.core.errors import DomainError

from .. import dispatch, selectors
from ..builder import builder_programme_ids
from ..models import MIN_ANSWERS_SHOWN, Survey
from ..planning import plan_surveys

PERM = "cohorts.manage_cohort"


@login_required
@require_http_methods(["GET"])
def cohort_surveys(request, slug):
    cohort = get_cohort_for(request.user, slug, PERM)
    return render(
        request,
        "surveys/cohort_surveys.html",
        {
            "cohort": cohort,
            "rows": selectors.cohort_surveys(cohort),
            "min_answers": MIN_ANSWERS_SHOWN,
            "can_build": cohort.programme_id in builder_programme_ids(request.user),
        },
    )


@login_required
@require_POST
def plan(request, slug):
    cohort = get_cohort_for(request.user, slug, PERM)
    surveys = plan_surveys(cohort)
    if surveys:
        messages.success(
            request,
            ngettext("%(count)d enquête planifiée.", "%(count)d enquêtes planifiées.", len(surveys))
            % {"count": len(surveys)},
        )
    else:
        messages.error(
            request, _("Aucune demi-journée au calendrier : rien à planifier pour l'instant.")
        )
    return redirect("surveys:cohort-surveys", slug=cohort.slug)


def _survey(request, slug, pk) -> Survey:
    cohort = get_cohort_for(request.user, slug, PERM)
    survey = Survey.objects.filter(pk=pk, cohort=cohort).first()
    if survey is None:
        raise Http404(_("Enquête introuvable."))
    return survey


def _act(request, slug, pk, action, done):
    survey = _survey(request, slug, pk)
    try:
        result = action(survey=survey, now=clock.now())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done(result))
    return redirect("surveys:cohort-surveys", slug=slug)


def _sent(count):
    if not count:
        return _("Aucun message à envoyer.")
    return ngettext("%(count)d message envoyé.", "%(count)d messages envoyés.", count) % {
        "count": count
    }


@login_required
@require_POST
def survey_open(request, slug, pk):
    return _act(request, slug, pk, dispatch.open_now, lambda n: _("Enquête ouverte. ") + _sent(n))


@login_required
@require_POST
def survey_remind(request, slug, pk):
    return _act(request, slug, pk, dispatch.remind_now, _sent)


@login_required
@require_POST
def survey_close(request, slug, pk):
    return _act(
        request,
        slug,
        pk,
        dispatch.close_now,
        lambda _r: _("Enquête close : la liste des destinataires a été effacée."),
    )
