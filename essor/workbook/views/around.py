"""Pages around the workbook: the reference parameters (coordination), tutor comments,
the participant's personal-data page and the cohort overview of the workbooks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from essor.cohorts.permissions import get_cohort_for
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.numbers import french_plain
from essor.coursework.selectors import participant_name

from .. import comments, parameter_services, personal_data
from ..access import ensure_workbook, own_workbook, readable_enrolment
from ..forms_around import CommentForm, EraseAllForm, NewYearForm, ParameterForm
from ..models import Section
from ..overview import cohort_overview
from ..parameters import update_parameter

# --- Reference parameters ------------------------------------------------------------------


def _render_parameters(request, *, edit=None, edit_form=None, year_form=None, status=200):
    if edit is not None and edit_form is None:
        edit_form = ParameterForm(
            initial={"value": french_plain(edit.value), "source": edit.source},
            prefix="edit",
        )
    context = {
        "table": parameter_services.parameter_table(),
        "edit": edit,
        "edit_form": edit_form,
        "year_form": year_form or NewYearForm(prefix="year"),
    }
    return render(request, "workbook/parameters.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def parameters(request):
    parameter_services.require_editor(request.user)
    if request.method != "POST":
        edit = None
        raw = request.GET.get("modifier", "")
        if raw.isdigit():
            edit = parameter_services.get_parameter(int(raw))
        return _render_parameters(request, edit=edit)

    if request.POST.get("action") == "add_year":
        form = NewYearForm(request.POST, prefix="year")
        key = request.POST.get("year-key", "")
        if form.is_valid():
            try:
                parameter = parameter_services.add_parameter_year(
                    key=key,
                    year=form.cleaned_data["year"],
                    value=form.cleaned_data["value"],
                    source=form.cleaned_data["source"],
                    by=request.user,
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Valeur %(year)s de « %(label)s » ajoutée.")
                    % {"year": parameter.year, "label": parameter.label},
                )
                return redirect("workbook:parameters")
        form.selected_key = key
        return _render_parameters(request, year_form=form, status=400)

    parameter = parameter_services.get_parameter(
        int(request.POST["parameter"]) if request.POST.get("parameter", "").isdigit() else 0
    )
    form = ParameterForm(request.POST, prefix="edit")
    if form.is_valid():
        try:
            update_parameter(
                parameter=parameter,
                value=form.cleaned_data["value"],
                source=form.cleaned_data["source"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("« %(label)s » (%(year)s) modifié.")
                % {"label": parameter.label, "year": parameter.year},
            )
            return redirect(reverse("workbook:parameters") + f"#parametre-{parameter.pk}")
    return _render_parameters(request, edit=parameter, edit_form=form, status=400)


# --- Tutor comments --------------------------------------------------------------------------


@login_required
@require_POST
def comment(request, enrolment_id, code):
    enrolment = readable_enrolment(request.user, enrolment_id)
    if code not in Section.values:
        raise Http404(_("Section introuvable."))
    workbook = ensure_workbook(enrolment)
    workbook.enrolment = enrolment
    if not comments.can_comment(request.user, workbook):
        # The participant reads the comments but cannot write one: as if the form did not exist.
        raise Http404(_("Page introuvable."))
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comments.add_comment(
                workbook=workbook, section=code, author=request.user, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Commentaire ajouté."))
            url = reverse(
                "workbook:read-section", kwargs={"enrolment_id": enrolment.pk, "code": code}
            )
            return redirect(url + "#commentaires")
    return render(
        request,
        "workbook/comment_page.html",
        {
            "cohort": enrolment.cohort,
            "enrolment": enrolment,
            "name": participant_name(enrolment),
            "workbook": workbook,
            "code": code,
            "section_title": Section(code).label,
            "form": form,
        },
        status=400,
    )


# --- Personal data ---------------------------------------------------------------------------


def _render_personal_data(request, workbook, *, erase_form=None, status=200):
    context = {
        "cohort": workbook.enrolment.cohort,
        "workbook": workbook,
        "data": personal_data.personal_data(workbook),
        "confirm_erase": erase_form is not None,
        "erase_form": erase_form,
    }
    return render(request, "workbook/personal_data.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def personal_data_page(request, slug):
    workbook = own_workbook(request.user, slug)
    url = reverse("workbook:personal-data", kwargs={"slug": slug})
    if request.method != "POST":
        erase_form = EraseAllForm() if request.GET.get("effacer") == "1" else None
        return _render_personal_data(request, workbook, erase_form=erase_form)
    action = request.POST.get("action")
    if action == "delete_interview":
        raw = request.POST.get("interview", "")
        if not raw.isdigit():
            raise Http404(_("Entretien introuvable."))
        personal_data.delete_interview(workbook=workbook, interview_id=int(raw), by=request.user)
        messages.success(request, _("Entretien supprimé."))
        return redirect(url)
    if action == "erase_all":
        form = EraseAllForm(request.POST)
        if form.is_valid():
            erased = personal_data.erase_all(workbook=workbook, by=request.user)
            messages.success(
                request,
                _(
                    "Données effacées. Entretiens supprimés : %(interviews)s ; "
                    "pseudonymes de bénévole retirés : %(pseudonyms)s."
                )
                % {"interviews": erased.interviews, "pseudonyms": erased.pseudonyms},
            )
            return redirect(url)
        return _render_personal_data(request, workbook, erase_form=form, status=400)
    raise Http404(_("Action inconnue."))


# --- Cohort overview -------------------------------------------------------------------------


@login_required
@require_safe
def overview(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.tutor")
    board = cohort_overview(request.user, cohort, now=clock.now())
    return render(request, "workbook/overview.html", {"cohort": cohort, "board": board})
