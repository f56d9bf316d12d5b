"""Reading a statement: the participant, their tutor and the coordination (anyone else
gets a 404, as if it did not exist). Tutor and coordination comment here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from essor.cohorts.permissions import get_enrolment_for
from essor.core import clock
from essor.core.errors import DomainError

from .. import selectors, services
from ..forms import CommentForm
from ..text import file_estimate


def _render_detail(request, enrolment, *, comment_form=None, status=200):
    statement = selectors.statement_with_history(enrolment)
    deadline = selectors.statement_deadline(enrolment.cohort)
    versions = list(statement.versions.all()) if statement else []
    last_submitted = next((v for v in versions if v.submitted), None)
    may_comment = services.can_comment(request.user, enrolment)
    context = {
        "cohort": enrolment.cohort,
        "enrolment": enrolment,
        "name": selectors.participant_name(enrolment),
        "statement": statement,
        "deadline": deadline,
        "state": selectors.statement_state(statement, deadline, clock.now()),
        "versions": versions,
        "last_submitted": last_submitted,
        "changed_since_submission": statement is not None
        and selectors.changed_since_submission(statement, last_submitted),
        "file_estimate": file_estimate(statement),
        "comments": list(statement.comments.all()) if statement else [],
        "may_comment": may_comment,
        "comment_form": comment_form or (CommentForm() if may_comment else None),
        "is_owner": enrolment.user_id == request.user.pk,
    }
    return render(request, "coursework/statement_detail.html", context, status=status)


@login_required
@require_safe
def statement_detail(request, enrolment_id):
    enrolment = get_enrolment_for(request.user, enrolment_id, select=("tutor",))
    return _render_detail(request, enrolment)


@login_required
@require_POST
def statement_comment(request, enrolment_id):
    enrolment = get_enrolment_for(request.user, enrolment_id, select=("tutor",))
    if not services.can_comment(request.user, enrolment):
        # They may read it (their own statement): refusing is a 403, not a 404.
        raise PermissionDenied(_("Seul·es le tuteur ou la tutrice et la coordination commentent."))
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_statement(
                enrolment=enrolment, author=request.user, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Commentaire ajouté."))
            url = reverse("coursework:statement-detail", args=[enrolment.pk])
            return redirect(url + "#commentaires")
    return _render_detail(request, enrolment, comment_form=form, status=400)


@login_required
@require_safe
def statement_version(request, enrolment_id, number):
    enrolment = get_enrolment_for(request.user, enrolment_id)
    version = selectors.get_version(enrolment, number)
    return render(
        request,
        "coursework/statement_version.html",
        {
            "cohort": enrolment.cohort,
            "enrolment": enrolment,
            "name": selectors.participant_name(enrolment),
            "version": version,
        },
    )
