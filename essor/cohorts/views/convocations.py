"""Convocation PDFs: the participant's own, any for the coordination, and the mailing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from essor.cohorts import admission_selectors as selectors
from essor.cohorts.convocation import (
    convocation_filename,
    convocation_recipients,
    render_convocation,
    send_convocations,
)
from essor.cohorts.permissions import get_cohort_for


def _pdf(enrolment) -> HttpResponse:
    response = HttpResponse(render_convocation(enrolment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{convocation_filename(enrolment)}"'
    # Personal data: not to be kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def my_convocation(request, slug):
    cohort = get_cohort_for(request.user, slug, "cohorts.take_part")
    return _pdf(selectors.own_current_enrolment(request.user, cohort))


@login_required
@require_safe
def enrolment_convocation(request, slug, pk):
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    return _pdf(selectors.get_cohort_enrolment(cohort, pk))


@login_required
@require_http_methods(["GET", "POST"])
def send(request, slug):
    """GET: what will be sent, to how many; POST: send, then say how many went."""
    cohort = get_cohort_for(request.user, slug, "cohorts.manage_cohort")
    if request.method == "POST":
        report = send_convocations(cohort=cohort)
        messages.success(
            request,
            ngettext(
                "%(count)s convocation envoyée.",
                "%(count)s convocations envoyées.",
                report.sent,
            )
            % {"count": report.sent},
        )
        if report.without_address:
            messages.warning(
                request,
                _("Sans adresse électronique, pas d'envoi pour : %(names)s.")
                % {"names": ", ".join(report.without_address)},
            )
        if report.failed:
            messages.error(
                request,
                _("L'envoi a échoué pour : %(names)s. Réessayez plus tard.")
                % {"names": ", ".join(report.failed)},
            )
        return redirect("cohorts:send-convocations", slug=cohort.slug)
    recipients = list(convocation_recipients(cohort))
    return render(
        request, "cohorts/convocation_send.html", {"cohort": cohort, "recipients": recipients}
    )
