"""Issued certificates: the holder's page and download (the STORED bytes, never
re-rendered), the coordination's page (list, revoke, reissue, issue all due, zip)."""

import io
import json
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from essor.attendance.documents.overview import own_enrolment
from essor.certification import certificate_selectors as selectors
from essor.certification import issuing
from essor.cohorts.permissions import get_cohort_for
from essor.core.errors import DomainError


def _stored_pdf(certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


@login_required
@require_safe
def my_certificates(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.take_part")
    enrolment = own_enrolment(request.user, cohort)
    return render(
        request,
        "certification/certificates_mine.html",
        {"cohort": cohort, "certificates": selectors.certificates_of(enrolment)},
    )


@login_required
@require_safe
def certificate_pdf(request, number):
    certificate = selectors.get_certificate_for(request.user, number)
    response = HttpResponse(_stored_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def certificates(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    if request.method == "POST":
        try:
            issued = issuing.issue_pending(cohort=cohort, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s certificat délivré.", "%(count)s certificats délivrés.", len(issued)
                )
                % {"count": len(issued)},
            )
        return redirect("certification:certificates", slug=cohort.slug)
    items = selectors.cohort_certificates(cohort)
    pending = issuing.pending_decisions(cohort)
    valid = sum(1 for c in items if c.status == "valid")
    return render(
        request,
        "certification/certificates.html",
        {
            "cohort": cohort,
            "certificates": items,
            "pending": pending,
            "valid_count": valid,
            "due_count": valid + len(pending),
        },
    )


@login_required
@require_POST
def revoke(request, slug, certificate_id):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    certificate = selectors.get_cohort_certificate(cohort, certificate_id)
    try:
        issuing.revoke_certificate(
            certificate=certificate, reason=request.POST.get("reason", ""), by=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Certificat %(n)s révoqué.") % {"n": certificate.number})
    return redirect("certification:certificates", slug=cohort.slug)


@login_required
@require_POST
def reissue(request, slug, certificate_id):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    certificate = selectors.get_cohort_certificate(cohort, certificate_id)
    try:
        new = issuing.reissue_certificate(
            certificate=certificate, reason=request.POST.get("reason", ""), by=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Certificat %(old)s remplacé par %(new)s.")
            % {"old": certificate.number, "new": new.number},
        )
    return redirect("certification:certificates", slug=cohort.slug)


@login_required
@require_safe
def certificates_zip(request, slug):
    """The stored PDFs of the cohort's valid certificates, with their credentials."""
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in selectors.cohort_certificates(cohort):
            if certificate.status != "valid":
                continue
            archive.writestr(f"{certificate.number}.pdf", _stored_pdf(certificate))
            if certificate.credential_jwt:
                archive.writestr(f"{certificate.number}.jwt", certificate.credential_jwt)
            if certificate.credential_json:
                archive.writestr(
                    f"{certificate.number}.json",
                    json.dumps(certificate.credential_json, ensure_ascii=False, indent=2),
                )
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="certificats-{cohort.slug}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
