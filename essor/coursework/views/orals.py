"""Oral presentations at module 13: the running order (coordination orders it, tutors
read it), the grid filled in during the presentation, the feedback sent to the
participant, who reads it once sent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from essor.cohorts.models import Role
from essor.cohorts.permissions import get_cohort_for, get_enrolment_for, has_role
from essor.core.errors import DomainError

from .. import orals as service
from ..selectors import participant_name
from ..tutoring import MIN_ORAL_MINUTES
from ..tutoring_forms import OralGridForm


def _coordination(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.tutor")
    if not has_role(request.user, cohort, Role.COORDINATOR):
        raise PermissionDenied(_("Seule la coordination pédagogique organise l'ordre de passage."))
    return cohort


@login_required
@require_safe
def orals(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.tutor")
    plan = service.orals_plan(cohort, request.user)
    context = {
        "cohort": cohort,
        "plan": plan,
        "may_order": has_role(request.user, cohort, Role.COORDINATOR),
        "min_minutes": MIN_ORAL_MINUTES,
    }
    return render(request, "coursework/oral_list.html", context)


@login_required
@require_POST
def orals_generate(request, slug):
    cohort = _coordination(request, slug)
    try:
        service.generate_oral_order(cohort=cohort, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Ordre de passage généré : par tuteur·rice puis par nom."))
    return redirect("coursework:orals", slug=cohort.slug)


@login_required
@require_POST
def orals_move(request, slug):
    """« Monter » / « Descendre »: one person one place up or down."""
    cohort = _coordination(request, slug)
    enrolments = service.presenting(cohort)
    order = [e.pk for e in enrolments]
    moved = request.POST.get("enrolment", "")
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if not moved.isdigit() or int(moved) not in order or step is None:
        messages.error(request, _("Déplacement impossible : rechargez la page."))
        return redirect("coursework:orals", slug=cohort.slug)
    index = order.index(int(moved))
    target = min(max(index + step, 0), len(order) - 1)
    order[index], order[target] = order[target], order[index]
    try:
        service.set_oral_order(cohort=cohort, enrolment_ids=order, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        # Said in words: after the reload, a screen reader user hears where they went.
        messages.success(
            request,
            _("%(name)s passe en position %(position)s.")
            % {"name": participant_name(enrolments[index]), "position": target + 1},
        )
    return redirect("coursework:orals", slug=cohort.slug)


def _render_oral(request, enrolment, *, form=None, status=200):
    oral = service.get_oral_for_page(enrolment)
    may_evaluate = service.can_evaluate(request.user, enrolment)
    sent = oral is not None and oral.feedback_sent_at is not None
    if may_evaluate and not sent and form is None:
        initial = {"feedback": oral.feedback if oral else ""}
        initial.update({k: str(v) for k, v in (oral.grid if oral else {}).items()})
        form = OralGridForm(initial=initial)
    context = {
        "cohort": enrolment.cohort,
        "enrolment": enrolment,
        "name": participant_name(enrolment),
        "oral": oral,
        "sent": sent,
        "may_evaluate": may_evaluate,
        "is_owner": enrolment.user_id == request.user.pk,
        "grid": service.grid_rows(oral),
        "grid_max": service.GRID_MAX,
        "form": form if not sent else None,
    }
    return render(request, "coursework/oral_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def oral(request, enrolment_id):
    enrolment = get_enrolment_for(request.user, enrolment_id, select=("tutor",))
    if request.method == "GET":
        return _render_oral(request, enrolment)
    if not service.can_evaluate(request.user, enrolment):
        raise PermissionDenied(
            _("Seul·es le tuteur ou la tutrice et la coordination évaluent la présentation.")
        )
    form = OralGridForm(request.POST)
    if form.is_valid():
        try:
            service.save_oral_evaluation(
                enrolment=enrolment,
                by=request.user,
                grid=form.grid(),
                feedback=form.cleaned_data["feedback"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Évaluation enregistrée."))
            return redirect("coursework:oral", enrolment_id=enrolment.pk)
    return _render_oral(request, enrolment, form=form, status=400)


@login_required
@require_POST
def oral_send(request, enrolment_id):
    enrolment = get_enrolment_for(request.user, enrolment_id, select=("tutor",))
    if not service.can_evaluate(request.user, enrolment):
        raise PermissionDenied(
            _("Seul·es le tuteur ou la tutrice et la coordination envoient les retours.")
        )
    try:
        service.send_oral_feedback(enrolment=enrolment, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Retours envoyés à %(name)s.") % {"name": participant_name(enrolment)}
        )
    return redirect("coursework:oral", enrolment_id=enrolment.pk)
