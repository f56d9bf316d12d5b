"""The workbook PDF: the participant's own, and the reading copy for their tutor and the
coordination (anyone else: 404, like a workbook that does not exist)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from essor.coursework.selectors import participant_name

from ..access import own_workbook, readable_enrolment, workbook_of
from ..exports import workbook_pdf


def _pdf_response(workbook, user) -> HttpResponse:
    response = HttpResponse(workbook_pdf(workbook, by=user), content_type="application/pdf")
    name = slugify(participant_name(workbook.enrolment)) or "auditeur"
    response["Content-Disposition"] = f'attachment; filename="cahier-{name}.pdf"'
    return response


@login_required
@require_safe
def own_pdf(request, slug):
    return _pdf_response(own_workbook(request.user, slug), request.user)


@login_required
@require_safe
def read_pdf(request, enrolment_id):
    enrolment = readable_enrolment(request.user, enrolment_id)
    workbook = workbook_of(enrolment)
    if workbook is None:
        raise Http404(_("Ce cahier n'a pas encore été ouvert."))
    return _pdf_response(workbook, request.user)
