"""Statement files, served only after the permission check (they live in private storage)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from essor.cohorts.permissions import get_cohort_for, get_enrolment_for
from essor.core.storage import private_storage

from .. import selectors

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _file_response(stored_name: str, kind: str, file_name: str) -> FileResponse:
    if not stored_name or not private_storage.exists(stored_name):
        raise Http404(_("Fichier introuvable."))
    response = FileResponse(
        private_storage.open(stored_name, "rb"),
        as_attachment=True,
        filename=file_name or f"note-intention.{kind}",
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    # The browser must not guess another type than the one checked at upload.
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def statement_file(request, enrolment_id):
    """The current file, or a version's with `?version=<number>`: the participant, their
    tutor, the coordination."""
    enrolment = get_enrolment_for(request.user, enrolment_id)
    number = request.GET.get("version", "")
    if number:
        if not number.isdigit():
            raise Http404(_("Version introuvable."))
        item = selectors.get_version(enrolment, int(number))
    else:
        item = selectors.statement_of(enrolment)
        if item is None:
            raise Http404(_("Fichier introuvable."))
    return _file_response(item.file.name, item.file_kind, item.file_name)


@login_required
@require_safe
def shared_statement_file(request, slug, enrolment_id):
    """The file of a statement shared with the cohort, as it was last submitted."""
    cohort = get_cohort_for(request.user, slug, "coursework.read_shared_statements")
    version = selectors.get_shared_version(cohort, enrolment_id)
    return _file_response(version.file.name, version.file_kind, version.file_name)
