"""The note (≈ 20 pages): the participant's versions and final submission, the tutor's
feedback and assessment, the coordination's deadline, the skeleton downloads. Files are
served only after the permission check (private storage)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from essor.cohorts.permissions import get_cohort_for, get_enrolment_for
from essor.core import clock
from essor.core.errors import DomainError

from .. import note_selectors, note_services, selectors, services, skeleton
from ..models import NoteDecision
from ..note_forms import AssessmentForm, FeedbackForm, NoteSettingsForm, NoteUploadForm
from ..note_services import GRID_CRITERIA, GRID_MAX
from .files import CONTENT_TYPES, _file_response


def _rows(versions, target_pages):
    return [
        {
            "version": version,
            "size": note_selectors.size_text(version.file_size),
            "length": note_selectors.note_length(version, target_pages),
            "feedback": list(version.feedback.all()),
        }
        for version in versions
    ]


def _note_context(request, enrolment) -> dict:
    settings = note_selectors.note_settings(enrolment.cohort)
    target = settings.target_pages if settings else note_selectors.DEFAULT_TARGET_PAGES
    assessment = note_selectors.latest_assessment(enrolment)
    return {
        "cohort": enrolment.cohort,
        "enrolment": enrolment,
        "name": selectors.participant_name(enrolment),
        "settings": settings,
        "target_pages": target,
        "state": note_selectors.note_state(enrolment, settings, clock.now()),
        "rows": _rows(note_selectors.note_versions(enrolment), target),
        "assessment": assessment,
        "grid": _grid_rows(assessment),
        "may_review": services.can_comment(request.user, enrolment),
        "is_owner": enrolment.user_id == request.user.pk,
    }


def _grid_rows(assessment):
    if assessment is None:
        return []
    return [
        {"label": label, "score": assessment.grid.get(key), "max": GRID_MAX}
        for key, label in GRID_CRITERIA
    ]


def _own(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.take_part")
    enrolment = selectors.get_own_enrolment(request.user, cohort)
    enrolment.cohort = cohort
    return cohort, enrolment


@login_required
@require_http_methods(["GET", "POST"])
def note(request, slug):
    """The participant's note: versions, feedback, state; POST uploads a version."""
    cohort, enrolment = _own(request, slug)
    status = 200
    form = NoteUploadForm()
    if request.method == "POST":
        form = NoteUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = note_services.upload_note_version(
                    enrolment=enrolment,
                    upload=form.cleaned_data["file"],
                    is_final=form.cleaned_data["is_final"],
                    by=request.user,
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                if version.is_final:
                    messages.success(request, _("Votre version finale est remise."))
                else:
                    messages.success(request, _("Nouvelle version de la note enregistrée."))
                return redirect("coursework:note", slug=cohort.slug)
        status = 400
    context = _note_context(request, enrolment)
    context["form"] = form
    context["max_bytes"] = note_services.note_max_bytes()
    return render(request, "coursework/note_edit.html", context, status=status)


@login_required
@require_safe
def note_detail(request, enrolment_id):
    """One participant's note for their tutor and the coordination (and themselves)."""
    enrolment = get_enrolment_for(request.user, enrolment_id, select=("tutor",))
    return render(request, "coursework/note_detail.html", _note_context(request, enrolment))


@login_required
@require_safe
def note_version_file(request, version_id):
    version = note_selectors.get_note_version_for(request.user, version_id)
    return _file_response(version.file.name, version.file_kind, version.file_name)


@login_required
@require_safe
def note_feedback_file(request, feedback_id):
    feedback = note_selectors.get_note_feedback_for(request.user, feedback_id)
    name = feedback.annotated_file.name
    kind = name.rsplit(".", 1)[-1] if "." in name else ""
    return _file_response(name, kind, feedback.annotated_file_name)


def _reviewable_version(request, version_id):
    version = note_selectors.get_note_version_for(request.user, version_id)
    if not services.can_comment(request.user, version.enrolment):
        # The participant may see their version, not review it: a 403, not a 404.
        raise PermissionDenied(
            _("Seul·es le tuteur ou la tutrice et la coordination font un retour.")
        )
    return version


@login_required
@require_http_methods(["GET", "POST"])
def note_feedback(request, version_id):
    version = _reviewable_version(request, version_id)
    enrolment = version.enrolment
    status = 200
    form = FeedbackForm()
    if request.method == "POST":
        form = FeedbackForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                note_services.give_note_feedback(
                    version=version,
                    author=request.user,
                    comment=form.cleaned_data["comment"],
                    status=form.cleaned_data["status"],
                    annotated=form.cleaned_data["annotated_file"],
                )
            except DomainError as error:
                field = "annotated_file" if error.code == "file_invalid" else "comment"
                form.add_error(field, error.message)
            else:
                messages.success(request, _("Retour enregistré et visible de l'auditeur·rice."))
                return redirect("coursework:note-detail", enrolment_id=enrolment.pk)
        status = 400
    settings = note_selectors.note_settings(enrolment.cohort)
    target = settings.target_pages if settings else note_selectors.DEFAULT_TARGET_PAGES
    context = {
        "cohort": enrolment.cohort,
        "enrolment": enrolment,
        "name": selectors.participant_name(enrolment),
        "version": version,
        "size": note_selectors.size_text(version.file_size),
        "length": note_selectors.note_length(version, target),
        "form": form,
    }
    return render(request, "coursework/note_feedback.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def note_assessment(request, enrolment_id):
    enrolment = get_enrolment_for(request.user, enrolment_id, select=("tutor",))
    if not services.can_comment(request.user, enrolment):
        raise PermissionDenied(_("Seul·es le tuteur ou la tutrice et la coordination évaluent."))
    status = 200
    form = AssessmentForm()
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        if form.is_valid():
            try:
                note_services.assess_note(
                    enrolment=enrolment,
                    assessor=request.user,
                    grid=form.grid(),
                    decision=form.cleaned_data["decision"],
                    reasons=form.cleaned_data["reasons"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Évaluation enregistrée."))
                return redirect("coursework:note-detail", enrolment_id=enrolment.pk)
        status = 400
    context = {
        "cohort": enrolment.cohort,
        "enrolment": enrolment,
        "name": selectors.participant_name(enrolment),
        "final": note_selectors.final_version(enrolment),
        "assessments": note_selectors.assessments(enrolment),
        "criteria": [label for _key, label in GRID_CRITERIA],
        "form": form,
        "accepted": NoteDecision.ACCEPTED,
    }
    return render(request, "coursework/note_assessment.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def note_settings(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    current = note_selectors.note_settings(cohort)
    status = 200
    with timezone.override(cohort.timezone):
        if request.method == "POST":
            form = NoteSettingsForm(request.POST)
            if form.is_valid():
                try:
                    note_services.set_note_settings(
                        cohort=cohort,
                        final_deadline=form.cleaned_data["final_deadline"],
                        target_pages=form.cleaned_data["target_pages"],
                        by=request.user,
                    )
                except DomainError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, _("Date limite de la note enregistrée."))
                    return redirect("coursework:note-settings", slug=cohort.slug)
            status = 400
        else:
            initial = {"target_pages": current.target_pages if current else 20}
            if current:
                initial["final_deadline"] = timezone.localtime(current.final_deadline)
            form = NoteSettingsForm(initial=initial)
        return render(
            request,
            "coursework/note_settings.html",
            {"cohort": cohort, "current": current, "form": form},
            status=status,
        )


def _skeleton_name(enrolment, kind: str) -> str:
    name = slugify(selectors.participant_name(enrolment)) or "auditeur"
    return f"note-{name}.{kind}"


@login_required
@require_safe
def note_skeleton_docx(request, slug):
    _cohort, enrolment = _own(request, slug)
    response = HttpResponse(
        skeleton.skeleton_docx(skeleton.skeleton_data(enrolment, by=request.user)),
        content_type=CONTENT_TYPES["docx"],
    )
    response["Content-Disposition"] = f'attachment; filename="{_skeleton_name(enrolment, "docx")}"'
    return response


@login_required
@require_safe
def note_skeleton_pdf(request, slug):
    _cohort, enrolment = _own(request, slug)
    response = HttpResponse(
        skeleton.skeleton_pdf(skeleton.skeleton_data(enrolment, by=request.user)),
        content_type=CONTENT_TYPES["pdf"],
    )
    response["Content-Disposition"] = f'attachment; filename="{_skeleton_name(enrolment, "pdf")}"'
    return response
