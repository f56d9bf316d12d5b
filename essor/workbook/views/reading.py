"""Reading a participant's workbook: their tutor and the coordination (never creates it)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from essor.coursework.selectors import participant_name

from ..access import readable_enrolment, workbook_of
from ..sections import spec_for
from .sections import home_rows, section_code, section_context


@login_required
@require_GET
def read(request, enrolment_id):
    enrolment = readable_enrolment(request.user, enrolment_id)
    workbook = workbook_of(enrolment)
    return render(
        request,
        "workbook/home.html",
        {
            "cohort": enrolment.cohort,
            "enrolment": enrolment,
            "participant": participant_name(enrolment),
            "workbook": workbook,
            "rows": home_rows(workbook) if workbook else [],
            "readonly": True,
        },
    )


@login_required
@require_GET
def read_section(request, enrolment_id, code):
    code = section_code(code)
    enrolment = readable_enrolment(request.user, enrolment_id)
    workbook = workbook_of(enrolment)
    if workbook is None:
        context = {
            "cohort": enrolment.cohort,
            "enrolment": enrolment,
            "workbook": None,
            "readonly": True,
            "code": code,
            "spec": spec_for(code),
        }
    else:
        context = section_context(workbook, code, readonly=True)
    context["participant"] = participant_name(enrolment)
    return render(request, "workbook/section.html", context)
