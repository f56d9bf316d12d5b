"""The problem statement (problématique): the participant adds dated versions; their
tutor and the coordination read the history and comment each version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from essor.cohorts.permissions import get_cohort_for, get_enrolment_for
from essor.core.errors import DomainError

from .. import note_selectors, note_services, selectors, services
from ..models import ProblemStatementOrigin
from ..note_forms import CommentForm, ProblemStatementForm


def _initial(enrolment, versions) -> dict:
    """The first version starts from the statement of intent's text, when there is one."""
    if versions:
        return {"text": versions[-1].text, "origin": ProblemStatementOrigin.REVISION}
    statement = selectors.statement_of(enrolment)
    return {"text": statement.body if statement else "", "origin": ProblemStatementOrigin.STATEMENT}


def _context(request, enrolment, **extra) -> dict:
    versions = note_selectors.problem_versions(enrolment)
    may_comment = services.can_comment(request.user, enrolment)
    return {
        "cohort": enrolment.cohort,
        "enrolment": enrolment,
        "name": selectors.participant_name(enrolment),
        "versions": versions,
        "latest": versions[-1] if versions else None,
        "may_comment": may_comment,
        "comment_errors": {},
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def problem_statement(request, slug):
    """The participant's own problem statement: its history and a form for a new version."""
    cohort = get_cohort_for(request.user, slug, "cohorts.take_part")
    enrolment = selectors.get_own_enrolment(request.user, cohort)
    status = 200
    if request.method == "POST":
        form = ProblemStatementForm(request.POST)
        if form.is_valid():
            try:
                note_services.add_problem_statement(
                    enrolment=enrolment,
                    text=form.cleaned_data["text"],
                    origin=form.cleaned_data["origin"],
                    tutoring_module=form.cleaned_data["tutoring_module"],
                    by=request.user,
                )
            except DomainError as error:
                field = "tutoring_module" if error.code == "tutoring_module_required" else "text"
                form.add_error(field, error.message)
            else:
                messages.success(request, _("Nouvelle version de la problématique enregistrée."))
                return redirect("coursework:problem", slug=cohort.slug)
        status = 400
    else:
        form = None
    context = _context(request, enrolment, is_owner=True)
    context["form"] = form or ProblemStatementForm(initial=_initial(enrolment, context["versions"]))
    return render(request, "coursework/problem_edit.html", context, status=status)


@login_required
@require_safe
def problem_detail(request, enrolment_id):
    enrolment = get_enrolment_for(request.user, enrolment_id, select=("tutor",))
    context = _context(request, enrolment, is_owner=enrolment.user_id == request.user.pk)
    return render(request, "coursework/problem_detail.html", context)


@login_required
@require_POST
def problem_comment(request, version_id):
    version = note_selectors.get_problem_version_for(request.user, version_id)
    enrolment = version.enrolment
    if not services.can_comment(request.user, enrolment):
        # They may read it (their own): refusing is a 403, not a 404.
        raise PermissionDenied(_("Seul·es le tuteur ou la tutrice et la coordination commentent."))
    form = CommentForm(request.POST, prefix=f"v{version.pk}")
    if form.is_valid():
        try:
            note_services.comment_problem_statement(
                version=version, author=request.user, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Commentaire ajouté."))
            url = reverse("coursework:problem-detail", args=[enrolment.pk])
            return redirect(f"{url}#version-{version.number}")
    context = _context(request, enrolment, is_owner=False)
    context["comment_errors"] = {version.pk: form}
    return render(request, "coursework/problem_detail.html", context, status=400)
