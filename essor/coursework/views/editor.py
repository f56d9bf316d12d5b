"""The participant's editor: write in Markdown (live preview, autosave), or upload a
file, then submit. Every action also works without JavaScript."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from essor.cohorts.permissions import get_cohort_for
from essor.core import clock
from essor.core.errors import DomainError
from essor.core.formats import french_time

from .. import selectors, services
from ..forms import SharingForm, StatementFileForm, StatementTextForm
from ..text import estimate_text, file_estimate, render_markdown

# The preview sits under the h3 « Aperçu »: the statement's « # Titre » becomes an h4.
PREVIEW_BELOW = 3


def _own(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.take_part")
    return cohort, selectors.get_own_enrolment(request.user, cohort)


def _render_editor(
    request, cohort, enrolment, *, status=200, text_form=None, file_form=None, submit_error=None
):
    statement = selectors.statement_of(enrolment)
    deadline = selectors.statement_deadline(cohort)
    text_form = text_form or StatementTextForm(
        initial={"body": statement.body if statement else ""}
    )
    # What the text box holds, typed or saved: the preview and estimate describe it.
    body = text_form["body"].value() or ""
    last_submitted = selectors.last_submitted_version(statement)
    context = {
        "cohort": cohort,
        "enrolment": enrolment,
        "statement": statement,
        "deadline": deadline,
        "state": selectors.statement_state(statement, deadline, clock.now()),
        "text_form": text_form,
        "file_form": file_form or StatementFileForm(),
        "sharing_form": SharingForm(
            initial={"shared": statement.shared_with_cohort if statement else False}
        ),
        "preview": render_markdown(body, below=PREVIEW_BELOW),
        "estimate": estimate_text(body),
        "file_estimate": file_estimate(statement),
        "last_submitted": last_submitted,
        "changed_since_submission": statement is not None
        and selectors.changed_since_submission(statement, last_submitted),
        "submit_error": submit_error,
        "max_bytes": services.statement_max_bytes(),
    }
    return render(request, "coursework/statement_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def statement_edit(request, slug):
    """GET: the editor. POST: the « Enregistrer » button (an explicit save: a version)."""
    cohort, enrolment = _own(request, slug)
    if request.method == "GET":
        return _render_editor(request, cohort, enrolment)
    form = StatementTextForm(request.POST)
    if form.is_valid():
        try:
            services.save_statement_draft(
                enrolment=enrolment, body=form.cleaned_data["body"], by=request.user, explicit=True
            )
        except DomainError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Votre note est enregistrée."))
            return redirect("coursework:statement-edit", slug=cohort.slug)
    return _render_editor(request, cohort, enrolment, status=400, text_form=form)


@login_required
@require_POST
def statement_preview(request, slug):
    """HTMX: the rendered text and its length estimate; nothing is saved."""
    _own(request, slug)
    body = request.POST.get("body", "")
    return render(
        request,
        "coursework/_preview.html",
        {
            "preview": render_markdown(body, below=PREVIEW_BELOW),
            "estimate": estimate_text(body),
            "oob": True,
        },
    )


@login_required
@require_POST
def statement_autosave(request, slug):
    """HTMX: saves the draft (no version) and answers with a one-line status.

    Answers 200 even on a refusal: htmx swaps only successful answers, and the message
    must reach the live region.
    """
    cohort, enrolment = _own(request, slug)
    try:
        services.save_statement_draft(
            enrolment=enrolment,
            body=request.POST.get("body", ""),
            by=request.user,
            explicit=False,
        )
    except DomainError as error:
        return render(request, "coursework/_autosave.html", {"error": error.message})
    saved_at = french_time(clock.now().astimezone(ZoneInfo(cohort.timezone)).time())
    return render(request, "coursework/_autosave.html", {"saved_at": saved_at})


@login_required
@require_POST
def statement_upload(request, slug):
    cohort, enrolment = _own(request, slug)
    form = StatementFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            statement = services.upload_statement_file(
                enrolment=enrolment, upload=form.cleaned_data["file"], by=request.user
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            messages.success(
                request,
                _("Fichier « %(name)s » enregistré.") % {"name": statement.file_name},
            )
            return redirect("coursework:statement-edit", slug=cohort.slug)
    return _render_editor(request, cohort, enrolment, status=400, file_form=form)


@login_required
@require_POST
def statement_submit(request, slug):
    """« Remettre ma note »: the text box's content (when sent) is saved and submitted."""
    cohort, enrolment = _own(request, slug)
    form = StatementTextForm(request.POST) if "body" in request.POST else None
    try:
        if form is not None and form.is_valid():
            services.save_and_submit_statement(
                enrolment=enrolment, body=form.cleaned_data["body"], by=request.user
            )
        else:
            services.submit_statement(enrolment=enrolment, by=request.user)
    except DomainError as error:
        return _render_editor(
            request, cohort, enrolment, status=400, text_form=form, submit_error=error.message
        )
    messages.success(request, _("Votre note d'intention est remise."))
    return redirect("coursework:statement-edit", slug=cohort.slug)


@login_required
@require_POST
def statement_sharing(request, slug):
    cohort, enrolment = _own(request, slug)
    form = SharingForm(request.POST)
    form.is_valid()  # a checkbox: absent means « non », nothing can be invalid
    shared = form.cleaned_data.get("shared", False)
    statement = services.set_statement_sharing(enrolment=enrolment, shared=shared, by=request.user)
    if not shared:
        message = _("Votre note n'est pas partagée avec la promotion.")
    elif statement.submitted_at:
        message = _("Votre note remise est partagée avec la promotion.")
    else:
        message = _("Votre note sera visible de la promotion une fois remise.")
    messages.success(request, message)
    return redirect("coursework:statement-edit", slug=cohort.slug)
