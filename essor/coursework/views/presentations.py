"""Module 1 presentations, for the coordination: running order, times, printable."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from essor.cohorts.permissions import get_cohort_for
from essor.core import clock
from essor.core.errors import DomainError

from .. import selectors, services
from ..forms import OpeningForm


def _opening_form(data) -> OpeningForm:
    return OpeningForm(data if "opening" in data else None)


def _back(cohort, opening: int):
    url = reverse("coursework:presentations", kwargs={"slug": cohort.slug})
    return redirect(f"{url}?{urlencode({'opening': opening})}")


def _render(request, cohort, opening_form, *, order_errors=None, typed=None, status=200):
    plan = selectors.presentations(cohort, opening_minutes=opening_form.minutes(), now=clock.now())
    context = {
        "cohort": cohort,
        "plan": plan,
        "opening_form": opening_form,
        "opening": opening_form.minutes(),
        "order_errors": order_errors or [],
        # What the coordinator typed in the order fields, kept after an error.
        "typed": typed or {},
    }
    return render(request, "coursework/presentations.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def presentations(request, slug):
    """GET: the running order. POST: the order typed as numbers (« 3 » = third)."""
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    opening_form = _opening_form(request.GET if request.method == "GET" else request.POST)
    if request.method == "GET":
        return _render(request, cohort, opening_form)
    current = [e.pk for e in selectors.presenting_enrolments(cohort)]
    typed = {pk: request.POST.get(f"rank-{pk}", "").strip() for pk in current}
    bad = [pk for pk, value in typed.items() if not value.isdigit()]
    if bad:
        return _render(
            request,
            cohort,
            opening_form,
            order_errors=[_("Indiquez un numéro de passage (nombre entier) pour chaque personne.")],
            typed=typed,
            status=400,
        )
    # Ties keep the current order, so typing « 1 » for someone moves them to the top.
    order = sorted(current, key=lambda pk: (int(typed[pk]), current.index(pk)))
    try:
        services.set_presentation_order(cohort=cohort, enrolment_ids=order, by=request.user)
    except DomainError as error:
        return _render(
            request, cohort, opening_form, order_errors=[error.message], typed=typed, status=400
        )
    messages.success(request, _("Ordre de passage enregistré."))
    return _back(cohort, opening_form.minutes())


@login_required
@require_POST
def presentations_move(request, slug):
    """The « Monter » / « Descendre » buttons: one person one place up or down."""
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    opening_form = _opening_form(request.POST)
    enrolments = selectors.presenting_enrolments(cohort)
    order = [e.pk for e in enrolments]
    moved = request.POST.get("enrolment", "")
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if not moved.isdigit() or int(moved) not in order or step is None:
        messages.error(request, _("Déplacement impossible : rechargez la page."))
        return _back(cohort, opening_form.minutes())
    index = order.index(int(moved))
    target = index + step
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
        services.set_presentation_order(cohort=cohort, enrolment_ids=order, by=request.user)
    # Said in words: after the page reloads, a screen reader user hears where they went.
    messages.success(
        request,
        _("%(name)s passe en position %(position)s.")
        % {
            "name": selectors.participant_name(enrolments[index]),
            "position": min(max(target, 0), len(order) - 1) + 1,
        },
    )
    return _back(cohort, opening_form.minutes())
