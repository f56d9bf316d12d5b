"""Studies: the cohort list, creation, the editor (labels and grids, computed on save),
sharing, copying, deleting, and taking variables from the workbook."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from essor.cohorts.models import Role
from essor.cohorts.permissions import has_role
from essor.core.errors import DomainError

from .. import engine, grids, selectors, services
from ..access import (
    TEACH_ROLES,
    can_edit,
    get_cohort_for_foresight,
    get_study_for,
    get_study_for_edit,
)
from ..forms import CreateStudyForm, ImportForm, VariablesForm
from ..models import Study


def _own_enrolment(user, cohort):
    from essor.cohorts.models import Enrolment

    if not has_role(user, cohort, Role.PARTICIPANT):
        return None
    return Enrolment.objects.filter(cohort=cohort, user_id=user.pk).first()


def list_context(request, cohort, form=None):
    user = request.user
    enrolment = _own_enrolment(user, cohort)
    teaches = has_role(user, cohort, *TEACH_ROLES)
    return {
        "cohort": cohort,
        "enrolment": enrolment,
        "teaches": teaches,
        "own": list(selectors.own_studies(enrolment)) if enrolment else [],
        "exercises": list(selectors.cohort_exercises(user, cohort)),
        "participants": list(selectors.readable_participant_studies(user, cohort)),
        "can_create": enrolment is not None or teaches,
        "form": form or CreateStudyForm(),
    }


@login_required
@require_http_methods(["GET"])
def study_list(request, slug):
    cohort = get_cohort_for_foresight(request.user, slug)
    return render(request, "foresight/list.html", list_context(request, cohort))


@login_required
@require_POST
def create(request, slug):
    cohort = get_cohort_for_foresight(request.user, slug)
    enrolment = _own_enrolment(request.user, cohort)
    teaches = has_role(request.user, cohort, *TEACH_ROLES)
    if enrolment is None and not teaches:
        raise Http404
    form = CreateStudyForm(request.POST)
    if form.is_valid():
        try:
            study = services.create_study(
                cohort=cohort,
                # A participant's study is their own; a speaker's is a cohort exercise.
                enrolment=None if teaches else enrolment,
                tool=form.cleaned_data["tool"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Étude créée : saisissez les libellés puis la grille."))
            return redirect("foresight:study", study_id=study.pk)
    context = list_context(request, cohort, form=form)
    return render(request, "foresight/list.html", context, status=400)


def study_context(request, study, *, data=None, typed=None, error=None, invalid=None, fields=None):
    data = study.data if data is None else data
    editable = can_edit(request.user, study)
    enrolment = _own_enrolment(request.user, study.cohort)
    return {
        "cohort": study.cohort,
        "study": study,
        "editable": editable,
        "can_copy": study.enrolment_id is None and study.shared and enrolment is not None,
        "can_share": editable and study.enrolment_id is None,
        "grids": grids.editor_grids(study.tool, data, typed=typed, invalid=invalid),
        "fields": fields if fields is not None else grids.label_fields(study.tool, data),
        "previous": grids.previous_labels(study.tool, data),
        "error": error,
        "invalid": invalid,
        "result": study.result,
        "results_template": f"foresight/results/_{study.tool}.html",
        "import_form": ImportForm(),
        "variables_form": VariablesForm(initial={"variables": True}),
        "from_workbook": editable and study.tool == "micmac" and study.enrolment_id is not None,
        "list_url": reverse("foresight:list", kwargs={"slug": study.cohort.slug}),
    }


@login_required
@require_http_methods(["GET", "POST"])
def study_page(request, study_id):
    if request.method == "GET":
        study = get_study_for(request.user, study_id)
        return render(request, "foresight/study.html", study_context(request, study))
    study = get_study_for_edit(request.user, study_id)
    data, typed = grids.data_from_post(study.tool, request.POST, study.data)
    fields = {k: request.POST.get(k, "") for k in grids.label_fields(study.tool, study.data)}
    title = request.POST.get("title", study.title)
    try:
        services.save_study(study=study, data=data, title=title)
    except engine.ForesightInputError as error:
        study.refresh_from_db()
        invalid = grids.error_field(study.tool, error, data)
        context = study_context(
            request,
            study,
            data=data,
            typed=typed,
            error=error.message,
            invalid=invalid,
            fields=fields,
        )
        return render(request, "foresight/study.html", context, status=400)
    except DomainError as error:
        study.refresh_from_db()
        context = study_context(
            request, study, data=data, typed=typed, error=error.message, fields=fields
        )
        return render(request, "foresight/study.html", context, status=400)
    messages.success(request, _("Étude enregistrée et calculée."))
    return redirect("foresight:study", study_id=study.pk)


@login_required
@require_POST
def variables(request, study_id):
    study = get_study_for_edit(request.user, study_id)
    form = VariablesForm(request.POST)
    form.is_valid()
    try:
        added = services.take_workbook_variables(
            study=study,
            variables=form.cleaned_data.get("variables", False),
            issues=form.cleaned_data.get("issues", False),
        )
    except DomainError as error:
        context = study_context(request, study, error=error.message)
        return render(request, "foresight/study.html", context, status=400)
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)s variable reprise du cahier de diagnostic.",
                "%(count)s variables reprises du cahier de diagnostic.",
                added,
            )
            % {"count": added},
        )
    else:
        messages.info(request, _("Toutes les variables du cahier sont déjà dans l'étude."))
    return redirect("foresight:study", study_id=study.pk)


def _teaching_exercise(user, study_id) -> Study:
    study = get_study_for_edit(user, study_id)
    if study.enrolment_id is not None:
        raise Http404
    return study


@login_required
@require_POST
def share(request, study_id):
    study = _teaching_exercise(request.user, study_id)
    services.set_shared(study=study, shared=not study.shared)
    if study.shared:
        messages.success(request, _("Exercice partagé avec les auditeur·rices de la promotion."))
    else:
        messages.success(request, _("Exercice retiré du partage."))
    return redirect("foresight:study", study_id=study.pk)


@login_required
@require_POST
def copy(request, study_id):
    study = get_study_for(request.user, study_id)
    enrolment = _own_enrolment(request.user, study.cohort)
    if enrolment is None or study.enrolment_id is not None or not study.shared:
        raise Http404
    mine = services.copy_study(study=study, enrolment=enrolment, by=request.user)
    messages.success(request, _("Exercice copié dans vos études."))
    return redirect("foresight:study", study_id=mine.pk)


@login_required
@require_POST
def delete(request, study_id):
    study = get_study_for_edit(request.user, study_id)
    slug = study.cohort.slug
    services.delete_study(study=study)
    messages.success(request, _("Étude supprimée."))
    return redirect("foresight:list", slug=slug)
