"""Attendance PDFs: a half-day's signed and blank sheets (teaching team), a participant's
certificat de réalisation and attestation de fin de formation (coordination, or the
participant for their own)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from essor.attendance import documents
from essor.attendance.permissions import get_slot_for
from essor.cohorts.admission_selectors import get_cohort_enrolment
from essor.cohorts.permissions import get_cohort_for


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # Personal data: not to be kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def sheet(request, slot_id):
    """The signed sheet as the evidence stands now (shown in the browser, to print)."""
    slot = get_slot_for(request.user, slot_id, "cohorts.teach")
    return pdf_response(
        documents.render_attendance_sheet(slot), documents.sheet_filename(slot), inline=True
    )


@login_required
@require_safe
def blank_sheet(request, slot_id):
    slot = get_slot_for(request.user, slot_id, "cohorts.teach")
    return pdf_response(
        documents.render_blank_sheet(slot),
        documents.sheet_filename(slot, blank=True),
        inline=True,
    )


def _certificat(enrolment) -> HttpResponse:
    return pdf_response(
        documents.render_certificat(enrolment),
        documents.participant_filename("certificat-realisation", enrolment),
    )


def _attestation(enrolment) -> HttpResponse:
    return pdf_response(
        documents.render_attestation(enrolment),
        documents.participant_filename("attestation", enrolment),
    )


@login_required
@require_safe
def enrolment_certificat(request, slug, enrolment_id):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    return _certificat(get_cohort_enrolment(cohort, enrolment_id))


@login_required
@require_safe
def my_certificat(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.take_part")
    return _certificat(documents.own_enrolment(request.user, cohort))


@login_required
@require_safe
def enrolment_attestation(request, slug, enrolment_id):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    return _attestation(get_cohort_enrolment(cohort, enrolment_id))


@login_required
@require_safe
def my_attestation(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.take_part")
    return _attestation(documents.own_enrolment(request.user, cohort))
